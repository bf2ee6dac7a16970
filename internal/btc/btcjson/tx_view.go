package btcjson

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TxView is a transaction as Bitcoin Core's TxToUniv prints it (the
// decoderawtransaction result, a transaction of getblock verbosity 2/3,
// getrawtransaction verbose), with the fields in Core's order. Optional
// fields are omitted when unknown; TxOptions says which ones a caller
// fills.
type TxView struct {
	// InActiveChain is getrawtransaction's "in_active_chain", printed first
	// and only when the caller named a block.
	InActiveChain *bool `json:"in_active_chain,omitempty"`

	TxID     string     `json:"txid"`
	Hash     string     `json:"hash"` // wtxid
	Version  int32      `json:"version"`
	Size     int        `json:"size"`
	VSize    int        `json:"vsize"`
	Weight   int        `json:"weight"`
	LockTime uint32     `json:"locktime"`
	Vin      []VinView  `json:"vin"`
	Vout     []VoutView `json:"vout"`

	// Fee is the input value minus the output value, known from undo data
	// (never for a coinbase).
	Fee *Amount `json:"fee,omitempty"`

	// Hex is the serialized transaction, when TxOptions.IncludeHex is set.
	Hex string `json:"hex,omitempty"`

	// Block context of getrawtransaction, printed after "hex" as Core's
	// TxToJSON appends it.
	BlockHash     string `json:"blockhash,omitempty"`
	Confirmations *int64 `json:"confirmations,omitempty"`
	Time          *int64 `json:"time,omitempty"`
	BlockTime     *int64 `json:"blocktime,omitempty"`
}

// VinView is one input of a TxView: the coinbase form ("coinbase" hex) for
// the input of a coinbase transaction, the txid/vout/scriptSig form
// otherwise, then the witness, the spent output (verbosity 3) and the
// sequence.
type VinView struct {
	Coinbase    *string        `json:"coinbase,omitempty"`
	TxID        string         `json:"txid,omitempty"`
	Vout        *uint32        `json:"vout,omitempty"`
	ScriptSig   *ScriptSigView `json:"scriptSig,omitempty"`
	TxInWitness []string       `json:"txinwitness,omitempty"`
	PrevOut     *PrevOutView   `json:"prevout,omitempty"`
	Sequence    uint32         `json:"sequence"`
}

// ScriptSigView is an input script: Core's asm with signature hash types
// decoded ("<sig>[ALL]") and the hex.
type ScriptSigView struct {
	Asm string `json:"asm"`
	Hex string `json:"hex"`
}

// PrevOutView is the output an input spends, as getblock verbosity 3 and
// getrawtransaction verbosity 2 print it from undo data.
type PrevOutView struct {
	Generated    bool             `json:"generated"`
	Height       uint64           `json:"height"`
	Value        Amount           `json:"value"`
	ScriptPubKey ScriptPubKeyView `json:"scriptPubKey"`
}

// VoutView is one output of a TxView.
type VoutView struct {
	Value        Amount           `json:"value"`
	N            int              `json:"n"`
	ScriptPubKey ScriptPubKeyView `json:"scriptPubKey"`
}

// SpentOutput is the coin an input spends, from block undo data or the
// UTXO set: enough for the fee and for the verbosity-3 "prevout" object.
type SpentOutput struct {
	Value        int64
	ScriptPubKey []byte
	Height       uint32
	CoinBase     bool
}

// TxOptions is the optional context of NewTxView. The zero value (or nil)
// gives decoderawtransaction's view: no hex, no fee, no block fields.
type TxOptions struct {
	// IncludeHex adds the serialized transaction as "hex" (bitcoin-tx,
	// getrawtransaction, getblock verbosity >= 2).
	IncludeHex bool

	// TxID and WTxID, when non-nil, are used instead of hashing the
	// transaction again (a decoded block has them already).
	TxID, WTxID *chainhash.Hash

	// Spent lists the coins the inputs spend, in input order, from undo
	// data. When its length matches the inputs (and the transaction is not
	// a coinbase) the view gets "fee".
	Spent []SpentOutput
	// ShowPrevOut adds each input's "prevout" object from Spent
	// (verbosity 3).
	ShowPrevOut bool

	// Block fields of getrawtransaction: InActiveChain is printed first,
	// BlockHash, Confirmations and Time (as "time" and "blocktime") last.
	InActiveChain *bool
	BlockHash     *chainhash.Hash
	Confirmations *int64
	BlockTime     *int64
}

