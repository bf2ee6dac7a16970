package ethminer

import (
	"bytes"
	"sort"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// uncleDepth is how many generations back an uncle may be: its parent is
// one of the block's seven previous ancestors other than its parent.
const uncleDepth = 7

// maxCandidates bounds the side headers kept as uncle candidates.
const maxCandidates = 64

// AddSideBlock offers the header of a block that is not (or no longer) on
// the canonical chain as an uncle candidate: the node calls it for side
// blocks it accepts, and the miner for its own blocks that lost a race.
// Candidates more than seven generations below the head are dropped.
//
// This method is safe for concurrent access.
func (m *Miner) AddSideBlock(h *ethtypes.Header) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.uncles == nil {
		m.uncles = make(map[ethtypes.Hash]*ethtypes.Header)
	}
	if len(m.uncles) >= maxCandidates {
		m.pruneUnclesLocked(h.Number)
		if len(m.uncles) >= maxCandidates {
			return
		}
	}
	m.uncles[h.Hash()] = h
}

// pruneUnclesLocked drops candidates too old for a block above number.
func (m *Miner) pruneUnclesLocked(number uint64) {
	for hash, u := range m.uncles {
		if u.Number+uncleDepth < number {
			delete(m.uncles, hash)
		}
	}
}

// selectUncles returns up to two uncle candidates valid for a child of
// parent: each a child of one of the child's seven previous ancestors
// other than parent, not an ancestor, and not included by the ancestors
// (the rules ethconsensus.VerifyUncles checks). The oldest-first order of
// geth is replaced by a deterministic one: highest number, then hash.
func (m *Miner) selectUncles(parent *ethtypes.Header) []*ethtypes.Header {
	m.mu.Lock()
	m.pruneUnclesLocked(parent.Number + 1)
	cands := make([]*ethtypes.Header, 0, len(m.uncles))
	for _, u := range m.uncles {
		cands = append(cands, u)
	}
	m.mu.Unlock()
	if len(cands) == 0 {
		return nil
	}
	ancestors := make(map[ethtypes.Hash]bool, uncleDepth)
	included := make(map[ethtypes.Hash]bool)
	hash, num := parent.Hash(), parent.Number
	for i := 0; i < uncleDepth; i++ {
		b, ok := m.chain.GetBlock(hash, num)
		if !ok {
			break
		}
		ancestors[hash] = true
		for _, u := range b.Uncles {
			included[u.Hash()] = true
		}
		if num == 0 {
			break
		}
		hash, num = b.Header.ParentHash, num-1
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].Number != cands[j].Number {
			return cands[i].Number > cands[j].Number
		}
		hi, hj := cands[i].Hash(), cands[j].Hash()
		return bytes.Compare(hi[:], hj[:]) < 0
	})
	parentHash := parent.Hash()
	var out []*ethtypes.Header
	for _, u := range cands {
		uh := u.Hash()
		if ancestors[uh] || included[uh] || !ancestors[u.ParentHash] || u.ParentHash == parentHash {
			continue
		}
		out = append(out, u)
		included[uh] = true
		if len(out) == ethconsensus.MaxUncles {
			break
		}
	}
	return out
}
