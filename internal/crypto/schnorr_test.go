package crypto

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestBIP340Vectors runs every row of Bitcoin Core's copy of the BIP340 test
// vectors: signing where a secret key is given (the signature must match
// byte for byte), and verification of every row against the expected result.
func TestBIP340Vectors(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "bitcoin-core", "bip340_test_vectors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:] // header
	var signed, verified int
	for _, r := range rows {
		idx, sk, pk, aux, msg, sig, result, comment := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
		t.Run("vector"+idx, func(t *testing.T) {
			pkb, msgb, sigb := mustHex(t, pk), mustHex(t, msg), mustHex(t, sig)
			if sk != "" {
				priv := privFromHex(t, sk)
				if got := SerializeXOnly(priv.PubKey()); !bytes.Equal(got[:], pkb) {
					t.Fatalf("public key %x, want %x", got, pkb)
				}
				got, err := SignSchnorr(priv, msgb, mustHex32(t, aux))
				if err != nil {
					t.Fatalf("sign: %v", err)
				}
				if !bytes.Equal(got[:], sigb) {
					t.Fatalf("signature\n got %x\nwant %x", got, sigb)
				}
				signed++
			}
			want := strings.EqualFold(result, "TRUE")
			if got := VerifySchnorr(pkb, msgb, sigb); got != want {
				t.Fatalf("verify = %v, want %v (%s)", got, want, comment)
			}
			verified++
		})
	}
	t.Logf("BIP340: %d rows, %d signed, %d verified", len(rows), signed, verified)
	if verified != len(rows) {
		t.Fatalf("verified %d of %d rows", verified, len(rows))
	}
}

func TestSchnorrRoundTripAnyLength(t *testing.T) {
	priv := privFromHex(t, "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef")
	pub := SerializeXOnly(priv.PubKey())
	for _, n := range []int{0, 1, 17, 31, 32, 33, 100, 1000} {
		msg := bytes.Repeat([]byte{byte(n)}, n)
		var aux [32]byte
		aux[0] = byte(n)
		sig, err := SignSchnorr(priv, msg, aux)
		if err != nil {
			t.Fatalf("len %d: %v", n, err)
		}
		if !VerifySchnorr(pub[:], msg, sig[:]) {
			t.Fatalf("len %d: own signature does not verify", n)
		}
		bad := append(bytes.Clone(msg), 0)
		if VerifySchnorr(pub[:], bad, sig[:]) {
			t.Fatalf("len %d: signature verifies for a different message", n)
		}
	}
}

func TestVerifySchnorrRejectsBadSizes(t *testing.T) {
	pub := make([]byte, 32)
	pub[31] = 1
	tests := []struct {
		name     string
		pub, sig []byte
	}{
		{"short pubkey", pub[:31], make([]byte, 64)},
		{"long pubkey", append(bytes.Clone(pub), 0), make([]byte, 64)},
		{"short sig", pub, make([]byte, 63)},
		{"long sig", pub, make([]byte, 65)},
		{"nil", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if VerifySchnorr(tc.pub, nil, tc.sig) {
				t.Fatal("accepted")
			}
		})
	}
}

func TestSignSchnorrZeroKey(t *testing.T) {
	var priv = privFromHex(t, strings.Repeat("00", 32))
	if _, err := SignSchnorr(priv, nil, [32]byte{}); !errors.Is(err, ErrInvalidPrivKey) {
		t.Fatalf("err = %v, want ErrInvalidPrivKey", err)
	}
}

func TestParseXOnlyPubKey(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		ok   bool
	}{
		{"generator", "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", true},
		{"not on curve (BIP340 vector 5)", "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34", false},
		{"x = p (vector 14)", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30", false},
		{"short", "79be", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := ParseXOnlyPubKey(mustHex(t, tc.hex))
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidPubKey) {
					t.Fatalf("error %v does not wrap ErrInvalidPubKey", err)
				}
				return
			}
			if pk.SerializeCompressed()[0] != 0x02 {
				t.Fatal("lift_x did not pick the even y")
			}
			if x := SerializeXOnly(pk); !bytes.Equal(x[:], mustHex(t, tc.hex)) {
				t.Fatalf("x = %x", x)
			}
		})
	}
}
