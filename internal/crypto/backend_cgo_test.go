//go:build libsecp256k1 && cgo

package crypto

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/testdata"
)

// These tests compare the libsecp256k1 backend with the pure-Go
// implementation on generated, mutated and reference inputs. Both must
// agree on every answer, not only on the valid cases.

// tally counts, per kind of case, how many inputs verified, so a test can
// show that both outcomes were exercised.
type tally map[string][2]int

func (t tally) add(kind string, ok bool) {
	v := t[kind]
	if ok {
		v[0]++
	}
	v[1]++
	t[kind] = v
}

func (t tally) String() string {
	kinds := make([]string, 0, len(t))
	for k := range t {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n  %-32s %5d of %5d true", k, t[k][0], t[k][1])
	}
	return b.String()
}

// pureVerifyECDSA is VerifyECDSA with the pure-Go backend.
func pureVerifyECDSA(pub *secp256k1.PublicKey, sig, hash []byte) bool {
	s, ok := ParseDERSignatureLax(sig)
	if !ok || len(hash) != 32 || s.R.IsZero() || s.S.IsZero() {
		return false
	}
	return verifyECDSAPure(&s.R, &s.S, (*[32]byte)(hash), pub)
}

// pureVerifySchnorr is VerifySchnorr with the pure-Go backend.
func pureVerifySchnorr(pub, msg, sig []byte) bool {
	if len(pub) != 32 || len(sig) != 64 {
		return false
	}
	return verifySchnorrPure((*[32]byte)(pub), msg, (*[64]byte)(sig))
}

func TestBackendIsLibsecp256k1(t *testing.T) {
	if backendName != "libsecp256k1" {
		t.Fatalf("backend %q", backendName)
	}
}

func TestBackendDiffParsePubKey(t *testing.T) {
	rng := diffRand(t)
	cases := genPubKeyCases(rng, diffRounds())
	tl := tally{}
	for i, c := range cases {
		got, gerr := ParsePubKey(c.b)
		want, werr := parsePubKeyPure(c.b)
		if (gerr == nil) != (werr == nil) || (gerr == nil && !got.IsEqual(want)) {
			t.Fatalf("case %d (%s) %x: libsecp256k1 (%v), pure (%v)", i, c.kind, c.b, gerr, werr)
		}
		checkWant(t, wantPubKey, c.kind, gerr == nil, i)
		tl.add(c.kind, gerr == nil)
	}
	t.Logf("%d cases (true = parsed):%v", len(cases), tl)
}

func TestBackendDiffECDSA(t *testing.T) {
	rng := diffRand(t)
	cases := genECDSACases(rng, diffRounds())
	tl := tally{}
	for i, c := range cases {
		got := verifyECDSABackend(&c.r, &c.s, &c.hash, c.pub)
		want := verifyECDSAPure(&c.r, &c.s, &c.hash, c.pub)
		if got != want {
			t.Fatalf("case %d (%s): libsecp256k1 %v, pure %v\npub %x\nr %v s %v\nhash %x",
				i, c.kind, got, want, c.pub.SerializeCompressed(), c.r, c.s, c.hash)
		}
		checkWant(t, wantECDSA, c.kind, got, i)
		tl.add(c.kind, got)
	}

	// Whole DER signatures, mutated at the byte level, through VerifyECDSA.
	ders := 0
	for i, c := range cases {
		if c.kind != "valid" || i%3 != 0 {
			continue
		}
		der := (&Signature{R: c.r, S: c.s}).Serialize()
		for range 8 {
			m := bytes.Clone(der)
			switch rng.IntN(4) {
			case 0:
				flipBit(rng, m)
			case 1:
				m = m[:rng.IntN(len(m))]
			case 2:
				m = append(m, randBytes(rng, 1+rng.IntN(4))...)
			case 3:
				m[rng.IntN(len(m))] = byte(rng.Uint32())
			}
			got, want := VerifyECDSA(c.pub, m, c.hash[:]), pureVerifyECDSA(c.pub, m, c.hash[:])
			if got != want {
				t.Fatalf("mutated DER %x: libsecp256k1 %v, pure %v", m, got, want)
			}
			tl.add("mutated DER", got)
			ders++
		}
	}
	t.Logf("%d generated cases, %d mutated DER signatures:%v", len(cases), ders, tl)
}

