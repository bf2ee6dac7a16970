package blockfilter

import "testing"

// TestSipHash24 checks the reference outputs of the SipHash paper (key
// 00..0f, message 00..n-1) at the block-length boundaries.
func TestSipHash24(t *testing.T) {
	const k0, k1 = 0x0706050403020100, 0x0f0e0d0c0b0a0908
	tests := []struct {
		name string
		n    int
		want uint64
	}{
		{"empty", 0, 0x726fdb47dd0e0e31},
		{"one byte", 1, 0x74f839c593dc67fd},
		{"seven bytes", 7, 0xab0200f58b01d137},
		{"one block", 8, 0x93f5f5799a932462},
		{"block plus one", 9, 0x9e0082df0ba9e4b0},
		{"fifteen bytes", 15, 0xa129ca6149be45e5},
		{"two blocks", 16, 0x3f2acc7f57c29bdb},
		{"two blocks plus one", 17, 0x699ae9f52cbe4794},
		{"63 bytes", 63, 0x958a324ceb064572},
	}
	msg := make([]byte, 64)
	for i := range msg {
		msg[i] = byte(i)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sipHash24(k0, k1, msg[:tc.n]); got != tc.want {
				t.Fatalf("got %#x, want %#x", got, tc.want)
			}
		})
	}
}
