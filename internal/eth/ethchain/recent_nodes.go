package ethchain

import (
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// recentNodeBlocks is how many of the last inserted blocks' trie nodes
// recentNodes keeps.
const recentNodeBlocks = 16

// recentNodes holds the trie nodes written by the last recentNodeBlocks
// blocks. The node store caches nodes only when they are read back, so
// without it the next block (the miner's, the pool's reset) would read
// every node on the paths the previous block changed from the database.
// Nodes are content-addressed, so a cached node is never stale.
type recentNodes struct {
	mu    sync.RWMutex
	nodes map[trie.Hash]recentNode
	gens  [recentNodeBlocks][]trie.Hash // the hashes added per block, a ring
	gen   uint64                        // generations added so far
}

type recentNode struct {
	blob []byte
	gen  uint64
}

func newRecentNodes() *recentNodes {
	return &recentNodes{nodes: make(map[trie.Hash]recentNode)}
}

// get returns a node written by one of the last blocks.
func (r *recentNodes) get(h trie.Hash) ([]byte, bool) {
	r.mu.RLock()
	n, ok := r.nodes[h]
	r.mu.RUnlock()
	return n.blob, ok
}

// add records the nodes of a block whose batch was written, dropping those
// of the oldest block kept.
func (r *recentNodes) add(w *capturingWriter) {
	if len(w.hashes) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	slot := r.gen % recentNodeBlocks
	for _, h := range r.gens[slot] {
		if n, ok := r.nodes[h]; ok && n.gen == r.gen-recentNodeBlocks {
			delete(r.nodes, h)
		}
	}
	for i, h := range w.hashes {
		r.nodes[h] = recentNode{blob: w.blobs[i], gen: r.gen}
	}
	r.gens[slot] = w.hashes
	r.gen++
}

// capturingWriter queues nodes and code into a block's batch and keeps the
// nodes for recentNodes.
type capturingWriter struct {
	w      *ethrawdb.BatchNodeWriter
	hashes []trie.Hash
	blobs  [][]byte
}

func (c *capturingWriter) PutNode(h trie.Hash, blob []byte) error {
	if err := c.w.PutNode(h, blob); err != nil {
		return err
	}
	c.hashes = append(c.hashes, h)
	c.blobs = append(c.blobs, blob)
	return nil
}

func (c *capturingWriter) PutCode(h ethtypes.Hash, code []byte) error { return c.w.PutCode(h, code) }