// NewTxView builds the TxToUniv view of tx. Addresses and descriptors are
// encoded for params (nil means mainnet). opts may be nil.
//
// This function is safe for concurrent access.
func NewTxView(tx *primitives.Tx, params *chaincfg.Params, opts *TxOptions) *TxView {
	if params == nil {
		params = chaincfg.MainNet()
	}
	if opts == nil {
		opts = &TxOptions{}
	}
	v := &TxView{
		InActiveChain: opts.InActiveChain,
		Version:       tx.Version,
		Size:          tx.SerializeSize(),
		Weight:        tx.Weight(),
		LockTime:      tx.LockTime,
	}
	v.VSize = (v.Weight + primitives.WitnessScaleFactor - 1) / primitives.WitnessScaleFactor
	if opts.TxID != nil {
		v.TxID = opts.TxID.String()
	} else {
		v.TxID = tx.TxHash().String()
	}
	switch {
	case opts.WTxID != nil:
		v.Hash = opts.WTxID.String()
	case !tx.HasWitness():
		v.Hash = v.TxID
	default:
		v.Hash = tx.WitnessHash().String()
	}

	isCoinBase := tx.IsCoinBase()
	haveUndo := !isCoinBase && opts.Spent != nil && len(opts.Spent) == len(tx.Inputs)
	var totalIn, totalOut int64

	v.Vin = make([]VinView, len(tx.Inputs))
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		vin := &v.Vin[i]
		if isCoinBase {
			cb := hex.EncodeToString(in.ScriptSig)
			vin.Coinbase = &cb
		} else {
			vin.TxID = in.PrevOut.Hash.String()
			n := in.PrevOut.Index
			vin.Vout = &n
			vin.ScriptSig = &ScriptSigView{
				Asm: scriptSigAsm(in.ScriptSig),
				Hex: hex.EncodeToString(in.ScriptSig),
			}
		}
		if len(in.Witness) > 0 {
			vin.TxInWitness = make([]string, len(in.Witness))
			for j, item := range in.Witness {
				vin.TxInWitness[j] = hex.EncodeToString(item)
			}
		}
		if haveUndo {
			spent := &opts.Spent[i]
			totalIn += spent.Value
			if opts.ShowPrevOut {
				vin.PrevOut = &PrevOutView{
					Generated:    spent.CoinBase,
					Height:       uint64(spent.Height),
					Value:        Amount(spent.Value),
					ScriptPubKey: NewScriptPubKeyView(spent.ScriptPubKey, params),
				}
			}
		}
		vin.Sequence = in.Sequence
	}

	v.Vout = make([]VoutView, len(tx.Outputs))
	for i := range tx.Outputs {
		out := &tx.Outputs[i]
		v.Vout[i] = VoutView{
			Value:        Amount(out.Value),
			N:            i,
			ScriptPubKey: NewScriptPubKeyView(out.ScriptPubKey, params),
		}
		totalOut += out.Value
	}
	if haveUndo {
		fee := Amount(totalIn - totalOut)
		v.Fee = &fee
	}
	if opts.IncludeHex {
		v.Hex = hex.EncodeToString(tx.AppendTo(make([]byte, 0, v.Size)))
	}
	if opts.BlockHash != nil {
		v.BlockHash = opts.BlockHash.String()
		v.Confirmations = opts.Confirmations
		v.Time = opts.BlockTime
		v.BlockTime = opts.BlockTime
	}
	return v
}
