package blockchain

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ProcessBlock validates blk and, when it is valid and its chain has the
// most work, connects it (Core's ProcessNewBlock): the context-free checks
// (CheckBlock), the header checks against its parent, the contextual block
// checks, storage in the blk files, then ActivateBestChain, which may
// reorganise the active chain.
//
// It returns nil when the block was stored (or was already known and
// valid) and everything connected fine. A rejection is a *RuleError with
// Core's reason, usable with errors.Is: ErrPrevBlockNotFound for an
// unknown parent (the block is not kept; submit it again later),
// ErrBadPrevBlock and ErrDuplicate for blocks known to be invalid, a
// consensus kind for the block's own violation. A block that fails once
// its parent is connected is marked invalid (with its descendants) and
// never tried again. Any other error is an I/O or corruption failure after
// which the chain should be closed.
//
// This function is safe for concurrent access; block processing is
// serialized.
func (c *Chain) ProcessBlock(blk *primitives.Block) error {
	return c.processBlock(context.Background(), blk, nil)
}

// ProcessRawBlock is ProcessBlock for a serialized block, which is stored
// as given instead of being serialized again. A block that does not decode
// is rejected with ErrBlockDecode. The decoded block aliases raw (and is
// handed to subscribers), so raw must not be modified afterwards.
//
// This function is safe for concurrent access; block processing is
// serialized.
func (c *Chain) ProcessRawBlock(raw []byte) error {
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return &RuleError{Err: ErrBlockDecode, Reason: string(ErrBlockDecode), Description: err.Error(), Cause: err}
	}
	return c.processBlock(context.Background(), blk, raw)
}

func (c *Chain) processBlock(ctx context.Context, blk *primitives.Block, raw []byte) error {
	hash := blk.BlockHash()
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.unlockAndNotify()
	if c.closed {
		return makeError(ErrClosed, "blockchain: ProcessBlock after Close")
	}
	if !c.started {
		return makeError(ErrNotStarted, "blockchain: ProcessBlock before Start")
	}
	if n := c.index.lookup(hash); n == nil || !n.haveData() || n.failed() {
		// Core's ProcessNewBlock runs CheckBlock before storing anything,
		// so a block failing it leaves no trace in the index. A block we
		// already have is not checked again.
		if n == nil || !n.failed() {
			if err := consensus.CheckBlock(blk, c.params, consensus.BFNone); err != nil {
				return fromConsensus(err, hash, "")
			}
		}
		if _, err := c.acceptBlock(blk, raw, hash, nil, true); err != nil {
			return err
		}
	}
	return c.activateBestChain(ctx, blk)
}

// ProcessHeaders adds headers to the block index (Core's
// ProcessNewBlockHeaders) after the header checks, without their blocks.
// It stops at the first failure and returns it (a *RuleError).
//
// This function is safe for concurrent access.
func (c *Chain) ProcessHeaders(headers []primitives.Header) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return makeError(ErrClosed, "blockchain: ProcessHeaders after Close")
	}
	for i := range headers {
		if _, err := c.acceptBlockHeader(&headers[i], headers[i].BlockHash()); err != nil {
			return err
		}
	}
	return nil
}

// acceptBlockHeader adds a header to the index after checking it, or
// returns the entry already there (Core's AcceptBlockHeader).
func (c *Chain) acceptBlockHeader(h *primitives.Header, hash chainhash.Hash) (*blockNode, error) {
	if n := c.index.lookup(hash); n != nil {
		if n.failed() {
			return n, ruleError(ErrDuplicate, hash, "block is marked invalid")
		}
		return n, nil
	}
	if hash == c.params.GenesisHash {
		// Core skips the checks for the genesis block, which has no parent.
		return c.index.add(h, hash, nil), nil
	}
	if err := consensus.CheckBlockHeader(h, c.params); err != nil {
		return nil, fromConsensus(err, hash, "")
	}
	parent := c.index.lookup(h.PrevBlock)
	if parent == nil {
		return nil, ruleError(ErrPrevBlockNotFound, hash, "previous block %s not found", h.PrevBlock)
	}
	if parent.failed() {
		return nil, ruleError(ErrBadPrevBlock, hash, "previous block %s is invalid", h.PrevBlock)
	}
	if err := consensus.ContextualCheckBlockHeader(h, parent, c.params, c.opts.clock().Unix()); err != nil {
		return nil, fromConsensus(err, hash, "")
	}
	return c.index.add(h, hash, parent), nil
}

