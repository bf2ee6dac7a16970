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

// affinePoint is an affine point (never infinity) whose coordinates have
// magnitude 1 (normalized in the fixed tables).
type affinePoint struct {
	x, y secp256k1.FieldVal
}

// baseTables holds the odd multiples 1·P, 3·P, ..., (2^(baseWindow-1)-1)·P
// of P = G (g) and P = 2^128·G (h). Built once by init; never modified.
var baseTables = buildBaseTables()

type baseTable struct {
	g, h [baseTableLen]affinePoint
}

// mulBaseAddNonConst sets result = u1·G + u2·q in variable time. q must be
// an affine point (Z = 1) on the curve with normalized coordinates; the
// result is in Jacobian coordinates, normalized, and is the point at
// infinity (Z = 0) when the sum is.
func mulBaseAddNonConst(u1, u2 *secp256k1.ModNScalar, q *secp256k1.JacobianPoint, result *secp256k1.JacobianPoint) {
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
	// constant zc; zc² and zc³ map the fixed G points onto it.
	var tq, tl [pointTableLen]affinePoint
	var zc secp256k1.FieldVal
	oddMultiples(q, &tq, &zc)
	for i := range tq {
		tl[i].x.Mul2(&tq[i].x, &endoBeta)
		tl[i].y.Set(&tq[i].y)
	}
	var zc2, zc3 secp256k1.FieldVal
	zc2.SquareVal(&zc)
	zc3.Mul2(&zc2, &zc)

	var acc jacobian
	acc.inf = true
	var x2, y2 secp256k1.FieldVal
	for i := n - 1; i >= 0; i-- {
		acc.double()
		if d := d1[i]; d != 0 {
			acc.addTablePoint(&tq, d, neg1)
		}
		if d := d2[i]; d != 0 {
			acc.addTablePoint(&tl, d, neg2)
		}
		if d := dlo[i]; d != 0 {
			acc.addBasePoint(&baseTables.g, d, &zc2, &zc3, &x2, &y2)
		}
		if d := dhi[i]; d != 0 {
			acc.addBasePoint(&baseTables.h, d, &zc2, &zc3, &x2, &y2)
		}
	}
	if acc.inf {
		result.X.Zero()
		result.Y.Zero()
		result.Z.Zero()
		return
	}
	result.X.Set(&acc.x).Normalize()
	result.Y.Set(&acc.y).Normalize()
	result.Z.Mul2(&acc.z, &zc).Normalize()
}

// jacobian is the accumulator of mulBaseAddNonConst: a point in Jacobian
// coordinates with an explicit flag for the point at infinity. Its field
// values are not normalized; their magnitudes stay within the bounds noted
// on each operation (x ≤ 5, y ≤ 4, z ≤ 2 between operations), below the 8
// that decred's Mul and Square accept, so the loop normalizes only to test
// for zero.
type jacobian struct {
	x, y, z secp256k1.FieldVal
	inf     bool
}

// double sets p = 2p: M = 3X², S = 4XY², X3 = M² - 2S,
// Y3 = M(S - X3) - 8Y⁴, Z3 = 2YZ (3 multiplications, 4 squarings). Out:
// x ≤ 4, y ≤ 4, z ≤ 2. A point with y = 0 would have order 2, which
// secp256k1 (and any curve isomorphic to it) does not have.
func (p *jacobian) double() {
	if p.inf {
		return
	}
	var m, s, t, y4 secp256k1.FieldVal
	t.SquareVal(&p.y)       // Y² (1)
	p.z.Mul(&p.y).MulInt(2) // Z3 = 2YZ (2)
	y4.Set(&t).MulInt(2)    // 2Y² (2)
	y4.Square().MulInt(2)   // 8Y⁴ (2)
	t.MulInt(4)             // 4Y² (4)
	s.Mul2(&p.x, &t)        // S = 4XY² (1)
	m.SquareVal(&p.x)       // X² (1)
	m.MulInt(3)             // M = 3X² (3)
	p.x.SquareVal(&m)       // M² (1)
	t.Set(&s).MulInt(2)     // 2S (2)
	p.x.Add(t.Negate(2))    // X3 = M² - 2S (4)
	t.Set(&p.x).Negate(4)   // -X3 (5)
	t.Add(&s)               // S - X3 (6)
	p.y.Mul2(&m, &t)        // M(S - X3) (1)
	p.y.Add(y4.Negate(2))   // Y3 = M(S - X3) - 8Y⁴ (4)
}

