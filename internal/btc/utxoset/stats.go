package utxoset

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// HashType selects the UTXO set hashes ComputeStats computes (a bit set).
type HashType uint8

const (
	// HashNone computes the counts only.
	HashNone HashType = 0
	// HashSerialized computes hash_serialized_3.
	HashSerialized HashType = 1 << 0
	// HashMuHash computes muhash.
	HashMuHash HashType = 1 << 1
)

// Stats are the UTXO set statistics gettxoutsetinfo reports (Core's
// kernel::CCoinsStats, without the fields only coinstatsindex provides).
type Stats struct {
	// BestBlock is the block the set is consistent with; the caller maps
	// it to the "height" field.
	BestBlock chainhash.Hash
	// Transactions is the number of transactions with unspent outputs.
	Transactions uint64
	// TxOuts is the number of unspent outputs ("txouts").
	TxOuts uint64
	// BogoSize is Core's database-independent size metric: 50 bytes plus
	// the script length per output.
	BogoSize uint64
	// TotalAmount is the sum of the outputs' amounts in satoshis. Core
	// omits "total_amount" when the sum overflows; TotalAmountOverflow says
	// so.
	TotalAmount         int64
	TotalAmountOverflow bool
	// HashSerialized is hash_serialized_3 (with HashSerialized): SHA-256d
	// of every output's TxOutSer serialization in database order.
	HashSerialized chainhash.Hash
	// MuHash is the MuHash3072 digest of the outputs' TxOutSer
	// serializations (with HashMuHash).
	MuHash chainhash.Hash
}

// BogoSize returns Core's per-output size metric for a script: 32 (txid) +
// 4 (index) + 4 (height and coinbase) + 8 (amount) + 2 (script length) plus
// the script.
func BogoSize(script []byte) uint64 { return 50 + uint64(len(script)) }

// AppendTxOutSer appends Core's TxOutSer serialization of a coin, the
// element both UTXO set hashes are built from: the outpoint (32-byte txid,
// 4-byte little-endian index), the 32-bit little-endian code height*2 +
// coinbase, and the output (8-byte little-endian amount, compact-size script
// length, script).
func AppendTxOutSer(b []byte, op primitives.OutPoint, coin *primitives.Coin) []byte {
	b = append(b, op.Hash[:]...)
	b = binary.LittleEndian.AppendUint32(b, op.Index)
	code := coin.Height << 1
	if coin.IsCoinBase {
		code |= 1
	}
	b = binary.LittleEndian.AppendUint32(b, code)
	b = binary.LittleEndian.AppendUint64(b, uint64(coin.Out.Value))
	b = primitives.AppendCompactSize(b, uint64(len(coin.Out.ScriptPubKey)))
	return append(b, coin.Out.ScriptPubKey...)
}

// statsOut is a buffered output of the transaction being summed.
type statsOut struct {
	index        uint32
	code         uint32
	value        int64
	scriptOff, n int
}

// ComputeStats computes the statistics of the coins in db, iterating the
// database in key order as Core's ComputeUTXOStats does; outputs of one
// transaction are taken in index order. Flush the cache first: coins still
// in a cache are not seen.
//
// This function is safe for concurrent access; it reads a snapshot.
func ComputeStats(db *DB, hashes HashType) (*Stats, error) {
	best, err := db.BestBlock()
	if err != nil {
		return nil, err
	}
	st := &Stats{BestBlock: best}
	var (
		ser     = sha256.New()
		mu      = NewMuHash3072()
		prev    chainhash.Hash
		outs    []statsOut
		scripts []byte
		buf     []byte
		sorted  = true
	)
	flushTx := func() {
		if len(outs) == 0 {
			return
		}
		if !sorted {
			// VARINT keys of three or more bytes do not sort numerically.
			slices.SortFunc(outs, func(a, b statsOut) int {
				return cmp.Compare(a.index, b.index)
			})
		}
		st.Transactions++
		for i := range outs {
			o := &outs[i]
			script := scripts[o.scriptOff : o.scriptOff+o.n]
			st.TxOuts++
			st.BogoSize += BogoSize(script)
			if !st.TotalAmountOverflow {
				if o.value > 0 && st.TotalAmount > math.MaxInt64-o.value {
					st.TotalAmountOverflow = true
				} else {
					st.TotalAmount += o.value
				}
			}
			if hashes == HashNone {
				continue
			}
			coin := primitives.Coin{Out: primitives.TxOut{Value: o.value, ScriptPubKey: script},
				Height: o.code >> 1, IsCoinBase: o.code&1 != 0}
			buf = AppendTxOutSer(buf[:0], primitives.OutPoint{Hash: prev, Index: o.index}, &coin)
			if hashes&HashSerialized != 0 {
				ser.Write(buf)
			}
			if hashes&HashMuHash != 0 {
				mu.Insert(buf)
			}
		}
		outs, scripts, sorted = outs[:0], scripts[:0], true
	}
	err = db.ForEachCoin(func(op primitives.OutPoint, coin primitives.Coin) error {
		if op.Hash != prev {
			flushTx()
			prev = op.Hash
		}
		if n := len(outs); n > 0 && outs[n-1].index > op.Index {
			sorted = false
		}
		code := coin.Height << 1
		if coin.IsCoinBase {
			code |= 1
		}
		outs = append(outs, statsOut{index: op.Index, code: code, value: coin.Out.Value,
			scriptOff: len(scripts), n: len(coin.Out.ScriptPubKey)})
		scripts = append(scripts, coin.Out.ScriptPubKey...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flushTx()
	if hashes&HashSerialized != 0 {
		first := ser.Sum(nil)
		st.HashSerialized = sha256.Sum256(first)
	}
	if hashes&HashMuHash != 0 {
		st.MuHash = mu.Finalize()
	}
	return st, nil
}
