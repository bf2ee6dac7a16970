package hdkeychain

import (
	"encoding/hex"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func benchMaster(b *testing.B) *ExtendedKey {
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	m, err := NewMaster(seed, chaincfg.MainNet())
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkChildPublic(b *testing.B) {
	k := benchMaster(b).Neuter()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := k.Child(uint32(i) & 0x7fffffff); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChildPrivate(b *testing.B) {
	k := benchMaster(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := k.Child(uint32(i) | HardenedKeyStart); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseExtendedKey(b *testing.B) {
	s := bip32Vectors[0].steps[3].pub
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseExtendedKey(s); err != nil {
			b.Fatal(err)
		}
	}
}
