package txscript

import (
	"bytes"
	"testing"
)

// TestPushAll checks Core's PushAll encodings: OP_0 for empty items,
// OP_1..OP_16 for single bytes 1-16, minimal pushes otherwise.
func TestPushAll(t *testing.T) {
	long := bytes.Repeat([]byte{7}, 80)
	got := PushAll([][]byte{{}, {1}, {16}, {17}, {0}, long})
	want := append([]byte{OP_0, OP_1, OP_16, 1, 17, 1, 0, OP_PUSHDATA1, 80}, long...)
	if !bytes.Equal(got, want) {
		t.Fatalf("PushAll = %x, want %x", got, want)
	}
	if PushAll(nil) != nil {
		t.Fatal("PushAll(nil) is not empty")
	}
}
