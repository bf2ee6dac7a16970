package crypto

import (
	"encoding/binary"
	"math/bits"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// This file computes u1·G + u2·Q in one pass, the double multiplication at
// the heart of ECDSA and BIP340 verification, faster than decred's separate
// ScalarBaseMultNonConst and ScalarMultNonConst (which it replaces only for
// verification). It runs in variable time, which is fine because every
// input of a verification is public; never use it with secrets.
//
// The method (Strauss–Shamir with wNAF digits and the GLV endomorphism):
//
//   - u2 is split as k1 + k2·λ (mod N) with k1, k2 of about 128 bits, where
//     λ·P = (β·x, y) for every point P: so u2·Q = k1·Q + k2·λQ.
//   - u1 is split as lo + hi·2^128, so u1·G = lo·G + hi·(2^128·G).
//   - The four half-length scalars are written in width-w NAF (odd signed
//     digits, at most one non-zero digit in any w consecutive positions),
//     and one accumulator runs over the ~129 digit positions: a doubling per
//     position, shared by all four, plus an addition per non-zero digit.
//   - G and 2^128·G use tables of their odd multiples built once at package
//     initialisation (affine, window baseWindow). Q gets a table of odd
//     multiples per call (window pointWindow), λQ derives from it with one
//     field multiplication per entry.
//   - The per-call table is brought to a common Jacobian Z and used as if
//     affine on the isomorphic curve y² = x³ + 7·Z⁶ (the doubling and
//     addition formulas do not involve the curve constant), so every
//     addition in the loop is a cheap mixed addition. The fixed G points are
//     mapped onto that curve as they are added (x·Z², y·Z³), and the result
//     is mapped back by multiplying its Z by the common Z.

const (
	// pointWindow is the wNAF width for the per-call Q and λQ tables:
	// 2^(w-2) odd multiples each.
	pointWindow   = 5
	pointTableLen = 1 << (pointWindow - 2)

	// baseWindow is the wNAF width for the fixed G and 2^128·G tables.
	baseWindow   = 12
	baseTableLen = 1 << (baseWindow - 2)

	// wnafLen bounds the digit positions of a wNAF of a 256-bit value
	// (one more position for a final carry).
	wnafLen = 257
)

// Endomorphism and GLV decomposition constants for secp256k1. β is a cube
// root of unity mod P and λ one mod N with λ·(x, y) = (β·x, y). The
// lattice basis (a1, b1), (a2, b2) of {(i, j): i + j·λ ≡ 0 (mod N)} has
// a1 = b2 = 0x3086d221a7d46bcde86c90e49284eb15,
// b1 = -0xe4437ed6010e88286f547fa90abfe4c3,
// a2 = 0x114ca50f7a8e2f3f657c1108d9d44cfd8; g1 = round(2^384·b2/N) and
// g2 = round(2^384·(-b1)/N) turn the rounding of Babai's nearest-plane step
// into a multiply-and-shift. TestEndomorphismConstants checks them all.
var (
	endoBeta    = fieldFromHex("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee")
	minusLambda = scalarFromHex("ac9c52b33fa3cf1f5ad9e3fd77ed9ba4a880b9fc8ec739c2e0cfc810b51283cf")
	minusB1     = scalarFromHex("00000000000000000000000000000000e4437ed6010e88286f547fa90abfe4c3")
	minusB2     = scalarFromHex("fffffffffffffffffffffffffffffffe8a280ac50774346dd765cda83db1562c")
	glvG1       = limbsFromHex("3086d221a7d46bcde86c90e49284eb153daa8a1471e8ca7fe893209a45dbb031")
	glvG2       = limbsFromHex("e4437ed6010e88286f547fa90abfe4c4221208ac9df506c61571b4ae8ac47f71")
)

// affinePoint is an affine point (never infinity). In the fixed tables its
// coordinates are canonical.
type affinePoint struct {
	x, y fe
}

// baseTables holds the odd multiples 1·P, 3·P, ..., (2^(baseWindow-1)-1)·P
// of P = G (g) and P = 2^128·G (h). Built once by init; never modified.
var baseTables = buildBaseTables()

type baseTable struct {
	g, h [baseTableLen]affinePoint
}

// endoBeta64 is β as an fe.
var endoBeta64 = func() fe {
	var f fe
	feFromFieldVal(&f, &endoBeta)
	return f
}()

// mulBaseAddNonConst sets result = u1·G + u2·q in variable time. q must be
// an affine point (Z = 1) on the curve; the result is in Jacobian
// coordinates, normalized, and is the point at infinity (Z = 0) when the
// sum is.
func mulBaseAddNonConst(u1, u2 *secp256k1.ModNScalar, q *secp256k1.JacobianPoint, result *secp256k1.JacobianPoint) {
	var qx, qy fe
	feFromFieldVal(&qx, &q.X)
	feFromFieldVal(&qy, &q.Y)
	var acc jacobian
	mulBaseAdd64(u1, u2, &qx, &qy, &acc)
	if acc.inf {
		result.X.Zero()
		result.Y.Zero()
		result.Z.Zero()
		return
	}
	feToFieldVal(&result.X, &acc.x)
	feToFieldVal(&result.Y, &acc.y)
	feToFieldVal(&result.Z, &acc.z)
}

// mulBaseAdd64 sets acc = u1·G + u2·(qx, qy) in variable time, (qx, qy) an
// affine curve point. acc is infinity (acc.inf) when the sum is.
func mulBaseAdd64(u1, u2 *secp256k1.ModNScalar, qx, qy *fe, acc *jacobian) {
	// Digits. The Q-side scalars are made at most N/2 by negating them;
	// the sign is folded into the digits.
	k1, k2 := splitLambda(u2)
	neg1, neg2 := k1.IsOverHalfOrder(), k2.IsOverHalfOrder()
	if neg1 {
		k1.Negate()
	}
	if neg2 {
		k2.Negate()
	}
	var d1, d2, dlo, dhi [wnafLen]int16
	l1 := wnaf(&d1, scalarLimbs(&k1), pointWindow)
	l2 := wnaf(&d2, scalarLimbs(&k2), pointWindow)
	ul := scalarLimbs(u1)
	llo := wnaf(&dlo, [4]uint64{ul[0], ul[1]}, baseWindow)
	lhi := wnaf(&dhi, [4]uint64{ul[2], ul[3]}, baseWindow)
	n := max(l1, l2, llo, lhi)

	// Odd multiples of q and λq, affine on the isomorphic curve with
	// constant zc (addBasePoint maps the fixed G points onto it).
	var tq, tl [pointTableLen]affinePoint
	var zc fe
	oddMultiples(qx, qy, &tq, &zc)
	for i := range tq {
		feMul(&tl[i].x, &tq[i].x, &endoBeta64)
		tl[i].y = tq[i].y
	}
	acc.inf = true
	for i := n - 1; i >= 0; i-- {
		acc.double()
		if d := d1[i]; d != 0 {
			acc.addTablePoint(&tq, d, neg1)
		}
		if d := d2[i]; d != 0 {
			acc.addTablePoint(&tl, d, neg2)
		}
		if d := dlo[i]; d != 0 {
			acc.addBasePoint(&baseTables.g, d, &zc)
		}
		if d := dhi[i]; d != 0 {
			acc.addBasePoint(&baseTables.h, d, &zc)
		}
	}
	if !acc.inf {
		feMul(&acc.z, &acc.z, &zc)
	}
}

// jacobian is the accumulator of mulBaseAddNonConst: a point in Jacobian
// coordinates (weakly reduced fe values) with an explicit flag for the
// point at infinity.
type jacobian struct {
	x, y, z fe
	inf     bool
}

// double sets p = 2p with the a = 0 formulas of Lange's dbl-2009-l:
// A = X², B = Y², C = B², D = 2((X+B)² - A - C), E = 3A,
// X3 = E² - 2D, Y3 = E(D - X3) - 8C, Z3 = 2YZ (2 multiplications,
// 5 squarings). A point with y = 0 would have order 2, which secp256k1 (and
// any curve isomorphic to it) does not have.
func (p *jacobian) double() {
	if p.inf {
		return
	}
	var a, b, c, d, e fe
	feSqr(&a, &p.x)
	feSqr(&b, &p.y)
	feMul(&p.z, &p.z, &p.y)
	feAdd(&p.z, &p.z, &p.z) // Z3 = 2YZ
	feSqr(&c, &b)
	feAdd(&d, &p.x, &b)
	feSqr(&d, &d)
	feSub(&d, &d, &a)
	feSub(&d, &d, &c)
	feAdd(&d, &d, &d) // D
	feMulSmall(&e, &a, 3)
	feSqr(&p.x, &e)
	feSub(&p.x, &p.x, &d)
	feSub(&p.x, &p.x, &d) // X3 = E² - 2D
	feSub(&d, &d, &p.x)
	feMul(&p.y, &e, &d)
	feMulSmall(&c, &c, 8)
	feSub(&p.y, &p.y, &c) // Y3 = E(D - X3) - 8C
}

// addAffine sets p = p + (x2, y2), an affine point: U2 = x2·Z1²,
// S2 = y2·Z1³, H = U2 - X1, R = S2 - Y1, X3 = R² - H³ - 2·X1·H²,
// Y3 = R(X1·H² - X3) - Y1·H³, Z3 = Z1·H (8 multiplications, 3 squarings).
func (p *jacobian) addAffine(x2, y2 *fe) {
	var h fe
	p.addAffineH(x2, y2, &h)
}

// addAffineH is addAffine that also stores H in h: when p is not infinity
// and differs from ±(x2, y2), Z3 = Z1·H.
func (p *jacobian) addAffineH(x2, y2, h *fe) {
	if p.inf {
		p.x = *x2
		p.y = *y2
		p.z = feOne
		p.inf = false
		return
	}
	var zz, u2, s2, r fe
	feSqr(&zz, &p.z)
	feMul(&u2, x2, &zz)
	feMul(&s2, y2, &zz)
	feMul(&s2, &s2, &p.z)
	feSub(h, &u2, &p.x)
	feSub(&r, &s2, &p.y)
	if feIsZero(h) {
		if feIsZero(&r) {
			p.double() // same point
			return
		}
		p.inf = true // opposite points
		return
	}
	var hh, hhh, v, t fe
	feSqr(&hh, h)
	feMul(&hhh, h, &hh)
	feMul(&v, &p.x, &hh) // V = X1·H²
	feMul(&p.z, &p.z, h)
	feMul(&t, &p.y, &hhh) // Y1·H³
	feSqr(&p.x, &r)
	feSub(&p.x, &p.x, &hhh)
	feSub(&p.x, &p.x, &v)
	feSub(&p.x, &p.x, &v) // X3
	feSub(&v, &v, &p.x)
	feMul(&p.y, &r, &v)
	feSub(&p.y, &p.y, &t) // Y3
}

// addTablePoint adds ±t[(|d|-1)/2] (the sign of d, flipped when neg).
func (p *jacobian) addTablePoint(t *[pointTableLen]affinePoint, d int16, neg bool) {
	if d < 0 {
		d, neg = -d, !neg
	}
	e := &t[d>>1]
	if !neg {
		p.addAffine(&e.x, &e.y)
		return
	}
	var y fe
	feNeg(&y, &e.y)
	p.addAffine(&e.x, &y)
}

// addBasePoint adds ±t[(|d|-1)/2], a point of the real curve, to the
// accumulator, which lives on the curve isomorphic through zc: on that
// curve the table point is (x·zc², y·zc³), or in Jacobian form (x, y) with
// Z = 1/zc, so the mixed addition only needs Z1·zc in place of Z1 when it
// scales the table point (libsecp256k1's add_zinv): one multiplication
// instead of two.
func (p *jacobian) addBasePoint(t *[baseTableLen]affinePoint, d int16, zc *fe) {
	neg := d < 0
	if neg {
		d = -d
	}
	e := &t[d>>1]
	if p.inf {
		// The point itself, mapped onto the accumulator's curve.
		var zc2 fe
		feSqr(&zc2, zc)
		feMul(&p.x, &e.x, &zc2)
		feMul(&p.y, &e.y, &zc2)
		feMul(&p.y, &p.y, zc)
		if neg {
			feNeg(&p.y, &p.y)
		}
		p.z = feOne
		p.inf = false
		return
	}
	y2 := e.y
	if neg {
		feNeg(&y2, &e.y)
	}
	// U2 = x·(Z1·zc)², S2 = y·(Z1·zc)³; H and R as in addAffineH.
	var az, zz, u2, s2, h, r fe
	feMul(&az, &p.z, zc)
	feSqr(&zz, &az)
	feMul(&u2, &e.x, &zz)
	feMul(&s2, &y2, &zz)
	feMul(&s2, &s2, &az)
	feSub(&h, &u2, &p.x)
	feSub(&r, &s2, &p.y)
	if feIsZero(&h) {
		if feIsZero(&r) {
			p.double() // same point
			return
		}
		p.inf = true // opposite points
		return
	}
	var hh, hhh, v, tt fe
	feSqr(&hh, &h)
	feMul(&hhh, &h, &hh)
	feMul(&v, &p.x, &hh)
	feMul(&p.z, &p.z, &h) // Z3 = Z1·H on the accumulator's curve
	feMul(&tt, &p.y, &hhh)
	feSqr(&p.x, &r)
	feSub(&p.x, &p.x, &hhh)
	feSub(&p.x, &p.x, &v)
	feSub(&p.x, &p.x, &v)
	feSub(&v, &v, &p.x)
	feMul(&p.y, &r, &v)
	feSub(&p.y, &p.y, &tt)
}

// oddMultiples fills t with q, 3q, 5q, ... (q = (qx, qy) affine) as points
// sharing one Jacobian Z, which it stores in zc: entry (x, y) stands for the
// point (x/zc², y/zc³), so it is affine on the curve isomorphic through zc.
//
// 2q = (dx, dy, dz) is computed first; on the curve isomorphic through dz
// it is affine, so the odd multiples follow by mixed additions, each of
// which multiplies Z by its H. A backward pass then scales every entry to
// the last entry's Z with the running product of those factors.
func oddMultiples(qx, qy *fe, t *[pointTableLen]affinePoint, zc *fe) {
	var d jacobian
	d.x = *qx
	d.y = *qy
	d.z = feOne
	d.double()
	var dz2, dz3 fe
	feSqr(&dz2, &d.z)
	feMul(&dz3, &dz2, &d.z)

	var pts [pointTableLen]jacobian
	var ratio [pointTableLen]fe
	feMul(&pts[0].x, qx, &dz2)
	feMul(&pts[0].y, qy, &dz3)
	pts[0].z = feOne
	for i := 1; i < pointTableLen; i++ {
		pts[i] = pts[i-1]
		pts[i].addAffineH(&d.x, &d.y, &ratio[i])
	}

	last := pointTableLen - 1
	t[last].x = pts[last].x
	t[last].y = pts[last].y
	var s, s2, s3 fe
	s = ratio[last] // Z_last / Z_(last-1)
	for i := last - 1; i >= 0; i-- {
		feSqr(&s2, &s)
		feMul(&s3, &s2, &s)
		feMul(&t[i].x, &pts[i].x, &s2)
		feMul(&t[i].y, &pts[i].y, &s3)
		if i > 0 {
			feMul(&s, &s, &ratio[i])
		}
	}
	// The real Z: the last entry's Z on the curve of 2q, times dz.
	feMul(zc, &pts[last].z, &d.z)
}

// splitLambda returns r1, r2 with r1 + r2·λ ≡ k (mod N) and r1, r2 (or
// their negations) below 2^128. The identity holds by construction (r1 is
// computed from it); the constants only make the halves short.
func splitLambda(k *secp256k1.ModNScalar) (r1, r2 secp256k1.ModNScalar) {
	kl := scalarLimbs(k)
	c1 := mulShift384(&kl, &glvG1)
	c2 := mulShift384(&kl, &glvG2)
	c1.Mul(&minusB1)
	c2.Mul(&minusB2)
	r2.Add2(&c1, &c2)
	r1.Mul2(&r2, &minusLambda).Add(k)
	return r1, r2
}

// mulShift384 returns round(a·b / 2^384) as a scalar (a, b little-endian
// 64-bit limbs; the result is below 2^128 + 1).
func mulShift384(a, b *[4]uint64) secp256k1.ModNScalar {
	var p [8]uint64
	for i := range 4 {
		var carry uint64
		for j := range 4 {
			hi, lo := bits.Mul64(a[i], b[j])
			var c uint64
			lo, c = bits.Add64(lo, p[i+j], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			hi += c
			p[i+j] = lo
			carry = hi
		}
		p[i+4] = carry
	}
	// Round: add bit 383.
	lo, c := bits.Add64(p[6], p[5]>>63, 0)
	hi, c2 := bits.Add64(p[7], 0, c)
	var buf [32]byte
	buf[15] = byte(c2)
	binary.BigEndian.PutUint64(buf[16:], hi)
	binary.BigEndian.PutUint64(buf[24:], lo)
	var s secp256k1.ModNScalar
	s.SetBytes(&buf)
	return s
}

// scalarLimbs returns s as little-endian 64-bit limbs.
func scalarLimbs(s *secp256k1.ModNScalar) [4]uint64 {
	b := s.Bytes()
	return [4]uint64{
		binary.BigEndian.Uint64(b[24:]),
		binary.BigEndian.Uint64(b[16:]),
		binary.BigEndian.Uint64(b[8:]),
		binary.BigEndian.Uint64(b[:8]),
	}
}

// wnaf writes the width-w NAF of k (little-endian limbs, w at most 15) into
// out, which must be zero: k = Σ out[i]·2^i with every non-zero digit odd
// and below 2^(w-1) in magnitude. It returns the number of positions used
// (one past the highest non-zero digit; 0 for k = 0).
func wnaf(out *[wnafLen]int16, k [4]uint64, w uint) int {
	var carry uint64
	used := 0
	for bit := 0; bit < wnafLen; {
		if bitsAt(&k, bit, 1) == carry {
			bit++
			continue
		}
		word := bitsAt(&k, bit, w) + carry
		carry = (word >> (w - 1)) & 1
		out[bit] = int16(int64(word) - int64(carry<<w))
		used = bit + 1
		bit += int(w)
	}
	return used
}

// bitsAt returns the n bits (n < 64) of k starting at bit position pos
// (bits beyond 256 are zero).
func bitsAt(k *[4]uint64, pos int, n uint) uint64 {
	if pos >= 256 {
		return 0
	}
	limb, off := pos>>6, uint(pos&63)
	v := k[limb] >> off
	if off+n > 64 && limb < 3 {
		v |= k[limb+1] << (64 - off)
	}
	return v & (1<<n - 1)
}

// buildBaseTables computes the odd multiples of G and 2^128·G in affine
// coordinates.
func buildBaseTables() *baseTable {
	var t baseTable
	var one, two128 secp256k1.ModNScalar
	one.SetInt(1)
	two128.SetByteSlice([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	var g, h secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&one, &g)
	secp256k1.ScalarBaseMultNonConst(&two128, &h)
	g.ToAffine()
	h.ToAffine()
	fillOddMultiplesAffine(&g, t.g[:])
	fillOddMultiplesAffine(&h, t.h[:])
	return &t
}

// fillOddMultiplesAffine sets t[i] = (2i+1)·p (p affine) in affine
// coordinates, using one field inversion for the whole table.
func fillOddMultiplesAffine(p *secp256k1.JacobianPoint, t []affinePoint) {
	n := len(t)
	j := make([]jacobian, n)
	var px, py fe
	feFromFieldVal(&px, &p.X)
	feFromFieldVal(&py, &p.Y)
	var d secp256k1.JacobianPoint
	secp256k1.DoubleNonConst(p, &d)
	d.ToAffine() // so each step is a mixed addition
	var dx, dy fe
	feFromFieldVal(&dx, &d.X)
	feFromFieldVal(&dy, &d.Y)
	j[0].inf = true
	j[0].addAffine(&px, &py) // from infinity: p itself
	for i := 1; i < n; i++ {
		j[i] = j[i-1]
		j[i].addAffine(&dx, &dy)
	}
	// Montgomery's trick: prefix products of the Z values, one inversion,
	// then each inverse from the running inverse. (No entry is infinity:
	// the multiples are below the group order.)
	prefix := make([]fe, n)
	prefix[0] = j[0].z
	for i := 1; i < n; i++ {
		feMul(&prefix[i], &prefix[i-1], &j[i].z)
	}
	var inv, zinv, zinv2, zinv3 fe
	var invF secp256k1.FieldVal
	feToFieldVal(&invF, &prefix[n-1])
	invF.Inverse()
	feFromFieldVal(&inv, &invF)
	for i := n - 1; i >= 0; i-- {
		if i > 0 {
			feMul(&zinv, &inv, &prefix[i-1])
			feMul(&inv, &inv, &j[i].z)
		} else {
			zinv = inv
		}
		feSqr(&zinv2, &zinv)
		feMul(&zinv3, &zinv2, &zinv)
		feMul(&t[i].x, &j[i].x, &zinv2)
		feMul(&t[i].y, &j[i].y, &zinv3)
		feNormalize(&t[i].x)
		feNormalize(&t[i].y)
	}
}

func fieldFromHex(s string) secp256k1.FieldVal {
	var b [32]byte
	hexInto(b[:], s)
	var f secp256k1.FieldVal
	f.SetBytes(&b)
	return f
}

func scalarFromHex(s string) secp256k1.ModNScalar {
	var b [32]byte
	hexInto(b[:], s)
	var k secp256k1.ModNScalar
	k.SetBytes(&b)
	return k
}

func limbsFromHex(s string) [4]uint64 {
	var b [32]byte
	hexInto(b[:], s)
	return [4]uint64{
		binary.BigEndian.Uint64(b[24:]),
		binary.BigEndian.Uint64(b[16:]),
		binary.BigEndian.Uint64(b[8:]),
		binary.BigEndian.Uint64(b[:8]),
	}
}

// hexInto decodes a 64-digit constant; it panics on a typo, at package
// initialisation.
func hexInto(dst []byte, s string) {
	if len(s) != 2*len(dst) {
		panic("crypto: bad constant length")
	}
	for i := range dst {
		hi, lo := unhex(s[2*i]), unhex(s[2*i+1])
		dst[i] = hi<<4 | lo
	}
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	panic("crypto: bad hex digit in a constant")
}
