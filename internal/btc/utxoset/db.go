package utxoset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// Store is what the chainstate needs from its key-value store: point reads,
// atomic batches and ordered prefix iteration. Every kv.Store (kv/leveldb,
// kv/memdb) satisfies it.
type Store interface {
	kv.Reader
	kv.Batcher
	kv.Iteratee
}

// DefaultBatchWriteBytes is the size at which a flush writes a partial batch,
// Core's default -dbbatchsize (16 MiB).
const DefaultBatchWriteBytes = 16 << 20

// DBOptions configures OpenDB.
type DBOptions struct {
	// Rand supplies the 8 random bytes of the obfuscation key when the
	// database is new (empty). It is not read otherwise. A new database
	// without Rand fails with ErrNoRandom, unless NoObfuscate is set.
	Rand io.Reader

	// NoObfuscate creates a new database without an obfuscation key (values
	// stored in clear, as in blocks/index). Core always obfuscates the
	// chainstate; tests use this to read raw values.
	NoObfuscate bool

	// BatchWriteBytes is the batch size at which a flush writes a partial
	// batch (Core's -dbbatchsize); zero means DefaultBatchWriteBytes.
	BatchWriteBytes int

	// NoSync writes flush batches without fsync. Core does not sync
	// chainstate batches either (its LevelDB log survives a process crash,
	// not a power loss); the default here syncs, which costs one fsync per
	// batch of up to BatchWriteBytes.
	NoSync bool
}

// DB is the chainstate database view: coins read from and written to the
// store in Bitcoin Core's layout (see schema.go), with the head-blocks
// protocol that makes a flush interrupted at any point detectable.
//
// A DB is safe for concurrent reads; writes (flushes) must be serialized by
// the caller, normally by having a single Cache on top.
type DB struct {
	store      Store
	key        uint64 // obfuscation key as a little-endian word
	keyBytes   [obfuscateKeyLen]byte
	batchBytes int
	sync       bool
}

// OpenDB opens the chainstate held in store. In an empty store it creates
// the obfuscation key record (random bytes from opts.Rand); in an existing
// one it reads the key, or uses none when the record is absent, as Core
// does. A store holding legacy per-transaction records fails with
// ErrLegacyFormat.
//
// This function is safe for concurrent access.
func OpenDB(store Store, opts DBOptions) (*DB, error) {
	db := &DB{store: store, batchBytes: opts.BatchWriteBytes, sync: !opts.NoSync}
	if db.batchBytes <= 0 {
		db.batchBytes = DefaultBatchWriteBytes
	}
	v, err := store.Get(obfuscateKeyKey)
	switch {
	case err == nil:
		if len(v) != 1+obfuscateKeyLen || v[0] != obfuscateKeyLen {
			return nil, makeError(ErrCorrupt, "obfuscation key record %x is malformed", v)
		}
		copy(db.keyBytes[:], v[1:])
	case errors.Is(err, kv.ErrNotFound):
		empty, err := isEmpty(store)
		if err != nil {
			return nil, err
		}
		if empty && !opts.NoObfuscate {
			if opts.Rand == nil {
				return nil, makeError(ErrNoRandom, "a new chainstate needs a random source for its obfuscation key")
			}
			if _, err := io.ReadFull(opts.Rand, db.keyBytes[:]); err != nil {
				return nil, fmt.Errorf("utxoset: reading obfuscation key: %w", err)
			}
			b := store.NewBatch()
			rec := append([]byte{obfuscateKeyLen}, db.keyBytes[:]...)
			if err := b.Put(obfuscateKeyKey, rec); err != nil {
				return nil, err
			}
			if err := b.Write(true); err != nil {
				return nil, err
			}
		}
	default:
		return nil, err
	}
	db.key = binary.LittleEndian.Uint64(db.keyBytes[:])
	legacy, err := hasPrefix(store, []byte{prefixLegacyCoin})
	if err != nil {
		return nil, err
	}
	if legacy {
		return nil, makeError(ErrLegacyFormat, "the chainstate holds legacy (pre-0.15) coin records; rebuild it with -reindex-chainstate")
	}
	return db, nil
}

