package chaincfg

import "fmt"

// ErrorKind identifies a kind of error returned by this package. It
// satisfies the error interface so callers can use errors.Is with the
// constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrUnknownNetwork: ByName was given a name that is not one of Core's
	// chain names ("main", "test", "testnet4", "signet", "regtest").
	ErrUnknownNetwork = ErrorKind("ErrUnknownNetwork")

	// ErrInvalidTestActivationHeight: ApplyTestActivationHeight was given a
	// value that is not name@height with a known name and a valid height.
	ErrInvalidTestActivationHeight = ErrorKind("ErrInvalidTestActivationHeight")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is an error of a given kind with a description.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrUnknownNetwork) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
