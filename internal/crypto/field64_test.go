package crypto

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func feBig(a *fe) *big.Int {
	var b [32]byte
	fePutBytes(a, &b)
	return new(big.Int).SetBytes(b[:])
}

// feRaw returns the 256-bit integer a holds (not reduced).
func feRaw(a *fe) *big.Int {
	v := new(big.Int)
	for i := 3; i >= 0; i-- {
		v.Lsh(v, 64).Add(v, new(big.Int).SetUint64(a[i]))
	}
	return v
}

// feSamples returns random and edge-case values, including unreduced ones
// (p ≤ v < 2^256).
func feSamples(r *rand.Rand, n int) []fe {
	m := ^uint64(0)
	out := []fe{
		{}, {1}, {2}, {feC}, {feC - 1},
		feP, {feP[0] - 1, m, m, m}, {feP[0] + 1, m, m, m}, {m, m, m, m}, {m - 1, m, m, m},
		{0, 0, 0, 1 << 63}, {m, 0, 0, 0}, {0, m, 0, 0}, {m, m, 0, 0},
	}
	for range n {
		var a fe
		for i := range a {
			switch r.IntN(4) {
			case 0:
				a[i] = m
			case 1:
				a[i] = 0
			default:
				a[i] = r.Uint64()
			}
		}
		out = append(out, a)
	}
	return out
}

func TestFieldOps64(t *testing.T) {
	p, _ := new(big.Int).SetString("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16)
	r := rand.New(rand.NewPCG(1, 2))
	vals := feSamples(r, 300)
	mod := func(v *big.Int) *big.Int { return v.Mod(v, p) }
	for i, a := range vals {
		ab := feRaw(&a)
		if feBig(&a).Cmp(mod(new(big.Int).Set(ab))) != 0 {
			t.Fatalf("normalize %d", i)
		}
		var s fe
		feSqr(&s, &a)
		if feBig(&s).Cmp(mod(new(big.Int).Mul(ab, ab))) != 0 {
			t.Fatalf("sqr %x", a)
		}
		feMulSmall(&s, &a, 0xffffffff)
		if feBig(&s).Cmp(mod(new(big.Int).Mul(ab, big.NewInt(0xffffffff)))) != 0 {
			t.Fatalf("mulsmall %x", a)
		}
		feNeg(&s, &a)
		if feBig(&s).Cmp(mod(new(big.Int).Neg(ab))) != 0 {
			t.Fatalf("neg %x", a)
		}
		for _, b := range vals[:60] {
			bb := feRaw(&b)
			var m, ad, sb fe
			feMul(&m, &a, &b)
			feAdd(&ad, &a, &b)
			feSub(&sb, &a, &b)
			if feBig(&m).Cmp(mod(new(big.Int).Mul(ab, bb))) != 0 {
				t.Fatalf("mul %x %x", a, b)
			}
			if feBig(&ad).Cmp(mod(new(big.Int).Add(ab, bb))) != 0 {
				t.Fatalf("add %x %x", a, b)
			}
			if feBig(&sb).Cmp(mod(new(big.Int).Sub(ab, bb))) != 0 {
				t.Fatalf("sub %x %x", a, b)
			}
		}
		// Square roots against decred.
		var fv, root secp256k1.FieldVal
		feToFieldVal(&fv, &a)
		want := root.SquareRootVal(&fv)
		var got fe
		if ok := feSqrt(&got, &a); ok != want {
			t.Fatalf("sqrt ok %x: %v, want %v", a, ok, want)
		} else if ok {
			var g2 fe
			feSqr(&g2, &got)
			if !feEqual(&g2, &a) {
				t.Fatalf("sqrt %x", a)
			}
		}
		var back fe
		feFromFieldVal(&back, &fv)
		if !feEqual(&back, &a) {
			t.Fatalf("conversion %x", a)
		}
	}
}

func BenchmarkFieldMul(b *testing.B) {
	x := fe{0x1234567890abcdef, 0xfedcba0987654321, 0xdeadbeefcafebabe, 0x0123456789abcdef}
	y := x
	for b.Loop() {
		feMul(&y, &y, &x)
	}
}

func BenchmarkFieldSqr(b *testing.B) {
	x := fe{0x1234567890abcdef, 0xfedcba0987654321, 0xdeadbeefcafebabe, 0x0123456789abcdef}
	for b.Loop() {
		feSqr(&x, &x)
	}
}

func BenchmarkFieldMulDecred(b *testing.B) {
	var y secp256k1.FieldVal
	x := fieldFromHex("0123456789abcdefdeadbeefcafebabefedcba09876543211234567890abcdef")
	y.Set(&x)
	for b.Loop() {
		y.Mul(&x)
	}
}

func BenchmarkFieldSqrDecred(b *testing.B) {
	x := fieldFromHex("0123456789abcdefdeadbeefcafebabefedcba09876543211234567890abcdef")
	for b.Loop() {
		x.Square()
	}
}

func BenchmarkFieldInverseVarTime(b *testing.B) {
	x := fieldFromHex("0123456789abcdefdeadbeefcafebabefedcba09876543211234567890abcdef")
	var r secp256k1.FieldVal
	for b.Loop() {
		fieldInverseVarTime(&r, &x)
	}
}

func BenchmarkScalarInverseVarTime(b *testing.B) {
	x := scalarFromHex("0123456789abcdefdeadbeefcafebabefedcba09876543211234567890abcdef")
	var r secp256k1.ModNScalar
	for b.Loop() {
		scalarInverseVarTime(&r, &x)
	}
}

func BenchmarkFieldSqrt(b *testing.B) {
	x := fe{0x1234567890abcdef, 0xfedcba0987654321, 0xdeadbeefcafebabe, 0x0123456789abcdef}
	var r fe
	for b.Loop() {
		feSqrt(&r, &x)
	}
}
