package ethtests

// ErrorKind identifies a kind of runner error. It satisfies the error
// interface; compare with errors.Is.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// ErrInvalidTestFile: a file is not GeneralStateTests JSON (the error also
// wraps the JSON decoder's error).
const ErrInvalidTestFile = ErrorKind("invalid state test file")

// fileError is the error of a file that cannot be parsed.
type fileError struct {
	path  string
	cause error
}

func (e *fileError) Error() string {
	return e.path + ": " + ErrInvalidTestFile.Error() + ": " + e.cause.Error()
}

func (e *fileError) Unwrap() []error { return []error{ErrInvalidTestFile, e.cause} }
