package crypto

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// SchnorrSigLen is the size of a BIP340 signature.
const SchnorrSigLen = 64

// VerifySchnorr reports whether sig64 is a valid BIP340 signature of msg
// (any length, including empty) under the 32-byte x-only public key
// pubkey32. It fails for wrongly sized inputs, a public key that is not a
// curve x coordinate, r not below the field prime or s not below the group
// order.
//
// The curve arithmetic runs in pure Go, or in libsecp256k1 when built with
// the libsecp256k1 tag (see the package documentation); both give the same
// answers.
//
// This function is safe for concurrent access.
func VerifySchnorr(pubkey32, msg, sig64 []byte) bool {
	if len(pubkey32) != XOnlyPubKeyLen || len(sig64) != SchnorrSigLen {
		return false
	}
	return verifySchnorrBackend((*[32]byte)(pubkey32), msg, (*[64]byte)(sig64))
}

// verifySchnorrPure is the pure-Go BIP340 verification behind
// VerifySchnorr.
func verifySchnorrPure(pubkey32 *[32]byte, msg []byte, sig64 *[64]byte) bool {
	var px, py secp256k1.FieldVal
	if !liftX(pubkey32[:], &px, &py) {
		return false
	}
	var r secp256k1.FieldVal
	if r.SetByteSlice(sig64[:32]) {
		return false
	}
	var s secp256k1.ModNScalar
	if s.SetByteSlice(sig64[32:]) {
		return false
	}

	// e = H_challenge(r || P || m) mod N; R = s·G - e·P.
	h := chainhash.TagBIP340Challenge.Sum(sig64[:32], pubkey32[:], msg)
	var e secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(&h))
	e.Negate()

	var p, rp secp256k1.JacobianPoint
	p.X.Set(&px)
	p.Y.Set(&py)
	p.Z.SetInt(1)
	mulBaseAddNonConst(&s, &e, &p, &rp)
	if rp.Z.IsZero() {
		return false
	}
	// x(R) = X/Z² must equal r: check X == r·Z² first, which needs no
	// inversion, then invert for the parity of y = Y/Z³.
	var z2, t secp256k1.FieldVal
	z2.SquareVal(&rp.Z)
	if !t.Mul2(&r, &z2).Normalize().Equals(&rp.X) {
		return false
	}
	toAffineVarTime(&rp)
	return !rp.Y.IsOdd()
}

// SignSchnorr signs msg (any length) with priv following the BIP340 default
// signing algorithm, with aux as the auxiliary randomness (all zero is
// allowed, and is deterministic). The signature is verified before it is
// returned. Errors wrap ErrInvalidPrivKey or ErrSignFailed.
//
// This function is safe for concurrent access.
func SignSchnorr(priv *secp256k1.PrivateKey, msg []byte, aux [32]byte) ([SchnorrSigLen]byte, error) {
	var sig [SchnorrSigLen]byte
	d := priv.Key
	if d.IsZero() {
		return sig, ErrInvalidPrivKey
	}
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&d, &p)
	p.ToAffine()
	if p.Y.IsOdd() {
		d.Negate()
	}
	var pBytes [32]byte
	p.X.PutBytes(&pBytes)

	// t = bytes(d) xor H_aux(a); k' = H_nonce(t || P || m) mod N.
	t := d.Bytes()
	ah := chainhash.TagBIP340Aux.Sum(aux[:])
	for i := range t {
		t[i] ^= ah[i]
	}
	nh := chainhash.TagBIP340Nonce.Sum(t[:], pBytes[:], msg)
	var k secp256k1.ModNScalar
	k.SetBytes((*[32]byte)(&nh))
	if k.IsZero() {
		return sig, ErrSignFailed
	}
	var r secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k, &r)
	r.ToAffine()
	if r.Y.IsOdd() {
		k.Negate()
	}
	r.X.PutBytesUnchecked(sig[:32])

	eh := chainhash.TagBIP340Challenge.Sum(sig[:32], pBytes[:], msg)
	var e secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(&eh))
	s := e.Mul(&d).Add(&k)
	s.PutBytesUnchecked(sig[32:])

	if !VerifySchnorr(pBytes[:], msg, sig[:]) {
		return [SchnorrSigLen]byte{}, ErrSignFailed
	}
	return sig, nil
}
