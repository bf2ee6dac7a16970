package ethrawdb

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
)

// StateChecker reports whether the state with a given root is complete
// enough to run on; *NodeStore implements it with HasState.
type StateChecker interface {
	HasState(root trie.Hash) (bool, error)
}

// RepairResult describes the head Repair settled on.
type RepairResult struct {
	Empty     bool          // the database has no head block (a new database); nothing was done
	Head      ethtypes.Hash // the consistent head block
	Number    uint64
	Rewound   bool          // the stored head was inconsistent and the head was moved back
	OldHead   ethtypes.Hash // the head found at open
	Missing   string        // what the old head lacked, when Rewound
	Discarded int           // canonical entries above the new head that were removed
}

// blockState checks that a block's header, body, receipts and state are
// all stored. It returns the header when present, a description of the
// first missing part ("" when complete) and any storage error other than
// absence.
func blockState(r kv.Reader, sc StateChecker, hash ethtypes.Hash, num uint64) (*ethtypes.Header, string, error) {
	h, err := ReadHeader(r, hash, num)
	switch {
	case isNotFound(err):
		return nil, "header", nil
	case err != nil:
		return nil, "", err
	}
	if ok, err := HasBody(r, hash, num); err != nil {
		return h, "", err
	} else if !ok {
		return h, "body", nil
	}
	if ok, err := HasReceipts(r, hash, num); err != nil {
		return h, "", err
	} else if !ok {
		return h, "receipts", nil
	}
	if ok, err := sc.HasState(trie.Hash(h.Root)); err != nil {
		return h, "", err
	} else if !ok {
		return h, "state " + h.Root.Hex(), nil
	}
	return h, "", nil
}

// CheckHead verifies that the head block's header, body, receipts and
// state root are stored and that the block is canonical at its number. It
// returns nil when they are, an error of kind ErrMismatch naming the first
// missing part when not, and any storage error as is. A database without
// a head gives an error matching ErrNotFound.
//
// This function is safe for concurrent access.
func CheckHead(r kv.Reader, sc StateChecker) error {
	hash, err := ReadHeadBlockHash(r)
	if err != nil {
		return err
	}
	num, err := ReadHeaderNumber(r, hash)
	if isNotFound(err) {
		return &Error{Err: ErrMismatch, Description: "head block " + hash.Hex() + ": no number index"}
	}
	if err != nil {
		return err
	}
	_, missing, err := blockState(r, sc, hash, num)
	if err != nil {
		return err
	}
	if missing != "" {
		return &Error{Err: ErrMismatch, Description: fmt.Sprintf("head block #%d %s: missing %s", num, hash.Hex(), missing)}
	}
	canon, err := ReadCanonicalHash(r, num)
	if err != nil && !isNotFound(err) {
		return err
	}
	if canon != hash {
		return &Error{Err: ErrMismatch, Description: fmt.Sprintf("head block #%d %s is not canonical", num, hash.Hex())}
	}
	return nil
}

// Repair makes the database open at a consistent head. It runs at open,
// before anything else reads the chain. When the head block's header,
// body, receipts and state are all present and it is canonical, only the
// head header pointer is fixed if needed. Otherwise Repair walks back —
// through parent hashes while headers exist, through the canonical index
// when a header is missing — to the newest block that is complete, makes
// it and its ancestors canonical, removes the canonical entries (and
// their transaction lookups) above it, and points the head block and head
// header at it, in one synced batch. Storage errors other than absence
// abort the repair without writing anything. If no block down to genesis
// is complete, the error has kind ErrNoConsistentHead.
//
// Repair must not run concurrently with writers.
func Repair(db kv.Store, sc StateChecker) (RepairResult, error) {
	var res RepairResult
	hash, err := ReadHeadBlockHash(db)
	if isNotFound(err) {
		res.Empty = true
		return res, nil
	}
	if err != nil {
		return res, err
	}
	res.OldHead = hash

	num, err := ReadHeaderNumber(db, hash)
	switch {
	case isNotFound(err):
		top, found, err := highestCanonical(db)
		if err != nil {
			return res, err
		}
		if !found {
			return res, &Error{Err: ErrNoConsistentHead, Description: "no canonical blocks"}
		}
		res.Missing = "header number index"
		return repairFrom(db, sc, res, top+1, ethtypes.Hash{}, false)
	case err != nil:
		return res, err
	}

	_, missing, err := blockState(db, sc, hash, num)
	if err != nil {
		return res, err
	}
	if missing == "" {
		canon, err := ReadCanonicalHash(db, num)
		if err != nil && !isNotFound(err) {
			return res, err
		}
		if canon == hash {
			res.Head, res.Number = hash, num
			_, err := ReadCanonicalHash(db, num+1)
			switch {
			case err == nil:
				// Canonical entries past the head block (a write interrupted
				// before the head pointer moved): drop them.
				return finishRepair(db, res)
			case !isNotFound(err):
				return res, err
			}
			hh, err := ReadHeadHeaderHash(db)
			if err != nil && !isNotFound(err) {
				return res, err
			}
			if hh != hash {
				ok, err := headerAtOrAbove(db, hh, num)
				if err != nil {
					return res, err
				}
				if !ok {
					b := db.NewBatch()
					if err := WriteHeadHeaderHash(b, hash); err != nil {
						return res, err
					}
					if err := b.Write(true); err != nil {
						return res, writeErr(err, "repair batch")
					}
				}
			}
			return res, nil
		}
		missing = "canonical entry"
	}
	res.Missing = missing
	return repairFrom(db, sc, res, num, hash, true)
}

