package crypto

import (
	"encoding/binary"
	"math/bits"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Variable-time modular inversion for verification (public data only).
// decred inverts field elements by exponentiation (about 270 field
// operations) and scalars through math/big (which allocates); Kaliski's
// binary "almost inverse" on 64-bit limbs is faster than the first and
// allocation-free, unlike the second.
//
// almostInverse returns x and k with x·a ≡ 2^k (mod m), where Kaliski's
// analysis bounds k between the bit lengths of m and of m·a (256 ≤ k ≤ 512
// here); the callers multiply by 2^(512-k) and by the constant 2^-512 to
// finish.

// u256 is a 256-bit unsigned integer, little-endian 64-bit limbs.
type u256 [4]uint64

// Moduli and 2^-512 modulo each, for the final correction.
var (
	fieldPrime = u256{0xfffffffefffffc2f, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff}
	groupOrder = u256{0xbfd25e8cd0364141, 0xbaaedce6af48a03b, 0xfffffffffffffffe, 0xffffffffffffffff}

	fieldInv2Pow512  = fieldFromHex("35c23d449f7146209606e13d0c0528c7b64215332a7f3bb9ac91b0be0a7244f9")
	scalarInv2Pow512 = scalarFromHex("adb3caec2a8828a3bed86f35bed8fcafd6e01db31a0a5f7f739c441c043b612f")
)

// almostInverse implements Kaliski's algorithm for odd m and 0 < a < m
// with gcd(a, m) = 1. Invariant: m = u·s + v·r, so r and s stay below 2m
// (257 bits: the fifth limb).
func almostInverse(a, m *u256) (x u256, k int) {
	u, v := *m, *a
	var r, s [5]uint64
	s[0] = 1
	for !v.isZero() {
		switch {
		case u[0]&1 == 0:
			t := shiftOutZeros(&u)
			shl5(&s, t)
			k += t
		case v[0]&1 == 0:
			t := shiftOutZeros(&v)
			shl5(&r, t)
			k += t
		case v.less(&u):
			// u - v is even: shift all its trailing zeros out at once
			// (the steps the next iterations would take one by one).
			u.sub(&v)
			add5(&r, &s)
			t := shiftOutZeros(&u)
			shl5(&s, t)
			k += t
		default:
			v.sub(&u)
			add5(&s, &r)
			if v.isZero() {
				// u = v = 1, the last step: one halving.
				shl5(&r, 1)
				k++
				break
			}
			t := shiftOutZeros(&v)
			shl5(&r, t)
			k += t
		}
	}
	// r < 2m; reduce once, then x = m - r ≡ a⁻¹·2^k.
	mm := [5]uint64{m[0], m[1], m[2], m[3], 0}
	if !less5(&r, &mm) {
		sub5(&r, &mm)
	}
	x = *m
	x.sub(&u256{r[0], r[1], r[2], r[3]})
	return x, k
}

// pow2Bytes writes 2^e for 0 ≤ e < 256 as 32 big-endian bytes.
func pow2Bytes(e int, b *[32]byte) {
	clear(b[:])
	b[31-e/8] = 1 << (e % 8)
}

// fieldInverseVarTime sets f = a⁻¹ (a normalized and non-zero; 0 gives 0).
func fieldInverseVarTime(f, a *secp256k1.FieldVal) {
	var ab [32]byte
	a.PutBytes(&ab)
	al := u256FromBytes(&ab)
	if al.isZero() {
		f.Zero()
		return
	}
	x, k := almostInverse(&al, &fieldPrime)
	if k < 256 || k > 512 {
		// Outside Kaliski's bounds for a 256-bit modulus: cannot happen,
		// but fall back to exponentiation rather than trust the result.
		f.Set(a).Inverse().Normalize()
		return
	}
	var xb [32]byte
	x.putBytes(&xb)
	f.SetBytes(&xb)
	// f·2^(512-k)·2^-512 = a⁻¹. 512-k = 256 only when k = 256.
	var c secp256k1.FieldVal
	if e := 512 - k; e < 256 {
		var pb [32]byte
		pow2Bytes(e, &pb)
		c.SetBytes(&pb)
	} else {
		c.SetInt(1).Mul(&fieldTwo256)
	}
	f.Mul(&c).Mul(&fieldInv2Pow512).Normalize()
}

// toAffineVarTime converts p (normalized, not infinity) to affine
// coordinates with normalized X and Y and Z = 1.
func toAffineVarTime(p *secp256k1.JacobianPoint) {
	var zinv, zinv2 secp256k1.FieldVal
	fieldInverseVarTime(&zinv, &p.Z)
	zinv2.SquareVal(&zinv)
	p.X.Mul(&zinv2).Normalize()
	p.Y.Mul(zinv2.Mul(&zinv)).Normalize()
	p.Z.SetInt(1)
}

// scalarInverseVarTime sets s = a⁻¹ mod N (a non-zero; 0 gives 0).
func scalarInverseVarTime(s, a *secp256k1.ModNScalar) {
	ab := a.Bytes()
	al := u256FromBytes(&ab)
	if al.isZero() {
		s.Zero()
		return
	}
	x, k := almostInverse(&al, &groupOrder)
	if k < 256 || k > 512 {
		s.InverseValNonConst(a) // cannot happen; see fieldInverseVarTime
		return
	}
	var xb [32]byte
	x.putBytes(&xb)
	s.SetBytes(&xb)
	var c secp256k1.ModNScalar
	if e := 512 - k; e < 256 {
		var pb [32]byte
		pow2Bytes(e, &pb)
		c.SetBytes(&pb)
	} else {
		c = scalarTwo256
	}
	s.Mul(&c).Mul(&scalarInv2Pow512)
}

// 2^256 reduced modulo P and N.
var (
	fieldTwo256  = fieldFromHex("00000000000000000000000000000000000000000000000000000001000003d1")
	scalarTwo256 = scalarFromHex("000000000000000000000000000000014551231950b75fc4402da1732fc9bebf")
)

func u256FromBytes(b *[32]byte) u256 {
	return u256{
		binary.BigEndian.Uint64(b[24:]),
		binary.BigEndian.Uint64(b[16:]),
		binary.BigEndian.Uint64(b[8:]),
		binary.BigEndian.Uint64(b[:8]),
	}
}

func (x *u256) putBytes(b *[32]byte) {
	binary.BigEndian.PutUint64(b[24:], x[0])
	binary.BigEndian.PutUint64(b[16:], x[1])
	binary.BigEndian.PutUint64(b[8:], x[2])
	binary.BigEndian.PutUint64(b[:8], x[3])
}

func (x *u256) isZero() bool { return x[0]|x[1]|x[2]|x[3] == 0 }

func (x *u256) less(y *u256) bool {
	_, b := bits.Sub64(x[0], y[0], 0)
	_, b = bits.Sub64(x[1], y[1], b)
	_, b = bits.Sub64(x[2], y[2], b)
	_, b = bits.Sub64(x[3], y[3], b)
	return b != 0
}

// sub sets x -= y (x ≥ y).
func (x *u256) sub(y *u256) {
	var b uint64
	x[0], b = bits.Sub64(x[0], y[0], 0)
	x[1], b = bits.Sub64(x[1], y[1], b)
	x[2], b = bits.Sub64(x[2], y[2], b)
	x[3], _ = bits.Sub64(x[3], y[3], b)
}

// shr sets x >>= t (0 < t < 64).
func (x *u256) shr(t uint) {
	x[0] = x[0]>>t | x[1]<<(64-t)
	x[1] = x[1]>>t | x[2]<<(64-t)
	x[2] = x[2]>>t | x[3]<<(64-t)
	x[3] >>= t
}

// shiftOutZeros shifts the trailing zero bits out of x (non-zero, even), at
// most 63 at a time, and returns how many.
func shiftOutZeros(x *u256) int {
	t := bits.TrailingZeros64(x[0])
	if t > 63 {
		t = 63
	}
	x.shr(uint(t))
	return t
}

// shl5 sets x <<= t (0 ≤ t < 64); the caller keeps x below 2^320.
func shl5(x *[5]uint64, t int) {
	if t == 0 {
		return
	}
	u := uint(t)
	x[4] = x[4]<<u | x[3]>>(64-u)
	x[3] = x[3]<<u | x[2]>>(64-u)
	x[2] = x[2]<<u | x[1]>>(64-u)
	x[1] = x[1]<<u | x[0]>>(64-u)
	x[0] <<= u
}

func add5(x, y *[5]uint64) {
	var c uint64
	x[0], c = bits.Add64(x[0], y[0], 0)
	x[1], c = bits.Add64(x[1], y[1], c)
	x[2], c = bits.Add64(x[2], y[2], c)
	x[3], c = bits.Add64(x[3], y[3], c)
	x[4], _ = bits.Add64(x[4], y[4], c)
}

func sub5(x, y *[5]uint64) {
	var b uint64
	x[0], b = bits.Sub64(x[0], y[0], 0)
	x[1], b = bits.Sub64(x[1], y[1], b)
	x[2], b = bits.Sub64(x[2], y[2], b)
	x[3], b = bits.Sub64(x[3], y[3], b)
	x[4], _ = bits.Sub64(x[4], y[4], b)
}

func less5(x, y *[5]uint64) bool {
	_, b := bits.Sub64(x[0], y[0], 0)
	_, b = bits.Sub64(x[1], y[1], b)
	_, b = bits.Sub64(x[2], y[2], b)
	_, b = bits.Sub64(x[3], y[3], b)
	_, b = bits.Sub64(x[4], y[4], b)
	return b != 0
}
