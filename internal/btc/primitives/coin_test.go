package primitives

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestVarInt(t *testing.T) {
	// Core's serialize_tests varint cases.
	cases := map[uint64]string{0: "00", 0x7f: "7f", 0x80: "8000", 0x1234: "a334", 0xffff: "82fe7f",
		0x123456: "c7e756", 0x80123456: "86ffc7e756", 0xffffffff: "8efefefe7f",
		0x7fffffffffffffff: "fefefefefefefefe7f", 0xffffffffffffffff: "80fefefefefefefefe7f"}
	for n, want := range cases {
		b := AppendVarInt(nil, n)
		if hex.EncodeToString(b) != want {
			t.Fatalf("%x: %x want %s", n, b, want)
		}
		got, used, err := ReadVarInt(b)
		if err != nil || got != n || used != len(b) {
			t.Fatalf("%x: read %x %d %v", n, got, used, err)
		}
	}
	if _, _, err := ReadVarInt(mustHex(t, "80fefefefefefefefefe7f")); err == nil {
		t.Fatal("overflow accepted")
	}
	if _, _, err := ReadVarInt(mustHex(t, "80")); err == nil {
		t.Fatal("truncated accepted")
	}
}

func TestCompressAmount(t *testing.T) {
	// Core's compress_tests.
	cases := map[uint64]uint64{0: 0, 1: 1, 1_000_000: 7, 100_000_000: 9, 5_000_000_000: 50, 2_100_000_000_000_000: 21_000_000}
	for n, c := range cases {
		if got := CompressAmount(n); got != c {
			t.Fatalf("CompressAmount(%d) = %d want %d", n, got, c)
		}
		if got := DecompressAmount(c); got != n {
			t.Fatalf("DecompressAmount(%d) = %d want %d", c, got, n)
		}
	}
	for n := uint64(0); n < 100000; n++ {
		if DecompressAmount(CompressAmount(n)) != n {
			t.Fatalf("round trip %d", n)
		}
	}
}

func TestCompressScript(t *testing.T) {
	scripts := []string{
		"76a914" + "0102030405060708090a0b0c0d0e0f1011121314" + "88ac",
		"a914" + "0102030405060708090a0b0c0d0e0f1011121314" + "87",
		"21" + "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" + "ac",
		"41" + "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8" + "ac",
		"0014" + "0102030405060708090a0b0c0d0e0f1011121314",
		"",
	}
	for i, s := range scripts {
		raw := mustHex(t, s)
		c := AppendCompressedScript(nil, raw)
		if i < 4 && len(c) > 33 {
			t.Fatalf("script %d not compressed: %d bytes", i, len(c))
		}
		got, n, err := ReadCompressedScript(c)
		if err != nil || n != len(c) || !bytes.Equal(got, raw) {
			t.Fatalf("script %d: %x %d %v", i, got, n, err)
		}
	}
	// An invalid x coordinate in the uncompressed-P2PK form is an error.
	bad := append([]byte{4}, bytes.Repeat([]byte{0xff}, 32)...)
	if _, _, err := ReadCompressedScript(bad); err == nil {
		t.Fatal("invalid point accepted")
	}
}

func TestCoinRoundTrip(t *testing.T) {
	c := Coin{Out: TxOut{Value: 5_000_000_000, ScriptPubKey: mustHex(t, "76a9140102030405060708090a0b0c0d0e0f101112131488ac")}, Height: 277646, IsCoinBase: true}
	b := c.AppendTo(nil)
	got, n, err := DecodeCoin(b)
	if err != nil || n != len(b) || got.Height != c.Height || !got.IsCoinBase || got.Out.Value != c.Out.Value || !bytes.Equal(got.Out.ScriptPubKey, c.Out.ScriptPubKey) {
		t.Fatalf("round trip: %+v %d %v", got, n, err)
	}
}

func FuzzDecodeCoin(f *testing.F) {
	f.Add((&Coin{Out: TxOut{Value: 1, ScriptPubKey: []byte{0x51}}, Height: 7}).AppendTo(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, n, err := DecodeCoin(b)
		if err != nil {
			return
		}
		if n > len(b) {
			t.Fatal("read past input")
		}
		again, _, err := DecodeCoin(c.AppendTo(nil))
		if err != nil || again.Out.Value != c.Out.Value || !bytes.Equal(again.Out.ScriptPubKey, c.Out.ScriptPubKey) {
			t.Fatalf("re-encode: %v", err)
		}
	})
}
