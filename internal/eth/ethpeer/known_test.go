package ethpeer

import (
	"encoding/binary"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestKnownSetBounded keeps at most the configured number of hashes and
// always the most recent half.
func TestKnownSetBounded(t *testing.T) {
	s := newKnownSet(100)
	h := func(i int) ethtypes.Hash {
		var x ethtypes.Hash
		binary.LittleEndian.PutUint64(x[:], uint64(i)+1)
		return x
	}
	for i := range 1000 {
		s.add(h(i))
		if n := s.len(); n > 100 {
			t.Fatalf("%d entries after %d adds", n, i+1)
		}
	}
	for i := 950; i < 1000; i++ {
		if !s.contains(h(i)) {
			t.Fatalf("recent hash %d forgotten", i)
		}
	}
	if s.contains(h(0)) {
		t.Fatal("old hash remembered")
	}
	s.add(h(999)) // re-adding is a no-op
	if !s.contains(h(999)) {
		t.Fatal("lost on re-add")
	}
}
