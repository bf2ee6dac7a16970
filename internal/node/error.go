package node

import "fmt"

// ErrorKind identifies a kind of node error; use errors.Is.
type ErrorKind string

// These constants are the kinds of *Error.
const (
	// ErrLocked: another process holds the data directory's lock file
	// (Core's "Cannot obtain a lock on data directory").
	ErrLocked = ErrorKind("ErrLocked")

	// ErrConfig: the configuration cannot be used (a bad -rpcauth line, a
	// bad -rpcallowip subnet, an invalid fee amount, ...).
	ErrConfig = ErrorKind("ErrConfig")

	// ErrStartup: a service failed to start (the chain, the RPC server,
	// a wallet); the description names it.
	ErrStartup = ErrorKind("ErrStartup")

	// ErrState: Start or Stop called out of order (Start twice, Start
	// after Stop).
	ErrState = ErrorKind("ErrState")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// Error is a node error with a Core-style description.
type Error struct {
	Err         error
	Description string
}

// Error satisfies the error interface.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the ErrorKind so errors.Is works.
func (e *Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
