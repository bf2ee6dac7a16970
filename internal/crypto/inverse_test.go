package crypto

import (
	"math/big"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func TestInverseConstants(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *big.Int
		lim  u256
		inv  *big.Int
		two  *big.Int
	}{
		{"P", secp256k1.Params().P, fieldPrime, fieldBig(&fieldInv2Pow512), fieldBig(&fieldTwo256)},
		{"N", secp256k1.Params().N, groupOrder, scalarBig(&scalarInv2Pow512), scalarBig(&scalarTwo256)},
	} {
		var b [32]byte
		c.lim.putBytes(&b)
		if new(big.Int).SetBytes(b[:]).Cmp(c.m) != 0 {
			t.Fatalf("%s limbs", c.name)
		}
		if c.inv.Cmp(new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 512), c.m)) != 0 {
			t.Fatalf("2^-512 mod %s", c.name)
		}
		if c.two.Cmp(new(big.Int).Mod(new(big.Int).Lsh(big.NewInt(1), 256), c.m)) != 0 {
			t.Fatalf("2^256 mod %s", c.name)
		}
	}
}

func fieldBig(f *secp256k1.FieldVal) *big.Int {
	g := *f
	g.Normalize()
	var b [32]byte
	g.PutBytes(&b)
	return new(big.Int).SetBytes(b[:])
}

// TestInverseVarTime compares both inversions with math/big on edge and
// random values.
func TestInverseVarTime(t *testing.T) {
	rng := diffRand(t)
	P, N := secp256k1.Params().P, secp256k1.Params().N
	vals := []*big.Int{big.NewInt(1), big.NewInt(2), big.NewInt(3), new(big.Int).Sub(N, big.NewInt(1)),
		new(big.Int).Sub(P, big.NewInt(1)), new(big.Int).Lsh(big.NewInt(1), 255), new(big.Int).Lsh(big.NewInt(1), 128),
		new(big.Int).Rsh(N, 1), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))}
	for range 20 * diffRounds() {
		b := rand32(rng)
		v := new(big.Int).SetBytes(b[:])
		if rng.IntN(8) == 0 {
			v.Rsh(v, uint(rng.IntN(256)))
		}
		vals = append(vals, v)
	}
	for _, v := range vals {
		if fv := new(big.Int).Mod(v, P); fv.Sign() != 0 {
			var f, inv secp256k1.FieldVal
			f.SetByteSlice(fv.Bytes())
			fieldInverseVarTime(&inv, &f)
			if fieldBig(&inv).Cmp(new(big.Int).ModInverse(fv, P)) != 0 {
				t.Fatalf("field inverse of %x", fv)
			}
		}
		if sv := new(big.Int).Mod(v, N); sv.Sign() != 0 {
			s := bigScalar(sv)
			var inv secp256k1.ModNScalar
			scalarInverseVarTime(&inv, &s)
			if scalarBig(&inv).Cmp(new(big.Int).ModInverse(sv, N)) != 0 {
				t.Fatalf("scalar inverse of %x", sv)
			}
		}
	}
	var zf, zi secp256k1.FieldVal
	if fieldInverseVarTime(&zi, &zf); !zi.IsZero() {
		t.Fatal("inverse of field zero")
	}
	var zs, zsi secp256k1.ModNScalar
	if scalarInverseVarTime(&zsi, &zs); !zsi.IsZero() {
		t.Fatal("inverse of scalar zero")
	}
	t.Logf("%d values", len(vals))
}

// FuzzInverseVarTime compares the variable-time inversions with math/big.
func FuzzInverseVarTime(f *testing.F) {
	f.Add([]byte{1})
	f.Add(secp256k1.Params().N.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 32 {
			return
		}
		v := new(big.Int).SetBytes(b)
		P, N := secp256k1.Params().P, secp256k1.Params().N
		if fv := new(big.Int).Mod(v, P); fv.Sign() != 0 {
			var x, inv secp256k1.FieldVal
			x.SetByteSlice(fv.Bytes())
			fieldInverseVarTime(&inv, &x)
			if fieldBig(&inv).Cmp(new(big.Int).ModInverse(fv, P)) != 0 {
				t.Fatalf("field inverse of %x", fv)
			}
		}
		if sv := new(big.Int).Mod(v, N); sv.Sign() != 0 {
			s := bigScalar(sv)
			var inv secp256k1.ModNScalar
			scalarInverseVarTime(&inv, &s)
			if scalarBig(&inv).Cmp(new(big.Int).ModInverse(sv, N)) != 0 {
				t.Fatalf("scalar inverse of %x", sv)
			}
		}
	})
}
