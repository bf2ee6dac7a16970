package crypto

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/testdata"
)

type bip341File struct {
	ScriptPubKey []struct {
		Given struct {
			InternalPubkey string `json:"internalPubkey"`
		} `json:"given"`
		Intermediary struct {
			MerkleRoot    *string `json:"merkleRoot"`
			Tweak         string  `json:"tweak"`
			TweakedPubkey string  `json:"tweakedPubkey"`
		} `json:"intermediary"`
		Expected struct {
			ScriptPathControlBlocks []string `json:"scriptPathControlBlocks"`
		} `json:"expected"`
	} `json:"scriptPubKey"`
	KeyPathSpending []struct {
		InputSpending []struct {
			Given struct {
				InternalPrivkey string  `json:"internalPrivkey"`
				MerkleRoot      *string `json:"merkleRoot"`
				HashType        int     `json:"hashType"`
			} `json:"given"`
			Intermediary struct {
				InternalPubkey string `json:"internalPubkey"`
				Tweak          string `json:"tweak"`
				TweakedPrivkey string `json:"tweakedPrivkey"`
				SigHash        string `json:"sigHash"`
			} `json:"intermediary"`
			Expected struct {
				Witness []string `json:"witness"`
			} `json:"expected"`
		} `json:"inputSpending"`
	} `json:"keyPathSpending"`
}

func loadBIP341(t *testing.T) bip341File {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "bip341_wallet_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f bip341File
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestBIP341Tweak checks TapTweakHash, TweakXOnly and CheckTapTweak against
// the output keys (and control-block parities) of the BIP341 wallet vectors.
func TestBIP341Tweak(t *testing.T) {
	f := loadBIP341(t)
	for i, v := range f.ScriptPubKey {
		internal := mustHex32(t, v.Given.InternalPubkey)
		var root []byte
		if v.Intermediary.MerkleRoot != nil {
			root = mustHex(t, *v.Intermediary.MerkleRoot)
		}
		tweak := TapTweakHash(internal, root)
		if tweak != mustHex32(t, v.Intermediary.Tweak) {
			t.Fatalf("vector %d: tweak %x", i, tweak)
		}
		q, odd, err := TweakXOnly(internal, tweak)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		want := mustHex32(t, v.Intermediary.TweakedPubkey)
		if q != want {
			t.Fatalf("vector %d: output %x want %x", i, q, want)
		}
		for _, cb := range v.Expected.ScriptPathControlBlocks {
			if wantOdd := mustHex(t, cb)[0]&1 == 1; wantOdd != odd {
				t.Fatalf("vector %d: parity %v, control block says %v", i, odd, wantOdd)
			}
		}
		if !CheckTapTweak(internal, q, odd, tweak) {
			t.Fatalf("vector %d: CheckTapTweak rejects the right output", i)
		}
		if CheckTapTweak(internal, q, !odd, tweak) {
			t.Fatalf("vector %d: CheckTapTweak accepts the wrong parity", i)
		}
		q[0] ^= 1
		if CheckTapTweak(internal, q, odd, tweak) {
			t.Fatalf("vector %d: CheckTapTweak accepts a wrong key", i)
		}
	}
	t.Logf("BIP341 scriptPubKey vectors: %d", len(f.ScriptPubKey))
}

// TestBIP341KeyPathSigning tweaks the vectors' private keys and signs their
// sighashes; the signatures must equal the expected witnesses (BIP341's
// vectors sign with all-zero auxiliary randomness).
func TestBIP341KeyPathSigning(t *testing.T) {
	f := loadBIP341(t)
	var n int
	for _, kp := range f.KeyPathSpending {
		for i, in := range kp.InputSpending {
			priv := privFromHex(t, in.Given.InternalPrivkey)
			internal := SerializeXOnly(priv.PubKey())
			if internal != mustHex32(t, in.Intermediary.InternalPubkey) {
				t.Fatalf("input %d: internal key %x", i, internal)
			}
			var root []byte
			if in.Given.MerkleRoot != nil {
				root = mustHex(t, *in.Given.MerkleRoot)
			}
			tweak := TapTweakHash(internal, root)
			if tweak != mustHex32(t, in.Intermediary.Tweak) {
				t.Fatalf("input %d: tweak %x", i, tweak)
			}
			tp, err := TweakPrivKeyTaproot(priv, tweak)
			if err != nil {
				t.Fatal(err)
			}
			if got := tp.Key.Bytes(); got != mustHex32(t, in.Intermediary.TweakedPrivkey) {
				t.Fatalf("input %d: tweaked key %x", i, got)
			}
			sig, err := SignSchnorr(tp, mustHex(t, in.Intermediary.SigHash), [32]byte{})
			if err != nil {
				t.Fatal(err)
			}
			wantSig := strings.ToLower(in.Expected.Witness[0])[:128]
			if got := hex.EncodeToString(sig[:]); got != wantSig {
				t.Fatalf("input %d: signature\n got %s\nwant %s", i, got, wantSig)
			}
			q, _, err := TweakXOnly(internal, tweak)
			if err != nil || !VerifySchnorr(q[:], mustHex(t, in.Intermediary.SigHash), sig[:]) {
				t.Fatalf("input %d: signature does not verify under the output key (%v)", i, err)
			}
			n++
		}
	}
	t.Logf("BIP341 key-path inputs signed: %d", n)
}

func TestTweakErrors(t *testing.T) {
	g := SerializeXOnly(secp256k1.PrivKeyFromBytes([]byte{1}).PubKey())
	var n [32]byte
	secp256k1.Params().N.FillBytes(n[:])
	var notOnCurve [32]byte // x = 5: 5^3+7 = 132 has no square root mod p
	notOnCurve[31] = 5
	// t = N-1 with P = G gives Q = G + (N-1)G = infinity.
	nm1 := n
	nm1[31]--

	tests := []struct {
		name            string
		internal, tweak [32]byte
		want            error
	}{
		{"tweak = N", g, n, ErrTweakOutOfRange},
		{"internal not on curve", notOnCurve, [32]byte{}, ErrInvalidPubKey},
		{"result at infinity", g, nm1, ErrPointAtInfinity},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := TweakXOnly(tc.internal, tc.tweak); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if CheckTapTweak(tc.internal, [32]byte{}, false, tc.tweak) {
				t.Fatal("CheckTapTweak accepted")
			}
		})
	}
	// Private-key side: key 1 tweaked by N-1 is zero.
	one := secp256k1.PrivKeyFromBytes([]byte{1})
	if _, err := TweakPrivKeyTaproot(one, nm1); !errors.Is(err, ErrPointAtInfinity) {
		t.Fatalf("zero result: %v", err)
	}
	if _, err := TweakPrivKeyTaproot(one, n); !errors.Is(err, ErrTweakOutOfRange) {
		t.Fatalf("tweak = N: %v", err)
	}
	if _, err := TweakPrivKeyTaproot(secp256k1.PrivKeyFromBytes(nil), [32]byte{}); !errors.Is(err, ErrInvalidPrivKey) {
		t.Fatalf("zero key: %v", err)
	}
}
