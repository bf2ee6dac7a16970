package sigcache

import (
	"crypto/rand"
	"crypto/sha256"
	"sync"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// Cache remembers signatures that have verified, so that a transaction
// checked when it entered the mempool is not verified again when its block
// arrives. It serves ECDSA and BIP340 Schnorr signatures alike.
//
// An entry is the SHA-256 of a random salt chosen at construction, the
// signature hash, and the length-prefixed public key and signature. The
// salt makes the entry keys unpredictable to an attacker (who could
// otherwise craft colliding keys against the eviction policy); the length
// prefixes separate ECDSA entries (33/65-byte keys) from Schnorr entries
// (32-byte x-only keys). Only entries for valid signatures may be added, so
// a hit is proof the signature verified.
//
// The cache is bounded: once it holds maxEntries keys, adding one evicts the
// oldest (first-in, first-out). A nil *Cache, or one built with
// maxEntries ≤ 0, caches nothing.
//
// The salt is the only randomness in the package and the cache the only
// mutable object; its methods are safe for concurrent use.
type Cache struct {
	salt [32]byte

	mu      sync.RWMutex
	entries map[chainhash.Hash]struct{}
	ring    []chainhash.Hash // insertion order, for FIFO eviction
	next    int              // ring slot the next insertion writes, once full
	max     int
}

// New returns an empty cache that holds up to maxEntries signatures
// (about 100 bytes each), with a fresh random salt.
//
// This function is safe for concurrent access.
func New(maxEntries int) *Cache {
	c := &Cache{}
	// crypto/rand.Read never returns an error (Go 1.24+); it aborts the
	// program if the system's randomness source fails.
	_, _ = rand.Read(c.salt[:])
	if maxEntries > 0 {
		c.entries = make(map[chainhash.Hash]struct{}, min(maxEntries, 1<<16))
		c.ring = make([]chainhash.Hash, 0, min(maxEntries, 1<<16))
		c.max = maxEntries
	}
	return c
}

// sigCacheStack is the stack buffer for an entry preimage: salt, hash, a
// 65-byte key and a 73-byte DER signature with their length bytes.
const sigCacheStack = 32 + 32 + 1 + 65 + 1 + 73 + 2

// key returns the salted entry key. Lengths are single bytes for the
// sizes that occur (keys ≤ 65 bytes, signatures ≤ 73) and compact-size
// style otherwise, so distinct inputs never share a preimage.
func (c *Cache) key(sigHash chainhash.Hash, sig, pubKey []byte) chainhash.Hash {
	var stack [sigCacheStack]byte
	b := append(stack[:0], c.salt[:]...)
	b = append(b, sigHash[:]...)
	b = appendCacheLen(b, len(pubKey))
	b = append(b, pubKey...)
	b = appendCacheLen(b, len(sig))
	b = append(b, sig...)
	return sha256.Sum256(b)
}

func appendCacheLen(b []byte, n int) []byte {
	if n < 0xfd {
		return append(b, byte(n))
	}
	return append(b, 0xfd, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
}

// Exists reports whether the signature sig of sigHash under pubKey was
// added to the cache (and not evicted since).
//
// This function is safe for concurrent access.
func (c *Cache) Exists(sigHash chainhash.Hash, sig, pubKey []byte) bool {
	if c == nil || c.entries == nil {
		return false
	}
	k := c.key(sigHash, sig, pubKey)
	c.mu.RLock()
	_, ok := c.entries[k]
	c.mu.RUnlock()
	return ok
}

// Add records that sig is a valid signature of sigHash under pubKey. Add
// only signatures that verified. When the cache is full the oldest entry is
// evicted.
//
// This function is safe for concurrent access.
func (c *Cache) Add(sigHash chainhash.Hash, sig, pubKey []byte) {
	if c == nil || c.entries == nil {
		return
	}
	k := c.key(sigHash, sig, pubKey)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return
	}
	if len(c.ring) < c.max {
		c.ring = append(c.ring, k)
	} else {
		delete(c.entries, c.ring[c.next])
		c.ring[c.next] = k
		c.next++
		if c.next == len(c.ring) {
			c.next = 0
		}
	}
	c.entries[k] = struct{}{}
}

// Len returns the number of entries in the cache.
//
// This function is safe for concurrent access.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
