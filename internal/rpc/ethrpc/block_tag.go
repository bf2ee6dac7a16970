package ethrpc

import (
	"bytes"
	"encoding/json"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// BlockNumber is a block number or one of the tags.
type BlockNumber int64

// The tags as negative block numbers.
const (
	LatestBlock    BlockNumber = -1
	PendingBlock   BlockNumber = -2
	EarliestBlock  BlockNumber = -3
	SafeBlock      BlockNumber = -4
	FinalizedBlock BlockNumber = -5
)

// UnmarshalJSON decodes a tag or a quantity.
func (bn *BlockNumber) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into a block number")
	}
	v, err := parseBlockNumber(s)
	if err != nil {
		return err
	}
	*bn = v
	return nil
}

func parseBlockNumber(s string) (BlockNumber, error) {
	switch s {
	case "latest":
		return LatestBlock, nil
	case "pending":
		return PendingBlock, nil
	case "earliest":
		return EarliestBlock, nil
	case "safe":
		return SafeBlock, nil
	case "finalized":
		return FinalizedBlock, nil
	}
	v, err := parseQuantityString(s)
	if err != nil {
		return 0, err
	}
	if v > 1<<63-1 {
		return 0, errHex("block number larger than int64")
	}
	return BlockNumber(v), nil
}

// BlockNumberOrHash is a block parameter: a tag or number, or (EIP-1898)
// an object with blockNumber or blockHash (and requireCanonical).
type BlockNumberOrHash struct {
	Number           BlockNumber
	Hash             *ethtypes.Hash
	RequireCanonical bool
}

// UnmarshalJSON decodes the string or object forms.
func (b *BlockNumberOrHash) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		var obj struct {
			BlockNumber      *BlockNumber `json:"blockNumber"`
			BlockHash        *Hash        `json:"blockHash"`
			RequireCanonical bool         `json:"requireCanonical"`
		}
		if err := json.Unmarshal(data, &obj); err != nil {
			return err
		}
		switch {
		case obj.BlockNumber != nil && obj.BlockHash != nil:
			return errHex("cannot specify both BlockHash and BlockNumber, choose one or the other")
		case obj.BlockHash != nil:
			h := ethtypes.Hash(*obj.BlockHash)
			*b = BlockNumberOrHash{Hash: &h, RequireCanonical: obj.RequireCanonical}
		case obj.BlockNumber != nil:
			*b = BlockNumberOrHash{Number: *obj.BlockNumber}
		default:
			return errHex("invalid input")
		}
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(data) + " into a block number or hash")
	}
	// geth accepts a bare 32-byte hash here too.
	if len(s) == 66 {
		if h, err := parseFixed(s, 32); err == nil {
			hh := ethtypes.BytesToHash(h)
			*b = BlockNumberOrHash{Hash: &hh}
			return nil
		}
	}
	n, err := parseBlockNumber(s)
	if err != nil {
		return err
	}
	*b = BlockNumberOrHash{Number: n}
	return nil
}

// blockArg decodes param i as a block parameter, "latest" when absent.
func blockArg(p []json.RawMessage, i int, required bool) (BlockNumberOrHash, error) {
	b := BlockNumberOrHash{Number: LatestBlock}
	err := arg(p, i, &b, required)
	return b, err
}

// blockByNumber resolves a number or tag to a block (nil when unknown).
// pending returns the miner's pending block and its state when a miner is
// set.
func (s *Service) blockByNumber(n BlockNumber) (*ethtypes.Block, ethtypes.Receipts, *statedb.StateDB) {
	switch n {
	case LatestBlock, SafeBlock, FinalizedBlock:
		return s.chain.CurrentBlock(), nil, nil
	case PendingBlock:
		if s.miner != nil {
			if res, err := s.miner.Pending(); err == nil && res != nil {
				return res.Block, res.Receipts, res.State
			}
		}
		return s.chain.CurrentBlock(), nil, nil
	case EarliestBlock:
		n = 0
	}
	if n < 0 {
		return nil, nil, nil
	}
	b, ok := s.chain.GetBlockByNumber(uint64(n))
	if !ok {
		return nil, nil, nil
	}
	return b, nil, nil
}

// resolveBlock finds the block of a block parameter.
func (s *Service) resolveBlock(bp BlockNumberOrHash) (*ethtypes.Block, *statedb.StateDB, error) {
	if bp.Hash != nil {
		b, ok := s.chain.GetBlockByHash(*bp.Hash)
		if !ok {
			return nil, nil, serverError("header for hash not found")
		}
		if bp.RequireCanonical {
			if h, ok := s.chain.GetCanonicalHash(b.Number()); !ok || h != *bp.Hash {
				return nil, nil, serverError("hash is not currently canonical")
			}
		}
		return b, nil, nil
	}
	b, _, st := s.blockByNumber(bp.Number)
	if b == nil {
		return nil, nil, serverError("header not found")
	}
	return b, st, nil
}

// stateAt returns a writable state for a block parameter and the block.
func (s *Service) stateAt(bp BlockNumberOrHash) (*statedb.StateDB, *ethtypes.Block, error) {
	b, st, err := s.resolveBlock(bp)
	if err != nil {
		return nil, nil, err
	}
	if st != nil {
		// The pending state belongs to the miner's result; it is built
		// afresh by each Pending call, so it may be used directly.
		return st, b, nil
	}
	st, err = s.chain.StateAt(b.Header.Root)
	if err != nil {
		return nil, nil, &jsonrpc.Error{Code: CodeServerError, Message: "missing trie node " + hexHash(b.Header.Root) + " (state is not available)"}
	}
	return st, b, nil
}
