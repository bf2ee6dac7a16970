package address

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestBase58Vectors checks the Base58 alphabet codec we build on against
// Core's base58_encode_decode.json, in both directions, and that our
// Base58Check layer round-trips every payload.
func TestBase58Vectors(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "base58_encode_decode.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][2]string
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Run(r[1], func(t *testing.T) {
			b, err := hex.DecodeString(r[0])
			if err != nil {
				t.Fatal(err)
			}
			if got := base58.Encode(b); got != r[1] {
				t.Fatalf("Encode = %q, want %q", got, r[1])
			}
			// The hex column is mixed case (a trap): compare bytes.
			if got := base58.Decode(r[1]); !bytes.Equal(got, b) {
				t.Fatalf("Decode = %x, want %s", got, r[0])
			}
			if len(b) == 0 || len(b) > wifCompPayloadLen {
				return // Base58Check here only carries addresses and keys
			}
			s := encodeBase58Check(b[0], b[1:])
			payload, err := decodeBase58Check(s, len(b))
			if err != nil || !bytes.Equal(payload, b) {
				t.Fatalf("Base58Check round trip: %x, %v", payload, err)
			}
		})
	}
	t.Logf("base58_encode_decode: %d vectors", len(rows))
}

func TestDecodeBase58CheckErrors(t *testing.T) {
	good := encodeBase58Check(0, make([]byte, 20))
	// Swap one character for another valid one to break the checksum.
	bad := []byte(good)
	if bad[10] == '2' {
		bad[10] = '3'
	} else {
		bad[10] = '2'
	}
	tests := []struct {
		name string
		s    string
		max  int
		want ErrorKind
	}{
		{"empty", "", 21, ErrInvalidFormat},
		{"bad character 0", "1111O111", 21, ErrInvalidFormat},
		{"too long a string", strings.Repeat("2", maxBase58Len+1), 21, ErrInvalidLength},
		{"fewer than 4 bytes", "2g", 21, ErrInvalidLength},
		{"payload over the limit", good, 20, ErrInvalidLength},
		{"checksum", string(bad), 21, ErrInvalidChecksum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decodeBase58Check(tc.s, tc.max); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
