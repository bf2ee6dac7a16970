package kv

import "errors"

// Sentinel errors shared by every backend. Backends wrap them (and their
// engine's own errors) with %w; test with errors.Is.
var (
	// ErrNotFound: the key is absent.
	ErrNotFound = errors.New("kv: not found")

	// ErrClosed: the store was closed.
	ErrClosed = errors.New("kv: store closed")
)
