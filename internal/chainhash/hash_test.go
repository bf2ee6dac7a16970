package chainhash

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestHashStringRoundTrip(t *testing.T) {
	// Mainnet genesis block hash.
	const s = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
	h, err := NewHashFromStr(s)
	if err != nil {
		t.Fatal(err)
	}
	if h[31] != 0 || h[0] != 0x6f {
		t.Fatalf("wrong byte order: %x", h[:])
	}
	if h.String() != s {
		t.Fatalf("got %s", h)
	}
	if _, err := NewHashFromStr(s[:10]); err != ErrHashStrSize {
		t.Fatalf("short string: %v", err)
	}
	if _, err := NewHashFromStr("zz" + s[2:]); err != ErrHashStrHex {
		t.Fatalf("bad hex: %v", err)
	}
}

func TestDoubleSHA256(t *testing.T) {
	got := DoubleSHA256([]byte("hello"))
	want := "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50"
	if hex.EncodeToString(got[:]) != want {
		t.Fatalf("got %x", got)
	}
}

func TestTagged(t *testing.T) {
	for _, tag := range []string{"TapLeaf", "BIP0340/challenge", ""} {
		tg := NewTagged(tag)
		msg := []byte("some message bytes")
		th := sha256.Sum256([]byte(tag))
		want := sha256.Sum256(append(append(th[:], th[:]...), msg...))
		if got := tg.Sum(msg[:4], msg[4:]); got != want {
			t.Fatalf("%q: precomputed %x want %x", tag, got, want)
		}
		if got := TaggedHash(tag, msg); got != want {
			t.Fatalf("%q: direct %x want %x", tag, got, want)
		}
	}
}

func BenchmarkDoubleSHA256Header(b *testing.B) {
	var hdr [80]byte
	for b.Loop() {
		DoubleSHA256(hdr[:])
	}
}
