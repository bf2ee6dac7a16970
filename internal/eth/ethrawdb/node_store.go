package ethrawdb

import (
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
)

// DefaultNodeCacheBytes is the clean-node cache budget used when
// NodeStoreConfig.CacheBytes is zero.
const DefaultNodeCacheBytes = 64 << 20

// NodeStoreConfig configures a NodeStore.
type NodeStoreConfig struct {
	// CacheBytes bounds the clean-node LRU cache (node bytes plus a fixed
	// per-entry overhead). Zero means DefaultNodeCacheBytes; a negative
	// value disables the cache.
	CacheBytes int
}

// NodeStore keeps trie nodes in a kv.Store under their hash (geth's legacy
// hash scheme) behind a bounded LRU cache of clean nodes. It implements
// trie.NodeReader and trie.NodeWriter, and with Code/PutCode the storage
// interface package statedb consumes. It is also the pruner (see Prune).
//
// A NodeStore is safe for concurrent use.
type NodeStore struct {
	db    kv.Store
	cache *nodeCache

	hits, misses atomic.Uint64

	// Pruning protection: while a Prune runs, every node written is
	// recorded in fresh so the sweep never deletes it.
	pmu     sync.Mutex
	pruning bool
	fresh   map[trie.Hash]struct{}
}

// NewNodeStore returns a NodeStore over db.
//
// This function is safe for concurrent access.
func NewNodeStore(db kv.Store, cfg NodeStoreConfig) *NodeStore {
	size := cfg.CacheBytes
	if size == 0 {
		size = DefaultNodeCacheBytes
	}
	return &NodeStore{db: db, cache: newNodeCache(size)}
}

// Node returns the encoding of the trie node with the given hash, from the
// cache or the database. An absent node is an error matching ErrNotFound
// (the trie wraps it in a *trie.MissingNodeError). The returned slice is
// shared and must not be modified.
//
// This function is safe for concurrent access.
func (s *NodeStore) Node(hash trie.Hash) ([]byte, error) {
	if blob, ok := s.cache.get(hash); ok {
		s.hits.Add(1)
		return blob, nil
	}
	s.misses.Add(1)
	return s.load(hash)
}

// load reads a node from the database and caches it. It is separate from
// Node so that only a miss pays for the key escaping to the heap.
func (s *NodeStore) load(hash trie.Hash) ([]byte, error) {
	key := hash
	blob, err := s.db.Get(key[:])
	if err != nil {
		return nil, readErr(err, "trie node %x", key[:])
	}
	s.cache.add(hash, blob)
	return blob, nil
}

// HasNode reports whether the node is stored.
//
// This function is safe for concurrent access.
func (s *NodeStore) HasNode(hash trie.Hash) (bool, error) {
	if _, ok := s.cache.get(hash); ok {
		return true, nil
	}
	return s.db.Has(hash[:])
}

// HasState reports whether the state with the given root is available:
// the empty root always is; another root is if its root node is stored
// (as geth's hash scheme decides). The root standing for the whole state
// holds because nodes are written children before parents (the order of a
// trie.NodeSet) or in one atomic batch, and because the pruner never
// leaves a retained state partially deleted.
//
// This function is safe for concurrent access.
func (s *NodeStore) HasState(root trie.Hash) (bool, error) {
	if root == trie.EmptyRoot {
		return true, nil
	}
	return s.HasNode(root)
}

// PutNode writes a node straight to the database (not synced) and caches
// it. To land a commit atomically with a block, use NewBatchWriter.
//
// This function is safe for concurrent access.
func (s *NodeStore) PutNode(hash trie.Hash, blob []byte) error {
	s.protect(hash)
	if err := s.db.Put(hash[:], blob); err != nil {
		return writeErr(err, "trie node %x", hash[:])
	}
	s.cache.add(hash, blob)
	return nil
}

// protect records hash as written during a prune.
func (s *NodeStore) protect(hash trie.Hash) {
	s.pmu.Lock()
	if s.pruning {
		s.fresh[hash] = struct{}{}
	}
	s.pmu.Unlock()
}

// Code returns contract code by hash (an error matching ErrNotFound when
// absent).
//
// This function is safe for concurrent access.
func (s *NodeStore) Code(hash ethtypes.Hash) ([]byte, error) { return ReadCode(s.db, hash) }

// PutCode stores contract code under its hash. Code is never pruned.
//
// This function is safe for concurrent access.
func (s *NodeStore) PutCode(hash ethtypes.Hash, code []byte) error {
	return WriteCode(s.db, hash, code)
}

// CacheStats reports the cache's hits and misses since the store was
// created, and its current number of entries and bytes.
//
// This function is safe for concurrent access.
func (s *NodeStore) CacheStats() (hits, misses uint64, entries, bytes int) {
	entries, bytes = s.cache.stats()
	return s.hits.Load(), s.misses.Load(), entries, bytes
}

// NewBatchWriter returns a trie.NodeWriter (with PutCode) that queues
// nodes into w, typically the batch that also carries the block and its
// head pointers, so that a state and the block naming it become durable
// together. Nodes are cached only by later reads, never before the batch
// is written. While a Prune runs, nodes queued through the writer are
// protected from its sweep.
//
// The returned writer is as safe for concurrent use as w.
func (s *NodeStore) NewBatchWriter(w kv.Writer) *BatchNodeWriter {
	return &BatchNodeWriter{s: s, w: w}
}

// BatchNodeWriter queues trie nodes and code into a kv.Writer; see
// NodeStore.NewBatchWriter.
type BatchNodeWriter struct {
	s *NodeStore
	w kv.Writer
}

// PutNode queues a node.
func (b *BatchNodeWriter) PutNode(hash trie.Hash, blob []byte) error {
	b.s.protect(hash)
	return put(b.w, hash[:], blob, "trie node")
}

// PutCode queues contract code.
func (b *BatchNodeWriter) PutCode(hash ethtypes.Hash, code []byte) error {
	return WriteCode(b.w, hash, code)
}

// Interface checks.
var (
	_ trie.NodeReader = (*NodeStore)(nil)
	_ trie.NodeWriter = (*NodeStore)(nil)
	_ trie.NodeWriter = (*BatchNodeWriter)(nil)
)
