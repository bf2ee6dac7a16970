package ethrpc

import (
	"context"
	"encoding/json"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// DefaultLogRangeCap is the default maximum number of blocks one
// eth_getLogs call may scan.
const DefaultLogRangeCap = 10_000

// DefaultLogResultCap bounds the logs one eth_getLogs call returns.
const DefaultLogResultCap = 10_000

// blockLogs appends to out the logs of block b (receipts rs) matching fc,
// located in the chain.
func blockLogs(out []map[string]any, fc *FilterCriteria, b *ethtypes.Block, rs ethtypes.Receipts, removed bool) []map[string]any {
	if len(rs) != len(b.Txs) {
		return out
	}
	bh := b.Hash()
	var idx uint64
	for i, r := range rs {
		for j := range r.Logs {
			l := r.Logs[j]
			l.Index = uint(idx)
			idx++
			if fc != nil && !fc.matches(&l) {
				continue
			}
			out = append(out, logFields(&l, bh, b.Number(), b.Txs[i].Hash(), uint64(i), removed))
		}
	}
	return out
}

// resolveRange turns a filter's from/to into block numbers (to may be
// the head).
func (s *Service) resolveRange(fc *FilterCriteria) (from, to uint64, err error) {
	head := s.chain.CurrentBlock().Number()
	conv := func(bn *BlockNumber) (uint64, error) {
		if bn == nil {
			return head, nil
		}
		switch *bn {
		case LatestBlock, SafeBlock, FinalizedBlock, PendingBlock:
			return head, nil
		case EarliestBlock:
			return 0, nil
		}
		if *bn < 0 {
			return 0, invalidParams("invalid block number")
		}
		return uint64(*bn), nil
	}
	if from, err = conv(fc.FromBlock); err != nil {
		return
	}
	if to, err = conv(fc.ToBlock); err != nil {
		return
	}
	if from > to {
		return 0, 0, serverError("invalid block range params")
	}
	return from, to, nil
}

// logRangeCap returns the configured block range cap.
func (s *Service) logRangeCap() uint64 {
	if s.cfg.LogRangeCap > 0 {
		return s.cfg.LogRangeCap
	}
	return DefaultLogRangeCap
}

// filterLogs runs fc over the chain.
func (s *Service) filterLogs(ctx context.Context, fc *FilterCriteria) ([]map[string]any, error) {
	out := []map[string]any{}
	if fc.BlockHash != nil {
		b, ok := s.chain.GetBlockByHash(*fc.BlockHash)
		if !ok {
			return nil, serverError("unknown block")
		}
		if !fc.bloomMatches(&b.Header.Bloom) {
			return out, nil
		}
		rs, _ := s.chain.GetReceipts(b.Hash())
		return blockLogs(out, fc, b, rs, false), nil
	}
	from, to, err := s.resolveRange(fc)
	if err != nil {
		return nil, err
	}
	head := s.chain.CurrentBlock().Number()
	if to > head {
		to = head
	}
	if from > to {
		return out, nil
	}
	if to-from+1 > s.logRangeCap() {
		return nil, serverError("query exceeds max block range %d", s.logRangeCap())
	}
	for n := from; n <= to; n++ {
		if ctx.Err() != nil {
			return nil, serverError("%v", ctx.Err())
		}
		b, ok := s.chain.GetBlockByNumber(n)
		if !ok {
			break
		}
		if len(b.Txs) == 0 || !fc.bloomMatches(&b.Header.Bloom) {
			continue
		}
		rs, _ := s.chain.GetReceipts(b.Hash())
		out = blockLogs(out, fc, b, rs, false)
		if len(out) > DefaultLogResultCap {
			return nil, serverError("query returned more than %d results", DefaultLogResultCap)
		}
	}
	return out, nil
}

func filterArg(p []json.RawMessage, i int) (*FilterCriteria, error) {
	var fc FilterCriteria
	if err := arg(p, i, &fc, true); err != nil {
		return nil, err
	}
	return &fc, nil
}

func (s *Service) getLogs(ctx context.Context, p []json.RawMessage) (any, error) {
	fc, err := filterArg(p, 0)
	if err != nil {
		return nil, err
	}
	return s.filterLogs(ctx, fc)
}