// headerAtOrAbove reports whether hash names a stored header numbered at
// least num (a head header ahead of the head block is legitimate).
func headerAtOrAbove(r kv.Reader, hash ethtypes.Hash, num uint64) (bool, error) {
	n, err := ReadHeaderNumber(r, hash)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ok, err := HasHeader(r, hash, n)
	return ok && n >= num, err
}

// repairFrom walks back from the inconsistent block (hash, num) — or, when
// known is false, from the canonical block below num — to the newest
// complete block, and moves the head there.
func repairFrom(db kv.Store, sc StateChecker, res RepairResult, num uint64, hash ethtypes.Hash, known bool) (RepairResult, error) {
	res.Rewound = true
	for {
		if known {
			h, missing, err := blockState(db, sc, hash, num)
			if err != nil {
				return res, err
			}
			if missing == "" {
				res.Head, res.Number = hash, num
				break
			}
			if h != nil && num > 0 {
				hash, num = h.ParentHash, num-1
				continue
			}
		}
		// No header to follow: use the canonical index below.
		if num == 0 {
			return res, &Error{Err: ErrNoConsistentHead, Description: "walked back to genesis"}
		}
		num--
		c, err := ReadCanonicalHash(db, num)
		switch {
		case err == nil:
			hash, known = c, true
		case isNotFound(err):
			known = false
		default:
			return res, err
		}
	}
	return finishRepair(db, res)
}

// finishRepair makes res.Head the head: it removes the canonical entries
// above it (with the transaction lookups of those whose body is readable),
// makes it and its ancestors canonical, and points the head header and
// head block at it, in one synced batch.
func finishRepair(db kv.Store, res RepairResult) (RepairResult, error) {
	b := db.NewBatch()
	// Canonical entries above the new head go, with their lookups.
	it := db.NewIterator(headerPrefix, encodeBlockNumber(res.Number+1))
	for it.Next() {
		k := it.Key()
		if len(k) != canonicalKeyLen || k[len(k)-1] != headerHashSuffix[0] {
			continue
		}
		n := decodeNum(k[1 : 1+numLen])
		if len(it.Value()) == hashLen {
			body, err := ReadBody(db, ethtypes.Hash(it.Value()), n)
			switch {
			case err == nil:
				if err := DeleteTxLookupEntries(b, &ethtypes.Block{Txs: body.Txs}); err != nil {
					it.Release()
					return res, err
				}
			case !isNotFound(err) && !isCorrupt(err):
				it.Release()
				return res, err
			}
		}
		if err := b.Delete(bytes.Clone(k)); err != nil {
			it.Release()
			return res, writeErr(err, "delete canonical hash")
		}
		res.Discarded++
	}
	err := it.Error()
	it.Release()
	if err != nil {
		return res, readErr(err, "canonical index")
	}
	// The new head and its ancestors are canonical.
	cur, n := res.Head, res.Number
	for {
		c, err := ReadCanonicalHash(db, n)
		if err != nil && !isNotFound(err) {
			return res, err
		}
		if err == nil && c == cur {
			break
		}
		if err := WriteCanonicalHash(b, cur, n); err != nil {
			return res, err
		}
		if n == 0 {
			break
		}
		h, err := ReadHeader(db, cur, n)
		if err != nil {
			return res, err
		}
		cur, n = h.ParentHash, n-1
	}
	if err := WriteHeadHeaderHash(b, res.Head); err != nil {
		return res, err
	}
	if err := WriteHeadBlockHash(b, res.Head); err != nil {
		return res, err
	}
	if err := b.Write(true); err != nil {
		return res, writeErr(err, "repair batch")
	}
	return res, nil
}

// highestCanonical returns the highest number with a canonical entry.
func highestCanonical(db kv.Iteratee) (uint64, bool, error) {
	it := db.NewIterator(headerPrefix, nil)
	defer it.Release()
	var top uint64
	found := false
	for it.Next() {
		k := it.Key()
		if len(k) == canonicalKeyLen && k[len(k)-1] == headerHashSuffix[0] {
			top, found = decodeNum(k[1:1+numLen]), true
		}
	}
	if err := it.Error(); err != nil {
		return 0, false, readErr(err, "canonical index")
	}
	return top, found, nil
}

// decodeNum reads an 8-byte big-endian number.
func decodeNum(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}

// isCorrupt reports whether err is of kind ErrCorrupt.
func isCorrupt(err error) bool { return errors.Is(err, ErrCorrupt) }