func TestBackendDiffSchnorr(t *testing.T) {
	rng := diffRand(t)
	cases := genSchnorrCases(rng, diffRounds())
	tl := tally{}
	for i, c := range cases {
		got := VerifySchnorr(c.pub[:], c.msg, c.sig[:])
		want := pureVerifySchnorr(c.pub[:], c.msg, c.sig[:])
		if got != want {
			t.Fatalf("case %d (%s): libsecp256k1 %v, pure %v\npub %x\nmsg %x\nsig %x", i, c.kind, got, want, c.pub, c.msg, c.sig)
		}
		checkWant(t, wantSchnorr, c.kind, got, i)
		tl.add(c.kind, got)
	}
	t.Logf("%d cases:%v", len(cases), tl)
}

func TestBackendDiffRecover(t *testing.T) {
	rng := diffRand(t)
	cases := genRecoverCases(rng, diffRounds())
	tl := tally{}
	for i, c := range cases {
		got, gerr := recoverBackend(&c.hash, &c.sig, c.v)
		want, werr := recoverPure(&c.hash, &c.sig, c.v)
		if (gerr == nil) != (werr == nil) || (gerr == nil && !got.IsEqual(want)) {
			t.Fatalf("case %d (%s): libsecp256k1 (%v, %v), pure (%v, %v)\nhash %x\nsig %x v %d",
				i, c.kind, got, gerr, want, werr, c.hash, c.sig, c.v)
		}
		checkWant(t, wantRecover, c.kind, gerr == nil, i)
		tl.add(c.kind, gerr == nil)
	}
	t.Logf("%d cases (true = a key was recovered):%v", len(cases), tl)
}

func TestBackendDiffTapTweak(t *testing.T) {
	rng := diffRand(t)
	cases := genTweakCases(rng, diffRounds())
	tl := tally{}
	for i, c := range cases {
		got := checkTapTweakLibsecp256k1(&c.internal, &c.output, c.oddY, &c.tweak)
		want := CheckTapTweak(c.internal, c.output, c.oddY, c.tweak)
		if got != want {
			t.Fatalf("case %d (%s): libsecp256k1 %v, pure %v\ninternal %x\noutput %x odd %v\ntweak %x",
				i, c.kind, got, want, c.internal, c.output, c.oddY, c.tweak)
		}
		checkWant(t, wantTweak, c.kind, got, i)
		tl.add(c.kind, got)
	}
	t.Logf("%d cases:%v", len(cases), tl)
}

// TestBackendDiffVectors runs the Wycheproof ECDSA and BIP340 vectors
// through both backends (the vector tests proper check the answers).
func TestBackendDiffVectors(t *testing.T) {
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
		for _, tc := range g.Tests {
			hash := sha256.Sum256(mustHex(t, tc.Msg))
			sig := mustHex(t, tc.Sig)
			if got, want := VerifyECDSA(pub, sig, hash[:]), pureVerifyECDSA(pub, sig, hash[:]); got != want {
				t.Errorf("Wycheproof tcId %d: libsecp256k1 %v, pure %v", tc.TcID, got, want)
			}
			n++
		}
	}

	fh, err := os.Open(testdata.Path(t, "bitcoin-core", "bip340_test_vectors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		pub, msg, sig := mustHex(t, r[2]), mustHex(t, r[4]), mustHex(t, r[5])
		if got, want := VerifySchnorr(pub, msg, sig), pureVerifySchnorr(pub, msg, sig); got != want {
			t.Errorf("BIP340 vector %s: libsecp256k1 %v, pure %v", r[0], got, want)
		}
		n++
	}
	t.Logf("%d vectors agree", n)
}

