// Package memdb is an in-memory kv.Store for tests: a map guarded by a
// read-write mutex. Iterators copy and sort the matching keys when they are
// created, so they see a snapshot and cost O(n log n); fine for tests, not
// for large data.
//
// The store is safe for concurrent use; see package kv for the contract.
package memdb