// addAffine sets p = p + (x2, y2), an affine point with x2 ≤ 1 and y2 ≤ 2
// in magnitude: U2 = x2·Z1², S2 = y2·Z1³, H = U2 - X1, R = S2 - Y1,
// X3 = R² - H³ - 2·X1·H², Y3 = R(X1·H² - X3) - Y1·H³, Z3 = Z1·H
// (8 multiplications, 3 squarings). Out: x ≤ 5, y ≤ 3, z ≤ 1.
func (p *jacobian) addAffine(x2, y2 *secp256k1.FieldVal) {
	var h secp256k1.FieldVal
	p.addAffineH(x2, y2, &h)
}

// addAffineH is addAffine that also stores H (magnitude ≤ 7) in h: when p
// is not infinity and differs from ±(x2, y2), Z3 = Z1·H.
func (p *jacobian) addAffineH(x2, y2, h *secp256k1.FieldVal) {
	if p.inf {
		p.x.Set(x2)
		p.y.Set(y2)
		p.z.SetInt(1)
		p.inf = false
		return
	}
	var zz, u2, s2, r, t secp256k1.FieldVal
	zz.SquareVal(&p.z)         // Z1² (1)
	u2.Mul2(x2, &zz)           // U2 (1)
	s2.Mul2(y2, &zz).Mul(&p.z) // S2 (1)
	h.Set(&p.x).Negate(5)      // -X1 (6)
	h.Add(&u2)                 // H (7)
	r.Set(&p.y).Negate(4)      // -Y1 (5)
	r.Add(&s2)                 // R (6)
	if t.Set(h).Normalize().IsZero() {
		if t.Set(&r).Normalize().IsZero() {
			p.double() // same point
			return
		}
		p.inf = true // opposite points
		return
	}
	var hh, hhh, v secp256k1.FieldVal
	hh.SquareVal(h)               // H² (1)
	hhh.Mul2(h, &hh)              // H³ (1)
	v.Mul2(&p.x, &hh)             // V = X1·H² (1)
	p.z.Mul(h)                    // Z3 (1)
	t.Mul2(&p.y, &hhh)            // Y1·H³ (1)
	p.x.SquareVal(&r)             // R² (1)
	hhh.Add(&v).Add(&v)           // H³ + 2V (3)
	p.x.Add(hhh.Negate(3))        // X3 (5)
	v.Add(hh.Set(&p.x).Negate(5)) // V - X3 (7)
	p.y.Mul2(&r, &v)              // R(V - X3) (1)
	p.y.Add(t.Negate(1))          // Y3 (3)
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
	var y secp256k1.FieldVal
	y.NegateVal(&e.y, 1)
	p.addAffine(&e.x, &y)
}

// addBasePoint adds ±t[(|d|-1)/2] mapped onto the accumulator's isomorphic
// curve, (x·zc², y·zc³), using x2 and y2 as scratch.
func (p *jacobian) addBasePoint(t *[baseTableLen]affinePoint, d int16, zc2, zc3, x2, y2 *secp256k1.FieldVal) {
	neg := d < 0
	if neg {
		d = -d
	}
	e := &t[d>>1]
	x2.Mul2(&e.x, zc2)
	y2.Mul2(&e.y, zc3)
	if neg {
		y2.Negate(1)
	}
	p.addAffine(x2, y2)
}

