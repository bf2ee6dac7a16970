// Package pebble is the kv.Store backend over Pebble (github.com/cockroachdb/
// pebble/v2), the engine of the eth side. It opens Pebble with a shared block
// cache, a 10-bit bloom filter on every level (as geth does), Snappy block
// compression (Pebble's default) and the newest on-disk format.
//
// Errors: absence is kv.ErrNotFound and use after Close kv.ErrClosed, both
// wrapped; Pebble's own errors are wrapped with %w. Pebble panics when used
// after Close; this wrapper turns that into ErrClosed.
//
// A DB is safe for concurrent use, Close included (see package kv).
package pebble