// acceptBlock stores a block whose context-free checks passed (or checks
// them when checked is false) after the header and contextual checks
// (Core's AcceptBlock). pos is the block's place in a blk file during a
// reindex; otherwise the block is appended to the files. It returns the
// block's entry.
func (c *Chain) acceptBlock(blk *primitives.Block, raw []byte, hash chainhash.Hash, pos *blockstore.FilePos, checked bool) (*blockNode, error) {
	n, err := c.acceptBlockHeader(&blk.Header, hash)
	if err != nil {
		return nil, err
	}
	if n.haveData() {
		return n, nil
	}
	if !checked {
		if err := consensus.CheckBlock(blk, c.params, consensus.BFNone); err != nil {
			if !isMutation(err) {
				c.invalidBlockFound(n)
			}
			return nil, fromConsensus(err, hash, "")
		}
	}
	var prev consensus.HeaderCtx
	if n.parent != nil {
		prev = n.parent
	}
	if err := consensus.ContextualCheckBlock(blk, prev, c.params); err != nil {
		if !isMutation(err) {
			c.invalidBlockFound(n)
		}
		return nil, fromConsensus(err, hash, "")
	}
	if raw == nil {
		raw = blk.Bytes()
	}
	var at blockstore.FilePos
	if pos != nil {
		at = *pos
		if err := c.files.UpdateBlockInfo(at, raw, n.height); err != nil {
			return nil, err
		}
	} else {
		last := c.pruner.LastFile()
		at, err = c.files.WriteBlock(raw, n.height)
		if err != nil {
			return nil, err
		}
		if at.File != last && c.pruneTarget > 0 {
			c.checkForPruning = true
		}
	}
	c.receivedBlockTransactions(n, blk, at)
	if err := c.flushStateToDisk(flushNone); err != nil {
		return nil, err
	}
	return n, nil
}

// receivedBlockTransactions records that a block's data is stored at pos
// and makes it, and the descendants that were waiting for it, candidate
// tips (Core's ReceivedBlockTransactions).
func (c *Chain) receivedBlockTransactions(n *blockNode, blk *primitives.Block, pos blockstore.FilePos) {
	bi := c.index
	n.txCount = uint32(len(blk.Txs))
	n.file, n.dataPos, n.undoPos = pos.File, pos.Pos, 0
	n.status |= blockstore.BlockHaveData
	n.status &^= blockstore.BlockHaveUndo
	if c.params.DeploymentActiveAt(chaincfg.DeploymentSegwit, n.height) {
		n.status |= blockstore.BlockOptWitness
	}
	n.raiseValidity(blockstore.BlockValidTransactions)
	bi.markDirty(n)

	if n.parent != nil && !n.parent.haveChainTxs() {
		if n.parent.isValid(blockstore.BlockValidTree) {
			bi.unlinked[n.parent] = append(bi.unlinked[n.parent], n)
		}
		return
	}
	queue := []*blockNode{n}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		q.chainTxCount = uint64(q.txCount)
		if q.parent != nil {
			q.chainTxCount += q.parent.chainTxCount
		}
		q.seqID = bi.nextSeq
		bi.nextSeq++
		c.tryAddCandidate(q)
		queue = append(queue, bi.unlinked[q]...)
		delete(bi.unlinked, q)
	}
}

// tryAddCandidate makes n a candidate tip unless it is worse than the tip.
func (c *Chain) tryAddCandidate(n *blockNode) {
	if n.failed() || !n.isValid(blockstore.BlockValidTransactions) {
		return
	}
	if tip := c.active.tip(); tip == nil || !workLess(n, tip) {
		c.index.candidates.insert(n)
	}
}

// invalidBlockFound marks n as failed validation (Core's InvalidBlockFound).
func (c *Chain) invalidBlockFound(n *blockNode) {
	n.status |= blockstore.BlockFailedValid
	c.index.markDirty(n)
	c.index.candidates.remove(n)
	c.invalidChainFound(n)
}

// invalidChainFound records a failed block: the best invalid block, the
// descendants marked BlockFailedChild, the best header recomputed when it
// descended from it (Core's InvalidChainFound).
func (c *Chain) invalidChainFound(n *blockNode) {
	bi := c.index
	if bi.bestInvalid == nil || n.chainWork.Cmp(&bi.bestInvalid.chainWork) > 0 {
		bi.bestInvalid = n
	}
	bi.markFailedDescendants(n)
	if bi.bestHeader != nil && bi.bestHeader.ancestor(n.height) == n {
		bi.recalcBestHeader()
	}
	tip := c.active.tip()
	attrs := []any{"hash", n.hash, "height", n.height, "log2_work", log2Work(&n.chainWork)}
	if tip != nil {
		attrs = append(attrs, "tip", tip.hash, "tip_height", tip.height)
	}
	c.log.Warn("invalid block found", attrs...)
}

func checkProofOfWork(hash chainhash.Hash, bits uint32, p *chaincfg.Params) bool {
	return consensus.CheckProofOfWork(hash, bits, p)
}

func sortByHeight(recs []blockstore.DiskBlockIndex) {
	slices.SortFunc(recs, func(a, b blockstore.DiskBlockIndex) int { return cmp.Compare(a.Height, b.Height) })
}

// sortedNodes returns the nodes of m by height.
func sortedNodes(m map[chainhash.Hash]*blockNode) []*blockNode {
	ns := slices.Collect(maps.Values(m))
	slices.SortFunc(ns, func(a, b *blockNode) int { return cmp.Compare(a.height, b.height) })
	return ns
}

// describe returns "hash (height)" for logs and errors.
func (n *blockNode) describe() string { return fmt.Sprintf("%s (height %d)", n.hash, n.height) }
