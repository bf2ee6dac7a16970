package utxoset

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BlockSource is what ReplayBlocks needs from the block index and the block
// files. The chain's block store implements it.
type BlockSource interface {
	// Height returns the height of a block in the index, false if unknown.
	Height(hash chainhash.Hash) (uint32, bool)
	// Ancestor returns the hash of hash's ancestor at height (at most its
	// own height), false if unknown.
	Ancestor(hash chainhash.Hash, height uint32) (chainhash.Hash, bool)
	// Block reads a block.
	Block(hash chainhash.Hash) (*primitives.Block, error)
	// Undo reads a block's undo data.
	Undo(hash chainhash.Hash) (*BlockUndo, error)
}

// ReplayBlocks brings a chainstate left mid-flush back to a consistent tip,
// as Core's Chainstate::ReplayBlocks does at startup. When db has no
// head-blocks record it does nothing and returns false. Otherwise, with heads
// [to, from], it disconnects the blocks from "from" back to the last common
// ancestor of the two (with their undo data; an unclean disconnect is fine,
// since every step is idempotent), re-applies the blocks from there up to
// "to" with RollforwardBlock, and flushes with "to" as the best block. It
// returns true when it replayed.
//
// This function MUST be called before anything else uses db.
func ReplayBlocks(db *DB, src BlockSource) (bool, error) {
	heads, err := db.HeadBlocks()
	if err != nil || len(heads) == 0 {
		return false, err
	}
	if len(heads) != 2 {
		return false, makeError(ErrInconsistentHeads, "ReplayBlocks(): unknown inconsistent state (%d head blocks)", len(heads))
	}
	to, from := heads[0], heads[1]
	toHeight, ok := src.Height(to)
	if !ok {
		return false, makeError(ErrReplay, "ReplayBlocks(): reorganization to unknown block %s requested", to)
	}
	cache := NewCache(db, 0)
	var forkHeight uint32
	if !from.IsZero() {
		fromHeight, ok := src.Height(from)
		if !ok {
			return false, makeError(ErrReplay, "ReplayBlocks(): reorganization from unknown block %s requested", from)
		}
		fork, fh, err := lastCommonAncestor(src, from, fromHeight, to, toHeight)
		if err != nil {
			return false, err
		}
		forkHeight = fh
		// Roll back along the old branch; the genesis block is never
		// disconnected.
		for h, height := from, fromHeight; h != fork && height > 0; height-- {
			block, err := src.Block(h)
			if err != nil {
				return false, makeError(ErrReplay, "ReplayBlocks(): reading block %s: %v", h, err)
			}
			undo, err := src.Undo(h)
			if err != nil {
				return false, makeError(ErrReplay, "ReplayBlocks(): reading undo data of %s: %v", h, err)
			}
			if res, err := DisconnectBlock(cache, block, undo, height); res == DisconnectFailed {
				return false, makeError(ErrReplay, "ReplayBlocks(): rolling back %s (%d): %v", h, height, err)
			}
			h = block.Header.PrevBlock
		}
	}
	for height := forkHeight + 1; height <= toHeight; height++ {
		h, ok := src.Ancestor(to, height)
		if !ok {
			return false, makeError(ErrReplay, "ReplayBlocks(): no ancestor of %s at height %d", to, height)
		}
		block, err := src.Block(h)
		if err != nil {
			return false, makeError(ErrReplay, "ReplayBlocks(): reading block %s: %v", h, err)
		}
		if err := RollforwardBlock(cache, block, height); err != nil {
			return false, makeError(ErrReplay, "ReplayBlocks(): rolling forward %s (%d): %v", h, height, err)
		}
	}
	cache.SetBestBlock(to)
	if err := cache.Flush(); err != nil {
		return false, err
	}
	return true, nil
}

// lastCommonAncestor returns the last block on both a's and b's chains.
func lastCommonAncestor(src BlockSource, a chainhash.Hash, ah uint32, b chainhash.Hash, bh uint32) (chainhash.Hash, uint32, error) {
	h := min(ah, bh)
	var ok1, ok2 bool
	a, ok1 = src.Ancestor(a, h)
	b, ok2 = src.Ancestor(b, h)
	for ok1 && ok2 && a != b && h > 0 {
		h--
		a, ok1 = src.Ancestor(a, h)
		b, ok2 = src.Ancestor(b, h)
	}
	if !ok1 || !ok2 || a != b {
		return chainhash.Hash{}, 0, makeError(ErrReplay, "ReplayBlocks(): the old and new tips have no common ancestor")
	}
	return a, h, nil
}
