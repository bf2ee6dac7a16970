package ethindex

import "fmt"

// ErrorKind identifies a class of index error; test with errors.Is.
type ErrorKind string

// Error implements error.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrCorrupt: a stored record could not be decoded, or the store
	// failed.
	ErrCorrupt = ErrorKind("ErrCorrupt")
	// ErrVersion: the database was written with an unknown schema version.
	ErrVersion = ErrorKind("ErrVersion")
	// ErrChain: the chain could not provide a block, its receipts or a
	// transaction's sender.
	ErrChain = ErrorKind("ErrChain")
	// ErrNotBest: an update tried to undo a block that is not the index's
	// best block.
	ErrNotBest = ErrorKind("ErrNotBest")
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
