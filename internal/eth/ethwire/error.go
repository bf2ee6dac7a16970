package ethwire

import "fmt"

// ErrorKind identifies a class of ethwire error. Every error this package
// returns matches exactly one kind with errors.Is.
type ErrorKind string

// Error kinds. The comment of each says whether the byte stream is still in
// step after ReadFrame returns it, which decides between dropping a message
// and disconnecting.
const (
	// ErrBadMagic: a frame did not start with Magic ("TCE1"). The stream is
	// out of step; disconnect.
	ErrBadMagic = ErrorKind("ErrBadMagic")

	// ErrOversized: a frame header announced a payload above the limit
	// (MaxMessageSize by default). Nothing of the payload was read;
	// disconnect.
	ErrOversized = ErrorKind("ErrOversized")

	// ErrBadChecksum: the payload's keccak256 does not start with the
	// frame's checksum. The payload was consumed, but a corrupted stream
	// means a broken peer; ethpeer disconnects.
	ErrBadChecksum = ErrorKind("ErrBadChecksum")

	// ErrUnknownCode: a well-framed message with a code this package does
	// not know. The payload was consumed; a peer ignores it.
	ErrUnknownCode = ErrorKind("ErrUnknownCode")

	// ErrMalformed: the payload does not decode as its code's message
	// (not canonical RLP, wrong shape, bad field, trailing bytes).
	ErrMalformed = ErrorKind("ErrMalformed")

	// ErrTooMany: a list in the payload holds more items than the message
	// allows (MaxHeaders, MaxBodies, MaxHashes, ...).
	ErrTooMany = ErrorKind("ErrTooMany")

	// ErrRemoteStale: EIP-2124 rule 2 failed: the remote fork id is a
	// subset of our past forks but announces the wrong next fork (the
	// remote needs a software update).
	ErrRemoteStale = ErrorKind("remote needs update")

	// ErrLocalIncompatibleOrStale: EIP-2124 rule 4: the remote fork id
	// matches none of our fork states, or announces a fork we passed
	// without knowing it (different chain, or we need an update).
	ErrLocalIncompatibleOrStale = ErrorKind("local incompatible or needs update")
)

// Error implements error.
func (k ErrorKind) Error() string { return string(k) }

// MessageError describes a rejected frame or message: its kind, the message
// code (when known) and what was wrong. errors.Is(err, kind) matches Kind;
// errors.Is/As also see the underlying error (an rlp or ethtypes error).
type MessageError struct {
	Kind        ErrorKind
	Code        Code
	HasCode     bool
	Description string
	Err         error
}

// Error implements error.
func (e *MessageError) Error() string {
	s := string(e.Kind)
	if e.HasCode {
		s += " (" + e.Code.String() + ")"
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the kind and the underlying error.
func (e *MessageError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func malformed(code Code, err error, format string, args ...any) *MessageError {
	return &MessageError{Kind: ErrMalformed, Code: code, HasCode: true, Description: fmt.Sprintf(format, args...), Err: err}
}

func tooMany(code Code, what string, n, limit int) *MessageError {
	return &MessageError{Kind: ErrTooMany, Code: code, HasCode: true,
		Description: fmt.Sprintf("%d %s exceed the limit of %d", n, what, limit)}
}
