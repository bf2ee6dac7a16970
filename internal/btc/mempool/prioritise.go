package mempool

import (
	"maps"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// PrioritiseTransaction adds feeDelta satoshis to the fee delta of txid
// (Core's prioritisetransaction). The delta applies to the transaction's
// modified fee, which the fee floors, replacement, eviction, the ancestor
// and descendant fees and block assembly use; the base fee is unchanged.
// The transaction need not be in the pool: the delta waits for it, and
// survives its eviction, until a block confirms it. A sum of zero forgets
// the delta. The pool's aggregates are updated at once when txid is in it.
//
// This function is safe for concurrent access.
func (p *Pool) PrioritiseTransaction(txid chainhash.Hash, feeDelta int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prioritiseLocked(txid, feeDelta)
}

// prioritiseLocked is PrioritiseTransaction with the lock held (for
// writes).
func (p *Pool) prioritiseLocked(txid chainhash.Hash, feeDelta int64) {
	if feeDelta == 0 {
		return
	}
	if p.deltas == nil {
		p.deltas = make(map[chainhash.Hash]int64)
	}
	sum := p.deltas[txid] + feeDelta
	if sum == 0 {
		delete(p.deltas, txid)
	} else {
		p.deltas[txid] = sum
	}
	e, ok := p.byTxid[txid]
	if !ok {
		return
	}
	e.modFee += feeDelta
	e.ancFees += feeDelta
	e.descFees += feeDelta
	for a := range ancestorsOf(e) {
		a.descFees += feeDelta
	}
	for d := range descendantsOf(e) {
		d.ancFees += feeDelta
	}
}

// FeeDeltas returns a copy of the fee deltas set by PrioritiseTransaction,
// for pool transactions and others alike (Core's mapDeltas, as
// getprioritisedtransactions lists it).
//
// This function is safe for concurrent access.
func (p *Pool) FeeDeltas() map[chainhash.Hash]int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[chainhash.Hash]int64, len(p.deltas))
	maps.Copy(out, p.deltas)
	return out
}

// clearPrioritisation forgets txid's delta (a block confirmed it).
func (p *Pool) clearPrioritisation(txid chainhash.Hash) {
	delete(p.deltas, txid)
}
