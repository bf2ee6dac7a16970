package pebble

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"

	"github.com/twinchain/twinchain/internal/kv"
)

// Defaults.
const (
	// DefaultCacheSize is the block cache used when Options.CacheSize is
	// zero.
	DefaultCacheSize = 16 << 20

	// DefaultMemTableSize is the memtable size used when
	// Options.MemTableSize is zero.
	DefaultMemTableSize = 16 << 20

	// DefaultMaxOpenFiles is used when Options.MaxOpenFiles is zero.
	DefaultMaxOpenFiles = 1000

	// BloomBitsPerKey is the bloom filter configured on every level.
	BloomBitsPerKey = 10
)

// Options configures Open.
type Options struct {
	// CacheSize is the block cache in bytes (zero: DefaultCacheSize).
	CacheSize int64

	// MemTableSize is the size of one memtable in bytes (zero:
	// DefaultMemTableSize). Up to two are held while one is flushed.
	MemTableSize uint64

	// MaxOpenFiles bounds the table files kept open (zero:
	// DefaultMaxOpenFiles).
	MaxOpenFiles int

	// ReadOnly opens the database without writing to it.
	ReadOnly bool

	// ErrorIfMissing fails Open when no database exists at the path.
	ErrorIfMissing bool

	// Logger receives Pebble's messages (info at debug level). Nil
	// discards them.
	Logger *slog.Logger
}

// DB is a kv.Store over a Pebble database.
type DB struct {
	mu     sync.RWMutex // read-held by operations, write-held by Close
	db     *pebble.DB
	closed bool
	path   string

	itMu  sync.Mutex
	iters map[*dbIterator]struct{}
}

var _ kv.Store = (*DB)(nil)

// Open opens (creating it unless ErrorIfMissing) the Pebble database in
// directory path.
func Open(path string, o Options) (*DB, error) {
	if o.CacheSize <= 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.MemTableSize == 0 {
		o.MemTableSize = DefaultMemTableSize
	}
	if o.MaxOpenFiles <= 0 {
		o.MaxOpenFiles = DefaultMaxOpenFiles
	}
	cache := pebble.NewCache(o.CacheSize)
	defer cache.Unref() // Open takes its own reference
	po := &pebble.Options{
		Cache:                       cache,
		MemTableSize:                o.MemTableSize,
		MemTableStopWritesThreshold: 2,
		MaxOpenFiles:                o.MaxOpenFiles,
		ReadOnly:                    o.ReadOnly,
		ErrorIfNotExists:            o.ErrorIfMissing,
		FormatMajorVersion:          pebble.FormatNewest,
		Logger:                      logger{o.Logger},
	}
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(BloomBitsPerKey)
	}
	db, err := pebble.Open(path, po)
	if err != nil {
		return nil, fmt.Errorf("pebble: open %s: %w", path, err)
	}
	return &DB{db: db, path: path, iters: make(map[*dbIterator]struct{})}, nil
}

// logger adapts slog to Pebble's Logger.
type logger struct{ l *slog.Logger }

func (l logger) Infof(format string, args ...any) {
	if l.l != nil {
		l.l.Debug(fmt.Sprintf(format, args...))
	}
}

func (l logger) Errorf(format string, args ...any) {
	if l.l != nil {
		l.l.Error(fmt.Sprintf(format, args...))
	}
}

// Fatalf is called by Pebble on unrecoverable internal errors and must not
// return.
func (l logger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if l.l != nil {
		l.l.Error(msg)
	}
	panic("pebble: fatal: " + msg)
}

// Path returns the directory the database lives in.
func (d *DB) Path() string { return d.path }

func wrap(op string, key []byte, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pebble.ErrNotFound):
		// The plain sentinel: misses are common and must not allocate a
		// formatted error each (see kv/leveldb).
		return kv.ErrNotFound
	case errors.Is(err, pebble.ErrClosed):
		return fmt.Errorf("pebble: %s: %w", op, kv.ErrClosed)
	}
	return fmt.Errorf("pebble: %s %x: %w", op, key, err)
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
	v, closer, err := d.db.Get(key)
	if err != nil {
		return nil, wrap("get", key, err)
	}
	out := make([]byte, len(v))
	copy(out, v)
	if err := closer.Close(); err != nil {
		return nil, wrap("get", key, err)
	}
	return out, nil
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
	_, closer, err := d.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, wrap("has", key, err)
	}
	return true, wrap("has", key, closer.Close())
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
	return wrap("put", key, d.db.Set(key, value, pebble.NoSync))
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
	return wrap("delete", key, d.db.Delete(key, pebble.NoSync))
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
	var first error
	for it := range d.iters {
		if err := it.it.Close(); err != nil && first == nil {
			first = err
		}
		it.released = true
	}
	d.iters = nil
	d.itMu.Unlock()
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("pebble: close %s: %w", d.path, err)
	}
	if first != nil {
		return fmt.Errorf("pebble: close %s: releasing an iterator: %w", d.path, first)
	}
	return nil
}

