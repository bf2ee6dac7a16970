package kv

import (
	"bytes"
	"testing"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		name   string
		prefix []byte
		want   []byte
	}{
		{"empty", nil, nil},
		{"simple", []byte("ab"), []byte("ac")},
		{"trailing 0xff", []byte{'a', 0xff}, []byte{'b'}},
		{"all 0xff", []byte{0xff, 0xff}, nil},
		{"0xfe", []byte{0xfe}, []byte{0xff}},
	}
	for _, tc := range tests {
		if got := PrefixEnd(tc.prefix); !bytes.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("%s: PrefixEnd(%x) = %x, want %x", tc.name, tc.prefix, got, tc.want)
		}
	}
	p := []byte("ab")
	_ = PrefixEnd(p)
	if string(p) != "ab" {
		t.Fatal("PrefixEnd modified its argument")
	}
	if got := RangeStart([]byte("p"), []byte("2")); string(got) != "p2" {
		t.Fatalf("RangeStart = %q", got)
	}
}
