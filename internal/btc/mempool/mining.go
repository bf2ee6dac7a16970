package mempool

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// MiningEntry is a pool transaction as block assembly sees it: modified fee
// (base fee plus the prioritisetransaction delta), virtual size, weight,
// sigop cost, ancestor aggregates (modified fees; the entry included) and
// its in-pool parents as indices into the same MiningEntries slice.
type MiningEntry struct {
	Tx          *primitives.Tx
	TxID        chainhash.Hash
	WTxID       chainhash.Hash
	Fee         int64 // base fee
	ModifiedFee int64
	VSize       int64
	Weight      int64
	SigOpCost   int64

	AncestorCount, AncestorSize, AncestorFees, AncestorSigOps int64

	// Parents are the indices of the entry's in-pool parents.
	Parents []int32
}

// MiningEntries returns a consistent snapshot of the pool for block
// assembly (package mining): every entry with its modified fee, ancestor
// aggregates and in-pool parents, in no particular order.
//
// This function is safe for concurrent access.
func (p *Pool) MiningEntries() []MiningEntry {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]MiningEntry, 0, len(p.byTxid))
	index := make(map[*entry]int32, len(p.byTxid))
	for _, e := range p.byTxid {
		index[e] = int32(len(out))
		out = append(out, MiningEntry{
			Tx: e.tx, TxID: e.txid, WTxID: e.wtxid, Fee: e.fee, ModifiedFee: e.modFee, VSize: e.vsize, Weight: e.weight,
			SigOpCost: e.sigOpCost, AncestorCount: e.ancCount, AncestorSize: e.ancSize,
			AncestorFees: e.ancFees, AncestorSigOps: e.ancSigOps,
		})
	}
	// One backing array for every parent list.
	n := 0
	for e := range index {
		n += len(e.parents)
	}
	parents := make([]int32, 0, n)
	for e, i := range index {
		start := len(parents)
		for parent := range e.parents {
			parents = append(parents, index[parent])
		}
		out[i].Parents = parents[start:len(parents):len(parents)]
	}
	return out
}
