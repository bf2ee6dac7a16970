package blockchain

import (
	"slices"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// blockIndex is the in-memory header tree (Core's BlockManager block map
// plus the chainstate's bookkeeping around it): every known header by hash,
// the entries not yet written to disk, the best header, the candidate tips
// and the blocks waiting for an ancestor's data.
//
// It is guarded by the chain lock.
type blockIndex struct {
	nodes map[chainhash.Hash]*blockNode
	dirty map[*blockNode]struct{}

	// bestHeader is the valid header with the most work (Core's
	// m_best_header); bestInvalid the invalid one with the most work.
	bestHeader  *blockNode
	bestInvalid *blockNode

	// candidates are the tips the active chain may move to.
	candidates candidateSet

	// unlinked maps a block whose data (or an ancestor's) is missing to
	// its children that have data (Core's m_blocks_unlinked), so that they
	// become candidates when the data arrives.
	unlinked map[*blockNode][]*blockNode

	nextSeq int64
}

func newBlockIndex() *blockIndex {
	return &blockIndex{
		nodes:    make(map[chainhash.Hash]*blockNode),
		dirty:    make(map[*blockNode]struct{}),
		unlinked: make(map[*blockNode][]*blockNode),
		nextSeq:  seqFirstNew,
	}
}

func (bi *blockIndex) lookup(hash chainhash.Hash) *blockNode { return bi.nodes[hash] }

func (bi *blockIndex) markDirty(n *blockNode) { bi.dirty[n] = struct{}{} }

// add inserts the header h (whose parent is known, or which is the genesis
// block) as a valid-tree entry and updates the best header (Core's
// AddToBlockIndex).
func (bi *blockIndex) add(h *primitives.Header, hash chainhash.Hash, parent *blockNode) *blockNode {
	n := newBlockNode(h, hash, parent)
	n.raiseValidity(blockstore.BlockValidTree)
	bi.nodes[hash] = n
	bi.markDirty(n)
	if bi.bestHeader == nil || bi.bestHeader.chainWork.Cmp(&n.chainWork) < 0 {
		bi.bestHeader = n
	}
	return n
}

// markFailedDescendants sets BlockFailedChild on every descendant of n (Core's
// SetBlockFailureFlags) and drops them from the candidates.
func (bi *blockIndex) markFailedDescendants(n *blockNode) {
	for _, d := range bi.nodes {
		if d != n && d.height > n.height && !d.failed() && d.ancestor(n.height) == n {
			d.status |= blockstore.BlockFailedChild
			bi.markDirty(d)
			bi.candidates.remove(d)
		}
	}
}

// recalcBestHeader finds the valid header with the most work again, after
// a block was found invalid (Core's RecalculateBestHeader).
func (bi *blockIndex) recalcBestHeader() {
	bi.bestHeader = nil
	for _, n := range bi.nodes {
		if n.failed() || !n.isValid(blockstore.BlockValidTree) {
			continue
		}
		if bi.bestHeader == nil || workLess(bi.bestHeader, n) {
			bi.bestHeader = n
		}
	}
}

// candidateSet holds candidate tips sorted by workLess, worst first. Tips
// arrive in increasing work and leave from the worst end, so a sorted slice
// with a moving start does both in O(1) amortised and keeps the best at the
// end.
type candidateSet struct {
	s     []*blockNode
	start int
}

func (c *candidateSet) items() []*blockNode { return c.s[c.start:] }

func (c *candidateSet) len() int { return len(c.s) - c.start }

// search returns where n is or would be inserted among the items.
func (c *candidateSet) search(n *blockNode) (int, bool) {
	items := c.items()
	i, found := slices.BinarySearchFunc(items, n, func(a, b *blockNode) int {
		switch {
		case a == b:
			return 0
		case workLess(a, b):
			return -1
		default:
			return 1
		}
	})
	return c.start + i, found
}

func (c *candidateSet) insert(n *blockNode) {
	i, found := c.search(n)
	if found {
		return
	}
	if i == c.start && c.start > 0 {
		c.start--
		c.s[c.start] = n
		return
	}
	c.s = slices.Insert(c.s, i, n)
}

func (c *candidateSet) remove(n *blockNode) {
	i, found := c.search(n)
	if !found {
		return
	}
	if i == c.start {
		c.s[c.start] = nil
		c.start++
		c.compact()
		return
	}
	c.s = slices.Delete(c.s, i, i+1)
}

// best returns the best candidate, or nil.
func (c *candidateSet) best() *blockNode {
	if c.len() == 0 {
		return nil
	}
	return c.s[len(c.s)-1]
}

// pruneBelow drops the candidates worse than tip (Core's
// PruneBlockIndexCandidates); tip itself stays.
func (c *candidateSet) pruneBelow(tip *blockNode) {
	for c.len() > 0 && workLess(c.s[c.start], tip) {
		c.s[c.start] = nil
		c.start++
	}
	c.compact()
}

func (c *candidateSet) compact() {
	if c.start > 1024 && c.start > len(c.s)/2 {
		n := copy(c.s, c.s[c.start:])
		clear(c.s[n:])
		c.s = c.s[:n]
		c.start = 0
	}
}
