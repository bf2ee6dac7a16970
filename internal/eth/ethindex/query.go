package ethindex

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// MaxPage bounds the records one query returns.
const MaxPage = 1000

func clampLimit(limit int) int {
	if limit <= 0 || limit > MaxPage {
		return MaxPage
	}
	return limit
}

// Txs returns up to limit of an address's transactions, newest first,
// after skipping the skip newest (limit ≤ 0 or above MaxPage means
// MaxPage). Skipping walks the skipped records; TxsBefore pages by cursor.
//
// This function is safe for concurrent access.
func (ix *Index) Txs(a ethtypes.Address, skip, limit int) ([]TxRef, error) {
	return walk(ix, prefixTx, a, nil, skip, limit, decodeTx)
}

// TxsBefore returns up to limit of an address's transactions older than
// the one at (number, index), newest first.
//
// This function is safe for concurrent access.
func (ix *Index) TxsBefore(a ethtypes.Address, number uint64, index uint32, limit int) ([]TxRef, error) {
	start, ok := successor(txKey(nil, a, number, index)[1+addrLen:])
	if !ok {
		return nil, nil
	}
	return walk(ix, prefixTx, a, start, 0, limit, decodeTx)
}

// Transfers returns up to limit of the token transfers an address appears
// in (as sender, recipient or token contract), newest first, after
// skipping the skip newest.
//
// This function is safe for concurrent access.
func (ix *Index) Transfers(a ethtypes.Address, skip, limit int) ([]Transfer, error) {
	return walk(ix, prefixTransfer, a, nil, skip, limit, decodeTransfer)
}

// TransfersBefore returns up to limit of an address's token transfers
// older than the log at (number, logIndex), newest first.
//
// This function is safe for concurrent access.
func (ix *Index) TransfersBefore(a ethtypes.Address, number uint64, logIndex uint32, limit int) ([]Transfer, error) {
	start, ok := successor(transferKey(nil, a, number, logIndex)[1+addrLen:])
	if !ok {
		return nil, nil
	}
	return walk(ix, prefixTransfer, a, start, 0, limit, decodeTransfer)
}

// successor returns the next byte string of the same length.
func successor(b []byte) ([]byte, bool) {
	k := append([]byte(nil), b...)
	for i := len(k) - 1; i >= 0; i-- {
		k[i]++
		if k[i] != 0 {
			return k, true
		}
	}
	return nil, false
}

func walk[T any](ix *Index, prefix byte, a ethtypes.Address, start []byte, skip, limit int, decode func(k, v []byte) (T, error)) ([]T, error) {
	limit = clampLimit(limit)
	p := append([]byte{prefix}, a[:]...)
	it := ix.db.NewIterator(p, start)
	defer it.Release()
	var out []T
	for it.Next() {
		if skip > 0 {
			skip--
			continue
		}
		r, err := decode(it.Key(), it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		if len(out) == limit {
			break
		}
	}
	if err := it.Error(); err != nil {
		return nil, makeError(ErrCorrupt, err, "iterate address records")
	}
	return out, nil
}
