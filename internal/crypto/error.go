package crypto

import "errors"

// Sentinel errors returned by this package. Returned errors may wrap these
// with more detail; compare with errors.Is.
var (
	// ErrInvalidPubKey: a public key encoding that libsecp256k1 would not
	// parse (wrong size or prefix, coordinate not below the field prime,
	// point not on the curve, hybrid parity mismatch).
	ErrInvalidPubKey = errors.New("invalid public key")

	// ErrInvalidSignature: a signature that is malformed (wrong size) or
	// whose values are out of range.
	ErrInvalidSignature = errors.New("invalid signature")

	// ErrInvalidHashLength: a message hash that is not 32 bytes where one is
	// required (ECDSA signing, recovery).
	ErrInvalidHashLength = errors.New("hash must be 32 bytes")

	// ErrInvalidRecoveryID: a recoverable signature whose v byte is not in
	// [0, 3].
	ErrInvalidRecoveryID = errors.New("invalid recovery id")

	// ErrRecoveryFailed: no public key could be recovered from a
	// signature (for example R is not the x coordinate of a curve point).
	ErrRecoveryFailed = errors.New("public key recovery failed")

	// ErrInvalidPrivKey: a private key that is zero or not below the group
	// order.
	ErrInvalidPrivKey = errors.New("invalid private key")

	// ErrTweakOutOfRange: a BIP341 tweak that is not below the group order.
	ErrTweakOutOfRange = errors.New("tweak is not below the group order")

	// ErrPointAtInfinity: a tweak (or key) that produces the point at
	// infinity or a zero private key.
	ErrPointAtInfinity = errors.New("result is the point at infinity")

	// ErrSignFailed: BIP340 signing produced a zero nonce or a signature
	// that does not verify (which indicates a fault).
	ErrSignFailed = errors.New("signing failed")
)
