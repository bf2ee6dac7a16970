package crypto

import "github.com/decred/dcrd/dcrec/secp256k1/v4"

// ECDSACandidates answers "does this ECDSA signature verify under this
// public key?" for several keys at the price of about one verification in
// all: OP_CHECKMULTISIG tries each signature against keys in turn, and a
// key that does not match would otherwise cost a whole verification (a
// 2-of-3 multisig input costs 2.67 of them on average).
//
// It recovers, once, every public key under which the signature verifies:
// with R = (r, y) on the curve, u1 = -e/r and u2 = s/r, the keys are
// u1·G ± u2·R (one for each y, and they cover high S too, since (r, N-s)
// picks -R). A key then matches when its encoding holds one of them, which
// is exactly when ParsePubKey succeeds and VerifyECDSA returns true.
//
// The rare signatures with r < P-N, whose R may also have x = r+N, keep
// the signature and hash and verify each key directly, as does every
// signature in the libsecp256k1 build (whose verification is cheap).
//
// The zero value matches no key.
type ECDSACandidates struct {
	n      int // recovered keys in q
	q      [2]affinePoint
	direct bool // verify each key with VerifyECDSA instead
	sig    Signature
	hash   [32]byte
}

// RecoverECDSACandidates prepares the matching of sig (DER without the
// sighash byte, parsed with ParseDERSignatureLax as VerifyECDSA does)
// against public keys for the 32-byte hash. A signature that does not
// parse, has R or S zero, or a hash of another length matches no key.
//
// This function is safe for concurrent access and does not allocate.
func RecoverECDSACandidates(sig, hash []byte) ECDSACandidates {
	var c ECDSACandidates
	s, ok := ParseDERSignatureLax(sig)
	if !ok || len(hash) != 32 || s.R.IsZero() || s.S.IsZero() {
		return c
	}
	rb := s.R.Bytes()
	var rx fe
	feSetBytes(&rx, &rb)
	if !recoverCandidatesInGo || feLess(&rx, &pMinusN) {
		// libsecp256k1 build, or R+N < P: verify key by key.
		c.direct = true
		c.sig = s
		copy(c.hash[:], hash)
		return c
	}
	var ry fe
	if !feDecompressY(&ry, &rx, false) {
		return c // no point has x = r: nothing verifies
	}
	var e, rinv, u1, u2, zero secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(hash))
	scalarInverseVarTime(&rinv, &s.R)
	u1.Mul2(&e, &rinv).Negate()
	u2.Mul2(&s.S, &rinv)

	// a = u2·R (u2 and R non-zero, so a is not infinity), b = u1·G.
	var a, b jacobian
	mulBaseAdd64(&zero, &u2, &rx, &ry, &a)
	b.inf = true
	b.addMulBase(&u1)
	var pts [2]jacobian
	addJacobianPair(&b, &a, &pts[0], &pts[1])

	// Affine coordinates with one inversion for both.
	var zs [2]fe
	k := 0
	for i := range pts {
		if !pts[i].inf {
			pts[k] = pts[i]
			zs[k] = pts[i].z
			k++
		}
	}
	if k == 0 {
		return c
	}
	prod := zs[0]
	if k == 2 {
		feMul(&prod, &zs[0], &zs[1])
	}
	var pf, pinv secp256k1.FieldVal
	feToFieldVal(&pf, &prod)
	fieldInverseVarTime(&pinv, &pf)
	var inv fe
	feFromFieldVal(&inv, &pinv)
	var zinv [2]fe
	if k == 2 {
		feMul(&zinv[0], &inv, &zs[1])
		feMul(&zinv[1], &inv, &zs[0])
	} else {
		zinv[0] = inv
	}
	for i := range k {
		var z2, z3 fe
		feSqr(&z2, &zinv[i])
		feMul(&z3, &z2, &zinv[i])
		feMul(&c.q[i].x, &pts[i].x, &z2)
		feMul(&c.q[i].y, &pts[i].y, &z3)
		feNormalize(&c.q[i].x)
		feNormalize(&c.q[i].y)
	}
	c.n = k
	return c
}

