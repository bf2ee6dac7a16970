package indexers

import (
	"errors"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// MaxAddrPage bounds the entries one History or Unspent call returns.
const MaxAddrPage = 1000

func clampLimit(limit int) int {
	if limit <= 0 || limit > MaxAddrPage {
		return MaxAddrPage
	}
	return limit
}

// Stats returns the sums of a script's history; a script the index has
// never seen has zero stats (no error).
//
// This function is safe for concurrent access.
func (ix *AddrIndex) Stats(sh ScriptHash) (AddrStats, error) {
	v, err := ix.db.Get(statsKey(sh))
	if errors.Is(err, kv.ErrNotFound) {
		return AddrStats{}, nil
	}
	if err != nil {
		return AddrStats{}, makeError(ErrCorrupt, err, "read address stats")
	}
	return decodeStats(v)
}

// History returns up to limit entries of a script's history, newest first,
// after skipping the skip newest (limit ≤ 0 or above MaxAddrPage means
// MaxAddrPage). Skipping costs a walk over the skipped entries; use
// HistoryBefore to page through long histories.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) History(sh ScriptHash, skip, limit int) ([]HistoryEntry, error) {
	return ix.history(sh, nil, skip, limit)
}

// HistoryBefore returns up to limit entries of a script's history that
// are older than the transaction at (height, pos), newest first: pass the
// last entry of the previous page.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) HistoryBefore(sh ScriptHash, height int32, pos uint32, limit int) ([]HistoryEntry, error) {
	if height < 0 {
		return nil, nil
	}
	start := historyKey(nil, sh, height, pos)[33:]
	// The next key after (height, pos) in complemented order.
	k := append([]byte(nil), start...)
	for i := len(k) - 1; i >= 0; i-- {
		k[i]++
		if k[i] != 0 {
			break
		}
		if i == 0 {
			return nil, nil // (0, 0xffffffff... ) has no successor
		}
	}
	return ix.history(sh, k, 0, limit)
}

func (ix *AddrIndex) history(sh ScriptHash, start []byte, skip, limit int) ([]HistoryEntry, error) {
	limit = clampLimit(limit)
	prefix := append([]byte{prefixAddrHistory}, sh[:]...)
	it := ix.db.NewIterator(prefix, start)
	defer it.Release()
	var out []HistoryEntry
	for it.Next() {
		if skip > 0 {
			skip--
			continue
		}
		e, err := decodeHistory(it.Key(), it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if len(out) == limit {
			break
		}
	}
	if err := it.Error(); err != nil {
		return nil, makeError(ErrCorrupt, err, "iterate address history")
	}
	return out, nil
}

// Unspent returns up to limit unspent outputs paying a script, oldest
// first (limit ≤ 0 or above MaxAddrPage means MaxAddrPage), and whether
// there are more.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) Unspent(sh ScriptHash, limit int) (outs []Unspent, more bool, err error) {
	limit = clampLimit(limit)
	prefix := append([]byte{prefixAddrUnspent}, sh[:]...)
	it := ix.db.NewIterator(prefix, nil)
	defer it.Release()
	for it.Next() {
		if len(outs) == limit {
			more = true
			break
		}
		u, err := decodeUnspent(it.Key(), it.Value())
		if err != nil {
			return nil, false, err
		}
		outs = append(outs, u)
	}
	if err := it.Error(); err != nil {
		return nil, false, makeError(ErrCorrupt, err, "iterate unspent outputs")
	}
	return outs, more, nil
}

// SpentBy returns the input that spent an output on the index's chain, or
// an error of kind ErrNotFound when the output is unspent or unknown.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) SpentBy(txid chainhash.Hash, vout uint32) (SpentBy, error) {
	v, err := ix.db.Get(spentByKey(nil, txid, vout))
	if errors.Is(err, kv.ErrNotFound) {
		return SpentBy{}, makeError(ErrNotFound, nil, "output %s:%d is not spent", txid, vout)
	}
	if err != nil {
		return SpentBy{}, makeError(ErrCorrupt, err, "read spent-by entry")
	}
	return decodeSpentBy(v)
}

// TxPos locates a transaction of the index's chain: its block height and
// position; an error of kind ErrNotFound when the index does not hold it.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) TxPos(txid chainhash.Hash) (height int32, pos uint32, err error) {
	v, err := ix.db.Get(txPosKey(nil, txid))
	if errors.Is(err, kv.ErrNotFound) {
		return 0, 0, makeError(ErrNotFound, nil, "transaction %s is not indexed", txid)
	}
	if err != nil {
		return 0, 0, makeError(ErrCorrupt, err, "read transaction position")
	}
	return decodeTxPos(v)
}