func hasPrefix(store Store, prefix []byte) (bool, error) {
	it := store.NewIterator(prefix, nil)
	defer it.Release()
	found := it.Next()
	return found, it.Error()
}

func isEmpty(store Store) (bool, error) {
	found, err := hasPrefix(store, nil)
	return !found, err
}

// ObfuscationKey returns the 8-byte key values are XORed with (all zero when
// the database is not obfuscated).
func (db *DB) ObfuscationKey() [8]byte { return db.keyBytes }

// get reads and de-obfuscates the value of key. Absence is (nil, false,
// nil).
func (db *DB) get(key []byte) ([]byte, bool, error) {
	v, err := db.store.Get(key)
	if err != nil {
		if errors.Is(err, kv.ErrNotFound) {
			return nil, false, nil
		}
		return nil, false, err
	}
	obfuscate(v, db.key) // Get returns a copy we own.
	return v, true, nil
}

// BestBlock returns the block the coins are consistent with, or the zero
// hash when the database is new or a flush was interrupted (see HeadBlocks).
//
// This function is safe for concurrent access.
func (db *DB) BestBlock() (chainhash.Hash, error) {
	var h chainhash.Hash
	v, ok, err := db.get([]byte{keyBestBlock})
	if err != nil || !ok {
		return h, err
	}
	if len(v) != chainhash.HashSize {
		return h, makeError(ErrCorrupt, "best block record of %d bytes", len(v))
	}
	copy(h[:], v)
	return h, nil
}

// HeadBlocks returns the head-blocks record: empty when the database is
// consistent, or [to, from] when a flush from block "from" (zero if none) to
// block "to" was interrupted. Core's ReplayBlocks (ReplayBlocks here) rolls
// such a database back from "from" to the fork point and forward to "to".
//
// This function is safe for concurrent access.
func (db *DB) HeadBlocks() ([]chainhash.Hash, error) {
	v, ok, err := db.get([]byte{keyHeadBlocks})
	if err != nil || !ok {
		return nil, err
	}
	return decodeHeadBlocks(v)
}

// GetCoin returns the unspent coin at op as stored, with its own script.
// Absence is (zero, false, nil).
//
// This function is safe for concurrent access.
func (db *DB) GetCoin(op primitives.OutPoint) (primitives.Coin, bool, error) {
	var a scriptArena
	e, ok, err := db.fetch(op, &a)
	if err != nil || !ok {
		return primitives.Coin{}, false, err
	}
	c, _, err := e.appendCoin(nil, &a)
	return c, err == nil, err
}

// HaveCoin reports whether op has an unspent coin in the database.
//
// This function is safe for concurrent access.
func (db *DB) HaveCoin(op primitives.OutPoint) (bool, error) {
	var kb [maxCoinKeyLen]byte
	return db.store.Has(appendCoinKey(kb[:0], &op))
}

// fetch implements View.
func (db *DB) fetch(op primitives.OutPoint, a *scriptArena) (entry, bool, error) {
	var kb [maxCoinKeyLen]byte
	var e entry
	v, ok, err := db.get(appendCoinKey(kb[:0], &op))
	if err != nil || !ok {
		return e, false, err
	}
	if err := e.decodeValue(v, a); err != nil {
		return e, false, fmt.Errorf("coin %v: %w", op, err)
	}
	return e, true, nil
}

