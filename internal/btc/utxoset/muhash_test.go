package utxoset

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20"
)

// fromInt is Core's FromInt test helper: the set holding the 32-byte element
// {i, 0, 0, ...}.
func fromInt(i byte) *MuHash3072 {
	var tmp [32]byte
	tmp[0] = i
	m := NewMuHash3072()
	m.Insert(tmp[:])
	return m
}

// Vectors from Bitcoin Core src/test/crypto_tests.cpp, muhash_tests.
const (
	// FromInt(0) * FromInt(1) / FromInt(2), finalized (uint256 display hex).
	muHashVector012 = "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863"
	// The numerator of FromInt(1) * FromInt(2) (ser_exp's first 384 bytes;
	// the denominator is one).
	muHashSerNumerator = "1fa093295ea30a6a3acdc7b3f770fa538eff537528e990e2910e40bbcfd7f6696b1256901929094694b56316de342f593303" +
		"dd12ac43e06dce1be1ff8301c845beb15468fff0ef002dbf80c29f26e6452bccc91b5cb9437ad410d2a67ea847887fa3c6" +
		"a6553309946880fe20db2c73fe0641adbd4e86edfee0d9f8cd0ee1230898873dc13ed8ddcaf045c80faa082774279007a2" +
		"253f8922ee3ef361d378a6af3ddaf180b190ac97e556888c36b3d1fb1c85aab9ccd46e3deaeb7b7cf5db067a7e9ff86b65" +
		"8cf3acd6662bbcce37232daa753c48b794356c020090c831a8304416e2aa7ad633c0ddb2f11be1be316a81be7f7e472071" +
		"c042cb68faef549c221ebff209273638b741aba5a81675c45a5fa92fea4ca821d7a324cb1e1a2ccd3b76c4228ec8066dad" +
		"2a5df6e1bd0de45c7dd5de8070bdb46db6c554cf9aefc9b7b2bbf9f75b1864d9f95005314593905c0109b71f703d49944a" +
		"e94477b51dac10a816bb6d1c700bafabc8bd86fac8df24be519a2f2836b16392e18036cb13e48c5c"
	// Finalize of a state whose numerator is all 0xff bytes (above the
	// modulus), printed as raw digest bytes (HexStr, not reversed).
	muHashOverflowDigest = "3a31e6903aff0de9f62f9a9f7f8b861de76ce2cda09822b90014319ae5dc2271"
)

func TestMuHashCoreVectors(t *testing.T) {
	t.Run("combine-divide", func(t *testing.T) {
		acc := fromInt(0)
		acc.Combine(fromInt(1))
		acc.Subtract(fromInt(2))
		if got := acc.Finalize().String(); got != muHashVector012 {
			t.Fatalf("got %s want %s", got, muHashVector012)
		}
	})
	t.Run("insert-remove", func(t *testing.T) {
		acc := fromInt(0)
		tmp := [32]byte{1}
		acc.Insert(tmp[:])
		tmp2 := [32]byte{2}
		acc.Remove(tmp2[:])
		if got := acc.Finalize().String(); got != muHashVector012 {
			t.Fatalf("got %s want %s", got, muHashVector012)
		}
	})
	t.Run("serialization", func(t *testing.T) {
		if len(muHashSerNumerator) != 2*num3072Bytes {
			t.Fatalf("vector length %d", len(muHashSerNumerator))
		}
		m := fromInt(1)
		m.Combine(fromInt(2))
		ser := m.AppendTo(nil)
		want := muHashSerNumerator + "01" + strings.Repeat("00", num3072Bytes-1)
		if got := hex.EncodeToString(ser); got != want {
			t.Fatalf("serialization:\n got %s\nwant %s", got, want)
		}
		back, err := DecodeMuHash3072(ser)
		if err != nil {
			t.Fatal(err)
		}
		if back.Finalize() != m.Finalize() {
			t.Fatal("round trip changed the digest")
		}
	})
	t.Run("overflow", func(t *testing.T) {
		raw := bytes.Repeat([]byte{0xff}, num3072Bytes)
		raw = append(raw, 1)
		raw = append(raw, make([]byte, num3072Bytes-1)...)
		m, err := DecodeMuHash3072(raw)
		if err != nil {
			t.Fatal(err)
		}
		d := m.Finalize()
		if got := hex.EncodeToString(d[:]); got != muHashOverflowDigest {
			t.Fatalf("got %s want %s", got, muHashOverflowDigest)
		}
	})
	t.Run("bad-size", func(t *testing.T) {
		if _, err := DecodeMuHash3072(make([]byte, 767)); !errors.Is(err, ErrMuHashSize) {
			t.Fatalf("err %v", err)
		}
	})
}

