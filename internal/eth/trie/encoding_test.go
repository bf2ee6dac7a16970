package trie

import (
	"bytes"
	"errors"
	"testing"
)

func TestCompactEncoding(t *testing.T) {
	// Hex-prefix examples (Yellow Paper appendix C / the Ethereum wiki).
	tests := []struct {
		name    string
		hex     []byte
		compact string
	}{
		{name: "odd extension", hex: []byte{1, 2, 3, 4, 5}, compact: "112345"},
		{name: "even extension", hex: []byte{0, 1, 2, 3, 4, 5}, compact: "00012345"},
		{name: "even leaf", hex: []byte{0, 15, 1, 12, 11, 8, 16}, compact: "200f1cb8"},
		{name: "odd leaf", hex: []byte{15, 1, 12, 11, 8, 16}, compact: "3f1cb8"},
		{name: "empty leaf", hex: []byte{16}, compact: "20"},
		{name: "empty extension", hex: []byte{}, compact: "00"},
		{name: "one nibble leaf", hex: []byte{7, 16}, compact: "37"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := mustHex(tc.compact)
			got := appendCompact(nil, tc.hex)
			if !bytes.Equal(got, want) {
				t.Fatalf("appendCompact = %x, want %x", got, want)
			}
			if compactSize(tc.hex) != len(want) {
				t.Fatalf("compactSize = %d", compactSize(tc.hex))
			}
			back, ok := compactToHex(want)
			if !ok || !bytes.Equal(back, tc.hex) {
				t.Fatalf("compactToHex = %v %v", back, ok)
			}
			// As an RLP string: one byte is its own encoding.
			s := appendCompactString(nil, tc.hex)
			if len(want) == 1 && !bytes.Equal(s, want) {
				t.Fatalf("appendCompactString = %x", s)
			}
			if len(want) > 1 && (s[0] != 0x80+byte(len(want)) || !bytes.Equal(s[1:], want)) {
				t.Fatalf("appendCompactString = %x", s)
			}
		})
	}
	for _, bad := range []string{"", "40", "f0", "01", "0f12"} {
		if _, ok := compactToHex(mustHex(bad)); ok {
			t.Errorf("compactToHex(%s) accepted", bad)
		}
	}
	if k := hexToKeybytes(keybytesToHex([]byte("dog"))); string(k) != "dog" {
		t.Fatalf("hexToKeybytes = %q", k)
	}
}

func TestDecodeNodeErrors(t *testing.T) {
	tests := []struct {
		name string
		blob string
	}{
		{name: "empty", blob: ""},
		{name: "not a list", blob: "80"},
		{name: "trailing bytes", blob: "c2208080"},
		{name: "three elements", blob: "c3208080"},
		{name: "bad rlp", blob: "c28100"},
		{name: "bad compact flag", blob: "c24080"},
		{name: "key is a list", blob: "c2c080"},
		{name: "extension with empty key", blob: "c400c22080"},
		{name: "extension with empty child", blob: "c21180"},
		{name: "extension child of 5 bytes", blob: "c711850102030405"},
		{name: "leaf value is a list", blob: "c220c0"},
		{name: "branch value is a list", blob: "d1" + "80808080808080808080808080808080" + "c0"},
		{name: "branch child of one byte", blob: "d2818080808080808080808080808080808080"},
		{name: "embedded node of 34 bytes", blob: "e311" + "e1" + "20" + "9f" + "00000000000000000000000000000000000000000000000000000000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := decodeNode(nil, mustHex(tc.blob))
			if err == nil {
				t.Fatalf("accepted: %#v", n)
			}
			if !errors.Is(err, ErrInvalidNode) {
				t.Fatalf("err = %v, want ErrInvalidNode", err)
			}
		})
	}
}
