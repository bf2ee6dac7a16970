package crypto

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/testdata"
)

// wycheproofFile is the schema of the Wycheproof ECDSA Bitcoin-variant file.
type wycheproofFile struct {
	NumberOfTests int `json:"numberOfTests"`
	TestGroups    []struct {
		PublicKey struct {
			Uncompressed string `json:"uncompressed"`
		} `json:"publicKey"`
		Tests []struct {
			TcID    int      `json:"tcId"`
			Comment string   `json:"comment"`
			Flags   []string `json:"flags"`
			Msg     string   `json:"msg"`
			Sig     string   `json:"sig"`
			Result  string   `json:"result"`
		} `json:"tests"`
	} `json:"testGroups"`
}

// TestWycheproofBitcoin runs all Wycheproof ECDSA secp256k1/SHA-256 cases in
// the Bitcoin variant: a signature is valid iff it is strict DER, low S and
// verifies (with Core's lax parser) against SHA256(msg).
func TestWycheproofBitcoin(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "secp256k1-wycheproof", "ecdsa_secp256k1_sha256_bitcoin_test.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f wycheproofFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	var n, valid int
	for _, g := range f.TestGroups {
		pub, err := ParsePubKey(mustHex(t, g.PublicKey.Uncompressed))
		if err != nil {
			t.Fatalf("group key: %v", err)
		}
		for _, tc := range g.Tests {
			n++
			sig := mustHex(t, tc.Msg)
			hash := sha256.Sum256(sig)
			sig = mustHex(t, tc.Sig)
			strict, low, verifies := IsStrictDER(sig), IsLowS(sig), VerifyECDSA(pub, sig, hash[:])
			got := strict && low && verifies
			want := tc.Result == "valid"
			if got != want {
				t.Errorf("tcId %d (%s, %v): got valid=%v, want %v", tc.TcID, tc.Comment, tc.Flags, got, want)
			}
			if want {
				valid++
			}
		}
	}
	if n != f.NumberOfTests || n != 463 {
		t.Fatalf("ran %d cases, file declares %d (expected 463)", n, f.NumberOfTests)
	}
	t.Logf("Wycheproof bitcoin: %d cases (%d valid, %d invalid)", n, valid, n-valid)
}

