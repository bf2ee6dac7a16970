package crypto

import (
	"encoding/binary"
	"math/bits"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// fe is an element of the secp256k1 field GF(p), p = 2^256 - 2^32 - 977,
// held in four little-endian 64-bit limbs. It is the verification hot loop's
// field type: with 64×64→128-bit multiplications (bits.Mul64, one MULQ
// each) a product takes 16 of them plus a short reduction, against the 100
// of decred's ten 26-bit limbs, which is what made field multiplication and
// squaring ~78% of a block import's CPU time.
//
// Values are kept weakly reduced: any 256-bit value, not necessarily below
// p (2^256 < 2p, so at most one subtraction of p normalizes). Every
// operation accepts and returns weakly reduced values; feNormalize gives the
// canonical form, which comparisons and encodings need. Since
// 2^256 ≡ feC (mod p), a carry out of the top limb is folded back by adding
// feC and a borrow by subtracting it.
type fe [4]uint64

// feC is 2^256 mod p.
const feC = 0x1000003d1

// feP is the field prime.
var feP = fe{0xfffffffefffffc2f, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff}

// feOne is 1.
var feOne = fe{1, 0, 0, 0}

// feSetBytes sets r from 32 big-endian bytes (reduced modulo p only weakly:
// a value at or above p stays as it is, which is fine for arithmetic).
func feSetBytes(r *fe, b *[32]byte) {
	r[0] = binary.BigEndian.Uint64(b[24:])
	r[1] = binary.BigEndian.Uint64(b[16:])
	r[2] = binary.BigEndian.Uint64(b[8:])
	r[3] = binary.BigEndian.Uint64(b[:8])
}

// fePutBytes writes the canonical big-endian encoding of a.
func fePutBytes(a *fe, b *[32]byte) {
	n := *a
	feNormalize(&n)
	binary.BigEndian.PutUint64(b[24:], n[0])
	binary.BigEndian.PutUint64(b[16:], n[1])
	binary.BigEndian.PutUint64(b[8:], n[2])
	binary.BigEndian.PutUint64(b[:8], n[3])
}

// feFromFieldVal converts decred's field value (any magnitude) to fe.
func feFromFieldVal(r *fe, f *secp256k1.FieldVal) {
	var t secp256k1.FieldVal
	t.Set(f).Normalize()
	var b [32]byte
	t.PutBytes(&b)
	feSetBytes(r, &b)
}

// feToFieldVal converts a to decred's field value (normalized).
func feToFieldVal(f *secp256k1.FieldVal, a *fe) {
	var b [32]byte
	fePutBytes(a, &b)
	f.SetBytes(&b)
}

// feNormalize reduces a to its canonical value below p.
func feNormalize(a *fe) {
	// a ≥ p iff a + feC carries out of 256 bits.
	t0, c := bits.Add64(a[0], feC, 0)
	t1, c := bits.Add64(a[1], 0, c)
	t2, c := bits.Add64(a[2], 0, c)
	t3, c := bits.Add64(a[3], 0, c)
	if c != 0 {
		a[0], a[1], a[2], a[3] = t0, t1, t2, t3
	}
}

// feIsZero reports whether a ≡ 0 (mod p).
func feIsZero(a *fe) bool {
	n := *a
	feNormalize(&n)
	return n[0]|n[1]|n[2]|n[3] == 0
}

// feEqual reports whether a ≡ b (mod p).
func feEqual(a, b *fe) bool {
	x, y := *a, *b
	feNormalize(&x)
	feNormalize(&y)
	return x == y
}

// feIsOdd reports whether the canonical value of a is odd.
func feIsOdd(a *fe) bool {
	n := *a
	feNormalize(&n)
	return n[0]&1 == 1
}

// feAdd sets r = a + b.
func feAdd(r, a, b *fe) {
	r0, c := bits.Add64(a[0], b[0], 0)
	r1, c := bits.Add64(a[1], b[1], c)
	r2, c := bits.Add64(a[2], b[2], c)
	r3, c := bits.Add64(a[3], b[3], c)
	// Fold the carry (2^256 ≡ feC); a second carry leaves a tiny value,
	// so a third fold cannot carry.
	r0, c = bits.Add64(r0, feC&-c, 0)
	r1, c = bits.Add64(r1, 0, c)
	r2, c = bits.Add64(r2, 0, c)
	r3, c = bits.Add64(r3, 0, c)
	r0 += feC & -c
	r[0], r[1], r[2], r[3] = r0, r1, r2, r3
}

// feSub sets r = a - b.
func feSub(r, a, b *fe) {
	r0, c := bits.Sub64(a[0], b[0], 0)
	r1, c := bits.Sub64(a[1], b[1], c)
	r2, c := bits.Sub64(a[2], b[2], c)
	r3, c := bits.Sub64(a[3], b[3], c)
	// A borrow added 2^256 ≡ feC: take feC away again; a second borrow
	// leaves a value near 2^256, so a third cannot borrow.
	r0, c = bits.Sub64(r0, feC&-c, 0)
	r1, c = bits.Sub64(r1, 0, c)
	r2, c = bits.Sub64(r2, 0, c)
	r3, c = bits.Sub64(r3, 0, c)
	r0 -= feC & -c
	r[0], r[1], r[2], r[3] = r0, r1, r2, r3
}

// feNeg sets r = -a.
func feNeg(r, a *fe) {
	var z fe
	feSub(r, &z, a)
}

// feMul sets r = a·b: schoolbook 4×4 limbs, then the reduction, all
// written out in place (calls to helpers cost more than they save here).
func feMul(r, a, b *fe) {
	var t0, t1, t2, t3, t4, t5, t6, t7, c, h, l, carry uint64
	a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
	b0, b1, b2, b3 := b[0], b[1], b[2], b[3]
	// Row 0: a0·b.
	h, t0 = bits.Mul64(a0, b0)
	t1 = h
	h, l = bits.Mul64(a0, b1)
	t1, c = bits.Add64(t1, l, 0)
	t2 = h + c
	h, l = bits.Mul64(a0, b2)
	t2, c = bits.Add64(t2, l, 0)
	t3 = h + c
	h, l = bits.Mul64(a0, b3)
	t3, c = bits.Add64(t3, l, 0)
	t4 = h + c
	// Row 1: a1·b, shifted 1 limbs.
	h, l = bits.Mul64(a1, b0)
	t1, c = bits.Add64(t1, l, 0)
	carry = h + c
	h, l = bits.Mul64(a1, b1)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t2, c = bits.Add64(t2, l, 0)
	carry = h + c
	h, l = bits.Mul64(a1, b2)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t3, c = bits.Add64(t3, l, 0)
	carry = h + c
	h, l = bits.Mul64(a1, b3)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t4, c = bits.Add64(t4, l, 0)
	t5 = h + c
	// Row 2: a2·b, shifted 2 limbs.
	h, l = bits.Mul64(a2, b0)
	t2, c = bits.Add64(t2, l, 0)
	carry = h + c
	h, l = bits.Mul64(a2, b1)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t3, c = bits.Add64(t3, l, 0)
	carry = h + c
	h, l = bits.Mul64(a2, b2)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t4, c = bits.Add64(t4, l, 0)
	carry = h + c
	h, l = bits.Mul64(a2, b3)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t5, c = bits.Add64(t5, l, 0)
	t6 = h + c
	// Row 3: a3·b, shifted 3 limbs.
	h, l = bits.Mul64(a3, b0)
	t3, c = bits.Add64(t3, l, 0)
	carry = h + c
	h, l = bits.Mul64(a3, b1)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t4, c = bits.Add64(t4, l, 0)
	carry = h + c
	h, l = bits.Mul64(a3, b2)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t5, c = bits.Add64(t5, l, 0)
	carry = h + c
	h, l = bits.Mul64(a3, b3)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t6, c = bits.Add64(t6, l, 0)
	t7 = h + c
	// Reduce, weakly: t = lo + hi·2^256 ≡ lo + hi·feC. hi·feC (feC <
	// 2^33) is below 2^289, five limbs added to lo; the top limb (below
	// 2^34) is folded once more (top·feC < 2^67), and a last carry leaves
	// a value below 2^67, to which adding feC carries at most into t1.
	h, l = bits.Mul64(t4, feC)
	t0, c = bits.Add64(t0, l, 0)
	carry = h + c
	h, l = bits.Mul64(t5, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t1, c = bits.Add64(t1, l, 0)
	carry = h + c
	h, l = bits.Mul64(t6, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t2, c = bits.Add64(t2, l, 0)
	carry = h + c
	h, l = bits.Mul64(t7, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t3, c = bits.Add64(t3, l, 0)
	top := h + c
	h, l = bits.Mul64(top, feC)
	t0, c = bits.Add64(t0, l, 0)
	t1, c = bits.Add64(t1, h, c)
	t2, c = bits.Add64(t2, 0, c)
	t3, c = bits.Add64(t3, 0, c)
	t0, c = bits.Add64(t0, feC&-c, 0)
	t1 += c
	r[0], r[1], r[2], r[3] = t0, t1, t2, t3
}

// feSqr sets r = a².
func feSqr(r, a *fe) {
	var c, h, l uint64
	// Cross products a_i·a_j (i < j), then doubled, then the squares.
	var t1, t2, t3, t4, t5, t6, t7 uint64
	h, t1 = bits.Mul64(a[0], a[1])
	t2 = h
	h, l = bits.Mul64(a[0], a[2])
	t2, c = bits.Add64(t2, l, 0)
	t3 = h + c
	h, l = bits.Mul64(a[0], a[3])
	t3, c = bits.Add64(t3, l, 0)
	t4 = h + c

	h, l = bits.Mul64(a[1], a[2])
	t3, c = bits.Add64(t3, l, 0)
	h += c
	t4, c = bits.Add64(t4, h, 0)
	t5 = c
	h, l = bits.Mul64(a[1], a[3])
	t4, c = bits.Add64(t4, l, 0)
	h += c
	t5, c = bits.Add64(t5, h, 0)
	t6 = c

	h, l = bits.Mul64(a[2], a[3])
	t5, c = bits.Add64(t5, l, 0)
	h += c
	t6, c = bits.Add64(t6, h, 0)
	t7 = c

	// Double.
	t7 = t7<<1 | t6>>63
	t6 = t6<<1 | t5>>63
	t5 = t5<<1 | t4>>63
	t4 = t4<<1 | t3>>63
	t3 = t3<<1 | t2>>63
	t2 = t2<<1 | t1>>63
	t1 <<= 1

	// Squares on the diagonal.
	var t0 uint64
	h, t0 = bits.Mul64(a[0], a[0])
	t1, c = bits.Add64(t1, h, 0)
	h, l = bits.Mul64(a[1], a[1])
	t2, c = bits.Add64(t2, l, c)
	t3, c = bits.Add64(t3, h, c)
	h, l = bits.Mul64(a[2], a[2])
	t4, c = bits.Add64(t4, l, c)
	t5, c = bits.Add64(t5, h, c)
	h, l = bits.Mul64(a[3], a[3])
	t6, c = bits.Add64(t6, l, c)
	t7, _ = bits.Add64(t7, h, c)

	var carry uint64
	// Reduce, weakly: t = lo + hi·2^256 ≡ lo + hi·feC. hi·feC (feC <
	// 2^33) is below 2^289, five limbs added to lo; the top limb (below
	// 2^34) is folded once more (top·feC < 2^67), and a last carry leaves
	// a value below 2^67, to which adding feC carries at most into t1.
	h, l = bits.Mul64(t4, feC)
	t0, c = bits.Add64(t0, l, 0)
	carry = h + c
	h, l = bits.Mul64(t5, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t1, c = bits.Add64(t1, l, 0)
	carry = h + c
	h, l = bits.Mul64(t6, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t2, c = bits.Add64(t2, l, 0)
	carry = h + c
	h, l = bits.Mul64(t7, feC)
	l, c = bits.Add64(l, carry, 0)
	h += c
	t3, c = bits.Add64(t3, l, 0)
	top := h + c
	h, l = bits.Mul64(top, feC)
	t0, c = bits.Add64(t0, l, 0)
	t1, c = bits.Add64(t1, h, c)
	t2, c = bits.Add64(t2, 0, c)
	t3, c = bits.Add64(t3, 0, c)
	t0, c = bits.Add64(t0, feC&-c, 0)
	t1 += c
	r[0], r[1], r[2], r[3] = t0, t1, t2, t3
}

// feMulSmall sets r = a·k for a small constant k (k < 2^32).
func feMulSmall(r, a *fe, k uint64) {
	h0, t0 := bits.Mul64(a[0], k)
	h1, t1 := bits.Mul64(a[1], k)
	h2, t2 := bits.Mul64(a[2], k)
	h3, t3 := bits.Mul64(a[3], k)
	var c uint64
	t1, c = bits.Add64(t1, h0, 0)
	t2, c = bits.Add64(t2, h1, c)
	t3, c = bits.Add64(t3, h2, c)
	top := h3 + c // below 2^32
	h, l := bits.Mul64(top, feC)
	t0, c = bits.Add64(t0, l, 0)
	t1, c = bits.Add64(t1, h, c)
	t2, c = bits.Add64(t2, 0, c)
	t3, c = bits.Add64(t3, 0, c)
	t0, c = bits.Add64(t0, feC&-c, 0)
	t1 += c
	r[0], r[1], r[2], r[3] = t0, t1, t2, t3
}

// feSqrN sets r = a^(2^n).
func feSqrN(r, a *fe, n int) {
	*r = *a
	for range n {
		feSqr(r, r)
	}
}

// feSqrt sets r to a square root of a and reports whether a is a square;
// r = a^((p+1)/4), the addition chain libsecp256k1 and decred use (blocks of
// ones of lengths 2, 3, 6, 9, 11, 22, 44, 88, 176, 220, 223).
func feSqrt(r, a *fe) bool {
	var x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223, t fe
	feSqr(&x2, a)
	feMul(&x2, &x2, a)
	feSqr(&x3, &x2)
	feMul(&x3, &x3, a)
	feSqrN(&x6, &x3, 3)
	feMul(&x6, &x6, &x3)
	feSqrN(&x9, &x6, 3)
	feMul(&x9, &x9, &x3)
	feSqrN(&x11, &x9, 2)
	feMul(&x11, &x11, &x2)
	feSqrN(&x22, &x11, 11)
	feMul(&x22, &x22, &x11)
	feSqrN(&x44, &x22, 22)
	feMul(&x44, &x44, &x22)
	feSqrN(&x88, &x44, 44)
	feMul(&x88, &x88, &x44)
	feSqrN(&x176, &x88, 88)
	feMul(&x176, &x176, &x88)
	feSqrN(&x220, &x176, 44)
	feMul(&x220, &x220, &x44)
	feSqrN(&x223, &x220, 3)
	feMul(&x223, &x223, &x3)
	// The exponent's tail: 23 zero-or-one bits ending ...0xbfffff0c.
	feSqrN(&t, &x223, 23)
	feMul(&t, &t, &x22)
	feSqrN(&t, &t, 6)
	feMul(&t, &t, &x2)
	feSqr(&t, &t)
	feSqr(r, &t)
	feSqr(&t, r)
	return feEqual(&t, a)
}

// feDecompressY sets y to the square root of x³ + 7 with the requested
// parity and reports whether x is the x coordinate of a curve point (x must
// be canonical, below p).
func feDecompressY(y, x *fe, odd bool) bool {
	var x3 fe
	feSqr(&x3, x)
	feMul(&x3, &x3, x)
	feAdd(&x3, &x3, &fe{7})
	if !feSqrt(y, &x3) {
		return false
	}
	feNormalize(y)
	if (y[0]&1 == 1) != odd {
		feNeg(y, y)
		feNormalize(y)
	}
	return true
}

// feLess reports whether a < b as 256-bit integers (not modulo p).
func feLess(a, b *fe) bool {
	_, c := bits.Sub64(a[0], b[0], 0)
	_, c = bits.Sub64(a[1], b[1], c)
	_, c = bits.Sub64(a[2], b[2], c)
	_, c = bits.Sub64(a[3], b[3], c)
	return c != 0
}
