package netsync

// ErrorKind identifies a kind of error returned by this package; test it
// with errors.Is.
type ErrorKind string

// Error implements error.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrAlreadyStarted: Start was called twice.
	ErrAlreadyStarted = ErrorKind("ErrAlreadyStarted")
	// ErrNotStarted: Stop was called before Start.
	ErrNotStarted = ErrorKind("ErrNotStarted")
	// ErrBadConfig: New was given an incomplete Config (no Params or no
	// Chain).
	ErrBadConfig = ErrorKind("ErrBadConfig")
)

// Error is an error of this package: a kind and a description.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error implements error.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, desc string) error { return &Error{Err: kind, Description: desc} }