// Matches reports whether the signature verifies under pubKey (a serialized
// key as ParsePubKey accepts it): the same answer as ParsePubKey followed
// by VerifyECDSA with the signature and hash given to
// RecoverECDSACandidates.
//
// This method is safe for concurrent access and does not allocate.
func (c *ECDSACandidates) Matches(pubKey []byte) bool {
	if c.direct {
		pk, err := ParsePubKey(pubKey)
		return err == nil && c.sig.Verify(c.hash[:], pk)
	}
	if c.n == 0 {
		return false
	}
	var x, y fe
	var odd, haveY bool
	switch {
	case len(pubKey) == PubKeyBytesLenCompressed && (pubKey[0] == 0x02 || pubKey[0] == 0x03):
		odd = pubKey[0] == 0x03
	case len(pubKey) == PubKeyBytesLenUncompressed && (pubKey[0] == 0x04 || pubKey[0] == 0x06 || pubKey[0] == 0x07):
		feSetBytes(&y, (*[32]byte)(pubKey[33:65]))
		haveY = true
		// Hybrid keys must state y's parity correctly.
		if pubKey[0] != 0x04 && (y[0]&1 == 1) != (pubKey[0] == 0x07) {
			return false
		}
	default:
		return false
	}
	feSetBytes(&x, (*[32]byte)(pubKey[1:33]))
	// Candidates are canonical; a coordinate at or above P never equals
	// one, as ParsePubKey rejects it.
	for i := range c.n {
		q := &c.q[i]
		if q.x != x {
			continue
		}
		if haveY {
			if q.y == y {
				return true
			}
		} else if (q.y[0]&1 == 1) == odd {
			return true
		}
	}
	return false
}

// addJacobianPair sets sum = p + q and diff = p - q (q not infinity; p may
// be), sharing the work of the two additions.
func addJacobianPair(p, q, sum, diff *jacobian) {
	if p.inf {
		*sum = *q
		*diff = *q
		feNeg(&diff.y, &q.y)
		return
	}
	var z1z1, z2z2, u1, u2, s1, s2, h fe
	feSqr(&z1z1, &p.z)
	feSqr(&z2z2, &q.z)
	feMul(&u1, &p.x, &z2z2)
	feMul(&u2, &q.x, &z1z1)
	feMul(&s1, &p.y, &z2z2)
	feMul(&s1, &s1, &q.z)
	feMul(&s2, &q.y, &z1z1)
	feMul(&s2, &s2, &p.z)
	feSub(&h, &u2, &u1)
	if feIsZero(&h) {
		// q = ±p: one of the two is 2p, the other infinity.
		var t fe
		feSub(&t, &s2, &s1)
		if feIsZero(&t) { // q = p
			*sum = *p
			sum.double()
			diff.inf = true
		} else { // q = -p
			sum.inf = true
			*diff = *p
			diff.double()
		}
		return
	}
	var hh, hhh, v, z3 fe
	feSqr(&hh, &h)
	feMul(&hhh, &hh, &h)
	feMul(&v, &u1, &hh) // U1·H²
	feMul(&z3, &p.z, &q.z)
	feMul(&z3, &z3, &h)
	var s1h3 fe
	feMul(&s1h3, &s1, &hhh)
	// r = S2 - S1 for the sum, -S2 - S1 for the difference.
	var rs, rd fe
	feSub(&rs, &s2, &s1)
	feNeg(&rd, &s2)
	feSub(&rd, &rd, &s1)
	for _, o := range []struct {
		r   *fe
		out *jacobian
	}{{&rs, sum}, {&rd, diff}} {
		var x3, t fe
		feSqr(&x3, o.r)
		feSub(&x3, &x3, &hhh)
		feSub(&x3, &x3, &v)
		feSub(&x3, &x3, &v)
		feSub(&t, &v, &x3)
		feMul(&t, o.r, &t)
		feSub(&o.out.y, &t, &s1h3)
		o.out.x = x3
		o.out.z = z3
		o.out.inf = false
	}
}
