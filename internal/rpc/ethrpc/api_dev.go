package ethrpc

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

func (s *Service) txpoolStatus(context.Context, []json.RawMessage) (any, error) {
	pending, queued := s.pool.Status()
	return map[string]string{"pending": hexUint(uint64(pending)), "queued": hexUint(uint64(queued))}, nil
}

func (s *Service) txpoolContent(context.Context, []json.RawMessage) (any, error) {
	pending, queued := s.pool.Content()
	conv := func(m map[ethtypes.Address][]*ethtypes.Transaction) map[string]map[string]any {
		out := make(map[string]map[string]any, len(m))
		for addr, txs := range m {
			inner := make(map[string]any, len(txs))
			for _, tx := range txs {
				inner[strconv.FormatUint(tx.Nonce(), 10)] = s.txFields(tx, ethtypes.Hash{}, nil, 0, false)
			}
			out[addr.Hex()] = inner
		}
		return out
	}
	return map[string]any{"pending": conv(pending), "queued": conv(queued)}, nil
}

func (s *Service) needMiner(method string) error {
	if s.miner == nil {
		return &jsonrpc.Error{Code: CodeUnsupported, Message: "the method " + method + " does not exist/is not available"}
	}
	return nil
}

func (s *Service) evmMine(ctx context.Context, p []json.RawMessage) (any, error) {
	if err := s.needMiner("evm_mine"); err != nil {
		return nil, err
	}
	if present(p, 0) {
		var ts uint64
		if kindOf(p[0]) == "number" {
			if err := json.Unmarshal(p[0], &ts); err != nil {
				return nil, invalidParams("invalid argument 0: %v", err)
			}
		} else {
			var q Quantity
			if err := arg(p, 0, &q, false); err != nil {
				return nil, err
			}
			ts = uint64(q)
		}
		if err := s.miner.SetNextTimestamp(ts); err != nil {
			return nil, serverError("%v", err)
		}
	}
	if _, _, err := s.miner.MineBlock(ctx); err != nil {
		return nil, serverError("%v", err)
	}
	return "0x0", nil
}

// secondsArg decodes a JSON number or a quantity.
func secondsArg(p []json.RawMessage, i int) (uint64, error) {
	if !present(p, i) {
		return 0, invalidParams("missing value for required argument %d", i)
	}
	if kindOf(p[i]) == "number" {
		var v uint64
		if err := json.Unmarshal(p[i], &v); err != nil {
			return 0, invalidParams("invalid argument %d: %v", i, err)
		}
		return v, nil
	}
	var q Quantity
	err := arg(p, i, &q, true)
	return uint64(q), err
}

func (s *Service) evmIncreaseTime(_ context.Context, p []json.RawMessage) (any, error) {
	if err := s.needMiner("evm_increaseTime"); err != nil {
		return nil, err
	}
	secs, err := secondsArg(p, 0)
	if err != nil {
		return nil, err
	}
	return strconv.FormatInt(s.miner.IncreaseTime(secs), 10), nil
}

func (s *Service) evmSetNextBlockTimestamp(_ context.Context, p []json.RawMessage) (any, error) {
	if err := s.needMiner("evm_setNextBlockTimestamp"); err != nil {
		return nil, err
	}
	ts, err := secondsArg(p, 0)
	if err != nil {
		return nil, err
	}
	if err := s.miner.SetNextTimestamp(ts); err != nil {
		return nil, serverError("%v", err)
	}
	return nil, nil
}

func (s *Service) needDev(method string) error {
	if s.cfg.Dev == nil {
		return &jsonrpc.Error{Code: CodeUnsupported, Message: "the method " + method + " does not exist/is not available"}
	}
	return nil
}

// evmSnapshot records the head number under a new id (Hardhat's ids:
// "0x1", "0x2", ...).
func (s *Service) evmSnapshot(context.Context, []json.RawMessage) (any, error) {
	if err := s.needDev("evm_snapshot"); err != nil {
		return nil, err
	}
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	if len(s.snapshots) >= maxSnapshots {
		return nil, serverError("too many snapshots (max %d)", maxSnapshots)
	}
	s.nextSnap++
	s.snapshots = append(s.snapshots, snapshot{id: s.nextSnap, number: s.chain.CurrentBlock().Number()})
	return hexUint(s.nextSnap), nil
}

// evmRevert rewinds to a snapshot, which is consumed with every later one;
// an unknown id answers false.
func (s *Service) evmRevert(ctx context.Context, p []json.RawMessage) (any, error) {
	if err := s.needDev("evm_revert"); err != nil {
		return nil, err
	}
	var id Quantity
	if err := arg(p, 0, &id, true); err != nil {
		return nil, err
	}
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	for i, sn := range s.snapshots {
		if sn.id == uint64(id) {
			if err := s.cfg.Dev.SetHead(ctx, sn.number); err != nil {
				return nil, serverError("%v", err)
			}
			s.snapshots = s.snapshots[:i]
			return true, nil
		}
	}
	return false, nil
}

// maxSnapshots bounds the evm_snapshot records.
const maxSnapshots = 4096

type snapshot struct {
	id, number uint64
}

func (s *Service) setBalance(ctx context.Context, p []json.RawMessage) (any, error) {
	if err := s.needDev("anvil_setBalance"); err != nil {
		return nil, err
	}
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	var bal Big
	if err := arg(p, 1, &bal, true); err != nil {
		return nil, err
	}
	b := uint256.Int(bal)
	if err := s.cfg.Dev.SetBalance(ctx, ethtypes.Address(addr), &b); err != nil {
		return nil, serverError("%v", err)
	}
	return nil, nil
}
