package blockchain

import (
	"context"
	"math"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// connectBatch is how many blocks ActivateBestChainStep lines up at once
// (Core connects at most 32 before looking again).
const connectBatch = 32

// activateBestChain moves the active chain to the candidate with the most
// work, disconnecting and connecting blocks as needed (Core's
// ActivateBestChain). pblock, when it is the block at a tip being
// connected, saves reading it back from disk.
//
// Between steps the chain lock is released while notifications are
// delivered. It returns the first rule violation found while connecting (the
// failing block is marked invalid and the next best chain is tried) or an
// I/O error, which stops it.
//
// It MUST be called with writeMu and the chain lock held.
func (c *Chain) activateBestChain(ctx context.Context, pblock *primitives.Block) error {
	var firstInvalid error
	var mostWork *blockNode
	var pblockHash chainhash.Hash
	if pblock != nil {
		pblockHash = pblock.BlockHash()
	}
	for {
		if err := ctx.Err(); err != nil {
			return wrapError(ErrInterrupted, err, "activating the best chain")
		}
		tip := c.active.tip()
		if mostWork == nil || mostWork == tip {
			mostWork = c.findMostWorkChain()
			if mostWork == nil || mostWork == tip {
				break
			}
		}
		var blk *primitives.Block
		if pblock != nil && mostWork.hash == pblockHash {
			blk = pblock
		}
		invalid, err := c.activateBestChainStep(mostWork, blk)
		if err != nil {
			return err
		}
		if invalid != nil {
			if firstInvalid == nil {
				firstInvalid = invalid
			}
			mostWork = nil
		}
		c.deliverPending()
		if c.closed {
			return makeError(ErrClosed, "blockchain: closed while activating the best chain")
		}
	}
	if err := c.flushStateToDisk(flushPeriodic); err != nil {
		return err
	}
	return firstInvalid
}

// activateBestChainStep disconnects the active chain down to its fork with
// mostWork's chain and connects up to 32 blocks of the latter, returning
// early once the tip has more work than before (Core's
// ActivateBestChainStep). A rule violation is returned as invalid; err is
// a fatal failure.
func (c *Chain) activateBestChainStep(mostWork *blockNode, pblock *primitives.Block) (invalid, err error) {
	oldTip := c.active.tip()
	fork := c.active.findFork(mostWork)
	for t := c.active.tip(); t != nil && t != fork; t = c.active.tip() {
		if err := c.disconnectTip(); err != nil {
			return nil, err
		}
	}
	height := int32(-1)
	if fork != nil {
		height = fork.height
	}
	path := make([]*blockNode, 0, connectBatch)
	for height != mostWork.height {
		target := min(height+connectBatch, mostWork.height)
		path = path[:0]
		for w := mostWork.ancestor(target); w != nil && w.height != height; w = w.parent {
			path = append(path, w)
		}
		height = target
		for i := len(path) - 1; i >= 0; i-- {
			n := path[i]
			var blk *primitives.Block
			if n == mostWork {
				blk = pblock
			}
			if err := c.connectTip(n, blk); err != nil {
				if IsRuleError(err) {
					return err, nil
				}
				return nil, err
			}
			tip := c.active.tip()
			c.index.candidates.pruneBelow(tip)
			if oldTip == nil || tip.chainWork.Cmp(&oldTip.chainWork) > 0 {
				return nil, nil
			}
		}
	}
	return nil, nil
}

// connectTip connects n, a child of the tip, reading its block when blk is
// nil (Core's ConnectTip). A rule violation marks n invalid.
func (c *Chain) connectTip(n *blockNode, blk *primitives.Block) error {
	obs := c.opts.Observer
	var start, validStart time.Time
	if obs != nil {
		start = time.Now()
	}
	if blk == nil {
		if !n.haveData() {
			return makeError(ErrCorrupt, "block %s to connect has no data", n.describe())
		}
		var err error
		blk, err = c.files.ReadBlock(n.blockPos(), &n.hash)
		if err != nil {
			return wrapError(ErrCorrupt, err, "reading block %s", n.describe())
		}
		// The block passed CheckBlock before it was stored; failing now
		// means the file changed under us (Core re-runs it too).
		if err := consensus.CheckBlock(blk, c.params, consensus.BFNone); err != nil {
			return wrapError(ErrCorrupt, err, "block %s read back from disk (restart with -reindex)", n.describe())
		}
	}
	if obs != nil {
		validStart = time.Now()
	}
	undo, err := c.connectBlock(blk, n, c.view, connectStore)
	var validation time.Duration
	if obs != nil {
		validation = time.Since(validStart)
	}
	if err != nil {
		c.view = utxoset.NewCache(c.coins, 0)
		if IsRuleError(err) {
			if !isMutation(err) {
				c.invalidBlockFound(n)
			}
			c.log.Warn("ConnectBlock failed", "hash", n.hash, "height", n.height, "reason", Reason(err), "err", err)
		}
		return err
	}
	if err := c.view.Flush(); err != nil {
		return err
	}
	c.active.setTip(n)
	if err := c.flushStateToDisk(flushIfNeeded); err != nil {
		return err
	}
	c.queue(Notification{Type: NTBlockConnected, Block: blk, Undo: undo, Hash: n.hash, Height: n.height})
	c.reportProgress(n)
	if obs != nil {
		obs.BlockConnected(ConnectStats{Height: n.height, Validation: validation, Total: time.Since(start),
			CoinsCount: c.coins.Len(), CoinsBytes: c.coins.Usage()})
	}
	return nil
}

// disconnectTip disconnects the tip with its undo data (Core's
// DisconnectTip). Any failure is fatal: the chain cannot stay on a chain
// with less work.
func (c *Chain) disconnectTip() error {
	n := c.active.tip()
	if n == nil || n.parent == nil {
		return makeError(ErrCorrupt, "cannot disconnect the genesis block")
	}
	blk, err := c.files.ReadBlock(n.blockPos(), &n.hash)
	if err != nil {
		return wrapError(ErrCorrupt, err, "reading block %s to disconnect it", n.describe())
	}
	undo, err := c.readUndo(n)
	if err != nil {
		return wrapError(ErrCorrupt, err, "reading the undo data of %s", n.describe())
	}
	if best, err := c.view.BestBlock(); err != nil || best != n.hash {
		return makeError(ErrCorrupt, "the UTXO set is at %s, not at the tip %s (%v)", best, n.describe(), err)
	}
	res, err := utxoset.DisconnectBlock(c.view, blk, undo, uint32(n.height))
	if res != utxoset.DisconnectOK {
		c.view = utxoset.NewCache(c.coins, 0)
		if err == nil {
			err = makeError(ErrCorrupt, "the UTXO set does not match the block")
		}
		return wrapError(ErrCorrupt, err, "DisconnectBlock %s: %s", n.describe(), res)
	}
	if err := c.view.Flush(); err != nil {
		return err
	}
	c.active.setTip(n.parent)
	if err := c.flushStateToDisk(flushIfNeeded); err != nil {
		return err
	}
	c.log.Debug("disconnected block", "hash", n.hash, "height", n.height)
	c.queue(Notification{Type: NTBlockDisconnected, Block: blk, Undo: undo, Hash: n.hash, Height: n.height})
	return nil
}

// findMostWorkChain returns the best candidate whose blocks between it and
// the active chain are all valid and stored, dropping candidates that are
// not (Core's FindMostWorkChain).
func (c *Chain) findMostWorkChain() *blockNode {
	bi := c.index
	for {
		best := bi.candidates.best()
		if best == nil {
			return nil
		}
		usable := true
		for t := best; t != nil && !c.active.contains(t); t = t.parent {
			failed := t.failed()
			missing := !t.haveData()
			if !failed && !missing {
				continue
			}
			if failed && (bi.bestInvalid == nil || best.chainWork.Cmp(&bi.bestInvalid.chainWork) > 0) {
				bi.bestInvalid = best
			}
			for f := best; f != t; f = f.parent {
				if failed {
					f.status |= blockstore.BlockFailedChild
					bi.markDirty(f)
				} else {
					bi.unlinked[f.parent] = append(bi.unlinked[f.parent], f)
				}
				bi.candidates.remove(f)
			}
			bi.candidates.remove(t)
			usable = false
			break
		}
		if usable {
			return best
		}
	}
}

// InvalidateBlock marks a block invalid as if it had failed validation
// (Core's invalidateblock RPC): its descendants become invalid too, the
// active chain is moved off it, and the best remaining chain is activated.
//
// This function is safe for concurrent access.
func (c *Chain) InvalidateBlock(hash chainhash.Hash) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.unlockAndNotify()
	if c.closed {
		return makeError(ErrClosed, "blockchain: InvalidateBlock after Close")
	}
	n := c.index.lookup(hash)
	if n == nil {
		return makeError(ErrNotFound, "block %s not found", hash)
	}
	if n.parent == nil {
		return makeError(ErrInvalidOptions, "the genesis block cannot be invalidated")
	}
	for c.active.contains(n) {
		if err := c.disconnectTip(); err != nil {
			return err
		}
		c.deliverPending()
	}
	n.status |= blockstore.BlockFailedValid
	c.index.markDirty(n)
	c.index.candidates.remove(n)
	c.invalidChainFound(n)
	c.refillCandidates()
	err := c.activateBestChain(context.Background(), nil)
	if IsRuleError(err) {
		return nil
	}
	return err
}