// NewBatch implements kv.Batcher.
//
// This function is safe for concurrent access.
func (d *DB) NewBatch() kv.Batch {
	d.mu.RLock()
	defer d.mu.RUnlock()
	b := &batch{d: d}
	if !d.closed {
		b.b = d.db.NewBatch()
	}
	return b
}

type batch struct {
	d       *DB
	b       *pebble.Batch // nil when created after Close
	size    int
	applied bool // b was committed; Pebble refuses to commit it twice
}

func (b *batch) ensure() {
	if b.b == nil {
		b.d.mu.RLock()
		if !b.d.closed {
			b.b = b.d.db.NewBatch()
		}
		b.d.mu.RUnlock()
	}
}

func (b *batch) Put(key, value []byte) error {
	b.ensure()
	if b.b == nil {
		return kv.ErrClosed
	}
	b.size += len(key) + len(value)
	return wrap("batch put", key, b.b.Set(key, value, nil))
}

func (b *batch) Delete(key []byte) error {
	b.ensure()
	if b.b == nil {
		return kv.ErrClosed
	}
	b.size += len(key)
	return wrap("batch delete", key, b.b.Delete(key, nil))
}

func (b *batch) Len() int {
	if b.b == nil {
		return 0
	}
	return int(b.b.Count())
}

func (b *batch) ValueSize() int { return b.size }

func (b *batch) Reset() {
	if b.b != nil {
		b.b.Reset()
	}
	b.size, b.applied = 0, false
}

func (b *batch) Write(sync bool) error {
	b.d.mu.RLock()
	defer b.d.mu.RUnlock()
	if b.d.closed || b.b == nil {
		return kv.ErrClosed
	}
	if b.applied {
		// Commit a copy: Pebble panics on a second commit of one batch.
		nb := b.d.db.NewBatch()
		if err := nb.Apply(b.b, nil); err != nil {
			return wrap("write batch", nil, err)
		}
		b.b = nb
	}
	wo := pebble.NoSync
	if sync {
		wo = pebble.Sync
	}
	if err := b.b.Commit(wo); err != nil {
		return wrap("write batch", nil, err)
	}
	b.applied = true
	return nil
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
	lower := kv.RangeStart(prefix, start)
	if len(lower) == 0 {
		lower = nil // Pebble's invariant checks index an empty bound
	}
	pit, err := d.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: kv.PrefixEnd(prefix)})
	if err != nil {
		return &dbIterator{d: d, err: wrap("new iterator", prefix, err), released: true}
	}
	it := &dbIterator{d: d, it: pit}
	d.itMu.Lock()
	d.iters[it] = struct{}{}
	d.itMu.Unlock()
	return it
}

type dbIterator struct {
	d        *DB
	it       *pebble.Iterator
	started  bool
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
	it.key, it.val = nil, nil
	if it.released {
		if it.d.closed {
			it.err = kv.ErrClosed
		}
		return false
	}
	var ok bool
	if !it.started {
		it.started = true
		ok = it.it.First()
	} else {
		ok = it.it.Next()
	}
	if !ok {
		if err := it.it.Error(); err != nil {
			it.err = wrap("iterate", nil, err)
		}
		return false
	}
	v, err := it.it.ValueAndErr()
	if err != nil {
		it.err = wrap("iterate", it.it.Key(), err)
		return false
	}
	it.key, it.val = it.it.Key(), v
	return true
}

func (it *dbIterator) Key() []byte   { return it.key }
func (it *dbIterator) Value() []byte { return it.val }
func (it *dbIterator) Error() error  { return it.err }

func (it *dbIterator) Release() {
	it.d.mu.RLock()
	defer it.d.mu.RUnlock()
	if it.released {
		return
	}
	it.released = true
	it.key, it.val = nil, nil
	if err := it.it.Close(); err != nil && it.err == nil {
		it.err = wrap("release iterator", nil, err)
	}
	it.d.itMu.Lock()
	delete(it.d.iters, it)
	it.d.itMu.Unlock()
}