// FuzzBackendECDSA compares the backends on arbitrary keys, DER signatures
// and hashes.
func FuzzBackendECDSA(f *testing.F) {
	sigs, keys := wycheproofSeeds()
	h := sha256.Sum256([]byte("seed"))
	for i, s := range sigs {
		f.Add(keys[i%len(keys)], s, h[:])
	}
	priv := secp256k1.PrivKeyFromBytes([]byte{7})
	f.Add(priv.PubKey().SerializeCompressed(), SignECDSA(priv, h[:]), h[:])
	f.Fuzz(func(t *testing.T, pk, sig, hash []byte) {
		pub, err := ParsePubKey(pk)
		if err != nil {
			return
		}
		if got, want := VerifyECDSA(pub, sig, hash), pureVerifyECDSA(pub, sig, hash); got != want {
			t.Fatalf("libsecp256k1 %v, pure %v", got, want)
		}
	})
}

// FuzzBackendParsePubKey compares the backends on arbitrary key encodings.
func FuzzBackendParsePubKey(f *testing.F) {
	_, keys := wycheproofSeeds()
	for _, k := range keys {
		f.Add(k)
		f.Add(k[:33])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gerr := ParsePubKey(b)
		if len(b) != 33 && len(b) != 65 {
			return
		}
		want, werr := parsePubKeyPure(b)
		if (gerr == nil) != (werr == nil) || (gerr == nil && !got.IsEqual(want)) {
			t.Fatalf("libsecp256k1 (%v), pure (%v)", gerr, werr)
		}
	})
}

// FuzzBackendSchnorr compares the backends on arbitrary BIP340 inputs.
func FuzzBackendSchnorr(f *testing.F) {
	priv := secp256k1.PrivKeyFromBytes([]byte{9})
	pub := SerializeXOnly(priv.PubKey())
	for _, msg := range [][]byte{nil, []byte("m"), bytes.Repeat([]byte{1}, 32)} {
		sig, err := SignSchnorr(priv, msg, [32]byte{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(pub[:], msg, sig[:])
	}
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		if got, want := VerifySchnorr(pub, msg, sig), pureVerifySchnorr(pub, msg, sig); got != want {
			t.Fatalf("libsecp256k1 %v, pure %v", got, want)
		}
	})
}

// FuzzBackendRecover compares the backends on arbitrary recoverable
// signatures.
func FuzzBackendRecover(f *testing.F) {
	priv := secp256k1.PrivKeyFromBytes([]byte{11})
	h := Keccak256([]byte("seed"))
	sig, err := SignRecoverable(priv, h[:])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h[:], sig[:])
	f.Fuzz(func(t *testing.T, hash, sig65 []byte) {
		if len(hash) != 32 || len(sig65) != 65 || sig65[64] > 3 {
			return
		}
		var r, s secp256k1.ModNScalar
		if r.SetByteSlice(sig65[:32]) || r.IsZero() || s.SetByteSlice(sig65[32:64]) || s.IsZero() {
			return
		}
		got, gerr := recoverBackend((*[32]byte)(hash), (*[64]byte)(sig65), sig65[64])
		want, werr := recoverPure((*[32]byte)(hash), (*[64]byte)(sig65), sig65[64])
		if (gerr == nil) != (werr == nil) || (gerr == nil && !got.IsEqual(want)) {
			t.Fatalf("libsecp256k1 (%v, %v), pure (%v, %v)", got, gerr, want, werr)
		}
	})
}

// FuzzBackendTapTweak compares the backends on arbitrary tweak checks.
func FuzzBackendTapTweak(f *testing.F) {
	internal := SerializeXOnly(secp256k1.PrivKeyFromBytes([]byte{13}).PubKey())
	tweak := TapTweakHash(internal, nil)
	out, odd, err := TweakXOnly(internal, tweak)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(internal[:], out[:], odd, tweak[:])
	f.Fuzz(func(t *testing.T, internal, output []byte, odd bool, tweak []byte) {
		if len(internal) != 32 || len(output) != 32 || len(tweak) != 32 {
			return
		}
		i, o, tw := [32]byte(internal), [32]byte(output), [32]byte(tweak)
		if got, want := checkTapTweakLibsecp256k1(&i, &o, odd, &tw), CheckTapTweak(i, o, odd, tw); got != want {
			t.Fatalf("libsecp256k1 %v, pure %v", got, want)
		}
	})
}
