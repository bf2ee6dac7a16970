package indexers

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// Schema of the address index database (<datadir>/indexes/address/db),
// version 1. A script hash is SHA-256 of the output's scriptPubKey, as in
// the Electrum protocol and Esplora (not reversed).
//
//	"V"                                   → schema version, uint32 LE (1)
//	"B"                                   → best block: hash (32) || height (uint32 LE)
//	"H" || script hash (32) ||            → txid (32) || funded (uint64 LE) ||
//	   ^height (uint32 BE) ||                spent (uint64 LE)
//	   ^tx position (uint32 BE)
//	"U" || script hash (32) ||            → value (uint64 LE)
//	   height (uint32 BE) || txid (32) ||
//	   output index (uint32 BE)
//	"S" || txid (32) || output index      → spending txid (32) || input index
//	   (uint32 BE)                           (uint32 LE) || height (uint32 LE)
//	"s" || script hash (32)               → tx count, funded count, funded sum,
//	                                         spent count, spent sum (5 × uint64 LE)
//	"T" || txid (32)                      → height (uint32 LE) || tx position (uint32 LE)
//
// "H" holds one entry per (script, transaction) of the index's chain: the
// sums the transaction paid to the script (funded) and took from it
// (spent). Height and position are stored complemented (bitwise NOT) so
// that an ascending prefix walk yields the newest entries first. "U" is the
// script's unspent outputs, ordered by the height that created them. "S"
// maps every spent output to the input that spent it. "s" sums a script's
// history; it is deleted when its tx count falls to zero, so an index built
// incrementally through reorganisations holds exactly the records of one
// built from scratch.
//
// "T" locates every transaction of the index's chain (coinbases included),
// so the explorer finds confirmed transactions without -txindex.
//
// Outputs whose script begins with OP_RETURN are provably unspendable and
// not indexed; neither is the genesis block (its coinbase is not in the
// UTXO set). Every block's changes and the new "B" are written in one
// atomic batch, so the database always describes exactly the chain up to
// "B".
const addrSchemaVersion = 1

const (
	prefixAddrHistory = 'H'
	prefixAddrUnspent = 'U'
	prefixAddrSpentBy = 'S'
	prefixAddrStats   = 's'
	prefixAddrTx      = 'T'

	historyKeySize   = 1 + 32 + 4 + 4
	historyValueSize = 32 + 8 + 8
	unspentKeySize   = 1 + 32 + 4 + 32 + 4
	spentByKeySize   = 1 + 32 + 4
	spentByValueSize = 32 + 4 + 4
	statsValueSize   = 5 * 8
)

// ScriptHash is SHA-256 of a scriptPubKey: the key of the address index.
type ScriptHash [32]byte

// ScriptHashOf returns the script hash of a scriptPubKey.
func ScriptHashOf(script []byte) ScriptHash { return sha256.Sum256(script) }

// unspendable reports a provably unspendable output (OP_RETURN).
func unspendable(script []byte) bool { return len(script) > 0 && script[0] == 0x6a }

func historyKey(dst []byte, sh ScriptHash, height int32, pos uint32) []byte {
	dst = append(dst[:0], prefixAddrHistory)
	dst = append(dst, sh[:]...)
	dst = binary.BigEndian.AppendUint32(dst, ^uint32(height))
	return binary.BigEndian.AppendUint32(dst, ^pos)
}

func unspentKey(dst []byte, sh ScriptHash, height int32, txid chainhash.Hash, vout uint32) []byte {
	dst = append(dst[:0], prefixAddrUnspent)
	dst = append(dst, sh[:]...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(height))
	dst = append(dst, txid[:]...)
	return binary.BigEndian.AppendUint32(dst, vout)
}

func spentByKey(dst []byte, txid chainhash.Hash, vout uint32) []byte {
	dst = append(dst[:0], prefixAddrSpentBy)
	dst = append(dst, txid[:]...)
	return binary.BigEndian.AppendUint32(dst, vout)
}

func txPosKey(dst []byte, txid chainhash.Hash) []byte {
	return append(append(dst[:0], prefixAddrTx), txid[:]...)
}

func encodeTxPos(dst []byte, height int32, pos uint32) []byte {
	dst = binary.LittleEndian.AppendUint32(dst[:0], uint32(height))
	return binary.LittleEndian.AppendUint32(dst, pos)
}

func decodeTxPos(v []byte) (int32, uint32, error) {
	if len(v) != 8 {
		return 0, 0, makeError(ErrCorrupt, nil, "transaction position of %d bytes", len(v))
	}
	h := binary.LittleEndian.Uint32(v)
	if h > maxHeight {
		return 0, 0, makeError(ErrCorrupt, nil, "transaction position with height %d", h)
	}
	return int32(h), binary.LittleEndian.Uint32(v[4:]), nil
}

func statsKey(sh ScriptHash) []byte {
	k := make([]byte, 33)
	k[0] = prefixAddrStats
	copy(k[1:], sh[:])
	return k
}

