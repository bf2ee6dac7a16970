package blockchain

import "github.com/twinchain/twinchain/internal/chainhash"

// chainView is the active chain as a slice of nodes by height (Core's
// CChain): O(1) access by height and membership tests.
type chainView struct {
	nodes []*blockNode
}

// tip returns the last node, or nil for an empty chain.
func (v *chainView) tip() *blockNode {
	if len(v.nodes) == 0 {
		return nil
	}
	return v.nodes[len(v.nodes)-1]
}

// height returns the tip's height, -1 for an empty chain.
func (v *chainView) height() int32 { return int32(len(v.nodes)) - 1 }

// genesis returns the first node, or nil.
func (v *chainView) genesis() *blockNode {
	if len(v.nodes) == 0 {
		return nil
	}
	return v.nodes[0]
}

// at returns the node at height, or nil outside the chain.
func (v *chainView) at(height int32) *blockNode {
	if height < 0 || int(height) >= len(v.nodes) {
		return nil
	}
	return v.nodes[height]
}

// contains reports whether n is on the chain.
func (v *chainView) contains(n *blockNode) bool {
	return n != nil && v.at(n.height) == n
}

// next returns the successor of n on the chain, or nil.
func (v *chainView) next(n *blockNode) *blockNode {
	if !v.contains(n) {
		return nil
	}
	return v.at(n.height + 1)
}

// setTip makes n the tip, rewriting only the heights that change.
func (v *chainView) setTip(n *blockNode) {
	if n == nil {
		v.nodes = v.nodes[:0]
		return
	}
	if int(n.height) >= cap(v.nodes) {
		grown := make([]*blockNode, len(v.nodes), int(n.height)+1+int(n.height)/8+1024)
		copy(grown, v.nodes)
		v.nodes = grown
	}
	v.nodes = v.nodes[:n.height+1]
	for w := n; w != nil && v.nodes[w.height] != w; w = w.parent {
		v.nodes[w.height] = w
	}
}

// findFork returns the last block of the chain that is also an ancestor of
// n (or n itself), nil when they share nothing.
func (v *chainView) findFork(n *blockNode) *blockNode {
	if n == nil {
		return nil
	}
	if n.height > v.height() {
		n = n.ancestor(v.height())
	}
	for n != nil && !v.contains(n) {
		n = n.parent
	}
	return n
}

// locator returns the hashes of a block locator from n backwards: the
// first ten blocks one by one, then doubling steps, ending with the genesis
// block (Core's LocatorEntries).
func locator(n *blockNode) []chainhash.Hash {
	var hashes []chainhash.Hash
	step := int32(1)
	for n != nil {
		hashes = append(hashes, n.hash)
		if n.height == 0 {
			break
		}
		h := max(n.height-step, 0)
		n = n.ancestor(h)
		if len(hashes) > 10 {
			step *= 2
		}
	}
	return hashes
}
