// Package kv is the small key-value storage interface both chains build on.
//
// A Store maps byte-string keys to byte-string values in lexicographic key
// order. It offers point reads (Get, Has), writes (Put, Delete), atomic
// batches (NewBatch, with a per-write durability choice), ordered iteration
// over a key prefix from an optional start key (NewIterator), and Close.
//
// Three backends implement it:
//
//   - kv/memdb: an in-memory map, for tests.
//   - kv/leveldb: goleveldb opened with the options Bitcoin Core uses, so the
//     btc side can read databases Core wrote and Core can read ours.
//   - kv/pebble: Pebble, the engine of the eth side.
//
// Every backend passes the conformance suite in kv/kvtest
// (kvtest.TestStore(t, newStore)); a new backend must too.
//
// # Errors
//
// Every method that touches storage returns an error; storage never panics
// on I/O and never answers with a silent zero value. Absence is reported as
// ErrNotFound (test with errors.Is); use after Close as ErrClosed. Backends
// wrap their engine's errors with %w, so the original error stays reachable
// through errors.Unwrap.
//
// # Ownership and concurrency
//
// Keys and values passed in may be reused by the caller as soon as the call
// returns. Values returned by Get belong to the caller. The slices returned by
// an Iterator's Key and Value are valid only until the next call to Next or
// Release; copy them to keep them.
//
// A Store is safe for concurrent use by multiple goroutines, Close included:
// Close waits for operations in progress, releases iterators still open (they
// then report ErrClosed), and closes the engine. A Batch and an Iterator are
// not safe for concurrent use; each belongs to one goroutine at a time. An
// iterator reads a consistent snapshot taken when it was created.
package kv
