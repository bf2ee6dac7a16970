package logging

import "fmt"

// ErrorKind identifies a kind of logging error; use errors.Is.
type ErrorKind string

// These constants are the kinds of *Error.
const (
	// ErrUnknownCategory: a category name that is not one of Categories
	// (nor "all"/"1"/"none"/"0").
	ErrUnknownCategory = ErrorKind("ErrUnknownCategory")

	// ErrOpenFile: the debug log file could not be created or opened.
	ErrOpenFile = ErrorKind("ErrOpenFile")

	// ErrUnknownFormat: a Config.Format other than text or json.
	ErrUnknownFormat = ErrorKind("ErrUnknownFormat")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// Error is a logging error with a description.
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
