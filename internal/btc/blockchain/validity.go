package blockchain

import (
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
)

// TestBlockValidity checks that blk would be a valid next block of the
// active chain without storing or connecting it (Core's TestBlockValidity,
// used for block templates, getblocktemplate proposals and generateblock).
//
// The block must build on the current tip, otherwise the error is a
// *RuleError of kind ErrNotBestPrevBlock ("inconclusive-not-best-prevblk").
// Then, in Core's order: CheckBlock (proof of work only when checkPoW, the
// merkle root and its mutation only when checkMerkle), the contextual
// header checks against the tip (difficulty, time, version), the
// contextual block checks (finality, BIP34 height, witness commitment,
// weight) and ConnectBlock against a throw-away view over the UTXO cache:
// BIP30, inputs missing or spent, CheckTxInputs, BIP68 sequence locks, the
// sigop cost, the coinbase amount and every script with the flags of the
// block's height. Failures are the *RuleError values ProcessBlock would
// return, with Core's reject reasons.
//
// Nothing is written: not to the block or undo files, not to the block
// index (the block gets no entry, failing or not), not to the UTXO cache
// (coins read through it may be loaded into it, clean), and no
// notification is sent. Signatures verified are added to the signature
// cache, as in Core, so that the block is cheaper to connect later.
//
// This function is safe for concurrent access; it is serialized with
// block processing, so it must not be called from a Subscribe callback.
func (c *Chain) TestBlockValidity(blk *primitives.Block, checkPoW, checkMerkle bool) error {
	hash := blk.BlockHash()
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return makeError(ErrClosed, "blockchain: TestBlockValidity after Close")
	}
	if !c.started {
		return makeError(ErrNotStarted, "blockchain: TestBlockValidity before Start")
	}
	tip := c.active.tip()
	if tip == nil || blk.Header.PrevBlock != tip.hash {
		// No description, as Core's.
		return &RuleError{Err: ErrNotBestPrevBlock, Reason: string(ErrNotBestPrevBlock), Hash: hash}
	}
	flags := consensus.BFNone
	if !checkPoW {
		flags |= consensus.BFNoPoWCheck
	}
	if !checkMerkle {
		flags |= consensus.BFNoMerkleCheck
	}
	if err := consensus.CheckBlock(blk, c.params, flags); err != nil {
		return fromConsensus(err, hash, "")
	}
	if err := consensus.ContextualCheckBlockHeader(&blk.Header, tip, c.params, c.opts.clock().Unix()); err != nil {
		return fromConsensus(err, hash, "")
	}
	if err := consensus.ContextualCheckBlock(blk, tip, c.params); err != nil {
		return fromConsensus(err, hash, "")
	}
	// A dummy entry on top of the tip, never added to the index (Core's
	// index_dummy), and a view that is dropped afterwards.
	n := newBlockNode(&blk.Header, hash, tip)
	view := utxoset.NewCache(c.coins, 0)
	defer view.Release()
	_, err := c.connectBlock(blk, n, view, connectJustCheck)
	return err
}