// batchWrite implements View: it writes the dirty entries of c with Core's
// head-blocks protocol. The first batch erases 'B' and writes 'H' = [best,
// old best]; partial batches of about BatchWriteBytes follow; the last batch
// erases 'H' and writes 'B' = best. When everything fits in one batch the
// change is a single atomic write. A crash in between leaves 'H', which
// HeadBlocks reports and ReplayBlocks repairs.
func (db *DB) batchWrite(c *Cache, best chainhash.Hash) error {
	if best.IsZero() {
		return makeError(ErrNoBestBlock, "flush to the chainstate without a best block")
	}
	oldTip, err := db.BestBlock()
	if err != nil {
		return err
	}
	if oldTip.IsZero() {
		// Possibly resuming an interrupted flush: it must go to the same
		// block, and then moves from the block the first attempt moved from.
		heads, err := db.HeadBlocks()
		if err != nil {
			return err
		}
		if len(heads) == 2 {
			if heads[0] != best {
				return makeError(ErrInconsistentHeads,
					"the coins database was left mid-flush towards %s, not %s: replay or rebuild it (-reindex-chainstate)", heads[0], best)
			}
			oldTip = heads[1]
		} else if len(heads) != 0 {
			return makeError(ErrInconsistentHeads, "head blocks record holds %d hashes, want 2", len(heads))
		}
	}

	batch := db.store.NewBatch()
	if err := batch.Delete([]byte{keyBestBlock}); err != nil {
		return err
	}
	if err := db.put(batch, []byte{keyHeadBlocks}, encodeHeadBlocks(best, oldTip)); err != nil {
		return err
	}
	var kb [maxCoinKeyLen]byte
	var vb []byte
	for _, ref := range c.coins.dirtyInKeyOrder() {
		sl := &c.coins.slots[uint32(ref)]
		e := &sl.e
		key := appendCoinKey(kb[:0], &sl.key)
		if e.spent() {
			err = batch.Delete(key)
		} else {
			vb = e.appendValue(vb[:0], &c.arena)
			obfuscate(vb, db.key)
			err = batch.Put(key, vb)
		}
		if err != nil {
			return err
		}
		if batch.ValueSize() > db.batchBytes {
			if err := db.write(batch); err != nil {
				return err
			}
			batch.Reset()
		}
	}
	if err := batch.Delete([]byte{keyHeadBlocks}); err != nil {
		return err
	}
	if err := db.put(batch, []byte{keyBestBlock}, best[:]); err != nil {
		return err
	}
	return db.write(batch)
}

// put writes an obfuscated copy of v under key into b.
func (db *DB) put(b kv.Batch, key, v []byte) error {
	v = bytes.Clone(v)
	obfuscate(v, db.key)
	return b.Put(key, v)
}

func (db *DB) write(b kv.Batch) error { return b.Write(db.sync) }

// ForEachCoin calls fn for every coin in key order (txid in internal byte
// order, then output index), stopping at the first error fn returns. The
// coin's script is only valid during the call.
//
// This function is safe for concurrent access; it reads a snapshot.
func (db *DB) ForEachCoin(fn func(op primitives.OutPoint, coin primitives.Coin) error) error {
	sc := db.NewCoinScan()
	defer sc.Release()
	return sc.ForEach(fn)
}

// CoinScan is a snapshot of the coins, taken when NewCoinScan is called, to
// walk later without holding the caller's locks (Core's coins cursor).
type CoinScan struct {
	db *DB
	it kv.Iterator
}

// NewCoinScan takes a snapshot of the coins on disk; call Release when done.
func (db *DB) NewCoinScan() *CoinScan {
	return &CoinScan{db: db, it: db.store.NewIterator([]byte{prefixCoin}, nil)}
}

// Release frees the snapshot.
func (sc *CoinScan) Release() { sc.it.Release() }

// ForEach calls fn for every coin of the snapshot in key order, stopping at
// the first error fn returns. The coin's script is only valid during the
// call. A CoinScan is walked once.
func (sc *CoinScan) ForEach(fn func(op primitives.OutPoint, coin primitives.Coin) error) error {
	it := sc.it
	var (
		e   entry
		a   scriptArena
		buf []byte
		vb  []byte
	)
	for it.Next() {
		op, err := DecodeCoinKey(it.Key())
		if err != nil {
			return err
		}
		vb = append(vb[:0], it.Value()...)
		obfuscate(vb, sc.db.key)
		a.reset()
		if err := e.decodeValue(vb, &a); err != nil {
			return fmt.Errorf("coin %v: %w", op, err)
		}
		coin, b, err := e.appendCoin(buf[:0], &a)
		if err != nil {
			return fmt.Errorf("coin %v: %w", op, err)
		}
		buf = b
		if err := fn(op, coin); err != nil {
			return err
		}
	}
	return it.Error()
}
