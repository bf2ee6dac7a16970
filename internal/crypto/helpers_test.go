package crypto

import (
	"encoding/hex"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// mustHex decodes a hex string or fails the test.
func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// mustHex32 decodes a 32-byte hex string.
func mustHex32(tb testing.TB, s string) [32]byte {
	tb.Helper()
	b := mustHex(tb, s)
	if len(b) != 32 {
		tb.Fatalf("want 32 bytes, got %d: %s", len(b), s)
	}
	return [32]byte(b)
}

// privFromHex builds a private key from 32 hex bytes.
func privFromHex(tb testing.TB, s string) *secp256k1.PrivateKey {
	tb.Helper()
	return secp256k1.PrivKeyFromBytes(mustHex(tb, s))
}
