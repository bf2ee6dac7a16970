package hdkeychain

import "fmt"

// ErrorKind identifies a kind of extended-key, path or mnemonic error. It
// satisfies the error interface so callers can use errors.Is with the
// constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrInvalidSeedLen: a master seed shorter than 16 or longer than 64
	// bytes (BIP32 allows 128 to 512 bits).
	ErrInvalidSeedLen = ErrorKind("ErrInvalidSeedLen")

	// ErrUnusableSeed: the seed gives a master secret of zero or not below
	// the group order (probability about 2^-127); use another seed.
	ErrUnusableSeed = ErrorKind("ErrUnusableSeed")

	// ErrInvalidChild: the child at this index is invalid (its tweak is not
	// below the group order, or the result is zero or the point at
	// infinity; probability about 2^-127). BIP32 says to skip to the next
	// index.
	ErrInvalidChild = ErrorKind("ErrInvalidChild")

	// ErrDeriveHardFromPublic: a hardened child was asked of a public
	// extended key.
	ErrDeriveHardFromPublic = ErrorKind("ErrDeriveHardFromPublic")

	// ErrDeriveBeyondMaxDepth: a child was asked of a key at depth 255.
	ErrDeriveBeyondMaxDepth = ErrorKind("ErrDeriveBeyondMaxDepth")

	// ErrNotPrivate: a private key was asked of a public extended key.
	ErrNotPrivate = ErrorKind("ErrNotPrivate")

	// ErrInvalidKeyLen: a serialized extended key that does not decode to
	// 82 bytes (78 bytes of payload and a 4-byte checksum), or that is not
	// valid Base58.
	ErrInvalidKeyLen = ErrorKind("ErrInvalidKeyLen")

	// ErrBadChecksum: the Base58Check checksum of an extended key does not
	// match.
	ErrBadChecksum = ErrorKind("ErrBadChecksum")

	// ErrUnknownVersion: the version bytes are none of xprv, xpub, tprv,
	// tpub.
	ErrUnknownVersion = ErrorKind("ErrUnknownVersion")

	// ErrInvalidKeyData: the 33-byte key field does not fit the version (a
	// private version without the 0x00 prefix or with a secret that is zero
	// or not below the group order; a public version with a prefix other
	// than 0x02/0x03 or a point not on the curve).
	ErrInvalidKeyData = ErrorKind("ErrInvalidKeyData")

	// ErrInvalidDepth: a depth-0 key with a non-zero parent fingerprint or
	// child number.
	ErrInvalidDepth = ErrorKind("ErrInvalidDepth")

	// ErrInvalidPath: a derivation path that does not parse (empty
	// element, non-digit, index of 2^31 or more, misplaced "m").
	ErrInvalidPath = ErrorKind("ErrInvalidPath")

	// ErrInvalidEntropy: BIP39 entropy that is not 16, 20, 24, 28 or 32
	// bytes.
	ErrInvalidEntropy = ErrorKind("ErrInvalidEntropy")

	// ErrInvalidMnemonic: a BIP39 sentence with a word count other than
	// 12, 15, 18, 21 or 24, a word not in the English list, or a wrong
	// checksum.
	ErrInvalidMnemonic = ErrorKind("ErrInvalidMnemonic")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is an hdkeychain error: a kind and a human-readable description.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrInvalidChild) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
