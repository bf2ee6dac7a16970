package memdb

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/twinchain/twinchain/internal/kv"
)

// DB is an in-memory kv.Store.
type DB struct {
	mu     sync.RWMutex
	data   map[string][]byte
	closed bool
}

var _ kv.Store = (*DB)(nil)

// New returns an empty store.
func New() *DB { return &DB{data: make(map[string][]byte)} }

// Get implements kv.Reader.
//
// This function is safe for concurrent access.
func (db *DB) Get(key []byte) ([]byte, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return nil, kv.ErrClosed
	}
	v, ok := db.data[string(key)]
	if !ok {
		return nil, fmt.Errorf("memdb: key %x: %w", key, kv.ErrNotFound)
	}
	return append([]byte{}, v...), nil
}

// Has implements kv.Reader.
//
// This function is safe for concurrent access.
func (db *DB) Has(key []byte) (bool, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return false, kv.ErrClosed
	}
	_, ok := db.data[string(key)]
	return ok, nil
}

// Put implements kv.Writer.
//
// This function is safe for concurrent access.
func (db *DB) Put(key, value []byte) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return kv.ErrClosed
	}
	db.data[string(key)] = append([]byte{}, value...)
	return nil
}

// Delete implements kv.Writer.
//
// This function is safe for concurrent access.
func (db *DB) Delete(key []byte) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return kv.ErrClosed
	}
	delete(db.data, string(key))
	return nil
}

// Close implements kv.Store.
//
// This function is safe for concurrent access.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return kv.ErrClosed
	}
	db.closed = true
	db.data = nil
	return nil
}

// Len returns the number of keys stored (0 after Close).
//
// This function is safe for concurrent access.
func (db *DB) Len() int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.data)
}

// NewBatch implements kv.Batcher.
//
// This function is safe for concurrent access.
func (db *DB) NewBatch() kv.Batch { return &batch{db: db} }

// NewIterator implements kv.Iteratee.
//
// This function is safe for concurrent access.
func (db *DB) NewIterator(prefix, start []byte) kv.Iterator {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return &iterator{db: db, err: kv.ErrClosed}
	}
	first := string(kv.RangeStart(prefix, start))
	p := string(prefix)
	var keys []string
	for k := range db.data {
		if strings.HasPrefix(k, p) && k >= first {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	it := &iterator{db: db, keys: make([][]byte, len(keys)), vals: make([][]byte, len(keys)), pos: -1}
	for i, k := range keys {
		it.keys[i] = []byte(k)
		it.vals[i] = append([]byte{}, db.data[k]...)
	}
	return it
}

type op struct {
	key, value []byte
	del        bool
}

type batch struct {
	db   *DB
	ops  []op
	size int
}

func (b *batch) Put(key, value []byte) error {
	b.ops = append(b.ops, op{key: bytes.Clone(key), value: append([]byte{}, value...)})
	b.size += len(key) + len(value)
	return nil
}

func (b *batch) Delete(key []byte) error {
	b.ops = append(b.ops, op{key: bytes.Clone(key), del: true})
	b.size += len(key)
	return nil
}

func (b *batch) Len() int       { return len(b.ops) }
func (b *batch) ValueSize() int { return b.size }
func (b *batch) Reset()         { b.ops, b.size = b.ops[:0], 0 }

func (b *batch) Write(bool) error {
	b.db.mu.Lock()
	defer b.db.mu.Unlock()
	if b.db.closed {
		return kv.ErrClosed
	}
	for _, o := range b.ops {
		if o.del {
			delete(b.db.data, string(o.key))
		} else {
			b.db.data[string(o.key)] = append([]byte{}, o.value...)
		}
	}
	return nil
}

type iterator struct {
	db         *DB
	keys, vals [][]byte
	pos        int
	err        error
}

func (it *iterator) Next() bool {
	if it.err != nil || it.pos >= len(it.keys) {
		return false
	}
	it.db.mu.RLock()
	closed := it.db.closed
	it.db.mu.RUnlock()
	if closed {
		it.err = kv.ErrClosed
		return false
	}
	it.pos++
	return it.pos < len(it.keys)
}

func (it *iterator) Key() []byte {
	if it.pos < 0 || it.pos >= len(it.keys) {
		return nil
	}
	return it.keys[it.pos]
}

func (it *iterator) Value() []byte {
	if it.pos < 0 || it.pos >= len(it.vals) {
		return nil
	}
	return it.vals[it.pos]
}

func (it *iterator) Error() error { return it.err }

func (it *iterator) Release() { it.keys, it.vals, it.pos = nil, nil, 0 }
