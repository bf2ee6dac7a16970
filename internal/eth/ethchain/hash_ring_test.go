package ethchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestHashRing checks that the ring keeps the last n hashes added, that
// adding a kept hash again changes nothing, and that a dropped hash is
// gone.
func TestHashRing(t *testing.T) {
	r := newHashRing[int](3)
	h := func(i byte) ethtypes.Hash { return ethtypes.Hash{i} }
	for i := byte(1); i <= 4; i++ {
		r.add(h(i), int(i))
	}
	if _, ok := r.get(h(1)); ok {
		t.Fatal("the oldest of 4 hashes in a ring of 3 is still kept")
	}
	for i := byte(2); i <= 4; i++ {
		if v, ok := r.get(h(i)); !ok || v != int(i) {
			t.Fatalf("hash %d: %d %v", i, v, ok)
		}
	}
	r.add(h(2), 99) // kept already: unchanged, takes no slot
	if v, _ := r.get(h(2)); v != 2 {
		t.Fatalf("re-adding changed the value to %d", v)
	}
	r.drop(h(3))
	if _, ok := r.get(h(3)); ok {
		t.Fatal("a dropped hash is still kept")
	}
	r.add(h(5), 5) // evicts 2, the oldest slot
	if _, ok := r.get(h(2)); ok {
		t.Fatal("hash 2 survived its slot's reuse")
	}
	if v, ok := r.get(h(4)); !ok || v != 4 {
		t.Fatal("hash 4 was evicted early")
	}
}
