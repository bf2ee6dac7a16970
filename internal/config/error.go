package config

import "fmt"

// ErrorKind identifies a kind of configuration error; use errors.Is.
type ErrorKind string

// These constants are the kinds of *Error.
const (
	// ErrUnknownOption: an option name that twinchaind does not know
	// (command line only; the file only warns).
	ErrUnknownOption = ErrorKind("ErrUnknownOption")

	// ErrUnexpectedToken: a command-line token that is not an option.
	ErrUnexpectedToken = ErrorKind("ErrUnexpectedToken")

	// ErrInvalidValue: a value that cannot be parsed for its option, or that
	// is out of range (prune below 550, negative dbcache, ...).
	ErrInvalidValue = ErrorKind("ErrInvalidValue")

	// ErrChainConflict: more than one of -chain, -regtest, -testnet,
	// -testnet4, -signet selected.
	ErrChainConflict = ErrorKind("ErrChainConflict")

	// ErrUnknownChain: -chain names no known network.
	ErrUnknownChain = ErrorKind("ErrUnknownChain")

	// ErrConfSyntax: a configuration file line that cannot be parsed.
	ErrConfSyntax = ErrorKind("ErrConfSyntax")

	// ErrConfRead: a configuration file (or an includeconf) cannot be read.
	ErrConfRead = ErrorKind("ErrConfRead")

	// ErrDataDir: the specified data directory does not exist.
	ErrDataDir = ErrorKind("ErrDataDir")

	// ErrIncompatible: options that cannot be combined (prune with txindex,
	// includeconf on the command line, ...).
	ErrIncompatible = ErrorKind("ErrIncompatible")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// Error is a configuration error with a Core-style description.
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
