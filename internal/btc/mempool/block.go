package mempool

import (
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// RemoveForBlock updates the pool for a block connected to the active
// chain (Core's removeForBlock): the block's transactions leave the pool
// (their in-pool children stay, now spending confirmed outputs), pool
// transactions spending an outpoint the block spends are removed with their
// descendants, orphans included in or conflicting with the block are
// dropped, and the rolling minimum fee starts to decay. Call it after the
// chain's tip (Chain) has moved to blk. It returns the number of pool
// transactions removed.
//
// This function is safe for concurrent access.
func (p *Pool) RemoveForBlock(blk *primitives.Block) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	txids := blk.TxHashes()
	confirmed := make(map[*entry]struct{})
	for _, h := range txids {
		if e, ok := p.byTxid[h]; ok {
			confirmed[e] = struct{}{}
		}
	}
	removed := len(confirmed)
	if len(confirmed) > 0 {
		p.removeSet(confirmed, RemovalBlock)
	}
	if len(p.deltas) > 0 {
		for _, h := range txids {
			p.clearPrioritisation(h)
		}
	}
	conflicts := make(map[*entry]struct{})
	for _, tx := range blk.Txs {
		for i := range tx.Inputs {
			if e, ok := p.spent[tx.Inputs[i].PrevOut]; ok {
				conflicts[e] = struct{}{}
			}
		}
	}
	if len(conflicts) > 0 {
		set := withDescendants(conflicts)
		removed += len(set)
		p.removeSet(set, RemovalConflict)
	}
	p.orphans.removeForBlock(blk, txids)
	p.lastRollingFeeUpdate = p.now()
	p.blockSinceLastFeeBump = true
	return removed
}

// UpdateForReorg brings the pool in step after a reorganisation (Core's
// MaybeUpdateMempoolForReorg). disconnected are the blocks taken off the
// old chain, in the order they were disconnected (old tip first); call it
// once the chain (Chain) has reached its new tip and RemoveForBlock has run
// for each newly connected block. Their transactions are re-accepted,
// oldest first, without fee floors or package limits; one that fails
// (confirmed again, double-spent, invalid) is dropped with its in-pool
// descendants. Then every pool transaction that is no longer final, whose
// relative lock no longer holds, or that spends a coinbase now immature is
// removed with its descendants, and the size limit is applied. It returns
// the number of transactions re-added. connected are the blocks of the new
// chain; their transactions are not re-added (Core drops them from its
// disconnect pool as each block connects).
//
// This function is safe for concurrent access.
func (p *Pool) UpdateForReorg(disconnected, connected []*primitives.Block) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	confirmed := make(map[chainhash.Hash]struct{})
	for _, blk := range connected {
		for _, h := range blk.TxHashes() {
			confirmed[h] = struct{}{}
		}
	}
	added := 0
	for b := len(disconnected) - 1; b >= 0; b-- {
		for _, tx := range disconnected[b].Txs {
			if tx.IsCoinBase() {
				continue
			}
			if _, ok := confirmed[tx.TxHash()]; ok {
				continue
			}
			if _, err := p.accept(tx, acceptOpts{bypassLimits: true}); err == nil {
				added++
				continue
			}
			// A transaction that cannot come back takes its pool
			// descendants with it.
			txid := tx.TxHash()
			orphans := make(map[*entry]struct{})
			for i := range tx.Outputs {
				if e, ok := p.spent[primitives.OutPoint{Hash: txid, Index: uint32(i)}]; ok {
					orphans[e] = struct{}{}
				}
			}
			if len(orphans) > 0 {
				p.removeSet(withDescendants(orphans), RemovalReorg)
			}
		}
	}
	p.removeForReorg()
	p.limitSize()
	return added
}

// removeForReorg is Core's removeForReorg: drop entries no longer final or
// whose sequence locks or coinbase maturity fail at the new tip, with
// their descendants.
func (p *Pool) removeForReorg() {
	chain := p.cfg.Chain
	tip := chain.TipHeight()
	tipMTP := chain.MedianTimePast(tip)
	bad := make(map[*entry]struct{})
	for _, e := range p.byTxid {
		if !consensus.IsFinalTx(e.tx, tip+1, tipMTP) {
			bad[e] = struct{}{}
			continue
		}
		prevHeights := make([]int32, len(e.tx.Inputs))
		ok := true
		for i := range e.tx.Inputs {
			op := e.tx.Inputs[i].PrevOut
			if _, inPool := p.byTxid[op.Hash]; inPool {
				prevHeights[i] = tip + 1
				continue
			}
			coin, found := chain.LookupCoin(op)
			if !found || coin.IsCoinBase && int64(tip+1)-int64(coin.Height) < int64(p.cfg.Params.CoinbaseMaturity) {
				ok = false
				break
			}
			prevHeights[i] = int32(coin.Height)
		}
		if ok {
			lock := consensus.CalculateSequenceLocks(e.tx, true, prevHeights, chain.MedianTimePast)
			ok = consensus.EvaluateSequenceLocks(lock, tip+1, tipMTP)
		}
		if !ok {
			bad[e] = struct{}{}
		}
	}
	if len(bad) > 0 {
		p.removeSet(withDescendants(bad), RemovalReorg)
	}
}
