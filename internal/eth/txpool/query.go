package txpool

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// PendingFilter selects the executable transactions a block builder can
// use. A nil field does not filter.
type PendingFilter struct {
	// BaseFee drops, per account, the first transaction whose max fee per
	// gas is below it and everything after it.
	BaseFee *uint256.Int
	// MinTip drops, per remote account, the first transaction whose
	// effective tip (under BaseFee) is below it and everything after it.
	// Local accounts are exempt.
	MinTip *uint256.Int
}

// Pending returns, per account, the executable transactions in nonce
// order that pass filter. The slices are copies the caller owns.
//
// This method is safe for concurrent access.
func (p *Pool) Pending(filter PendingFilter) map[ethtypes.Address][]*ethtypes.Transaction {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[ethtypes.Address][]*ethtypes.Transaction, len(p.pending))
	for from, l := range p.pending {
		n := len(l.txs)
		if filter.BaseFee != nil || filter.MinTip != nil {
			local := p.isLocal(from)
			for i, tx := range l.txs {
				feeCap, tip := tx.GasFeeCap(), tx.GasTipCap()
				if filter.BaseFee != nil && feeCap.Lt(filter.BaseFee) {
					n = i
					break
				}
				if filter.MinTip != nil && !local {
					if e := effectiveTip(&feeCap, &tip, filter.BaseFee); e.Lt(filter.MinTip) {
						n = i
						break
					}
				}
			}
		}
		if n > 0 {
			txs := make([]*ethtypes.Transaction, n)
			copy(txs, l.txs[:n])
			out[from] = txs
		}
	}
	return out
}

// Content returns copies of every account's pending and queued
// transactions in nonce order (txpool_content).
//
// This method is safe for concurrent access.
func (p *Pool) Content() (pending, queued map[ethtypes.Address][]*ethtypes.Transaction) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	pending = make(map[ethtypes.Address][]*ethtypes.Transaction, len(p.pending))
	for from, l := range p.pending {
		pending[from] = l.copyTxs()
	}
	queued = make(map[ethtypes.Address][]*ethtypes.Transaction, len(p.queue))
	for from, l := range p.queue {
		queued[from] = l.copyTxs()
	}
	return pending, queued
}

// ContentFrom returns copies of addr's pending and queued transactions in
// nonce order (txpool_contentFrom).
//
// This method is safe for concurrent access.
func (p *Pool) ContentFrom(addr ethtypes.Address) (pending, queued []*ethtypes.Transaction) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if l := p.pending[addr]; l != nil {
		pending = l.copyTxs()
	}
	if l := p.queue[addr]; l != nil {
		queued = l.copyTxs()
	}
	return pending, queued
}

// Status returns the number of pending and queued transactions
// (txpool_status).
//
// This method is safe for concurrent access.
func (p *Pool) Status() (pending, queued int) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.pendingCount, p.queuedCount
}

// Get returns the pooled transaction with hash, or nil.
//
// This method is safe for concurrent access.
func (p *Pool) Get(hash ethtypes.Hash) *ethtypes.Transaction {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if m := p.all[hash]; m != nil {
		return m.tx
	}
	return nil
}

// Has reports whether a transaction with hash is in the pool.
//
// This method is safe for concurrent access.
func (p *Pool) Has(hash ethtypes.Hash) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	_, ok := p.all[hash]
	return ok
}

// Nonce returns the next nonce of addr counting its pending transactions:
// one past the last pending one, or the nonce in the head state
// (eth_getTransactionCount with "pending").
//
// This method is safe for concurrent access.
func (p *Pool) Nonce(addr ethtypes.Address) uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.nextNonce(addr)
}

// BaseFee returns the base fee of the next block as the pool sees it, or
// nil before London.
//
// This method is safe for concurrent access.
func (p *Pool) BaseFee() *uint256.Int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.baseFee == nil {
		return nil
	}
	v := *p.baseFee
	return &v
}

// Locals returns the accounts whose transactions are treated as local.
//
// This method is safe for concurrent access.
func (p *Pool) Locals() []ethtypes.Address {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]ethtypes.Address, 0, len(p.locals))
	for a := range p.locals {
		out = append(out, a)
	}
	return out
}
