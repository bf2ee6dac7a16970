package chaingen

import "fmt"

// ErrorKind identifies a kind of generator failure.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrBadConfig: a Config field is out of range (negative counts, a
	// fork deeper than the chain, ...).
	ErrBadConfig = ErrorKind("chaingen: invalid configuration")
	// ErrUnsupportedParams: the network parameters are not regtest-like
	// (the generator grinds proof of work at the minimum difficulty, so it
	// needs a network without retargeting, with segwit active from
	// height 1).
	ErrUnsupportedParams = ErrorKind("chaingen: unsupported network parameters")
	// ErrBadSpend: a signing request does not fit the transaction or the
	// destination (wrong lengths, an unknown path, a hash type the
	// signature hash rejects).
	ErrBadSpend = ErrorKind("chaingen: cannot sign input")
	// ErrNoFunds: the generator ran out of spendable outputs for the
	// transactions it was asked to build.
	ErrNoFunds = ErrorKind("chaingen: no spendable outputs")
)

// Error is a generator failure: a kind and a description of the case.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrBadConfig) works.
func (e *Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: string(kind) + ": " + fmt.Sprintf(format, args...)}
}
