package crypto

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/testdata"
)

// wycheproofSeeds returns the Wycheproof signatures and public keys as fuzz
// seeds, or nothing when the shared test data is absent.
func wycheproofSeeds() (sigs, keys [][]byte) {
	dir, err := testdata.Locate()
	if err != nil {
		return nil, nil
	}
	raw, err := os.ReadFile(filepath.Join(dir, "bitcoin-core", "secp256k1-wycheproof", "ecdsa_secp256k1_sha256_bitcoin_test.json"))
	if err != nil {
		return nil, nil
	}
	var f wycheproofFile
	if json.Unmarshal(raw, &f) != nil {
		return nil, nil
	}
	for _, g := range f.TestGroups {
		if k, err := hex.DecodeString(g.PublicKey.Uncompressed); err == nil {
			keys = append(keys, k)
		}
		for _, tc := range g.Tests {
			if s, err := hex.DecodeString(tc.Sig); err == nil {
				sigs = append(sigs, s)
			}
		}
	}
	return sigs, keys
}

// FuzzParseDERSignatureLax checks that the lax parser never panics, that
// IsStrictDER agrees with the BIP66 rules, that a strictly encoded signature
// always parses laxly, and
// that a parsed in-range signature re-serializes to something the parser
// reads back identically.
func FuzzParseDERSignatureLax(f *testing.F) {
	sigs, _ := wycheproofSeeds()
	for _, s := range sigs {
		f.Add(s)
	}
	f.Add([]byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
	f.Add([]byte{0x30, 0x80, 0x02, 0x84, 0, 0, 0, 1, 0x01, 0x02, 0x00})
	f.Fuzz(func(t *testing.T, sig []byte) {
		s, ok := ParseDERSignatureLax(sig)
		IsLowS(sig)
		strict := IsStrictDER(sig)
		if ref := refIsValidSignatureEncoding(append(bytes.Clone(sig), 0x01)); strict != ref {
			t.Fatalf("IsStrictDER(%x) = %v, BIP66 reference %v", sig, strict, ref)
		}
		if strict && !ok {
			t.Fatalf("strict DER does not parse laxly: %x", sig)
		}
		if !ok || s.R.IsZero() || s.S.IsZero() {
			return
		}
		s2, ok2 := ParseDERSignatureLax(s.Serialize())
		if !ok2 || !s2.R.Equals(&s.R) {
			t.Fatalf("re-serialized signature differs: %x", sig)
		}
		neg := s.S
		if !s2.S.Equals(&s.S) && !s2.S.Equals(neg.Negate()) {
			t.Fatalf("re-serialized S differs: %x", sig)
		}
		if !IsStrictDER(s.Serialize()) {
			t.Fatalf("Serialize is not strict DER: %x", s.Serialize())
		}
	})
}

// FuzzParsePubKey checks that parsing never panics and that accepted keys
// round-trip through their compressed and uncompressed encodings.
func FuzzParsePubKey(f *testing.F) {
	_, keys := wycheproofSeeds()
	for _, k := range keys {
		f.Add(k)
		f.Add(k[:33])
		h := bytes.Clone(k)
		h[0] = 0x06 | k[64]&1
		f.Add(h)
	}
	g := secp256k1.PrivKeyFromBytes([]byte{1}).PubKey()
	f.Add(g.SerializeCompressed())
	f.Add(g.SerializeUncompressed())
	f.Fuzz(func(t *testing.T, b []byte) {
		pk, err := ParsePubKey(b)
		if err != nil {
			return
		}
		if len(b) == 33 && !bytes.Equal(pk.SerializeCompressed(), b) {
			t.Fatalf("compressed round trip: %x", b)
		}
		if len(b) == 65 && !bytes.Equal(pk.SerializeUncompressed()[1:], b[1:]) {
			t.Fatalf("uncompressed round trip: %x", b)
		}
		pk2, err := ParsePubKey(pk.SerializeCompressed())
		if err != nil || !pk2.IsEqual(pk) {
			t.Fatalf("re-parse failed: %x (%v)", b, err)
		}
	})
}
