package btcrpc

import (
	"encoding/json"
	"sync"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// jsonCache keeps the encoded answers of recent getblock calls at
// verbosity 2 and 3 (about a megabyte of JSON for a full block, costly to
// build). An entry is keyed by the block, the verbosity and the active tip
// it was built against, so confirmations and nextblockhash are never stale:
// any change of the active chain changes the tip. Concurrent requests for
// the same missing entry wait for one computation.
type jsonCache struct {
	mu       sync.Mutex
	entries  map[cacheKey]*cacheEntry
	order    []cacheKey // oldest first
	bytes    int
	maxBytes int
	maxItems int
}

type cacheKey struct {
	hash, tip chainhash.Hash
	verbosity int
}

type cacheEntry struct {
	done  chan struct{}
	val   json.RawMessage
	err   error
	fresh bool // built against the key's tip
}

func newJSONCache(maxItems, maxBytes int) *jsonCache {
	return &jsonCache{entries: make(map[cacheKey]*cacheEntry), maxItems: maxItems, maxBytes: maxBytes}
}

// get returns the cached answer for k, computing it with build when absent.
// Failures, and answers build reports stale (the tip moved meanwhile), are
// not kept.
func (c *jsonCache) get(k cacheKey, build func() (json.RawMessage, bool, error)) (json.RawMessage, error) {
	c.mu.Lock()
	if e, ok := c.entries[k]; ok {
		c.mu.Unlock()
		<-e.done
		return e.val, e.err
	}
	e := &cacheEntry{done: make(chan struct{})}
	c.entries[k] = e
	c.mu.Unlock()

	e.val, e.fresh, e.err = build()
	close(e.done)

	c.mu.Lock()
	defer c.mu.Unlock()
	if e.err != nil || !e.fresh || len(e.val) > c.maxBytes {
		delete(c.entries, k)
		return e.val, e.err
	}
	c.order = append(c.order, k)
	c.bytes += len(e.val)
	for len(c.order) > c.maxItems || c.bytes > c.maxBytes {
		old := c.order[0]
		c.order = c.order[1:]
		if oe, ok := c.entries[old]; ok {
			c.bytes -= len(oe.val)
			delete(c.entries, old)
		}
	}
	return e.val, e.err
}
