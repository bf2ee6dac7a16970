package ethparams

// ErrorKind identifies a kind of configuration error. It satisfies the error
// interface; compare with errors.Is.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrUnknownFork: ForkConfig was given a fork name it does not know.
	ErrUnknownFork = ErrorKind("unknown fork")

	// ErrForkOrder: a configuration schedules a fork before one it builds
	// on, or schedules a fork while leaving an earlier mandatory one
	// unscheduled.
	ErrForkOrder = ErrorKind("unsupported fork ordering")

	// ErrMissingBlobConfig: Cancun is scheduled without a blob schedule
	// for it.
	ErrMissingBlobConfig = ErrorKind("missing blob configuration")
)

// Error is an error of a given kind with a description of the specific
// failure.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the kind's text followed by the description.
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Description
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Err }
