package address

import "fmt"

// ErrorKind identifies a kind of address or key error. It satisfies the
// error interface so callers can use errors.Is with the constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrInvalidFormat: the text is neither Base58 nor Bech32 (bad
	// characters, missing separator, empty data part, ...).
	ErrInvalidFormat = ErrorKind("ErrInvalidFormat")

	// ErrMixedCase: a Bech32 string mixes upper and lower case.
	ErrMixedCase = ErrorKind("ErrMixedCase")

	// ErrInvalidChecksum: the Base58Check or Bech32/Bech32m checksum does
	// not match.
	ErrInvalidChecksum = ErrorKind("ErrInvalidChecksum")

	// ErrWrongChecksumVariant: a segwit address whose checksum variant does
	// not fit its version (BIP350: version 0 uses Bech32, versions 1..16
	// Bech32m).
	ErrWrongChecksumVariant = ErrorKind("ErrWrongChecksumVariant")

	// ErrInvalidLength: the payload, witness program or string has a size
	// the format does not allow (Base58 payload not 21 bytes, v0 program
	// not 20 or 32 bytes, other programs outside 2..40, over 90 Bech32
	// characters, WIF payload not 33 or 34 bytes).
	ErrInvalidLength = ErrorKind("ErrInvalidLength")

	// ErrInvalidPadding: the Bech32 data part has non-zero or over-long
	// padding bits.
	ErrInvalidPadding = ErrorKind("ErrInvalidPadding")

	// ErrInvalidWitnessVersion: a segwit version above 16.
	ErrInvalidWitnessVersion = ErrorKind("ErrInvalidWitnessVersion")

	// ErrWrongNetwork: the version byte or HRP belongs to another Bitcoin
	// network than the one asked for.
	ErrWrongNetwork = ErrorKind("ErrWrongNetwork")

	// ErrUnknownPrefix: the version byte or HRP belongs to no Bitcoin
	// network this package knows.
	ErrUnknownPrefix = ErrorKind("ErrUnknownPrefix")

	// ErrUnsupportedScript: FromScriptPubKey was given a script that is not
	// an address template (bare public key, multisig, OP_RETURN, v0 program
	// of another size, ...).
	ErrUnsupportedScript = ErrorKind("ErrUnsupportedScript")

	// ErrInvalidPubKey: a constructor was given a public key it cannot use
	// (P2WPKH requires a valid 33-byte compressed key).
	ErrInvalidPubKey = ErrorKind("ErrInvalidPubKey")

	// ErrInvalidPrivKey: a WIF key that is zero or not below the group
	// order, or a bad compression flag byte.
	ErrInvalidPrivKey = ErrorKind("ErrInvalidPrivKey")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is an address error: a kind and a human-readable description.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrWrongNetwork) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
