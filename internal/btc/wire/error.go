package wire

import "fmt"

// ErrorKind identifies a class of wire error. Every error this package returns
// matches exactly one kind with errors.Is.
type ErrorKind string

// Error kinds. The comment of each says whether the byte stream is still in
// step after ReadMessage returns it (the header's length was honoured and the
// payload consumed), which is what decides between dropping the message, as
// Core does, and disconnecting.
const (
	// ErrBadMagic: the message did not start with the network's magic bytes.
	// The stream is out of step; disconnect (Core: "Wrong MessageStart").
	ErrBadMagic = ErrorKind("ErrBadMagic")

	// ErrOversized: the header announced a payload above the limit
	// (MaxProtocolMessageLength by default). Nothing of the payload was read;
	// disconnect (Core: "Size too large").
	ErrOversized = ErrorKind("ErrOversized")

	// ErrBadCommand: the command field is not printable ASCII followed only
	// by NUL padding. The payload was consumed; Core drops such messages.
	ErrBadCommand = ErrorKind("ErrBadCommand")

	// ErrBadChecksum: the payload's SHA256d does not start with the header's
	// checksum. The payload was consumed; Core drops such messages.
	ErrBadChecksum = ErrorKind("ErrBadChecksum")

	// ErrUnknownCommand: a well-formed message with a command this package
	// does not know. The payload was consumed and its checksum verified;
	// Core ignores unknown messages, and so should a peer. The command is in
	// MessageError.Command.
	ErrUnknownCommand = ErrorKind("ErrUnknownCommand")

	// ErrMalformed: the payload does not decode as its command's message
	// (truncated, trailing bytes, non-canonical compact size, bad field).
	// The payload was consumed.
	ErrMalformed = ErrorKind("ErrMalformed")

	// ErrTooMany: a count in the payload exceeds the protocol limit for the
	// message (MaxInvSize, MaxAddrToSend, MaxHeadersResults, MaxLocatorSize,
	// ...). Core treats most of these as misbehaviour. The payload was
	// consumed.
	ErrTooMany = ErrorKind("ErrTooMany")
)

// Error implements error.
func (k ErrorKind) Error() string { return string(k) }

// MessageError describes a rejected message: its kind, the command it carried
// (when known) and what was wrong. errors.Is(err, kind) matches Kind, and
// errors.Is/As also see the underlying decoding error, if any.
type MessageError struct {
	Kind        ErrorKind
	Command     string
	Description string
	Err         error
}

// Error implements error.
func (e *MessageError) Error() string {
	s := string(e.Kind)
	if e.Command != "" {
		s += " (" + e.Command + ")"
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

func malformed(cmd, format string, args ...any) error {
	return &MessageError{Kind: ErrMalformed, Command: cmd, Description: fmt.Sprintf(format, args...)}
}

func tooMany(cmd, what string, n uint64, limit int) error {
	return &MessageError{Kind: ErrTooMany, Command: cmd,
		Description: fmt.Sprintf("%s count %d exceeds %d", what, n, limit)}
}

func wrapMalformed(cmd, what string, err error) error {
	return &MessageError{Kind: ErrMalformed, Command: cmd, Description: what, Err: err}
}
