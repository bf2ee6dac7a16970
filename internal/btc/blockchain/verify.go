package blockchain

import (
	"context"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
)

// Defaults of Options.CheckBlocks and Options.CheckLevel as the node
// passes them (Core's DEFAULT_CHECKBLOCKS and DEFAULT_CHECKLEVEL).
const (
	DefaultCheckBlocks = 6
	DefaultCheckLevel  = 3
	// MaxCheckLevel is the most thorough level VerifyChain knows.
	MaxCheckLevel = 4
)

// VerifyChain checks the last nblocks blocks of the active chain, from
// the tip down, as Core's CVerifyDB::VerifyDB does; nblocks zero or
// negative (or above the height) means every block but the genesis block,
// and level is clamped to 0..4:
//
//   - level 0 reads each block from the blk files (and checks its hash);
//   - level 1 also runs CheckBlock on it;
//   - level 2 also reads its undo data (checksum) and checks that it fits
//     the block (one record per transaction, one coin per input);
//   - level 3 also disconnects the blocks, tip first, on an in-memory view
//     over the UTXO cache, which must undo them cleanly; it stops (and
//     level 4 is skipped) once the view and the cache together outgrow
//     the cache budget (-dbcache);
//   - level 4 then connects them again on that view with the full
//     ConnectBlock rules.
//
// Nothing is written and nothing is notified: the view is dropped, so the
// tip and the UTXO set are the same afterwards. A failure is an *Error of
// kind ErrCorruptBlockDB describing the first problem (Core's
// "Verification error: ..." log lines). ErrVerifySkipped says everything
// checked was fine but some checks were skipped (pruned blocks, or levels
// 3 and 4 for lack of cache); Core's verifychain RPC answers false then.
//
// This function is safe for concurrent access; it is serialized with
// block processing.
func (c *Chain) VerifyChain(level, nblocks int) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return makeError(ErrClosed, "blockchain: VerifyChain after Close")
	}
	return c.verifyChain(context.Background(), level, nblocks, c.coins)
}