// TestMuHashOrderIndependence mirrors Core's randomized checks: the digest
// of a sequence of insertions and removals does not depend on their order,
// and X*Y/(Y*X) is the empty set.
func TestMuHashOrderIndependence(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	empty := NewMuHash3072().Finalize()
	for iter := 0; iter < 10; iter++ {
		var table [4]int
		for i := range table {
			table[i] = rng.IntN(8)
		}
		var first [32]byte
		for order := 0; order < 4; order++ {
			acc := NewMuHash3072()
			for i := 0; i < 4; i++ {
				v := table[i^order]
				if v&4 != 0 {
					acc.Subtract(fromInt(byte(v & 3)))
				} else {
					acc.Combine(fromInt(byte(v & 3)))
				}
			}
			out := acc.Finalize()
			if order == 0 {
				first = out
			} else if out != first {
				t.Fatalf("iteration %d order %d differs", iter, order)
			}
		}
		x := fromInt(byte(rng.IntN(16)))
		y := fromInt(byte(rng.IntN(16)))
		z := NewMuHash3072()
		z.Combine(x)
		z.Combine(y)
		y.Combine(x)
		z.Subtract(y)
		if z.Finalize() != empty {
			t.Fatalf("iteration %d: X*Y/(Y*X) is not the empty set", iter)
		}
	}
}

// TestNum3072MulAgainstBig checks the limb multiplication against math/big,
// including operands at the edges (p-1, values above p, all ones).
func TestNum3072MulAgainstBig(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	random := func() num3072 {
		var n num3072
		for i := range n {
			n[i] = rng.Uint64()
		}
		return n
	}
	var pm1, ones, small, big1 num3072
	pm1.setBig(new(big.Int).Sub(muHashPrime, big.NewInt(1)))
	for i := range ones {
		ones[i] = maxLimb
	}
	small[0] = 5
	big1.setBig(new(big.Int).Add(muHashPrime, big.NewInt(3)))
	edge := []num3072{pm1, ones, small, big1}
	cases := 0
	check := func(a, b num3072) {
		want := new(big.Int).Mul(a.toBig(), b.toBig())
		want.Mod(want, muHashPrime)
		got := a
		got.mul(&b)
		if got.toBig().Cmp(want) != 0 {
			t.Fatalf("mul mismatch\n a=%x\n b=%x", a.toBig(), b.toBig())
		}
		cases++
	}
	for _, a := range edge {
		for _, b := range edge {
			check(a, b)
		}
		check(a, random())
	}
	for i := 0; i < 300; i++ {
		check(random(), random())
	}
	t.Logf("%d products checked", cases)
}

// TestChaCha20Keystream compares the local keystream with x/crypto's.
func TestChaCha20Keystream(t *testing.T) {
	for i := 0; i < 20; i++ {
		var key [32]byte
		for j := range key {
			key[j] = byte(i*31 + j*7)
		}
		got := make([]byte, 384)
		chacha20Keystream(&key, got)
		c, err := chacha20.NewUnauthenticatedCipher(key[:], make([]byte, 12))
		if err != nil {
			t.Fatal(err)
		}
		want := make([]byte, 384)
		c.XORKeyStream(want, want)
		if !bytes.Equal(got, want) {
			t.Fatalf("key %d: keystream differs", i)
		}
	}
}

func BenchmarkMuHashInsert(b *testing.B) {
	m := NewMuHash3072()
	data := make([]byte, 60)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		data[0] = byte(i)
		data[1] = byte(i >> 8)
		m.Insert(data)
	}
}

func BenchmarkMuHashFinalize(b *testing.B) {
	m := fromInt(3)
	m.Subtract(fromInt(4))
	for b.Loop() {
		c := *m
		c.Finalize()
	}
}
