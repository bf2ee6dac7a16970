package leveldb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/syndtr/goleveldb/leveldb"
	lerrors "github.com/syndtr/goleveldb/leveldb/errors"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/iterator"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/util"

	"github.com/twinchain/twinchain/internal/kv"
)

// Core-like defaults.
const (
	// DefaultCacheSize is the cache budget used when Options.CacheSize is
	// zero: 8 MiB, Core's cache for a small LevelDB (its block index gets
	// min(dbcache/8, 2 MiB); the chainstate's LevelDB at most 8 MiB).
	DefaultCacheSize = 8 << 20

	// MaxFileSize is Core's DBWRAPPER_MAX_FILE_SIZE, the target size of one
	// table file.
	MaxFileSize = 32 << 20

	// DefaultMaxOpenFiles is LevelDB's default, which Core keeps on 64-bit
	// hosts.
	DefaultMaxOpenFiles = 1000

	// BloomBitsPerKey is the bloom filter Core configures.
	BloomBitsPerKey = 10
)

// Options configures Open.
type Options struct {
	// CacheSize is the memory budget in bytes, split as Core splits it: half
	// to the block cache, a quarter to the write buffer. Zero means
	// DefaultCacheSize.
	CacheSize int

	// MaxOpenFiles bounds the table files kept open. Zero means
	// DefaultMaxOpenFiles.
	MaxOpenFiles int

	// ReadOnly opens the database without writing to it.
	ReadOnly bool

	// ErrorIfMissing fails Open when no database exists at the path
	// instead of creating one.
	ErrorIfMissing bool
}

// CoreOptions returns the goleveldb options Bitcoin Core would use for a
// database with the given cache budget (bytes).
func CoreOptions(cacheSize int) *opt.Options {
	if cacheSize <= 0 {
		cacheSize = DefaultCacheSize
	}
	return &opt.Options{
		BlockCacheCapacity:     cacheSize / 2,
		WriteBuffer:            cacheSize / 4,
		Filter:                 coreBloom{filter.NewBloomFilter(BloomBitsPerKey)},
		Compression:            opt.NoCompression,
		CompactionTableSize:    MaxFileSize,
		OpenFilesCacheCapacity: DefaultMaxOpenFiles,
		Strict:                 opt.DefaultStrict,
	}
}

// CoreBloomFilterName is the name C++ LevelDB gives its bloom filter, under
// which filter blocks are stored in tables ("filter." + name).
const CoreBloomFilterName = "leveldb.BuiltinBloomFilter2"

// coreBloom is goleveldb's bloom filter under C++ LevelDB's name.
// goleveldb computes the same filter bits as C++ LevelDB's
// BuiltinBloomFilter2 (same hash and seed, unsigned tail bytes, k =
// bits*0.69, 64-bit minimum) but names it "leveldb.BuiltinBloomFilter", so
// each side would ignore the other's filters; under Core's name Core uses
// ours and we use Core's. TestBloomMatchesCpp checks the bits.
type coreBloom struct{ filter.Filter }

// Name returns C++ LevelDB's filter name.
func (coreBloom) Name() string { return CoreBloomFilterName }

// DB is a kv.Store over a goleveldb database.
type DB struct {
	mu     sync.RWMutex // read-held by operations, write-held by Close
	db     *leveldb.DB
	closed bool
	path   string

	itMu  sync.Mutex
	iters map[*dbIterator]struct{}
}

var _ kv.Store = (*DB)(nil)

// Open opens (creating it unless ErrorIfMissing) the LevelDB database in
// directory path with Core's options.
func Open(path string, o Options) (*DB, error) {
	lo := CoreOptions(o.CacheSize)
	if o.MaxOpenFiles > 0 {
		lo.OpenFilesCacheCapacity = o.MaxOpenFiles
	}
	lo.ReadOnly = o.ReadOnly
	lo.ErrorIfMissing = o.ErrorIfMissing
	db, err := leveldb.OpenFile(path, lo)
	if err != nil && lerrors.IsCorrupted(err) && !o.ReadOnly && creationCutShort(path) {
		// A crash while the database was first being created (between
		// writing its first manifest and pointing CURRENT at it) leaves a
		// directory with no data that goleveldb refuses as corrupted;
		// LevelDB in C++, which Core uses, creates the database afresh
		// when CURRENT is missing. Do the same: nothing can be lost, since
		// no write is possible before the creation completes.
		if err = clearCreation(path); err == nil {
			db, err = leveldb.OpenFile(path, lo)
		}
	}
	if err != nil {
		if lerrors.IsCorrupted(err) {
			return nil, fmt.Errorf("leveldb: open %s: corrupted database: %w", path, err)
		}
		return nil, fmt.Errorf("leveldb: open %s: %w", path, err)
	}
	return &DB{db: db, path: path, iters: make(map[*dbIterator]struct{})}, nil
}

// creationCutShort reports whether the database directory at path is the
// remains of a creation that a crash cut short: no CURRENT file (nor its
// backup), no table file and no journal holding any record. Any other
// directory that fails to open is left alone for the operator (-reindex).
func creationCutShort(path string) bool {
	entries, err := os.ReadDir(path)
	if err != nil {
		return false
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == "CURRENT", name == "CURRENT.bak":
			return false
		case strings.HasSuffix(name, ".ldb"), strings.HasSuffix(name, ".sst"):
			return false
		case strings.HasSuffix(name, ".log") && isFileNumber(strings.TrimSuffix(name, ".log")):
			if info, err := e.Info(); err != nil || info.Size() > 0 {
				return false
			}
		}
	}
	return true
}

