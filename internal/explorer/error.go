package explorer

import "errors"

// ErrorKind identifies a kind of explorer error. It satisfies the error
// interface so callers (and sources) use errors.Is with the constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrNotFound: the key (hash, height, txid, address, uncle index) names
	// nothing the source knows. Sources return it (possibly wrapped with %w)
	// for every unknown key; the explorer answers 404 for it. Any other
	// source error is answered with 503 and logged.
	ErrNotFound = ErrorKind("not found")

	// ErrBadRequest: the request is malformed (bad hex, bad address, negative
	// or huge number, path tricks); answered with 400.
	ErrBadRequest = ErrorKind("bad request")

	// ErrChainDisabled: the request names a chain the server has no source
	// for; answered with 404.
	ErrChainDisabled = ErrorKind("chain disabled")
)

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Error is an explorer error with a description for the user; Err is its
// ErrorKind.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Err }

// newError returns an *Error of kind k.
func newError(k ErrorKind, desc string) *Error { return &Error{Err: k, Description: desc} }

// isNotFound reports whether err is (or wraps) ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
