package crypto

import (
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func TestCombTables(t *testing.T) {
	for i := range combWindows {
		for _, j := range []int{1, 2, 3, combEntries - 1, combEntries} {
			// j·2^(combWindow·i) as a scalar.
			var k, two secp256k1.ModNScalar
			k.SetInt(uint32(j))
			two.SetInt(2)
			for range combWindow * i {
				k.Mul(&two)
			}
			var want secp256k1.JacobianPoint
			secp256k1.ScalarBaseMultNonConst(&k, &want)
			want.ToAffine()
			e := &combTables[i][j-1]
			if !feEqualsField(&e.x, &want.X) || !feEqualsField(&e.y, &want.Y) {
				t.Fatalf("combTables[%d][%d] != %d·2^%d·G", i, j-1, j, combWindow*i)
			}
		}
	}
}

func TestAddMulBase(t *testing.T) {
	rng := diffRand(t)
	scalars := edgeScalars()
	for range 200 {
		scalars = append(scalars, randScalar(rng))
	}
	for _, k := range scalars {
		for _, fromInf := range []bool{true, false} {
			q := randPoint(rng)
			var acc jacobian
			var want secp256k1.JacobianPoint
			secp256k1.ScalarBaseMultNonConst(&k, &want)
			if fromInf {
				acc.inf = true
			} else {
				feFromFieldVal(&acc.x, &q.X)
				feFromFieldVal(&acc.y, &q.Y)
				acc.z = feOne
				secp256k1.AddNonConst(&want, &q, &want)
			}
			acc.addMulBase(&k)
			var got secp256k1.JacobianPoint
			if !acc.inf {
				feToFieldVal(&got.X, &acc.x)
				feToFieldVal(&got.Y, &acc.y)
				feToFieldVal(&got.Z, &acc.z)
			}
			if !samePoint(got, want) {
				t.Fatalf("P + %v·G (from infinity %v) differs", k, fromInf)
			}
		}
	}
	// P = -k·G: the sum is infinity.
	k := randScalar(rng)
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k, &p)
	p.ToAffine()
	var acc jacobian
	feFromFieldVal(&acc.x, &p.X)
	feFromFieldVal(&acc.y, &p.Y)
	feNeg(&acc.y, &acc.y)
	acc.z = feOne
	acc.addMulBase(&k)
	if !acc.inf {
		t.Fatal("P + k·G with P = -k·G is not infinity")
	}
}
