package crypto

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Public key encoding sizes.
const (
	// PubKeyBytesLenCompressed is the size of a compressed public key.
	PubKeyBytesLenCompressed = 33
	// PubKeyBytesLenUncompressed is the size of an uncompressed or hybrid
	// public key.
	PubKeyBytesLenUncompressed = 65
	// XOnlyPubKeyLen is the size of a BIP340 x-only public key.
	XOnlyPubKeyLen = 32
)

// ParsePubKey parses a serialized secp256k1 public key, accepting exactly the
// encodings libsecp256k1's ec_pubkey_parse accepts (and hence what Bitcoin
// Core's CPubKey verification accepts):
//
//   - 33 bytes, prefix 0x02 (even y) or 0x03 (odd y), x below the field prime
//     and on the curve;
//   - 65 bytes, prefix 0x04, x and y below the field prime, on the curve;
//   - 65 bytes, "hybrid" prefix 0x06 (y even) or 0x07 (y odd), as 0x04 and
//     with the y parity matching the prefix.
//
// Anything else (other sizes or prefixes, off-curve points) returns an error
// wrapping ErrInvalidPubKey.
//
// The parse runs in pure Go, or in libsecp256k1 when built with the
// libsecp256k1 tag (see the package documentation); both accept the same
// keys, though the wording of the wrapped reason differs.
//
// This function is safe for concurrent access.
func ParsePubKey(b []byte) (*secp256k1.PublicKey, error) {
	switch len(b) {
	case PubKeyBytesLenCompressed:
		if b[0] != 0x02 && b[0] != 0x03 {
			return nil, fmt.Errorf("%w: prefix %#02x for a 33-byte key", ErrInvalidPubKey, b[0])
		}
	case PubKeyBytesLenUncompressed:
		if b[0] != 0x04 && b[0] != 0x06 && b[0] != 0x07 {
			return nil, fmt.Errorf("%w: prefix %#02x for a 65-byte key", ErrInvalidPubKey, b[0])
		}
	default:
		return nil, fmt.Errorf("%w: length %d", ErrInvalidPubKey, len(b))
	}
	pk, err := parsePubKeyBackend(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPubKey, err)
	}
	return pk, nil
}

// parsePubKeyPure is the pure-Go parse behind ParsePubKey (decred's, which
// accepts the same encodings as libsecp256k1 once the size and prefix are
// checked).
//
// Compressed keys, the common case, are decompressed here with the 64-bit
// field's square root (several times faster than decred's).
func parsePubKeyPure(b []byte) (*secp256k1.PublicKey, error) {
	if len(b) != PubKeyBytesLenCompressed || (b[0] != 0x02 && b[0] != 0x03) {
		return secp256k1.ParsePubKey(b)
	}
	var x, y fe
	if !liftX64(b[1:], &x, &y, b[0] == 0x03) {
		return nil, errNotOnCurve
	}
	var fx, fy secp256k1.FieldVal
	feToFieldVal(&fx, &x)
	feToFieldVal(&fy, &y)
	return secp256k1.NewPublicKey(&fx, &fy), nil
}

// errNotOnCurve is the reason parsePubKeyPure gives for a compressed key
// whose x coordinate is not below the field prime or not on the curve.
var errNotOnCurve = errors.New("x coordinate is not on the secp256k1 curve")

// ParseXOnlyPubKey parses a 32-byte BIP340 x-only public key: the point with
// that x coordinate and even y (lift_x). The x coordinate must be below the
// field prime and on the curve; otherwise the error wraps ErrInvalidPubKey.
//
// This function is safe for concurrent access.
func ParseXOnlyPubKey(b []byte) (*secp256k1.PublicKey, error) {
	if len(b) != XOnlyPubKeyLen {
		return nil, fmt.Errorf("%w: x-only key length %d", ErrInvalidPubKey, len(b))
	}
	var x, y secp256k1.FieldVal
	if !liftX(b, &x, &y) {
		return nil, fmt.Errorf("%w: x-only key not on the curve", ErrInvalidPubKey)
	}
	return secp256k1.NewPublicKey(&x, &y), nil
}

// SerializeXOnly returns the 32-byte x coordinate of pub (its BIP340 x-only
// encoding; the parity of y is dropped).
//
// This function is safe for concurrent access.
func SerializeXOnly(pub *secp256k1.PublicKey) [32]byte {
	var j secp256k1.JacobianPoint
	pub.AsJacobian(&j)
	var out [32]byte
	j.X.PutBytes(&out)
	return out
}

// liftX sets (x, y) to the curve point with x coordinate b (32 bytes) and
// even y, reporting false when b is not below the field prime or no such
// point exists. Both outputs are normalized on success.
func liftX(b []byte, x, y *secp256k1.FieldVal) bool {
	var x64, y64 fe
	if !liftX64(b, &x64, &y64, false) {
		return false
	}
	feToFieldVal(x, &x64)
	feToFieldVal(y, &y64)
	return true
}

// liftX64 sets (x, y) to the curve point with x coordinate b (32 bytes) and
// a y of the given parity, reporting false when b is not below the field
// prime or no such point exists. Both outputs are canonical on success.
func liftX64(b []byte, x, y *fe, odd bool) bool {
	feSetBytes(x, (*[32]byte)(b))
	if !feLess(x, &feP) {
		return false
	}
	return feDecompressY(y, x, odd)
}
