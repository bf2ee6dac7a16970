package crypto

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// TapTweakHash returns the BIP341 tweak t = H_TapTweak(internal || merkleRoot).
// Pass a nil merkleRoot for a key-path-only output (no script tree).
//
// This function is safe for concurrent access.
func TapTweakHash(internal [32]byte, merkleRoot []byte) [32]byte {
	return chainhash.TagTapTweak.Sum(internal[:], merkleRoot)
}

// TweakXOnly computes the BIP341 output key Q = lift_x(internal) + t·G and
// returns its x coordinate and whether its y is odd. It fails with
// ErrInvalidPubKey when internal is not a valid x-only key, ErrTweakOutOfRange
// when t ≥ N, and ErrPointAtInfinity when Q is the point at infinity.
//
// This function is safe for concurrent access.
func TweakXOnly(internal [32]byte, tweak [32]byte) (output [32]byte, oddY bool, err error) {
	var q secp256k1.JacobianPoint
	if err := tweakPoint(&internal, &tweak, &q); err != nil {
		return output, false, err
	}
	q.X.PutBytes(&output)
	return output, q.Y.IsOdd(), nil
}

// CheckTapTweak reports whether output (with the given y parity) is the
// BIP341 tweak of internal by tweak, i.e. lift_x(internal) + tweak·G. This is
// the script-path commitment check (libsecp256k1's
// xonly_pubkey_tweak_add_check); any invalid input yields false.
//
// It runs in Go in both builds: one fixed-base multiplication here is
// faster than libsecp256k1 0.2.0's check, which runs a general one (the
// libsecp256k1 build still compares the two in its differential tests).
//
// This function is safe for concurrent access and does not allocate.
func CheckTapTweak(internal, output [32]byte, oddY bool, tweak [32]byte) bool {
	var q secp256k1.JacobianPoint
	if tweakPoint(&internal, &tweak, &q) != nil {
		return false
	}
	var x [32]byte
	q.X.PutBytes(&x)
	return x == output && q.Y.IsOdd() == oddY
}

// tweakPoint sets q to lift_x(internal) + tweak·G in affine coordinates.
func tweakPoint(internal, tweak *[32]byte, q *secp256k1.JacobianPoint) error {
	var px, py fe
	if !liftX64(internal[:], &px, &py, false) {
		return ErrInvalidPubKey
	}
	var t secp256k1.ModNScalar
	if t.SetBytes(tweak) != 0 {
		return ErrTweakOutOfRange
	}
	// P + t·G, t·G from the fixed-base comb table.
	acc := jacobian{x: px, y: py, z: feOne}
	acc.addMulBase(&t)
	if acc.inf {
		return ErrPointAtInfinity
	}
	feToFieldVal(&q.X, &acc.x)
	feToFieldVal(&q.Y, &acc.y)
	feToFieldVal(&q.Z, &acc.z)
	toAffineVarTime(q) // public inputs: the variable-time inversion is fine
	return nil
}

// TweakPrivKeyTaproot returns the private key for the BIP341 output key made
// from priv's public key and tweak: d' = (d or N-d, whichever gives an even-y
// public key) + t mod N. Sign key-path spends with SignSchnorr and the
// result. tweak is t itself (see TapTweakHash). Errors wrap
// ErrInvalidPrivKey, ErrTweakOutOfRange or ErrPointAtInfinity (d' = 0).
//
// This function is safe for concurrent access.
func TweakPrivKeyTaproot(priv *secp256k1.PrivateKey, tweak [32]byte) (*secp256k1.PrivateKey, error) {
	d := priv.Key
	if d.IsZero() {
		return nil, ErrInvalidPrivKey
	}
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&d, &p)
	p.ToAffine()
	if p.Y.IsOdd() {
		d.Negate()
	}
	var t secp256k1.ModNScalar
	if t.SetBytes(&tweak) != 0 {
		return nil, ErrTweakOutOfRange
	}
	d.Add(&t)
	if d.IsZero() {
		return nil, ErrPointAtInfinity
	}
	return secp256k1.NewPrivateKey(&d), nil
}