// AddrStats sums a script's history on the index's chain (Esplora's
// chain_stats).
type AddrStats struct {
	TxCount     uint64 // transactions that funded or spent the script
	FundedCount uint64 // outputs paying the script
	FundedSum   uint64 // their value in satoshis
	SpentCount  uint64 // of those, outputs spent
	SpentSum    uint64 // their value
}

// Balance returns the script's unspent value (FundedSum - SpentSum).
func (s AddrStats) Balance() int64 { return int64(s.FundedSum - s.SpentSum) }

func encodeStats(s AddrStats) []byte {
	v := make([]byte, 0, statsValueSize)
	for _, x := range [...]uint64{s.TxCount, s.FundedCount, s.FundedSum, s.SpentCount, s.SpentSum} {
		v = binary.LittleEndian.AppendUint64(v, x)
	}
	return v
}

func decodeStats(v []byte) (AddrStats, error) {
	if len(v) != statsValueSize {
		return AddrStats{}, makeError(ErrCorrupt, nil, "address stats of %d bytes", len(v))
	}
	le := binary.LittleEndian
	s := AddrStats{TxCount: le.Uint64(v), FundedCount: le.Uint64(v[8:]), FundedSum: le.Uint64(v[16:]), SpentCount: le.Uint64(v[24:]), SpentSum: le.Uint64(v[32:])}
	if s.SpentSum > s.FundedSum || s.SpentCount > s.FundedCount {
		return AddrStats{}, makeError(ErrCorrupt, nil, "address stats spend more than they fund")
	}
	return s, nil
}

// HistoryEntry is one transaction of a script's history.
type HistoryEntry struct {
	TxID   chainhash.Hash
	Height int32
	TxPos  uint32 // position of the transaction in its block
	Funded int64  // satoshis the transaction paid to the script
	Spent  int64  // satoshis it spent from the script
}

func decodeHistory(k, v []byte) (HistoryEntry, error) {
	if len(k) != historyKeySize || len(v) != historyValueSize {
		return HistoryEntry{}, makeError(ErrCorrupt, nil, "history entry of %d/%d bytes", len(k), len(v))
	}
	var e HistoryEntry
	h := ^binary.BigEndian.Uint32(k[33:])
	if h > maxHeight {
		return HistoryEntry{}, makeError(ErrCorrupt, nil, "history entry with height %d", h)
	}
	e.Height = int32(h)
	e.TxPos = ^binary.BigEndian.Uint32(k[37:])
	copy(e.TxID[:], v)
	f, s := binary.LittleEndian.Uint64(v[32:]), binary.LittleEndian.Uint64(v[40:])
	if f > maxMoney || s > maxMoney {
		return HistoryEntry{}, makeError(ErrCorrupt, nil, "history entry with amounts %d/%d", f, s)
	}
	e.Funded, e.Spent = int64(f), int64(s)
	return e, nil
}

func encodeHistory(dst []byte, txid chainhash.Hash, funded, spent int64) []byte {
	dst = append(dst[:0], txid[:]...)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(funded))
	return binary.LittleEndian.AppendUint64(dst, uint64(spent))
}

// maxMoney bounds stored amounts: more than any sum of outputs can reach.
const maxMoney = 1 << 62

// Unspent is an unspent output paying a script.
type Unspent struct {
	TxID   chainhash.Hash
	Vout   uint32
	Height int32
	Value  int64
}

func decodeUnspent(k, v []byte) (Unspent, error) {
	if len(k) != unspentKeySize || len(v) != 8 {
		return Unspent{}, makeError(ErrCorrupt, nil, "unspent entry of %d/%d bytes", len(k), len(v))
	}
	var u Unspent
	h := binary.BigEndian.Uint32(k[33:])
	val := binary.LittleEndian.Uint64(v)
	if h > maxHeight || val > maxMoney {
		return Unspent{}, makeError(ErrCorrupt, nil, "unspent entry with height %d, value %d", h, val)
	}
	u.Height, u.Value = int32(h), int64(val)
	copy(u.TxID[:], k[37:])
	u.Vout = binary.BigEndian.Uint32(k[69:])
	return u, nil
}

// SpentBy names the input that spent an output.
type SpentBy struct {
	TxID   chainhash.Hash // the spending transaction
	Input  uint32         // its input index
	Height int32          // the block height it was confirmed at
}

func encodeSpentBy(dst []byte, s SpentBy) []byte {
	dst = append(dst[:0], s.TxID[:]...)
	dst = binary.LittleEndian.AppendUint32(dst, s.Input)
	return binary.LittleEndian.AppendUint32(dst, uint32(s.Height))
}

func decodeSpentBy(v []byte) (SpentBy, error) {
	if len(v) != spentByValueSize {
		return SpentBy{}, makeError(ErrCorrupt, nil, "spent-by entry of %d bytes", len(v))
	}
	var s SpentBy
	copy(s.TxID[:], v)
	s.Input = binary.LittleEndian.Uint32(v[32:])
	h := binary.LittleEndian.Uint32(v[36:])
	if h > maxHeight {
		return SpentBy{}, makeError(ErrCorrupt, nil, "spent-by entry with height %d", h)
	}
	s.Height = int32(h)
	return s, nil
}
