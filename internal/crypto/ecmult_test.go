package crypto

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// scalarBig returns s as a big integer.
func scalarBig(s *secp256k1.ModNScalar) *big.Int {
	b := s.Bytes()
	return new(big.Int).SetBytes(b[:])
}

func bigScalar(v *big.Int) secp256k1.ModNScalar {
	var s secp256k1.ModNScalar
	s.SetByteSlice(new(big.Int).Mod(v, secp256k1.Params().N).Bytes())
	return s
}

// separateMulAdd is the reference: decred's u1·G and u2·q added, affine
// (or Z = 0 for infinity).
func separateMulAdd(u1, u2 *secp256k1.ModNScalar, q *secp256k1.JacobianPoint) secp256k1.JacobianPoint {
	var a, b, r secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(u1, &a)
	secp256k1.ScalarMultNonConst(u2, q, &b)
	secp256k1.AddNonConst(&a, &b, &r)
	return r
}

// samePoint compares two Jacobian points as affine points (both infinity
// counts as equal).
func samePoint(a, b secp256k1.JacobianPoint) bool {
	ainf := (a.X.IsZero() && a.Y.IsZero()) || a.Z.IsZero()
	binf := (b.X.IsZero() && b.Y.IsZero()) || b.Z.IsZero()
	if ainf || binf {
		return ainf == binf
	}
	a.ToAffine()
	b.ToAffine()
	return a.X.Equals(&b.X) && a.Y.Equals(&b.Y)
}

func randPoint(rng *rand.Rand) secp256k1.JacobianPoint {
	var p secp256k1.JacobianPoint
	randPriv(rng).PubKey().AsJacobian(&p)
	return p
}

func TestEndomorphismConstants(t *testing.T) {
	N, P := secp256k1.Params().N, secp256k1.Params().P
	var betaB [32]byte
	endoBeta.PutBytes(&betaB)
	beta := new(big.Int).SetBytes(betaB[:])
	lambda := new(big.Int).Neg(scalarBig(&minusLambda))
	lambda.Mod(lambda, N)
	one := big.NewInt(1)
	if new(big.Int).Exp(beta, big.NewInt(3), P).Cmp(one) != 0 || beta.Cmp(one) == 0 {
		t.Fatal("β is not a non-trivial cube root of unity mod P")
	}
	if new(big.Int).Exp(lambda, big.NewInt(3), N).Cmp(one) != 0 || lambda.Cmp(one) == 0 {
		t.Fatal("λ is not a non-trivial cube root of unity mod N")
	}
	// λ·G = (β·Gx, Gy).
	lam := bigScalar(lambda)
	var lg, g secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&lam, &lg)
	var oneS secp256k1.ModNScalar
	oneS.SetInt(1)
	secp256k1.ScalarBaseMultNonConst(&oneS, &g)
	lg.ToAffine()
	g.ToAffine()
	g.X.Mul(&endoBeta).Normalize()
	if !lg.X.Equals(&g.X) || !lg.Y.Equals(&g.Y) {
		t.Fatal("λ·G != (β·Gx, Gy)")
	}
	// The lattice basis and the rounding constants.
	a1, _ := new(big.Int).SetString("3086d221a7d46bcde86c90e49284eb15", 16)
	b1, _ := new(big.Int).SetString("-e4437ed6010e88286f547fa90abfe4c3", 16)
	a2, _ := new(big.Int).SetString("114ca50f7a8e2f3f657c1108d9d44cfd8", 16)
	b2 := a1
	for _, v := range [][2]*big.Int{{a1, b1}, {a2, b2}} {
		x := new(big.Int).Mul(v[1], lambda)
		if x.Add(x, v[0]).Mod(x, N).Sign() != 0 {
			t.Fatal("lattice basis vector is not in the kernel")
		}
	}
	want := func(num *big.Int) *big.Int {
		x := new(big.Int).Lsh(num, 384)
		x.Add(x, new(big.Int).Rsh(N, 1))
		return x.Div(x, N)
	}
	limbsBig := func(l [4]uint64) *big.Int {
		x := new(big.Int)
		for i := 3; i >= 0; i-- {
			x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(l[i]))
		}
		return x
	}
	if limbsBig(glvG1).Cmp(want(b2)) != 0 || limbsBig(glvG2).Cmp(want(new(big.Int).Neg(b1))) != 0 {
		t.Fatal("g1 or g2 is not the rounded 2^384·b/N")
	}
	if scalarBig(&minusB1).Cmp(new(big.Int).Mod(new(big.Int).Neg(b1), N)) != 0 ||
		scalarBig(&minusB2).Cmp(new(big.Int).Mod(new(big.Int).Neg(b2), N)) != 0 {
		t.Fatal("-b1 or -b2 is wrong")
	}
}

