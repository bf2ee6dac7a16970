package crypto

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// RecoverableSigLen is the size of an Ethereum-style recoverable signature:
// R (32) || S (32) || V (1).
const RecoverableSigLen = 65

// compactMagic is the offset decred's compact signatures add to the recovery
// id (the Bitcoin signed-message convention, 27).
const compactMagic = 27

// halfOrder is N/2 as bytes; ValidateSignatureValues compares S to it.
var halfOrder = [32]byte{
	0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d,
	0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
}

// SignRecoverable signs the 32-byte hash with priv (RFC6979 nonce, low S)
// and returns R || S || V, where V is the recovery id (0 or 1; 2 or 3 only
// in the astronomically unlikely case that the nonce point's x overflowed
// the group order). This is the layout Ethereum transactions and
// eth_sign use before any chain-specific offset is added to V.
//
// This function is safe for concurrent access.
func SignRecoverable(priv *secp256k1.PrivateKey, hash []byte) ([RecoverableSigLen]byte, error) {
	var out [RecoverableSigLen]byte
	if len(hash) != 32 {
		return out, ErrInvalidHashLength
	}
	c := ecdsa.SignCompact(priv, hash, false)
	copy(out[:64], c[1:])
	out[64] = c[0] - compactMagic
	return out, nil
}

// RecoverPubKey returns the public key that produced sig65 (R || S || V,
// V in [0, 3]) over the 32-byte hash. R and S must be in [1, N-1]; high S is
// accepted (apply ValidateSignatureValues first where the Homestead low-S
// rule holds). Errors wrap ErrInvalidHashLength, ErrInvalidSignature,
// ErrInvalidRecoveryID or ErrRecoveryFailed.
//
// The curve arithmetic runs in pure Go, or in libsecp256k1 when built with
// the libsecp256k1 tag (see the package documentation); both give the same
// answers.
//
// This function is safe for concurrent access.
func RecoverPubKey(hash []byte, sig65 []byte) (*secp256k1.PublicKey, error) {
	if len(hash) != 32 {
		return nil, ErrInvalidHashLength
	}
	if len(sig65) != RecoverableSigLen {
		return nil, fmt.Errorf("%w: length %d, want %d", ErrInvalidSignature, len(sig65), RecoverableSigLen)
	}
	v := sig65[64]
	if v > 3 {
		return nil, fmt.Errorf("%w: %d", ErrInvalidRecoveryID, v)
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(sig65[:32]) || r.IsZero() || s.SetByteSlice(sig65[32:64]) || s.IsZero() {
		return nil, fmt.Errorf("%w: R or S out of range", ErrInvalidSignature)
	}
	pub, err := recoverBackend((*[32]byte)(hash), (*[64]byte)(sig65[:64]), v)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRecoveryFailed, err)
	}
	return pub, nil
}

// recoverPure is the pure-Go public-key recovery behind RecoverPubKey. The
// caller has checked that R and S are in [1, N-1] and v is in [0, 3].
//
// The nonce point is R = (r, or r + N when v has bit 1 set; y odd when v
// has bit 0 set), and the key is Q = r⁻¹·(s·R - e·G)
// = (-e·r⁻¹)·G + (s·r⁻¹)·R, one combined multiplication.
func recoverPure(hash *[32]byte, sig64 *[64]byte, v byte) (*secp256k1.PublicKey, error) {
	var r, s secp256k1.ModNScalar
	r.SetByteSlice(sig64[:32])
	s.SetByteSlice(sig64[32:])

	var R secp256k1.JacobianPoint
	R.X.SetByteSlice(sig64[:32]) // r < N < P: no overflow
	if v&2 != 0 {
		if R.X.IsGtOrEqPrimeMinusOrder() {
			return nil, errRecoverOverflow
		}
		R.X.Add(&orderAsField).Normalize()
	}
	// The square root in the 4x64 field (about twice as fast as the
	// library's).
	var rx, ry fe
	feFromFieldVal(&rx, &R.X)
	if !feDecompressY(&ry, &rx, v&1 == 1) {
		return nil, errRecoverNotOnCurve
	}
	feToFieldVal(&R.Y, &ry)
	R.Z.SetInt(1)

	var e, w, u1, u2 secp256k1.ModNScalar
	e.SetBytes(hash)
	scalarInverseVarTime(&w, &r)
	u1.Mul2(&e, &w).Negate()
	u2.Mul2(&s, &w)
	var q secp256k1.JacobianPoint
	mulBaseAddNonConst(&u1, &u2, &R, &q)
	if q.Z.IsZero() {
		return nil, errRecoverInfinity
	}
	toAffineVarTime(&q)
	return secp256k1.NewPublicKey(&q.X, &q.Y), nil
}

// Reasons recoverPure gives, wrapped in ErrRecoveryFailed.
var (
	errRecoverOverflow   = errors.New("recovery id needs R + N, which is not below the field prime")
	errRecoverNotOnCurve = errors.New("r (or r + N) is not the x coordinate of a curve point")
	errRecoverInfinity   = errors.New("the recovered key is the point at infinity")
)

// ValidateSignatureValues applies Ethereum's range rules to a signature's
// components: v must be 0 or 1, R and S in [1, N-1], and, when homestead is
// set (EIP-2, every transaction since Homestead), S at most N/2. r and s are
// big-endian integers of at most 32 bytes (leading zeros allowed); longer
// values are rejected.
//
// This function is safe for concurrent access and does not allocate.
func ValidateSignatureValues(v byte, r, s []byte, homestead bool) bool {
	if v > 1 || len(r) > 32 || len(s) > 32 {
		return false
	}
	var rs, ss secp256k1.ModNScalar
	if rs.SetByteSlice(r) || rs.IsZero() || ss.SetByteSlice(s) || ss.IsZero() {
		return false
	}
	if homestead {
		var sb [32]byte
		copy(sb[32-len(s):], s)
		if cmp32(&sb, &halfOrder) > 0 {
			return false
		}
	}
	return true
}

// cmp32 compares two 32-byte big-endian integers.
func cmp32(a, b *[32]byte) int {
	for i := range 32 {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
