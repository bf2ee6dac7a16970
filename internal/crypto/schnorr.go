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
	var px, py fe
	if !liftX64(pubkey32[:], &px, &py, false) {
		return false
	}
	var r fe
	feSetBytes(&r, (*[32]byte)(sig64[:32]))
	if !feLess(&r, &feP) {
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

	var rp jacobian
	mulBaseAdd64(&s, &e, &px, &py, &rp)
	if rp.inf {
		return false
	}
	// x(R) = X/Z² must equal r: check X == r·Z² first, which needs no
	// inversion, then invert for the parity of y = Y/Z³.
	var z2, t fe
	feSqr(&z2, &rp.z)
	feMul(&t, &r, &z2)
	if !feEqual(&t, &rp.x) {
		return false
	}
	var zf, zinv secp256k1.FieldVal
	feToFieldVal(&zf, &rp.z)
	fieldInverseVarTime(&zinv, &zf)
	var zi, zi3, y fe
	feFromFieldVal(&zi, &zinv)
	feSqr(&zi3, &zi)
	feMul(&zi3, &zi3, &zi)
	feMul(&y, &rp.y, &zi3)
	return !feIsOdd(&y)
}

// SignSchnorr signs msg (any length) with priv following the BIP340 default
// signing algorithm, with aux as the auxiliary randomness (all zero is
// allowed, and is deterministic). The signature is verified before it is
// returned. Errors wrap ErrInvalidPrivKey or ErrSignFailed.
//
// This function is safe for concurrent access.
func SignSchnorr(priv *secp256k1.PrivateKey, msg []byte, aux [32]byte) ([SchnorrSigLen]byte, error) {
	k, err := NewSchnorrKey(priv)
	if err != nil {
		return [SchnorrSigLen]byte{}, err
	}
	return k.Sign(msg, aux)
}

// SchnorrKey is a private key prepared for BIP340 signing: the secret
// negated when its public key has an odd y, and the x-only public key, both
// computed once so that each signature costs one point multiplication.
//
// A SchnorrKey is immutable and safe for concurrent use.
type SchnorrKey struct {
	d   secp256k1.ModNScalar
	pub [32]byte
}

// NewSchnorrKey prepares priv for BIP340 signing.
//
// This function is safe for concurrent access.
func NewSchnorrKey(priv *secp256k1.PrivateKey) (*SchnorrKey, error) {
	k := &SchnorrKey{d: priv.Key}
	if k.d.IsZero() {
		return nil, ErrInvalidPrivKey
	}
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k.d, &p)
	p.ToAffine()
	if p.Y.IsOdd() {
		k.d.Negate()
	}
	p.X.PutBytes(&k.pub)
	return k, nil
}

// PubKey returns the x-only public key.
func (k *SchnorrKey) PubKey() [32]byte { return k.pub }

// Sign signs msg (any length) with BIP340's default signing algorithm and the
// auxiliary randomness aux, then verifies the result, as BIP340 recommends
// against fault attacks.
//
// This function is safe for concurrent access.
func (k *SchnorrKey) Sign(msg []byte, aux [32]byte) ([SchnorrSigLen]byte, error) {
	sig, err := k.SignUnverified(msg, aux)
	if err != nil {
		return sig, err
	}
	if !VerifySchnorr(k.pub[:], msg, sig[:]) {
		return [SchnorrSigLen]byte{}, ErrSignFailed
	}
	return sig, nil
}

// SignUnverified is Sign without the final verification, for bulk signing
// of data that is verified elsewhere (test-chain generators). Wallets use
// Sign.
//
// This function is safe for concurrent access.
func (k *SchnorrKey) SignUnverified(msg []byte, aux [32]byte) ([SchnorrSigLen]byte, error) {
	var sig [SchnorrSigLen]byte
	// t = bytes(d) xor H_aux(a); k' = H_nonce(t || P || m) mod N.
	t := k.d.Bytes()
	ah := chainhash.TagBIP340Aux.Sum(aux[:])
	for i := range t {
		t[i] ^= ah[i]
	}
	nh := chainhash.TagBIP340Nonce.Sum(t[:], k.pub[:], msg)
	var nonce secp256k1.ModNScalar
	nonce.SetBytes((*[32]byte)(&nh))
	if nonce.IsZero() {
		return sig, ErrSignFailed
	}
	var r secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&nonce, &r)
	r.ToAffine()
	if r.Y.IsOdd() {
		nonce.Negate()
	}
	r.X.PutBytesUnchecked(sig[:32])

	// e = H_challenge(R || P || m) mod N; s = k + e·d.
	eh := chainhash.TagBIP340Challenge.Sum(sig[:32], k.pub[:], msg)
	var e secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(&eh))
	e.Mul(&k.d).Add(&nonce)
	e.PutBytesUnchecked(sig[32:])
	return sig, nil
}