// ReconsiderBlock clears the failure marks of a block, its ancestors and its
// descendants (Core's reconsiderblock RPC) and activates the best chain.
//
// This function is safe for concurrent access.
func (c *Chain) ReconsiderBlock(hash chainhash.Hash) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.unlockAndNotify()
	if c.closed {
		return makeError(ErrClosed, "blockchain: ReconsiderBlock after Close")
	}
	n := c.index.lookup(hash)
	if n == nil {
		return makeError(ErrNotFound, "block %s not found", hash)
	}
	bi := c.index
	for _, d := range bi.nodes {
		if d.failed() && (d.ancestor(n.height) == n || n.ancestor(d.height) == d) {
			d.status &^= blockstore.BlockFailedMask
			bi.markDirty(d)
		}
	}
	if bi.bestInvalid != nil && !bi.bestInvalid.failed() {
		bi.bestInvalid = nil
	}
	bi.recalcBestHeader()
	c.refillCandidates()
	return c.activateBestChain(context.Background(), nil)
}

// refillCandidates adds every usable tip at least as good as the active tip
// to the candidates, after failure marks changed.
func (c *Chain) refillCandidates() {
	for _, n := range c.index.nodes {
		if n.isValid(blockstore.BlockValidTransactions) && n.haveChainTxs() {
			c.tryAddCandidate(n)
		}
	}
}

// reportProgress calls the Progress hook for the new tip n.
func (c *Chain) reportProgress(n *blockNode) {
	if c.progress == nil {
		return
	}
	c.progress(Progress{
		Height:          n.height,
		Hash:            n.hash,
		BlockTime:       time.Unix(int64(n.timestamp), 0).UTC(),
		ChainTxs:        n.chainTxCount,
		CoinsCacheBytes: c.coins.Usage(),
		CoinsCacheLimit: c.sizes.coins,
	})
}

// log2Work returns log2 of a chain work, as Core logs it.
func log2Work(w *uint256.Int) float64 {
	f := w.Float64()
	if f <= 0 {
		return 0
	}
	return math.Log2(f)
}
