package descriptor

import "fmt"

// ErrorKind identifies a kind of descriptor error. It satisfies the error
// interface so callers can use errors.Is with the constants below.
type ErrorKind string

// Error kinds. The Description of an Error carries Bitcoin Core's message
// (getdescriptorinfo, deriveaddresses and importdescriptors print it).
const (
	// ErrInvalidDescriptor: the text does not parse as a descriptor
	// (unknown function, bad key, context rule broken, ...). RPC code -5.
	ErrInvalidDescriptor = ErrorKind("ErrInvalidDescriptor")

	// ErrInvalidChecksum: a "#checksum" that is malformed or does not
	// match, a missing checksum where one is required, or characters
	// outside the descriptor character set. RPC code -5.
	ErrInvalidChecksum = ErrorKind("ErrInvalidChecksum")

	// ErrCannotDerive: Expand needs a private key it does not have
	// (hardened derivation below an xpub), or BIP32 derivation hit an
	// invalid child. RPC code -5 ("Cannot derive script without private
	// keys").
	ErrCannotDerive = ErrorKind("ErrCannotDerive")

	// ErrNoAddress: the script has no address form (bare multisig, P2PK,
	// raw scripts that are not standard outputs). RPC code -5.
	ErrNoAddress = ErrorKind("ErrNoAddress")

	// ErrInvalidRange: a derivation range Core rejects (negative, begin
	// after end, too large, given for an unranged descriptor or missing
	// for a ranged one). RPC code -8.
	ErrInvalidRange = ErrorKind("ErrInvalidRange")

	// ErrNoPrivateKeys: PrivateString was asked of a descriptor without
	// any private key.
	ErrNoPrivateKeys = ErrorKind("ErrNoPrivateKeys")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is a descriptor error: a kind and Bitcoin Core's message.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrInvalidDescriptor) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}

// parseError is an ErrInvalidDescriptor error with Core's message.
func parseError(format string, args ...any) error {
	return makeError(ErrInvalidDescriptor, format, args...)
}

// prefixError prefixes the description of a parse error (Core's "pk(): "...).
func prefixError(prefix string, err error) error {
	if e, ok := err.(Error); ok {
		return Error{Err: e.Err, Description: prefix + e.Description}
	}
	return err
}