// derParts builds a DER-like signature from raw pieces, so tests can write
// each violation explicitly.
func derParts(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// testSig returns a fixed key, hash and strict-DER low-S signature whose R
// has its top bit set (so it is encoded with a 0x00 pad) for the lax-parser
// tests.
func testSig(t *testing.T) (*secp256k1.PublicKey, []byte, []byte, []byte, []byte) {
	t.Helper()
	priv := privFromHex(t, "0000000000000000000000000000000000000000000000000000000000000001")
	for i := range 256 {
		hash := sha256.Sum256([]byte{byte(i)})
		sig := SignECDSA(priv, hash[:])
		lenR := int(sig[3])
		r := sig[4 : 4+lenR]
		s := sig[6+lenR:]
		if lenR == 33 && len(s) == 32 && s[0] != 0 && s[0] < 0x80 {
			return priv.PubKey(), hash[:], sig, r, s
		}
	}
	t.Fatal("no suitable test signature")
	return nil, nil, nil, nil, nil
}

func TestParseDERSignatureLax(t *testing.T) {
	pub, hash, strict, r, s := testSig(t)
	rNoPad := r[1:] // "negative" R: top bit set, no 0x00
	b := func(v ...byte) []byte { return v }
	n := secp256k1.Params().N.Bytes()

	tests := []struct {
		name     string
		sig      []byte
		parses   bool
		verifies bool
		strict   bool
	}{
		{"strict DER", strict, true, true, true},
		{"negative R without pad", derParts(b(0x30, byte(4+len(rNoPad)+len(s)), 0x02, byte(len(rNoPad))), rNoPad, b(0x02, byte(len(s))), s), true, true, false},
		{"extra leading zeros in R", derParts(b(0x30, byte(6+len(r)+len(s)), 0x02, byte(len(r)+2), 0, 0), r, b(0x02, byte(len(s))), s), true, true, false},
		{"extra leading zeros in S", derParts(b(0x30, byte(7+len(r)+len(s)), 0x02, byte(len(r))), r, b(0x02, byte(len(s)+3), 0, 0, 0), s), true, true, false},
		{"long-form sequence length", derParts(b(0x30, 0x81, byte(4+len(r)+len(s)), 0x02, byte(len(r))), r, b(0x02, byte(len(s))), s), true, true, false},
		{"long-form sequence length of 3 bytes", derParts(b(0x30, 0x83, 9, 9, 9, 0x02, byte(len(r))), r, b(0x02, byte(len(s))), s), true, true, false},
		{"wrong sequence length", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x02, byte(len(s))), s), true, true, false},
		{"long-form R length", derParts(b(0x30, byte(5+len(r)+len(s)), 0x02, 0x81, byte(len(r))), r, b(0x02, byte(len(s))), s), true, true, false},
		{"long-form R length with zero length bytes", derParts(b(0x30, 0x00, 0x02, 0x84, 0, 0, 0, byte(len(r))), r, b(0x02, byte(len(s))), s), true, true, false},
		{"long-form S length", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x02, 0x82, 0, byte(len(s))), s), true, true, false},
		{"trailing garbage", derParts(strict, b(1, 2, 3)), true, true, false},
		{"zero-length R", b(0x30, 0x06, 0x02, 0x00, 0x02, 0x01, 0x01), true, false, false},
		{"zero-length S", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x02, 0x00)), true, false, false},
		{"R equal to N (overflow)", derParts(b(0x30, 0x00, 0x02, 0x21, 0x00), n, b(0x02, byte(len(s))), s), true, false, false},
		{"R of 33 significant bytes", derParts(b(0x30, 0x00, 0x02, 0x21, 0x01), r[1:], b(0x02, byte(len(s))), s), true, false, false},
		{"S of 33 significant bytes", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x02, 0x21, 0x01), s), true, false, false},
		{"four significant length bytes", derParts(b(0x30, 0x00, 0x02, 0x84, 0, 0, 0, 1, 0, 0, 0, byte(len(r))), r, b(0x02, byte(len(s))), s), false, false, false},
		{"length bytes past the end", b(0x30, 0x00, 0x02, 0x85, 0, 0), false, false, false},
		{"sequence length bytes past the end", b(0x30, 0x85, 0, 0), false, false, false},
		{"R past the end", derParts(b(0x30, 0x00, 0x02, byte(len(r)+1)), r), false, false, false},
		{"S past the end", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x02, byte(len(s)+1)), s), false, false, false},
		{"missing S", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r), false, false, false},
		{"S tag not 0x02", derParts(b(0x30, 0x00, 0x02, byte(len(r))), r, b(0x03, byte(len(s))), s), false, false, false},
		{"R tag not 0x02", derParts(b(0x30, 0x00, 0x03, byte(len(r))), r, b(0x02, byte(len(s))), s), false, false, false},
		{"not a sequence", derParts(b(0x31), strict[1:]), false, false, false},
		{"empty", nil, false, false, false},
		{"only sequence tag", b(0x30), false, false, false},
		{"no R tag", b(0x30, 0x00), false, false, false},
		{"no R length", b(0x30, 0x00, 0x02), false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := ParseDERSignatureLax(tc.sig)
			if ok != tc.parses {
				t.Fatalf("parses = %v, want %v (%x)", ok, tc.parses, tc.sig)
			}
			if got := VerifyECDSA(pub, tc.sig, hash); got != tc.verifies {
				t.Fatalf("verifies = %v, want %v", got, tc.verifies)
			}
			if got := IsStrictDER(tc.sig); got != tc.strict {
				t.Fatalf("IsStrictDER = %v, want %v", got, tc.strict)
			}
		})
	}
}

func TestOverflowParsesAsZero(t *testing.T) {
	n := secp256k1.Params().N.Bytes()
	sig := derParts([]byte{0x30, 0x45, 0x02, 0x21, 0x00}, n, []byte{0x02, 0x20}, n)
	s, ok := ParseDERSignatureLax(sig)
	if !ok || !s.R.IsZero() || !s.S.IsZero() {
		t.Fatalf("ok=%v R=%v S=%v, want ok with zero R and S", ok, s.R, s.S)
	}
	// Core's CheckLowS on the zero signature: low.
	if !IsLowS(sig) {
		t.Fatal("overflowing signature must count as low S")
	}
}