// edgeScalars are scalars worth trying on every multiplication.
func edgeScalars() []secp256k1.ModNScalar {
	N := secp256k1.Params().N
	var out []secp256k1.ModNScalar
	for _, v := range []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3), big.NewInt(-1), big.NewInt(-2),
		new(big.Int).Lsh(big.NewInt(1), 128), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1)),
		new(big.Int).Lsh(big.NewInt(1), 255), new(big.Int).Rsh(N, 1), new(big.Int).Add(new(big.Int).Rsh(N, 1), big.NewInt(1)),
		new(big.Int).Lsh(big.NewInt(1), 129), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)),
	} {
		out = append(out, bigScalar(v))
	}
	lam := minusLambda
	out = append(out, lam)
	lam.Negate()
	out = append(out, lam)
	return out
}

func TestSplitLambda(t *testing.T) {
	rng := diffRand(t)
	N := secp256k1.Params().N
	lambda := new(big.Int).Neg(scalarBig(&minusLambda))
	ks := edgeScalars()
	for range 20000 {
		ks = append(ks, randScalar(rng))
	}
	for _, k := range ks {
		r1, r2 := splitLambda(&k)
		sum := new(big.Int).Mul(scalarBig(&r2), lambda)
		sum.Add(sum, scalarBig(&r1)).Mod(sum, N)
		if sum.Cmp(scalarBig(&k)) != 0 {
			t.Fatalf("k = %v: r1 + r2·λ != k", k)
		}
		for _, r := range []secp256k1.ModNScalar{r1, r2} {
			if r.IsOverHalfOrder() {
				r.Negate()
			}
			if scalarBig(&r).BitLen() > 128 {
				t.Fatalf("k = %v: half %v longer than 128 bits", k, r)
			}
		}
	}
}

func TestWNAF(t *testing.T) {
	rng := diffRand(t)
	ks := edgeScalars()
	for range 2000 {
		ks = append(ks, randScalar(rng))
	}
	for _, k := range ks {
		l := scalarLimbs(&k)
		// Also the full 2^256-1 range, beyond N.
		for _, limbs := range [][4]uint64{l, {^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}, {l[0], l[1]}} {
			want := new(big.Int)
			for i := 3; i >= 0; i-- {
				want.Lsh(want, 64).Or(want, new(big.Int).SetUint64(limbs[i]))
			}
			for w := uint(2); w <= 15; w++ {
				var d [wnafLen]int16
				n := wnaf(&d, limbs, w)
				got := new(big.Int)
				last := -1000
				for i := wnafLen - 1; i >= 0; i-- {
					got.Lsh(got, 1).Add(got, big.NewInt(int64(d[i])))
					if d[i] == 0 {
						continue
					}
					if d[i]%2 == 0 || d[i] >= 1<<(w-1) || d[i] <= -(1<<(w-1)) {
						t.Fatalf("w=%d: digit %d at %d", w, d[i], i)
					}
					if last != -1000 && last-i < int(w) {
						t.Fatalf("w=%d: digits at %d and %d", w, i, last)
					}
					if last == -1000 && n != i+1 {
						t.Fatalf("w=%d: length %d, top digit at %d", w, n, i)
					}
					last = i
				}
				if got.Cmp(want) != 0 {
					t.Fatalf("w=%d: wNAF of %x sums to %x", w, want, got)
				}
				if want.Sign() == 0 && n != 0 {
					t.Fatalf("w=%d: length %d for zero", w, n)
				}
			}
		}
	}
}

