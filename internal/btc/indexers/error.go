package indexers

import "fmt"

// ErrorKind identifies a class of index error; test with errors.Is.
type ErrorKind string

// Error implements error.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrNotFound: the block is not in the index (or the height is beyond
	// its best block).
	ErrNotFound = ErrorKind("ErrNotFound")
	// ErrNotActive: the stop block is not on the index's active chain.
	ErrNotActive = ErrorKind("ErrNotActive")
	// ErrRange: the requested height range is empty, reversed or too long.
	ErrRange = ErrorKind("ErrRange")
	// ErrCorrupt: a stored record could not be decoded.
	ErrCorrupt = ErrorKind("ErrCorrupt")
	// ErrVersion: the database was written with an unknown schema version.
	ErrVersion = ErrorKind("ErrVersion")
	// ErrClosed: the index was closed.
	ErrClosed = ErrorKind("ErrClosed")
	// ErrChain: the chain could not provide a block or its spent scripts.
	ErrChain = ErrorKind("ErrChain")
)

// Error is an index error with a description.
type Error struct {
	Err         ErrorKind
	Description string
	cause       error
}

// Error implements error.
func (e Error) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%s: %v", e.Description, e.cause)
	}
	return e.Description
}

// Unwrap returns the kind and, when set, the underlying error.
func (e Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Err, e.cause}
	}
	return []error{e.Err}
}

func makeError(kind ErrorKind, cause error, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...), cause: cause}
}
