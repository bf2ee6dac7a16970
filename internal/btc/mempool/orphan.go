package mempool

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// orphan is a transaction whose inputs are not all known yet.
type orphan struct {
	tx      *primitives.Tx
	txid    chainhash.Hash
	expires int64 // unix seconds
	seq     uint64
}

// orphanPool holds orphans by txid and by the outpoints they spend (Core's
// TxOrphanage). When full, the oldest orphan makes room (Core evicts a
// random one; oldest-first keeps the pool deterministic).
type orphanPool struct {
	byTxid  map[chainhash.Hash]*orphan
	byPrev  map[primitives.OutPoint]map[*orphan]struct{}
	nextSeq uint64
}

func (o *orphanPool) init() {
	o.byTxid = make(map[chainhash.Hash]*orphan)
	o.byPrev = make(map[primitives.OutPoint]map[*orphan]struct{})
}

func (o *orphanPool) add(tx *primitives.Tx, txid chainhash.Hash, now int64, cfg *Config) bool {
	if _, ok := o.byTxid[txid]; ok {
		return false
	}
	// Core ignores orphans above the standard weight: they would use the
	// orphan pool's memory for transactions it could never relay.
	if tx.Weight() > MaxStandardTxWeight {
		return false
	}
	o.expire(now)
	for len(o.byTxid) >= cfg.MaxOrphans {
		var oldest *orphan
		for _, x := range o.byTxid {
			if oldest == nil || x.seq < oldest.seq {
				oldest = x
			}
		}
		o.remove(oldest)
	}
	x := &orphan{tx: tx, txid: txid, expires: now + int64(cfg.OrphanExpiry.Seconds()), seq: o.nextSeq}
	o.nextSeq++
	o.byTxid[txid] = x
	for i := range tx.Inputs {
		op := tx.Inputs[i].PrevOut
		set := o.byPrev[op]
		if set == nil {
			set = make(map[*orphan]struct{})
			o.byPrev[op] = set
		}
		set[x] = struct{}{}
	}
	return true
}

func (o *orphanPool) remove(x *orphan) {
	delete(o.byTxid, x.txid)
	for i := range x.tx.Inputs {
		op := x.tx.Inputs[i].PrevOut
		if set := o.byPrev[op]; set != nil {
			delete(set, x)
			if len(set) == 0 {
				delete(o.byPrev, op)
			}
		}
	}
}

func (o *orphanPool) expire(now int64) {
	for _, x := range o.byTxid {
		if x.expires <= now {
			o.remove(x)
		}
	}
}

// children returns the orphans spending an output of txid, in arrival
// order.
func (o *orphanPool) children(tx *primitives.Tx, txid chainhash.Hash) []*orphan {
	var out []*orphan
	seen := make(map[*orphan]struct{})
	for i := range tx.Outputs {
		for x := range o.byPrev[primitives.OutPoint{Hash: txid, Index: uint32(i)}] {
			if _, ok := seen[x]; !ok {
				seen[x] = struct{}{}
				out = append(out, x)
			}
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort by seq; lists are short
		for j := i; j > 0 && out[j].seq < out[j-1].seq; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// removeForBlock drops orphans included in blk or spending an outpoint a
// block transaction spends.
func (o *orphanPool) removeForBlock(blk *primitives.Block, txids []chainhash.Hash) {
	for k, tx := range blk.Txs {
		if x, ok := o.byTxid[txids[k]]; ok {
			o.remove(x)
		}
		for i := range tx.Inputs {
			for x := range o.byPrev[tx.Inputs[i].PrevOut] {
				o.remove(x)
			}
		}
	}
}

// IsOrphan reports whether txid waits in the orphan pool.
//
// This function is safe for concurrent access.
func (p *Pool) IsOrphan(txid chainhash.Hash) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	_, ok := p.orphans.byTxid[txid]
	return ok
}

// OrphanCount returns the number of orphans.
//
// This function is safe for concurrent access.
func (p *Pool) OrphanCount() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.orphans.byTxid)
}