func TestBaseTables(t *testing.T) {
	var two128 secp256k1.ModNScalar
	two128.SetByteSlice([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	for i := range baseTableLen {
		var k secp256k1.ModNScalar
		k.SetInt(uint32(2*i + 1))
		var want secp256k1.JacobianPoint
		secp256k1.ScalarBaseMultNonConst(&k, &want)
		want.ToAffine()
		if p := baseTables.g[i]; !feEqualsField(&p.x, &want.X) || !feEqualsField(&p.y, &want.Y) {
			t.Fatalf("g[%d] != %d·G", i, 2*i+1)
		}
		k.Mul(&two128)
		secp256k1.ScalarBaseMultNonConst(&k, &want)
		want.ToAffine()
		if p := baseTables.h[i]; !feEqualsField(&p.x, &want.X) || !feEqualsField(&p.y, &want.Y) {
			t.Fatalf("h[%d] != %d·2^128·G", i, 2*i+1)
		}
	}
}

func TestOddMultiples(t *testing.T) {
	rng := diffRand(t)
	for range 50 {
		q := randPoint(rng)
		var tbl [pointTableLen]affinePoint
		var zc, qx, qy fe
		feFromFieldVal(&qx, &q.X)
		feFromFieldVal(&qy, &q.Y)
		oddMultiples(&qx, &qy, &tbl, &zc)
		for i := range tbl {
			var got secp256k1.JacobianPoint
			feToFieldVal(&got.X, &tbl[i].x)
			feToFieldVal(&got.Y, &tbl[i].y)
			feToFieldVal(&got.Z, &zc)
			var k secp256k1.ModNScalar
			k.SetInt(uint32(2*i + 1))
			var want secp256k1.JacobianPoint
			secp256k1.ScalarMultNonConst(&k, &q, &want)
			if !samePoint(got, want) {
				t.Fatalf("entry %d with the common Z is not %d·q", i, 2*i+1)
			}
		}
	}
}

func TestMulBaseAdd(t *testing.T) {
	rng := diffRand(t)
	check := func(what string, u1, u2 secp256k1.ModNScalar, q secp256k1.JacobianPoint) {
		t.Helper()
		var got secp256k1.JacobianPoint
		mulBaseAddNonConst(&u1, &u2, &q, &got)
		if !samePoint(got, separateMulAdd(&u1, &u2, &q)) {
			t.Fatalf("%s: u1 %v u2 %v q %v: combined != separate", what, u1, u2, q.X)
		}
	}
	edges := edgeScalars()
	q := randPoint(rng)
	var g secp256k1.JacobianPoint
	secp256k1.PrivKeyFromBytes([]byte{1}).PubKey().AsJacobian(&g)
	for _, a := range edges {
		for _, b := range edges {
			check("edge scalars", a, b, q)
			check("edge scalars, q = G", a, b, g)
		}
	}
	for range diffRounds() {
		u1, u2, q := randScalar(rng), randScalar(rng), randPoint(rng)
		check("random", u1, u2, q)
		// Short scalars (long runs of zero digits).
		var s1, s2 secp256k1.ModNScalar
		s1.SetInt(rng.Uint32())
		s2.SetInt(rng.Uint32())
		check("short", s1, u2, q)
		check("short", u1, s2, q)

		// Cancellation: q = k·G, u1 = -u2·k, so the sum is infinity; and
		// q = -G, u1 = u2 + 1 (the sum is G).
		priv := randPriv(rng)
		var kq secp256k1.JacobianPoint
		priv.PubKey().AsJacobian(&kq)
		c := u2
		c.Mul(&priv.Key).Negate()
		check("cancelling", c, u2, kq)
		ng := g
		ng.Y.Negate(1).Normalize()
		var one secp256k1.ModNScalar
		one.SetInt(1)
		c = u2
		c.Add(&one)
		check("q = -G", c, u2, ng)
	}
}

// verifySchnorrSeparate is the BIP340 verification this package used
// before the combined multiplication: decred's s·G and (-e)·P added. It is
// the reference for the differential test.
func verifySchnorrSeparate(pubkey32 *[32]byte, msg []byte, sig64 *[64]byte) bool {
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
	h := chainhash.TagBIP340Challenge.Sum(sig64[:32], pubkey32[:], msg)
	var e secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(&h))
	e.Negate()
	var p secp256k1.JacobianPoint
	p.X.Set(&px)
	p.Y.Set(&py)
	p.Z.SetInt(1)
	rp := separateMulAdd(&s, &e, &p)
	if (rp.X.IsZero() && rp.Y.IsZero()) || rp.Z.IsZero() {
		return false
	}
	rp.ToAffine()
	return !rp.Y.IsOdd() && rp.X.Equals(&r)
}

// TestPureECDSAMatchesDecred compares our pure-Go ECDSA verification with
// decred's own (ecdsa.Signature.Verify, which also accepts high S) on
// generated valid signatures and near misses.
func TestPureECDSAMatchesDecred(t *testing.T) {
	rng := diffRand(t)
	cases := genECDSACases(rng, diffRounds())
	for i, c := range cases {
		got := verifyECDSAPure(&c.r, &c.s, &c.hash, c.pub)
		want := ecdsa.NewSignature(&c.r, &c.s).Verify(c.hash[:], c.pub)
		if got != want {
			t.Fatalf("case %d (%s): ours %v, decred %v\npub %x\nr %v s %v\nhash %x",
				i, c.kind, got, want, c.pub.SerializeCompressed(), c.r, c.s, c.hash)
		}
		checkWant(t, wantECDSA, c.kind, got, i)
	}
	t.Logf("%d cases agree", len(cases))
}

// TestPureSchnorrMatchesSeparate compares our BIP340 verification with the
// one built on decred's separate multiplications.
func TestPureSchnorrMatchesSeparate(t *testing.T) {
	rng := diffRand(t)
	cases := genSchnorrCases(rng, diffRounds())
	for i, c := range cases {
		got := verifySchnorrPure(&c.pub, c.msg, &c.sig)
		want := verifySchnorrSeparate(&c.pub, c.msg, &c.sig)
		if got != want {
			t.Fatalf("case %d (%s): ours %v, reference %v\npub %x\nmsg %x\nsig %x", i, c.kind, got, want, c.pub, c.msg, c.sig)
		}
		checkWant(t, wantSchnorr, c.kind, got, i)
	}
	t.Logf("%d cases agree", len(cases))
}

// BenchmarkMulBaseAdd times u1·G + u2·Q both ways in one run, alternating,
// so a loaded machine affects both alike.
func BenchmarkMulBaseAdd(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	u1, u2, q := randScalar(rng), randScalar(rng), randPoint(rng)
	b.Run("combined", func(b *testing.B) {
		var r secp256k1.JacobianPoint
		for b.Loop() {
			mulBaseAddNonConst(&u1, &u2, &q, &r)
		}
	})
	b.Run("separate", func(b *testing.B) {
		for b.Loop() {
			separateMulAdd(&u1, &u2, &q)
		}
	})
}

// recoverDecred is decred's recovery (ecdsa.RecoverCompact), the reference
// for recoverPure.
func recoverDecred(hash *[32]byte, sig64 *[64]byte, v byte) (*secp256k1.PublicKey, error) {
	var c [RecoverableSigLen]byte
	c[0] = compactMagic + v
	copy(c[1:], sig64[:])
	pub, _, err := ecdsa.RecoverCompact(c[:], hash[:])
	return pub, err
}

// TestPureRecoverMatchesDecred compares our recovery with decred's
// RecoverCompact on valid signatures, other recovery ids and random values.
func TestPureRecoverMatchesDecred(t *testing.T) {
	rng := diffRand(t)
	cases := genRecoverCases(rng, diffRounds())
	recovered := 0
	for i, c := range cases {
		got, gerr := recoverPure(&c.hash, &c.sig, c.v)
		want, werr := recoverDecred(&c.hash, &c.sig, c.v)
		if (gerr == nil) != (werr == nil) || (gerr == nil && !got.IsEqual(want)) {
			t.Fatalf("case %d (%s): ours (%v, %v), decred (%v, %v)\nhash %x\nsig %x v %d",
				i, c.kind, got, gerr, want, werr, c.hash, c.sig, c.v)
		}
		checkWant(t, wantRecover, c.kind, gerr == nil, i)
		if gerr == nil {
			recovered++
		}
	}
	t.Logf("%d cases agree (%d recovered a key)", len(cases), recovered)
}

// FuzzMulBaseAdd compares the combined multiplication with decred's
// separate ones for arbitrary scalars and keys.
func FuzzMulBaseAdd(f *testing.F) {
	n := secp256k1.Params().N.FillBytes(make([]byte, 32))
	f.Add(make([]byte, 32), make([]byte, 32), []byte{1})
	f.Add(n, n, n[:31])
	f.Add([]byte{1}, []byte{2}, []byte{3})
	f.Fuzz(func(t *testing.T, a, b, k []byte) {
		if len(a) > 32 || len(b) > 32 || len(k) > 32 {
			return
		}
		var u1, u2, d secp256k1.ModNScalar
		u1.SetByteSlice(a)
		u2.SetByteSlice(b)
		d.SetByteSlice(k)
		if d.IsZero() {
			return
		}
		var q, got secp256k1.JacobianPoint
		secp256k1.NewPrivateKey(&d).PubKey().AsJacobian(&q)
		mulBaseAddNonConst(&u1, &u2, &q, &got)
		if !samePoint(got, separateMulAdd(&u1, &u2, &q)) {
			t.Fatalf("u1 %x u2 %x k %x: combined != separate", a, b, k)
		}
	})
}

// feEqualsField reports whether a and f hold the same field element.
func feEqualsField(a *fe, f *secp256k1.FieldVal) bool {
	var b fe
	feFromFieldVal(&b, f)
	return feEqual(a, &b)
}
