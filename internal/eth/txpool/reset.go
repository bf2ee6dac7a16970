package txpool

import (
	"sort"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// maxReorgDepth bounds how far Reset walks back to return the transactions
// of an abandoned branch to the pool (as geth: deeper reorgs skip it).
const maxReorgDepth = 64

// Reset moves the pool from oldHead (nil at start) to newHead: on a reorg
// the transactions of the abandoned branch that the new branch does not
// include come back; then every account is re-validated against the new
// state: transactions with a nonce now used are dropped, unaffordable ones
// dropped and the ones after them demoted to the queue, a pending list
// that no longer starts at the account nonce demoted entirely; queued
// transactions that became executable are promoted; the global limits are
// enforced; queued transactions of accounts idle for longer than Lifetime
// are dropped; and, when due (see Config.Rejournal), the journal is
// rewritten with the local transactions.
//
// The pool moves from the head it is at, whatever oldHead says, so a
// caller that names a stale old head cannot hide a reorg from it. A nil
// oldHead moves it without taking back the transactions of the blocks that
// left (a rewind such as evm_revert drops them, as Hardhat does). A Reset
// to the head the pool is already at does nothing, so the miner's reset
// after its own block and the node's reset for every new head do the work
// once.
//
// The node calls Reset for every new canonical head. It returns an error
// only when the state of newHead is unavailable (the pool then keeps its
// previous view).
//
// This method is safe for concurrent access.
func (p *Pool) Reset(oldHead, newHead *ethtypes.Header) error {
	p.mu.Lock()
	if p.head != nil {
		if p.head.Hash() == newHead.Hash() {
			p.mu.Unlock()
			return nil
		}
		if oldHead != nil {
			oldHead = p.head
		}
	}
	var reinject []*ethtypes.Transaction
	if oldHead != nil && oldHead.Hash() != newHead.ParentHash && oldHead.Hash() != newHead.Hash() {
		reinject = p.reorgTxs(oldHead, newHead)
	}
	if err := p.setHead(newHead); err != nil {
		p.mu.Unlock()
		return err
	}
	for _, tx := range reinject {
		p.add(tx, false, false) // already-known or now-invalid ones are skipped
	}
	p.demoteUnexecutables()
	var promoted []*ethtypes.Transaction
	for from := range p.queue {
		promoted = p.promoteAccount(from, promoted)
	}
	p.truncatePending()
	p.truncateQueue()
	p.expireQueued()
	var err error
	if p.journal != nil && p.journal.due(p.cfg.Now(), p.cfg.Rejournal) {
		err = p.rotateJournal()
	}
	promoted = p.stillPending(promoted)
	p.mu.Unlock()
	p.notify(promoted)
	return err
}

// stillPending filters txs in place to those still pending (truncation or
// a later replacement may have removed some) and not announced before (a
// transaction demoted and promoted again is announced once). p.mu must be
// held.
func (p *Pool) stillPending(txs []*ethtypes.Transaction) []*ethtypes.Transaction {
	kept := txs[:0]
	for _, tx := range txs {
		if m := p.all[tx.Hash()]; m != nil && !m.announced && p.isPending(tx) {
			m.announced = true
			kept = append(kept, tx)
		}
	}
	return kept
}

// isPending reports whether tx is in its sender's pending list.
func (p *Pool) isPending(tx *ethtypes.Transaction) bool {
	m := p.all[tx.Hash()]
	if m == nil {
		return false
	}
	l := p.pending[m.sender]
	return l != nil && l.get(tx.Nonce()) == tx
}

// reorgTxs returns the transactions in the branch from the common
// ancestor to oldHead that are not in the branch to newHead, or nil when
// the reorg is deeper than maxReorgDepth or a block is missing.
func (p *Pool) reorgTxs(oldHead, newHead *ethtypes.Header) []*ethtypes.Transaction {
	depth := oldHead.Number - min(oldHead.Number, newHead.Number) + newHead.Number - min(oldHead.Number, newHead.Number)
	if depth > maxReorgDepth {
		return nil
	}
	rem := p.chain.GetBlock(oldHead.Hash(), oldHead.Number)
	add := p.chain.GetBlock(newHead.Hash(), newHead.Number)
	if rem == nil || add == nil {
		return nil
	}
	var discarded, included []*ethtypes.Transaction
	for steps := 0; rem.Hash() != add.Hash(); steps++ {
		if steps > 2*maxReorgDepth+2 {
			return nil
		}
		if rem.Number() >= add.Number() {
			discarded = append(discarded, rem.Txs...)
			if rem.Number() == 0 {
				return nil
			}
			if rem = p.chain.GetBlock(rem.Header.ParentHash, rem.Number()-1); rem == nil {
				return nil
			}
		} else {
			included = append(included, add.Txs...)
			if add = p.chain.GetBlock(add.Header.ParentHash, add.Number()-1); add == nil {
				return nil
			}
		}
	}
	in := make(map[ethtypes.Hash]struct{}, len(included))
	for _, tx := range included {
		in[tx.Hash()] = struct{}{}
	}
	out := discarded[:0]
	for _, tx := range discarded {
		if _, ok := in[tx.Hash()]; !ok {
			out = append(out, tx)
		}
	}
	// Re-add in nonce order per sender: sort by nonce (senders are
	// independent, so a global nonce sort keeps each sender's order).
	sort.SliceStable(out, func(i, j int) bool { return out[i].Nonce() < out[j].Nonce() })
	return out
}

// demoteUnexecutables re-validates every pending list against the head
// state. p.mu must be held.
func (p *Pool) demoteUnexecutables() {
	for from, l := range p.pending {
		nonce := p.state.GetNonce(from)
		for _, tx := range l.forward(nonce) {
			p.pendingCount--
			p.dropMeta(p.all[tx.Hash()])
		}
		if i := l.firstUnaffordable(p.balance(from), p.gasLimit); i < len(l.txs) {
			for _, tx := range l.cutFrom(i) {
				p.pendingCount--
				p.enqueue(from, tx) // promoteAccount drops the unaffordable ones
			}
		}
		if len(l.txs) > 0 && l.txs[0].Nonce() != nonce {
			for _, tx := range l.cutFrom(0) {
				p.pendingCount--
				p.enqueue(from, tx)
			}
		}
		if len(l.txs) == 0 {
			delete(p.pending, from)
		}
	}
}

// truncatePending enforces GlobalSlots on executable transactions: while
// the pool has too many, the remote accounts with the most pending
// transactions above AccountSlots lose their highest nonces, one at a
// time, the largest first. p.mu must be held.
func (p *Pool) truncatePending() {
	if p.pendingCount <= int(p.cfg.GlobalSlots) {
		return
	}
	type spammer struct {
		from ethtypes.Address
		l    *txList
	}
	var spam []spammer
	for from, l := range p.pending {
		if !p.isLocal(from) && uint64(len(l.txs)) > p.cfg.AccountSlots {
			spam = append(spam, spammer{from, l})
		}
	}
	for p.pendingCount > int(p.cfg.GlobalSlots) {
		best := -1
		for i, s := range spam {
			if uint64(len(s.l.txs)) > p.cfg.AccountSlots && (best < 0 || len(s.l.txs) > len(spam[best].l.txs)) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		s := spam[best]
		last := s.l.txs[len(s.l.txs)-1]
		p.removeTx(last.Hash(), false)
	}
}

// truncateQueue enforces GlobalQueue on non-executable transactions: the
// queues of the remote accounts idle the longest are dropped first
// (highest nonces first). p.mu must be held.
func (p *Pool) truncateQueue() {
	if p.queuedCount <= int(p.cfg.GlobalQueue) {
		return
	}
	type idle struct {
		from ethtypes.Address
		beat int64
	}
	var accts []idle
	for from := range p.queue {
		if !p.isLocal(from) {
			accts = append(accts, idle{from, p.beats[from].UnixNano()})
		}
	}
	sort.Slice(accts, func(i, j int) bool { return accts[i].beat < accts[j].beat })
	for _, a := range accts {
		for p.queuedCount > int(p.cfg.GlobalQueue) {
			q := p.queue[a.from]
			if q == nil {
				break
			}
			p.removeTx(q.txs[len(q.txs)-1].Hash(), false)
		}
		if p.queuedCount <= int(p.cfg.GlobalQueue) {
			return
		}
	}
}

// EvictExpired drops the queued transactions of remote accounts without
// activity for Lifetime. Reset does it on every new head; a node whose
// chain can stall (dev mode without automine) may call it on a timer.
//
// This method is safe for concurrent access.
func (p *Pool) EvictExpired() {
	p.mu.Lock()
	p.expireQueued()
	p.mu.Unlock()
}

// expireQueued drops the queued transactions of remote accounts without
// activity for Lifetime. p.mu must be held.
func (p *Pool) expireQueued() {
	now := p.cfg.Now()
	for from, beat := range p.beats {
		if p.isLocal(from) || now.Sub(beat) <= p.cfg.Lifetime {
			continue
		}
		if q := p.queue[from]; q != nil {
			for _, tx := range q.copyTxs() {
				p.removeTx(tx.Hash(), false)
			}
		}
		delete(p.beats, from)
	}
}
