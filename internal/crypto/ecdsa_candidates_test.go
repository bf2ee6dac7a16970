package crypto

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/twinchain/twinchain/internal/testdata"
)

// keyEncodings returns every encoding of pub ParsePubKey accepts
// (compressed, uncompressed, hybrid) and the same with the wrong parity
// (compressed and hybrid), which must not match.
func keyEncodings(pub *secp256k1.PublicKey) (good, bad [][]byte) {
	c := pub.SerializeCompressed()
	u := pub.SerializeUncompressed()
	h := append([]byte(nil), u...)
	h[0] = 0x06 | c[0]&1
	good = [][]byte{c, u, h}
	wc := append([]byte(nil), c...)
	wc[0] ^= 1
	wh := append([]byte(nil), h...)
	wh[0] ^= 1
	return good, [][]byte{wc, wh}
}

// checkCandidates compares Matches with ParsePubKey + VerifyECDSA for sig
// and hash over keys.
func checkCandidates(t *testing.T, what string, sig, hash []byte, keys [][]byte) {
	t.Helper()
	c := RecoverECDSACandidates(sig, hash)
	for _, k := range keys {
		want := false
		if pk, err := ParsePubKey(k); err == nil {
			want = VerifyECDSA(pk, sig, hash)
		}
		if got := c.Matches(k); got != want {
			t.Fatalf("%s: key %x: Matches %v, verification %v", what, k, got, want)
		}
	}
}

func TestECDSACandidates(t *testing.T) {
	rng := diffRand(t)
	var keys [][]byte
	var privs []*secp256k1.PrivateKey
	for range 4 {
		p := randPriv(rng)
		privs = append(privs, p)
		good, bad := keyEncodings(p.PubKey())
		keys = append(keys, good...)
		keys = append(keys, bad...)
	}
	// Malformed keys: off the curve, x ≥ P, wrong sizes and prefixes.
	offCurve := append([]byte{0x02}, make([]byte, 32)...)
	offCurve[32] = 5
	overP := append([]byte{0x02}, make([]byte, 32)...)
	for i := 1; i < 33; i++ {
		overP[i] = 0xff
	}
	keys = append(keys, offCurve, overP, []byte{0x02}, nil, append([]byte{0x05}, keys[0][1:]...))
	for i := range 100 {
		p := privs[i%len(privs)]
		b := rand32(rng)
		hash := b[:]
		sig := ecdsa.Sign(p, hash)
		der := sig.Serialize()
		checkCandidates(t, "signature", der, hash, keys)
		// High S: N-S verifies too.
		r, s := sig.R(), sig.S()
		s.Negate()
		checkCandidates(t, "high S", ecdsa.NewSignature(&r, &s).Serialize(), hash, keys)
		// Tampered signature or hash.
		bad := append([]byte(nil), der...)
		flipBit(rng, bad[4:])
		checkCandidates(t, "tampered signature", bad, hash, keys)
		h2 := append([]byte(nil), hash...)
		flipBit(rng, h2)
		checkCandidates(t, "other hash", der, h2, keys)
	}
	// Small R (R+N < P: the key-by-key path), zero values, bad encodings,
	// a hash of the wrong length.
	var one, big secp256k1.ModNScalar
	one.SetInt(1)
	big.SetInt(12345)
	hash := make([]byte, 32)
	checkCandidates(t, "small R", ecdsa.NewSignature(&one, &big).Serialize(), hash, keys)
	checkCandidates(t, "unparsable", []byte{0x30, 0x01}, hash, keys)
	checkCandidates(t, "empty", nil, hash, keys)
	sig := ecdsa.Sign(privs[0], hash).Serialize()
	checkCandidates(t, "zero hash (u1 = 0)", sig, hash, keys)
	checkCandidates(t, "short hash", sig, hash[:31], keys)
	var z ECDSACandidates
	if z.Matches(keys[0]) {
		t.Fatal("the zero ECDSACandidates matches a key")
	}
}

// TestECDSACandidatesWycheproof checks Matches against verification over
// the Wycheproof secp256k1 cases (edge-case R and S values included).
func TestECDSACandidatesWycheproof(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "secp256k1-wycheproof", "ecdsa_secp256k1_sha256_bitcoin_test.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f wycheproofFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range f.TestGroups {
		pub, err := ParsePubKey(mustHex(t, g.PublicKey.Uncompressed))
		if err != nil {
			t.Fatal(err)
		}
		good, bad := keyEncodings(pub)
		keys := append(good, bad...)
		for _, tc := range g.Tests {
			hash := sha256.Sum256(mustHex(t, tc.Msg))
			checkCandidates(t, tc.Comment, mustHex(t, tc.Sig), hash[:], keys)
			n++
		}
	}
	if n != 463 {
		t.Fatalf("ran %d cases, want 463", n)
	}
}

func BenchmarkRecoverECDSACandidates(b *testing.B) {
	priv := privFromHex(b, "0000000000000000000000000000000000000000000000000000000000000003")
	hash := sha256.Sum256([]byte("bench"))
	sig := SignECDSA(priv, hash[:])
	key := priv.PubKey().SerializeCompressed()
	for b.Loop() {
		c := RecoverECDSACandidates(sig, hash[:])
		if !c.Matches(key) {
			b.Fatal("no match")
		}
	}
}

// FuzzECDSACandidates checks that Matches agrees with ParsePubKey followed
// by VerifyECDSA for any signature bytes, hash and key.
func FuzzECDSACandidates(f *testing.F) {
	priv := privFromHex(f, "0000000000000000000000000000000000000000000000000000000000000005")
	hash := sha256.Sum256([]byte("fuzz"))
	sig := SignECDSA(priv, hash[:])
	good, bad := keyEncodings(priv.PubKey())
	for _, k := range append(good, bad...) {
		f.Add(sig, hash[:], k)
	}
	f.Add([]byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}, hash[:], good[0])
	f.Fuzz(func(t *testing.T, sig, hash, key []byte) {
		c := RecoverECDSACandidates(sig, hash)
		want := false
		if pk, err := ParsePubKey(key); err == nil {
			want = VerifyECDSA(pk, sig, hash)
		}
		if got := c.Matches(key); got != want {
			t.Fatalf("sig %x hash %x key %x: Matches %v, verification %v", sig, hash, key, got, want)
		}
	})
}