func TestHighSVerifiesAndIsNotLow(t *testing.T) {
	pub, hash, strict, r, s := testSig(t)
	var sv secp256k1.ModNScalar
	sv.SetByteSlice(s)
	sv.Negate()
	hs := sv.Bytes()
	high := derParts([]byte{0x30, byte(5 + len(r) + 32), 0x02, byte(len(r))}, r, []byte{0x02, 33, 0x00}, hs[:])
	if !IsStrictDER(high) {
		t.Fatalf("high-S signature should be strict DER: %x", high)
	}
	if IsLowS(high) {
		t.Fatal("high S reported low")
	}
	if !VerifyECDSA(pub, high, hash) {
		t.Fatal("consensus verification must accept high S")
	}
	if !IsLowS(strict) {
		t.Fatal("SignECDSA output is not low S")
	}
	if IsLowS([]byte{0x30}) {
		t.Fatal("unparseable signature reported low S")
	}
	// Serialize normalises to low S.
	ps, _ := ParseDERSignatureLax(high)
	if !bytes.Equal(ps.Serialize(), strict) {
		t.Fatalf("Serialize = %x, want %x", ps.Serialize(), strict)
	}
}

func TestIsStrictDER(t *testing.T) {
	b := func(v ...byte) []byte { return v }
	tests := []struct {
		name string
		sig  []byte
		want bool
	}{
		{"minimal", b(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01), true},
		{"padded high R", b(0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01), true},
		{"too short", b(0x30, 0x05, 0x02, 0x01, 0x01, 0x02, 0x00), false},
		{"too long", append(b(0x30, 71, 0x02, 33), make([]byte, 69)...), false},
		{"not a sequence", b(0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01), false},
		{"wrong total length", b(0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01), false},
		{"with sighash byte", b(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x01), false},
		{"R length runs to the end", b(0x30, 0x06, 0x02, 0x04, 0x01, 0x02, 0x01, 0x01), false},
		{"R length past the end", b(0x30, 0x06, 0x02, 0x05, 0x01, 0x02, 0x01, 0x01), false},
		{"S length mismatch", b(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01), false},
		{"R tag", b(0x30, 0x06, 0x03, 0x01, 0x01, 0x02, 0x01, 0x01), false},
		{"S tag", b(0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01), false},
		{"zero-length R", b(0x30, 0x06, 0x02, 0x00, 0x02, 0x02, 0x01, 0x01), false},
		{"zero-length S", b(0x30, 0x06, 0x02, 0x02, 0x01, 0x01, 0x02, 0x00), false},
		{"negative R", b(0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01), false},
		{"negative S", b(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x81), false},
		{"padded R", b(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01), false},
		{"padded S", b(0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x01), false},
		{"zero R value is fine", b(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01), true},
		{"empty", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsStrictDER(tc.sig); got != tc.want {
				t.Fatalf("IsStrictDER(%x) = %v, want %v", tc.sig, got, tc.want)
			}
		})
	}
}

func TestSignVerifyECDSA(t *testing.T) {
	for i := 1; i <= 20; i++ {
		var kb [32]byte
		kb[31] = byte(i)
		kb[0] = byte(i * 7)
		priv := secp256k1.PrivKeyFromBytes(kb[:])
		hash := sha256.Sum256(kb[:])
		sig := SignECDSA(priv, hash[:])
		if !IsStrictDER(sig) || !IsLowS(sig) {
			t.Fatalf("key %d: signature not strict/low-S: %x", i, sig)
		}
		for _, pkb := range [][]byte{priv.PubKey().SerializeCompressed(), priv.PubKey().SerializeUncompressed()} {
			pub, err := ParsePubKey(pkb)
			if err != nil {
				t.Fatal(err)
			}
			if !VerifyECDSA(pub, sig, hash[:]) {
				t.Fatalf("key %d: does not verify", i)
			}
		}
		hash[0] ^= 1
		if VerifyECDSA(priv.PubKey(), sig, hash[:]) {
			t.Fatalf("key %d: verifies a different hash", i)
		}
		if VerifyECDSA(priv.PubKey(), sig, hash[:31]) {
			t.Fatalf("key %d: verifies a 31-byte hash", i)
		}
	}
}
