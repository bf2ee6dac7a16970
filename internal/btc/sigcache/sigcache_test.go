package sigcache

import (
	"encoding/binary"
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

func cacheEntry(i int) (chainhash.Hash, []byte, []byte) {
	var h chainhash.Hash
	binary.LittleEndian.PutUint64(h[:], uint64(i))
	sig := make([]byte, 71)
	binary.LittleEndian.PutUint64(sig, uint64(i)*7)
	pub := make([]byte, 33)
	pub[0] = 2
	binary.LittleEndian.PutUint64(pub[1:], uint64(i)*13)
	return h, sig, pub
}

func TestSigCacheAddExists(t *testing.T) {
	c := New(10)
	h, sig, pub := cacheEntry(1)
	if c.Exists(h, sig, pub) {
		t.Fatal("empty cache hit")
	}
	c.Add(h, sig, pub)
	if !c.Exists(h, sig, pub) {
		t.Fatal("added entry missing")
	}
	c.Add(h, sig, pub)
	if c.Len() != 1 {
		t.Fatalf("duplicate add: len %d", c.Len())
	}
	tests := []struct {
		name     string
		hash     chainhash.Hash
		sig, pub []byte
	}{
		{"other hash", chainhash.Hash{9}, sig, pub},
		{"other sig", h, append([]byte{1}, sig[1:]...), pub},
		{"other key", h, sig, append([]byte{3}, pub[1:]...)},
		// Moving a byte from the key to the signature must not collide.
		{"shifted boundary", h, append(append([]byte{}, pub[32]), sig...), pub[:32]},
		{"schnorr-sized key", h, sig, pub[1:]},
	}
	for _, tc := range tests {
		if c.Exists(tc.hash, tc.sig, tc.pub) {
			t.Errorf("%s: false hit", tc.name)
		}
	}
	// Another cache has another salt: its keys differ.
	if k1, k2 := c.key(h, sig, pub), New(10).key(h, sig, pub); k1 == k2 {
		t.Error("two caches share a salt")
	}
}

func TestSigCacheEviction(t *testing.T) {
	const max = 50
	c := New(max)
	for i := range 3 * max {
		h, sig, pub := cacheEntry(i)
		c.Add(h, sig, pub)
		if c.Len() > max {
			t.Fatalf("len %d above %d", c.Len(), max)
		}
	}
	if c.Len() != max {
		t.Fatalf("len %d want %d", c.Len(), max)
	}
	// FIFO: the last max entries remain, the older ones are gone.
	for i := range 3 * max {
		h, sig, pub := cacheEntry(i)
		if want := i >= 2*max; c.Exists(h, sig, pub) != want {
			t.Fatalf("entry %d: exists=%v want %v", i, !want, want)
		}
	}
}

func TestSigCacheDisabled(t *testing.T) {
	h, sig, pub := cacheEntry(1)
	for name, c := range map[string]*Cache{"nil": nil, "zero": New(0), "negative": New(-1)} {
		c.Add(h, sig, pub)
		if c.Exists(h, sig, pub) || c.Len() != 0 {
			t.Errorf("%s cache stored an entry", name)
		}
	}
}

func TestSigCacheConcurrent(t *testing.T) {
	c := New(100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				h, sig, pub := cacheEntry(g*1000 + i)
				c.Add(h, sig, pub)
				if !c.Exists(h, sig, pub) && c.Len() < 50 {
					t.Error("fresh entry missing from a cache with room")
				}
				_ = c.Len()
			}
		}()
	}
	wg.Wait()
	if c.Len() != 100 {
		t.Fatalf("len %d", c.Len())
	}
}

func BenchmarkSigCacheExists(b *testing.B) {
	c := New(1000)
	h, sig, pub := cacheEntry(1)
	c.Add(h, sig, pub)
	b.ReportAllocs()
	for b.Loop() {
		if !c.Exists(h, sig, pub) {
			b.Fatal("miss")
		}
	}
}