// oddMultiples fills t with q, 3q, 5q, ... (q affine with normalized
// coordinates) as points sharing one Jacobian Z, which it stores in zc:
// entry (x, y) stands for the point (x/zc², y/zc³), so it is affine on the
// curve isomorphic through zc.
//
// 2q = (dx, dy, dz) is computed first; on the curve isomorphic through dz
// it is affine, so the odd multiples follow by mixed additions, each of
// which multiplies Z by its H. A backward pass then scales every entry to
// the last entry's Z with the running product of those factors.
func oddMultiples(q *secp256k1.JacobianPoint, t *[pointTableLen]affinePoint, zc *secp256k1.FieldVal) {
	var d jacobian
	d.x.Set(&q.X)
	d.y.Set(&q.Y)
	d.z.SetInt(1)
	d.double()
	d.x.Normalize()
	d.y.Normalize()
	var dz2, dz3 secp256k1.FieldVal
	dz2.SquareVal(&d.z)
	dz3.Mul2(&dz2, &d.z)

	var pts [pointTableLen]jacobian
	var ratio [pointTableLen]secp256k1.FieldVal
	pts[0].x.Mul2(&q.X, &dz2)
	pts[0].y.Mul2(&q.Y, &dz3)
	pts[0].z.SetInt(1)
	for i := 1; i < pointTableLen; i++ {
		pts[i] = pts[i-1]
		pts[i].addAffineH(&d.x, &d.y, &ratio[i])
	}

	last := pointTableLen - 1
	t[last].x.Set(&pts[last].x).Normalize()
	t[last].y.Set(&pts[last].y).Normalize()
	var s, s2, s3 secp256k1.FieldVal
	s.Set(&ratio[last]) // Z_last / Z_(last-1)
	for i := last - 1; i >= 0; i-- {
		s2.SquareVal(&s)
		s3.Mul2(&s2, &s)
		t[i].x.Mul2(&pts[i].x, &s2)
		t[i].y.Mul2(&pts[i].y, &s3)
		if i > 0 {
			s.Mul(&ratio[i])
		}
	}
	// The real Z: the last entry's Z on the curve of 2q, times dz.
	zc.Mul2(&pts[last].z, &d.z)
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
	fillOddMultiplesAffine(&g, &t.g)
	fillOddMultiplesAffine(&h, &t.h)
	return &t
}

// fillOddMultiplesAffine sets t[i] = (2i+1)·p (p affine) in affine
// coordinates, using one field inversion for the whole table.
func fillOddMultiplesAffine(p *secp256k1.JacobianPoint, t *[baseTableLen]affinePoint) {
	j := make([]jacobian, baseTableLen)
	var d secp256k1.JacobianPoint
	secp256k1.DoubleNonConst(p, &d)
	d.ToAffine() // so each step is a mixed addition
	j[0].inf = true
	j[0].addAffine(&p.X, &p.Y) // from infinity: p itself
	for i := 1; i < baseTableLen; i++ {
		j[i] = j[i-1]
		j[i].addAffine(&d.X, &d.Y)
	}
	// Montgomery's trick: prefix products of the Z values, one inversion,
	// then each inverse from the running inverse. (No entry is infinity:
	// the multiples are below the group order.)
	prefix := make([]secp256k1.FieldVal, baseTableLen)
	prefix[0].Set(&j[0].z)
	for i := 1; i < baseTableLen; i++ {
		prefix[i].Mul2(&prefix[i-1], &j[i].z)
	}
	var inv, zinv, zinv2 secp256k1.FieldVal
	inv.Set(&prefix[baseTableLen-1]).Inverse()
	for i := baseTableLen - 1; i >= 0; i-- {
		if i > 0 {
			zinv.Mul2(&inv, &prefix[i-1])
			inv.Mul(&j[i].z)
		} else {
			zinv.Set(&inv)
		}
		zinv2.SquareVal(&zinv)
		t[i].x.Mul2(&j[i].x, &zinv2).Normalize()
		t[i].y.Mul2(&j[i].y, zinv2.Mul(&zinv)).Normalize()
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
