package btcjson

import "fmt"

// ErrorKind identifies a kind of error returned by this package. It
// satisfies the error interface so callers can use errors.Is with the
// constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrInvalidHex: the input is not an even-length string of hex digits.
	ErrInvalidHex = ErrorKind("ErrInvalidHex")

	// ErrTxDecode: the bytes are not one complete transaction in either the
	// extended (segwit) or the legacy serialization. Core reports this as
	// "TX decode failed".
	ErrTxDecode = ErrorKind("ErrTxDecode")

	// ErrBlockDecode: the bytes are not one complete block. Core reports
	// this as "Block decode failed".
	ErrBlockDecode = ErrorKind("ErrBlockDecode")
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

// Unwrap returns the kind, so errors.Is(err, ErrTxDecode) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
