package ethrawdb

import (
	"sync"

	"github.com/twinchain/twinchain/internal/eth/trie"
)

// cacheEntryOverhead approximates the bookkeeping bytes of one cache entry
// (map slot, list links, key, slice header), counted against the budget.
const cacheEntryOverhead = 96

// cacheEntry is a node in the cache's intrusive LRU list.
type cacheEntry struct {
	hash       trie.Hash
	blob       []byte
	prev, next *cacheEntry
}

// nodeCache is an LRU cache of clean trie nodes bounded by bytes (blob
// sizes plus cacheEntryOverhead each). Blobs are shared with callers, who
// must not modify them. It is safe for concurrent use.
type nodeCache struct {
	mu      sync.Mutex
	max     int
	size    int
	entries map[trie.Hash]*cacheEntry
	head    cacheEntry // sentinel: head.next is the most recent
	free    *cacheEntry
}

// newNodeCache returns a cache of at most maxBytes; 0 disables it.
func newNodeCache(maxBytes int) *nodeCache {
	c := &nodeCache{max: maxBytes, entries: make(map[trie.Hash]*cacheEntry)}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

func (c *nodeCache) unlink(e *cacheEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
}

func (c *nodeCache) pushFront(e *cacheEntry) {
	e.prev, e.next = &c.head, c.head.next
	c.head.next.prev = e
	c.head.next = e
}

// get returns the cached blob and marks it recently used.
func (c *nodeCache) get(h trie.Hash) ([]byte, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[h]
	if !ok {
		c.mu.Unlock()
		return nil, false
	}
	c.unlink(e)
	c.pushFront(e)
	blob := e.blob
	c.mu.Unlock()
	return blob, true
}

// add inserts or refreshes a blob, evicting the least recently used ones
// to stay within the budget. A blob larger than the whole budget is not
// cached.
func (c *nodeCache) add(h trie.Hash, blob []byte) {
	cost := len(blob) + cacheEntryOverhead
	if c.max <= 0 || cost > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[h]; ok {
		c.unlink(e)
		c.pushFront(e)
		return
	}
	for c.size+cost > c.max {
		c.evictLocked(c.head.prev)
	}
	e := c.free
	if e != nil {
		c.free = e.next
	} else {
		e = new(cacheEntry)
	}
	e.hash, e.blob = h, blob
	c.pushFront(e)
	c.entries[h] = e
	c.size += cost
}

// evictLocked removes e; c.mu must be held.
func (c *nodeCache) evictLocked(e *cacheEntry) {
	c.unlink(e)
	delete(c.entries, e.hash)
	c.size -= len(e.blob) + cacheEntryOverhead
	e.blob, e.prev = nil, nil
	e.next, c.free = c.free, e
}

// remove drops h from the cache if present.
func (c *nodeCache) remove(h trie.Hash) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	if e, ok := c.entries[h]; ok {
		c.evictLocked(e)
	}
	c.mu.Unlock()
}

// stats returns the number of entries and bytes used.
func (c *nodeCache) stats() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.size
}
