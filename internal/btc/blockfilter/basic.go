package blockfilter

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BIP158 basic filter parameters.
const (
	// BasicFilterP is the Golomb-Rice parameter of the basic filter.
	BasicFilterP = 19
	// BasicFilterM is the inverse false-positive rate of the basic filter.
	BasicFilterM = 784931
)

// CheckpointInterval is the BIP157 spacing of the filter headers a
// cfcheckpt message carries: one every 1000 blocks.
const CheckpointInterval = 1000

// opReturn is the OP_RETURN opcode; outputs whose script starts with it are
// provably unspendable and left out of the basic filter.
const opReturn = 0x6a

// FilterType is a BIP158 filter type, the byte P2P messages carry.
type FilterType uint8

// Filter types.
const (
	// Basic is BIP158's basic filter: output and spent-prevout scripts.
	Basic FilterType = 0
)

// String returns the name Core uses for the type ("basic"), as in
// -blockfilterindex=basic.
func (t FilterType) String() string {
	if t == Basic {
		return "basic"
	}
	return fmt.Sprintf("unknown(%d)", uint8(t))
}

// ParseFilterType returns the filter type with the given name ("basic").
func ParseFilterType(name string) (FilterType, error) {
	if name == "basic" {
		return Basic, nil
	}
	return 0, makeError(ErrUnknownFilterType, fmt.Sprintf("unknown filter_type %q", name))
}

// ParamsFor returns the GCS parameters of a filter of type t for the block
// with hash blockHash.
func ParamsFor(t FilterType, blockHash chainhash.Hash) (Params, error) {
	if t != Basic {
		return Params{}, makeError(ErrUnknownFilterType, fmt.Sprintf("unknown filter_type %d", uint8(t)))
	}
	k0, k1 := KeyFromBlockHash(blockHash)
	return Params{K0: k0, K1: k1, P: BasicFilterP, M: BasicFilterM}, nil
}

// BasicFilterElements returns the elements of the block's basic filter, with
// duplicates: every output scriptPubKey that is not empty and does not start
// with OP_RETURN, then every non-empty script in prevScripts. prevScripts
// are the scriptPubKeys of the outputs the block's transactions spend (from
// the block's undo data), in any order. The result aliases the block's
// scripts and prevScripts.
//
// This function is safe for concurrent access.
func BasicFilterElements(block *primitives.Block, prevScripts [][]byte) [][]byte {
	n := len(prevScripts)
	for _, tx := range block.Txs {
		n += len(tx.Outputs)
	}
	out := make([][]byte, 0, n)
	for _, tx := range block.Txs {
		for i := range tx.Outputs {
			if s := tx.Outputs[i].ScriptPubKey; isBasicOutput(s) {
				out = append(out, s)
			}
		}
	}
	for _, s := range prevScripts {
		if len(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func isBasicOutput(s []byte) bool { return len(s) > 0 && s[0] != opReturn }

// NewBasicFilter builds the BIP158 basic filter of block, keyed by its hash.
// prevScripts are the scriptPubKeys the block's inputs spend, as for
// BasicFilterElements; the caller supplies them because only the undo data
// has them.
//
// This function is safe for concurrent access.
func NewBasicFilter(block *primitives.Block, prevScripts [][]byte) (*Filter, error) {
	params, _ := ParamsFor(Basic, block.BlockHash())
	return build(params, BasicFilterElements(block, prevScripts))
}

// NewBlockFilter builds the filter of type t for block; see NewBasicFilter.
//
// This function is safe for concurrent access.
func NewBlockFilter(t FilterType, block *primitives.Block, prevScripts [][]byte) (*Filter, error) {
	if t != Basic {
		return nil, makeError(ErrUnknownFilterType, fmt.Sprintf("unknown filter_type %d", uint8(t)))
	}
	return NewBasicFilter(block, prevScripts)
}

// DecodeBlockFilter parses the encoded filter of type t for the block with
// hash blockHash; see DecodeFilter.
//
// This function is safe for concurrent access.
func DecodeBlockFilter(t FilterType, blockHash chainhash.Hash, encoded []byte) (*Filter, error) {
	params, err := ParamsFor(t, blockHash)
	if err != nil {
		return nil, err
	}
	return DecodeFilter(params, encoded)
}