// verifyChain is VerifyChain over base, the coins view the blocks are
// disconnected from: the UTXO cache at run time, the chainstate database
// itself at startup (as Core, so the check does not fill the cache).
//
// It MUST be called with writeMu and the chain lock held.
func (c *Chain) verifyChain(ctx context.Context, level, depth int, base utxoset.View) error {
	tip := c.active.tip()
	if tip == nil || tip.parent == nil {
		return nil
	}
	height := int(tip.height)
	if depth <= 0 || depth > height {
		depth = height
	}
	level = max(0, min(MaxCheckLevel, level))
	c.log.Info("verifying the last blocks", "blocks", depth, "level", level)

	corrupt := func(cause error, format string, args ...any) error {
		e := &Error{Err: ErrCorruptBlockDB, Description: "Verification error: " + fmt.Sprintf(format, args...), Cause: cause}
		c.log.Error("block verification failed", "err", e)
		return e
	}
	view := utxoset.NewCache(base, 0)
	defer view.Release()
	var failure *blockNode
	goodTxs := 0
	skippedL3, skippedData := false, false
	n := tip
	for ; n.parent != nil; n = n.parent {
		if err := ctx.Err(); err != nil {
			return wrapError(ErrInterrupted, err, "verifying the chain")
		}
		if int(n.height) <= height-depth {
			break
		}
		if !n.haveData() {
			if c.pruneTarget > 0 {
				c.log.Info("block verification stopping: no data (pruned)", "height", n.height)
				skippedData = true
				break
			}
			return corrupt(nil, "block data missing at %d, hash=%s", n.height, n.hash)
		}
		// Level 0: read from disk.
		blk, err := c.files.ReadBlock(n.blockPos(), &n.hash)
		if err != nil {
			return corrupt(err, "ReadBlock failed at %d, hash=%s", n.height, n.hash)
		}
		// Level 1: the block's own validity.
		if level >= 1 {
			if err := consensus.CheckBlock(blk, c.params, consensus.BFNone); err != nil {
				return corrupt(err, "found bad block at %d, hash=%s", n.height, n.hash)
			}
		}
		// Level 2: the undo data. Core only reads it when the index has a
		// position; every connected block but the genesis block has one,
		// so its absence is corruption here.
		var undo *utxoset.BlockUndo
		if level >= 2 {
			if !n.haveUndo() {
				return corrupt(nil, "no undo data for the connected block at %d, hash=%s", n.height, n.hash)
			}
			if undo, err = c.readUndo(n); err != nil {
				return corrupt(err, "found bad undo data at %d, hash=%s", n.height, n.hash)
			}
			if err := undoFits(undo, blk.Txs); err != nil {
				return corrupt(nil, "found bad undo data at %d, hash=%s: %s", n.height, n.hash, err)
			}
		}
		// Level 3: disconnect in memory while the cache budget allows.
		if level >= 3 {
			if view.Usage()+c.coins.Usage() > c.sizes.coins {
				skippedL3 = true
			} else {
				best, err := view.BestBlock()
				if err != nil {
					return corrupt(err, "reading the UTXO set's best block")
				}
				if best != n.hash {
					return corrupt(nil, "the UTXO set is at %s, not at the block at %d, hash=%s", best, n.height, n.hash)
				}
				res, err := utxoset.DisconnectBlock(view, blk, undo, uint32(n.height))
				switch res {
				case utxoset.DisconnectFailed:
					return corrupt(err, "irrecoverable inconsistency in block data at %d, hash=%s", n.height, n.hash)
				case utxoset.DisconnectUnclean:
					goodTxs = 0
					failure = n
				default:
					goodTxs += len(blk.Txs)
				}
			}
		}
	}
	if failure != nil {
		return corrupt(nil, "coin database inconsistencies found (last %d blocks, %d good transactions before that)",
			height-int(failure.height)+1, goodTxs)
	}
	if skippedL3 {
		c.log.Warn("skipped verification of level >=3 (insufficient database cache size); consider increasing -dbcache")
	}
	count := height - int(n.height)

	// Level 4: connect the disconnected blocks again.
	if level >= 4 && !skippedL3 {
		for n != tip {
			if err := ctx.Err(); err != nil {
				return wrapError(ErrInterrupted, err, "verifying the chain")
			}
			n = c.active.next(n)
			blk, err := c.files.ReadBlock(n.blockPos(), &n.hash)
			if err != nil {
				return corrupt(err, "ReadBlock failed at %d, hash=%s", n.height, n.hash)
			}
			if _, err := c.connectBlock(blk, n, view, connectVerify); err != nil {
				return corrupt(err, "found unconnectable block at %d, hash=%s", n.height, n.hash)
			}
		}
	}
	c.log.Info("verification: no coin database inconsistencies", "blocks", count, "transactions", goodTxs)
	switch {
	case skippedL3:
		return makeError(ErrVerifySkipped, "levels 3 and 4 skipped: the UTXO cache budget is too small")
	case skippedData:
		return makeError(ErrVerifySkipped, "verification stopped at height %d: block data pruned", n.height)
	}
	return nil
}

// undoFits checks that undo data has one record per non-coinbase
// transaction and one coin per input.
func undoFits(undo *utxoset.BlockUndo, txs []*primitives.Tx) error {
	if len(undo.Txs)+1 != len(txs) {
		return fmt.Errorf("%d undo records for %d transactions", len(undo.Txs), len(txs))
	}
	for i, tu := range undo.Txs {
		if len(tu.PrevOuts) != len(txs[i+1].Inputs) {
			return fmt.Errorf("transaction %d has %d inputs and %d undo coins", i+1, len(txs[i+1].Inputs), len(tu.PrevOuts))
		}
	}
	return nil
}
