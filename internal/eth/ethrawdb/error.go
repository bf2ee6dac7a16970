package ethrawdb

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/twinchain/twinchain/internal/kv"
)

// ErrNotFound is kv.ErrNotFound: every accessor reports an absent record
// with an error matching it (errors.Is(err, ethrawdb.ErrNotFound)).
var ErrNotFound = kv.ErrNotFound

// ErrorKind identifies a kind of error returned by this package. It
// satisfies the error interface, so callers test with errors.Is whether or
// not the kind is wrapped in an *Error.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrCorrupt: a stored record is present but does not decode, or has
	// the wrong size (for example a canonical hash that is not 32 bytes, a
	// body that is not canonical RLP). The *Error's Cause holds the decoder's
	// error where there is one.
	ErrCorrupt = ErrorKind("ethrawdb: corrupt record")

	// ErrSchemaVersion: the database was written with a schema version this
	// code does not read.
	ErrSchemaVersion = ErrorKind("ethrawdb: unsupported schema version")

	// ErrMismatch: records that must agree do not (receipts whose count
	// differs from the block's transactions, a transaction lookup pointing
	// at a block that does not hold the transaction).
	ErrMismatch = ErrorKind("ethrawdb: inconsistent records")

	// ErrNoConsistentHead: Repair found no block, down to genesis, whose
	// header, body and state are all present.
	ErrNoConsistentHead = ErrorKind("ethrawdb: no consistent head block")

	// ErrPruneActive: Prune was called while another Prune on the same
	// NodeStore is running.
	ErrPruneActive = ErrorKind("ethrawdb: pruning already in progress")
)

// Error is an error of a given kind with a description and, optionally,
// the underlying cause (a kv or decoder error). errors.Is matches both the
// kind and anything in the cause's chain.
type Error struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the kind, the description and the cause.
func (e *Error) Error() string {
	s := string(e.Err)
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the kind and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// corrupt returns an ErrCorrupt error about what, wrapping cause.
func corrupt(cause error, format string, args ...any) error {
	return &Error{Err: ErrCorrupt, Description: fmt.Sprintf(format, args...), Cause: cause}
}

// readErr annotates a storage error (absence or I/O) with the record it
// concerns, keeping it matchable with errors.Is.
func readErr(err error, format string, args ...any) error {
	return fmt.Errorf("ethrawdb: read %s: %w", fmt.Sprintf(format, args...), err)
}

// writeErr annotates a write error with the record it concerns.
func writeErr(err error, format string, args ...any) error {
	return fmt.Errorf("ethrawdb: write %s: %w", fmt.Sprintf(format, args...), err)
}

// isNotFound reports whether err is an absence.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// uint64String formats x in decimal.
func uint64String(x uint64) string { return strconv.FormatUint(x, 10) }
