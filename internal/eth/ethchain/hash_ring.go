package ethchain

import "github.com/twinchain/twinchain/internal/eth/ethtypes"

// hashRing keeps the values of the last n hashes added: adding a new hash
// when full drops the oldest. It is not safe for concurrent use.
type hashRing[V any] struct {
	m    map[ethtypes.Hash]V
	ring []ethtypes.Hash
	pos  int
}

func newHashRing[V any](n int) *hashRing[V] {
	return &hashRing[V]{m: make(map[ethtypes.Hash]V, n), ring: make([]ethtypes.Hash, n)}
}

// get returns the value kept for h.
func (r *hashRing[V]) get(h ethtypes.Hash) (V, bool) {
	v, ok := r.m[h]
	return v, ok
}

// add keeps v for h, unless h is kept already.
func (r *hashRing[V]) add(h ethtypes.Hash, v V) {
	if _, ok := r.m[h]; ok {
		return
	}
	if old := r.ring[r.pos]; old != (ethtypes.Hash{}) {
		delete(r.m, old)
	}
	r.ring[r.pos] = h
	r.pos = (r.pos + 1) % len(r.ring)
	r.m[h] = v
}

// drop forgets h (its ring slot is reused in turn).
func (r *hashRing[V]) drop(h ethtypes.Hash) { delete(r.m, h) }
