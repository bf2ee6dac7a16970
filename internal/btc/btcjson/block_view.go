package btcjson

import (
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Block verbosity levels of getblock (1: txids, 2: decoded transactions,
// 3: decoded transactions with the spent outputs).
const (
	VerbosityTxIDs      = 1
	VerbosityTxs        = 2
	VerbosityTxsPrevOut = 3
)

// BlockView is a block as Bitcoin Core's getblock prints it at verbosity 1
// to 3 (blockheaderToJSON followed by blockToJSON), fields in Core's order.
// The chain-state fields (confirmations, height, mediantime, chainwork,
// nextblockhash) are pointers or omitempty strings: a caller without a
// chain, like the offline decoder, leaves them out.
type BlockView struct {
	Hash          string `json:"hash"`
	Confirmations *int64 `json:"confirmations,omitempty"`
	Height        *int64 `json:"height,omitempty"`
	Version       int32  `json:"version"`
	VersionHex    string `json:"versionHex"`
	MerkleRoot    string `json:"merkleroot"`
	Time          uint32 `json:"time"`
	MedianTime    *int64 `json:"mediantime,omitempty"`
	Nonce         uint32 `json:"nonce"`
	Bits          string `json:"bits"`
	Target        string `json:"target,omitempty"`
	Difficulty    Float  `json:"difficulty"`
	ChainWork     string `json:"chainwork,omitempty"`
	NTx           int    `json:"nTx"`
	PreviousHash  string `json:"previousblockhash,omitempty"`
	NextHash      string `json:"nextblockhash,omitempty"`
	StrippedSize  int    `json:"strippedsize"`
	Size          int    `json:"size"`
	Weight        int    `json:"weight"`

	// CoinbaseTx summarises the coinbase; Core's getblock prints it at every
	// verbosity since bitcoin/bitcoin#34512 (2026).
	CoinbaseTx *CoinbaseTxView `json:"coinbase_tx,omitempty"`

	// Tx holds txid strings at verbosity 1 and *TxView values at 2 and 3.
	Tx []any `json:"tx"`
}

// CoinbaseTxView is getblock's "coinbase_tx": the small fields of the
// coinbase transaction (not its outputs).
type CoinbaseTxView struct {
	Version  int32  `json:"version"`
	LockTime uint32 `json:"locktime"`
	Sequence uint32 `json:"sequence"`
	Coinbase string `json:"coinbase"`
	// Witness is the coinbase input's witness reserved value, when present.
	Witness string `json:"witness,omitempty"`
}

// BlockContext is the chain state of a block that only a node knows. Every
// field is optional: nil leaves the matching JSON field out.
type BlockContext struct {
	// Confirmations is 1 + tip height - block height on the active chain,
	// -1 off it.
	Confirmations *int64
	// Height is the block's height. An offline caller may set it from
	// CoinbaseHeight (the BIP34 height the coinbase claims).
	Height *int64
	// MedianTime is the median time past of the block.
	MedianTime *int64
	// ChainWork is the total work up to and including the block.
	ChainWork *big.Int
	// NextHash is the hash of the next block on the active chain.
	NextHash *chainhash.Hash
	// PowLimit, when set, makes "target" disappear for bits above it, as
	// Core's DeriveTarget does; nil prints any well-formed target.
	PowLimit *big.Int
	// Undo holds, per transaction, the coins its inputs spend (entry 0, the
	// coinbase, is ignored). With it the transactions get "fee", and
	// "prevout" at verbosity 3.
	Undo [][]SpentOutput
}

// NewBlockView builds the getblock view of b at the given verbosity (1, 2
// or 3; other values are treated as 1). Addresses are encoded for params
// (nil means mainnet); ctx may be nil.
//
// This function is safe for concurrent access.
func NewBlockView(b *primitives.Block, params *chaincfg.Params, verbosity int, ctx *BlockContext) *BlockView {
	if params == nil {
		params = chaincfg.MainNet()
	}
	if ctx == nil {
		ctx = &BlockContext{}
	}
	h := &b.Header
	v := &BlockView{
		Hash:          b.BlockHash().String(),
		Confirmations: ctx.Confirmations,
		Height:        ctx.Height,
		Version:       h.Version,
		VersionHex:    fmt.Sprintf("%08x", uint32(h.Version)),
		MerkleRoot:    h.MerkleRoot.String(),
		Time:          h.Timestamp,
		MedianTime:    ctx.MedianTime,
		Nonce:         h.Nonce,
		Bits:          fmt.Sprintf("%08x", h.Bits),
		Difficulty:    Float(Difficulty(h.Bits)),
		NTx:           len(b.Txs),
		StrippedSize:  b.StrippedSize(),
		Size:          b.SerializeSize(),
	}
	v.Weight = v.StrippedSize*(primitives.WitnessScaleFactor-1) + v.Size
	if t, ok := TargetHex(h.Bits, ctx.PowLimit); ok {
		v.Target = t
	}
	if ctx.ChainWork != nil && ctx.ChainWork.Sign() >= 0 && ctx.ChainWork.BitLen() <= 256 {
		v.ChainWork = uint256Hex(ctx.ChainWork)
	}
	if !h.PrevBlock.IsZero() {
		v.PreviousHash = h.PrevBlock.String()
	}
	if ctx.NextHash != nil {
		v.NextHash = ctx.NextHash.String()
	}
	if len(b.Txs) > 0 && len(b.Txs[0].Inputs) > 0 {
		cb := b.Txs[0]
		in := &cb.Inputs[0]
		v.CoinbaseTx = &CoinbaseTxView{
			Version:  cb.Version,
			LockTime: cb.LockTime,
			Sequence: in.Sequence,
			Coinbase: hex.EncodeToString(in.ScriptSig),
		}
		if len(in.Witness) > 0 {
			v.CoinbaseTx.Witness = hex.EncodeToString(in.Witness[0])
		}
	}

	txids := b.TxHashes()
	v.Tx = make([]any, len(b.Txs))
	if verbosity < VerbosityTxs || verbosity > VerbosityTxsPrevOut {
		for i := range txids {
			v.Tx[i] = txids[i].String()
		}
		return v
	}
	wtxids := b.WitnessHashes()
	for i, tx := range b.Txs {
		opts := TxOptions{IncludeHex: true, TxID: &txids[i], WTxID: &wtxids[i]}
		if i > 0 && i < len(ctx.Undo) {
			opts.Spent = ctx.Undo[i]
			opts.ShowPrevOut = verbosity == VerbosityTxsPrevOut
		}
		v.Tx[i] = NewTxView(tx, params, &opts)
	}
	return v
}
