package kv

// Reader reads single keys.
type Reader interface {
	// Get returns a copy of the value stored under key, or an error wrapping
	// ErrNotFound when the key is absent. An empty stored value is returned
	// as an empty, non-nil slice.
	Get(key []byte) ([]byte, error)

	// Has reports whether key is present.
	Has(key []byte) (bool, error)
}

// Writer writes single keys. A write through Writer is not synced: it
// survives a process crash once the call returns but may be lost on a
// machine crash. Use a Batch written with sync=true for durability.
type Writer interface {
	// Put stores value under key, replacing any previous value.
	Put(key, value []byte) error

	// Delete removes key. Deleting an absent key is not an error.
	Delete(key []byte) error
}

// Batcher creates batches.
type Batcher interface {
	// NewBatch returns an empty batch bound to the store.
	NewBatch() Batch
}

// Iteratee creates iterators.
type Iteratee interface {
	// NewIterator returns an iterator over the keys that begin with prefix,
	// in ascending order, starting at the first key >= prefix+start. A nil
	// prefix covers the whole store. Errors (including ErrClosed) are
	// reported by the iterator's Error method.
	NewIterator(prefix, start []byte) Iterator
}

// Store is the full storage interface a backend implements.
type Store interface {
	Reader
	Writer
	Batcher
	Iteratee

	// Close releases the store. Later calls return ErrClosed; a second
	// Close returns ErrClosed too.
	Close() error
}

// Batch collects writes that are applied atomically by Write. A Batch is
// not safe for concurrent use.
type Batch interface {
	// Put queues a write of value under key.
	Put(key, value []byte) error

	// Delete queues a deletion of key.
	Delete(key []byte) error

	// Len returns the number of queued operations.
	Len() int

	// ValueSize returns the number of key and value bytes queued, a measure
	// of the batch's memory use.
	ValueSize() int

	// Reset empties the batch for reuse.
	Reset()

	// Write applies the queued operations atomically. With sync set, the
	// write is durable (fsynced) when Write returns. The batch keeps its
	// operations: Reset it before reuse, or a second Write applies them
	// again.
	Write(sync bool) error
}

// Iterator walks keys in ascending order. Typical use:
//
//	it := store.NewIterator(prefix, nil)
//	defer it.Release()
//	for it.Next() {
//		use(it.Key(), it.Value())
//	}
//	if err := it.Error(); err != nil { ... }
//
// An Iterator is not safe for concurrent use.
type Iterator interface {
	// Next moves to the next key and reports whether there is one. It
	// returns false when the range is exhausted or on error.
	Next() bool

	// Key returns the current key, valid until the next Next or Release.
	Key() []byte

	// Value returns the current value, valid until the next Next or
	// Release.
	Value() []byte

	// Error returns the error that stopped the iteration, if any.
	Error() error

	// Release frees the iterator. It may be called more than once.
	Release()
}

// PrefixEnd returns the smallest key greater than every key that begins
// with prefix, or nil when there is none (an empty prefix or one made only
// of 0xff bytes): the exclusive upper bound of a prefix range.
func PrefixEnd(prefix []byte) []byte {
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xff {
			end := make([]byte, i+1)
			copy(end, prefix)
			end[i]++
			return end
		}
	}
	return nil
}

// RangeStart returns prefix+start, the first key of an iterator's range.
func RangeStart(prefix, start []byte) []byte {
	k := make([]byte, 0, len(prefix)+len(start))
	k = append(k, prefix...)
	return append(k, start...)
}
