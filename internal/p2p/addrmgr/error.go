package addrmgr

import "fmt"

// ErrorKind identifies a kind of address-manager error; use errors.Is.
type ErrorKind string

// These constants are the kinds of *Error.
const (
	// ErrInvalidAddr: an address has an unknown network id or a length that
	// does not match its BIP155 network (Core's "BIP155 ... address with
	// length ... (should be ...)").
	ErrInvalidAddr = ErrorKind("ErrInvalidAddr")

	// ErrWrongMagic: a peers.dat file starts with another network's magic
	// (Core's "Invalid network magic number").
	ErrWrongMagic = ErrorKind("ErrWrongMagic")

	// ErrChecksum: the SHA256d checksum at the end of peers.dat does not
	// match its contents (Core's "Checksum mismatch, data corrupted").
	ErrChecksum = ErrorKind("ErrChecksum")

	// ErrTruncated: peers.dat ends before a field it announces.
	ErrTruncated = ErrorKind("ErrTruncated")

	// ErrUnsupportedVersion: peers.dat uses a format this package does not
	// read (older than BIP155 format 3, or a newer incompatible format).
	ErrUnsupportedVersion = ErrorKind("ErrUnsupportedVersion")

	// ErrCorrupt: peers.dat is structurally impossible (counts out of
	// range, too large, an oversized bucket).
	ErrCorrupt = ErrorKind("ErrCorrupt")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// Error is an address-manager error with a description.
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
