package statedb

import (
	"testing"
	"unsafe"
)

func TestJournalEntrySize(t *testing.T) {
	if s := unsafe.Sizeof(journalEntry{}); s > 128 {
		t.Errorf("journalEntry is %d bytes, want at most 128", s)
	}
}
