package metrics

import "fmt"

// ErrorKind identifies a kind of error of this package; use errors.Is.
type ErrorKind string

// Error kinds.
const (
	// ErrRegister means a collector could not be registered (a source was
	// added twice, or two series share a name).
	ErrRegister = ErrorKind("ErrRegister")
)

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

// Error is an error of this package with a description.
type Error struct {
	Err         error
	Description string
}

// Error satisfies the error interface.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