// clearCreation removes the manifest and pending CURRENT files of a
// creation cut short, so that the database can be created again.
func clearCreation(path string) error {
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "MANIFEST-") || strings.HasPrefix(name, "CURRENT.") ||
			(strings.HasSuffix(name, ".log") && isFileNumber(strings.TrimSuffix(name, ".log"))) {
			if err := os.Remove(filepath.Join(path, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// isFileNumber reports whether s is a LevelDB file number (digits only).
func isFileNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Path returns the directory the database lives in.
func (d *DB) Path() string { return d.path }

// wrap maps goleveldb's sentinel errors onto kv's.
func (d *DB) wrap(op string, key []byte, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, leveldb.ErrNotFound):
		// The plain sentinel: a miss is the common case on the chainstate
		// (every BIP30 probe, every coin created since the last flush), and
		// formatting an error naming the key took a quarter of a miss's time
		// and 4 of its 14 allocations (BenchmarkLevelDB/RandomReadMissing).
		return kv.ErrNotFound
	case errors.Is(err, leveldb.ErrClosed):
		return fmt.Errorf("leveldb: %s: %w", op, kv.ErrClosed)
	}
	return fmt.Errorf("leveldb: %s %x: %w", op, key, err)
}

// Get implements kv.Reader.
//
// This function is safe for concurrent access.
func (d *DB) Get(key []byte) ([]byte, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return nil, kv.ErrClosed
	}
	v, err := d.db.Get(key, nil)
	if err != nil {
		return nil, d.wrap("get", key, err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// Has implements kv.Reader.
//
// This function is safe for concurrent access.
func (d *DB) Has(key []byte) (bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return false, kv.ErrClosed
	}
	ok, err := d.db.Has(key, nil)
	return ok, d.wrap("has", key, err)
}

// Put implements kv.Writer.
//
// This function is safe for concurrent access.
func (d *DB) Put(key, value []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return kv.ErrClosed
	}
	return d.wrap("put", key, d.db.Put(key, value, nil))
}

// Delete implements kv.Writer.
//
// This function is safe for concurrent access.
func (d *DB) Delete(key []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return kv.ErrClosed
	}
	return d.wrap("delete", key, d.db.Delete(key, nil))
}

// Compact compacts the whole key range, as Core's CompactRange after a
// -reindex-chainstate.
//
// This function is safe for concurrent access.
func (d *DB) Compact() error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return kv.ErrClosed
	}
	return d.wrap("compact", nil, d.db.CompactRange(util.Range{}))
}

// Close implements kv.Store. Iterators still open are released first.
//
// This function is safe for concurrent access.
func (d *DB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return kv.ErrClosed
	}
	d.closed = true
	d.itMu.Lock()
	for it := range d.iters {
		it.it.Release()
		it.released = true
	}
	d.iters = nil
	d.itMu.Unlock()
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("leveldb: close %s: %w", d.path, err)
	}
	return nil
}

// NewBatch implements kv.Batcher.
//
// This function is safe for concurrent access.
func (d *DB) NewBatch() kv.Batch { return &batch{d: d} }

type batch struct {
	d    *DB
	b    leveldb.Batch
	size int
}

func (b *batch) Put(key, value []byte) error {
	b.b.Put(key, value)
	b.size += len(key) + len(value)
	return nil
}

func (b *batch) Delete(key []byte) error {
	b.b.Delete(key)
	b.size += len(key)
	return nil
}

func (b *batch) Len() int       { return b.b.Len() }
func (b *batch) ValueSize() int { return b.size }
func (b *batch) Reset()         { b.b.Reset(); b.size = 0 }

func (b *batch) Write(sync bool) error {
	b.d.mu.RLock()
	defer b.d.mu.RUnlock()
	if b.d.closed {
		return kv.ErrClosed
	}
	return b.d.wrap("write batch", nil, b.d.db.Write(&b.b, &opt.WriteOptions{Sync: sync}))
}

// NewIterator implements kv.Iteratee.
//
// This function is safe for concurrent access.
func (d *DB) NewIterator(prefix, start []byte) kv.Iterator {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return &dbIterator{d: d, err: kv.ErrClosed, released: true}
	}
	r := &util.Range{Start: kv.RangeStart(prefix, start), Limit: kv.PrefixEnd(prefix)}
	it := &dbIterator{d: d, it: d.db.NewIterator(r, nil)}
	d.itMu.Lock()
	d.iters[it] = struct{}{}
	d.itMu.Unlock()
	return it
}

type dbIterator struct {
	d        *DB
	it       iterator.Iterator
	key, val []byte // the current entry, captured by Next
	err      error
	released bool // read under d.mu (read lock); Close writes it under the write lock
}

func (it *dbIterator) Next() bool {
	if it.err != nil {
		return false
	}
	it.d.mu.RLock()
	defer it.d.mu.RUnlock()
	if it.released {
		if it.d.closed {
			it.err = kv.ErrClosed
		}
		it.key, it.val = nil, nil
		return false
	}
	if it.it.Next() {
		it.key, it.val = it.it.Key(), it.it.Value()
		return true
	}
	it.key, it.val = nil, nil
	if err := it.it.Error(); err != nil {
		it.err = it.d.wrap("iterate", nil, err)
	}
	return false
}

func (it *dbIterator) Key() []byte   { return it.key }
func (it *dbIterator) Value() []byte { return it.val }

func (it *dbIterator) Error() error { return it.err }

func (it *dbIterator) Release() {
	it.d.mu.RLock()
	defer it.d.mu.RUnlock()
	if it.released {
		return
	}
	it.released = true
	it.key, it.val = nil, nil
	it.it.Release()
	it.d.itMu.Lock()
	delete(it.d.iters, it)
	it.d.itMu.Unlock()
}
