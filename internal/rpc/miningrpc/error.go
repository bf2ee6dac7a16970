package miningrpc

// ErrorKind identifies an error of this package (RPC failures are
// *jsonrpc.Error values with Core's codes instead).
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

// ErrBadConfig: New was given an unusable Config.
const ErrBadConfig = ErrorKind("bad config")

// Error is an error of a kind with a description.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is works.
func (e *Error) Unwrap() error { return e.Err }
