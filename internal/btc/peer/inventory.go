package peer

import (
	"encoding/binary"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// inventory holds what is waiting to be announced to the peer and what the
// peer is known to have. The known set is a rolling set of two generations
// of 64-bit hash keys, each at most half the configured size: when the
// current generation fills, the older is forgotten, so memory stays bounded
// and the most recent hashes are always remembered (Core uses a rolling
// bloom filter for the same purpose). A key collision only suppresses one
// announcement.
type inventory struct {
	mu      sync.Mutex
	cur     map[uint64]struct{}
	old     map[uint64]struct{}
	half    int
	txs     []wire.InvVect
	pending map[uint64]struct{}
	blocks  []wire.InvVect
}

func (v *inventory) init(size int) {
	v.half = max(size/2, 1)
	v.cur = make(map[uint64]struct{})
	v.old = make(map[uint64]struct{})
	v.pending = make(map[uint64]struct{})
}

// invKey folds a hash to 64 bits. Hashes are uniformly distributed in both
// ends for transactions; for blocks the proof-of-work zeros are at the end
// (internal byte order), so the first eight bytes carry the entropy.
func invKey(h *chainhash.Hash) uint64 {
	return binary.LittleEndian.Uint64(h[0:8]) ^ binary.LittleEndian.Uint64(h[24:32])
}

func (v *inventory) knownLocked(k uint64) bool {
	if _, ok := v.cur[k]; ok {
		return true
	}
	_, ok := v.old[k]
	return ok
}

func (v *inventory) addKnownLocked(k uint64) {
	if _, ok := v.cur[k]; ok {
		return
	}
	if len(v.cur) >= v.half {
		v.old = v.cur
		v.cur = make(map[uint64]struct{}, v.half)
	}
	v.cur[k] = struct{}{}
}

// addKnownInv records the transactions and blocks a peer announced.
func (v *inventory) addKnownInv(list []wire.InvVect) {
	v.mu.Lock()
	for i := range list {
		switch list[i].Type.Base() {
		case wire.InvTx, wire.InvWTx, wire.InvBlock:
			v.addKnownLocked(invKey(&list[i].Hash))
		}
	}
	v.mu.Unlock()
}

// AddKnownInventory records that the peer has the transaction or block
// with hash (it sent it to us), so it will not be announced to it. Hashes
// of inv messages the peer sends are recorded automatically.
//
// This function is safe for concurrent access.
func (p *Peer) AddKnownInventory(hash chainhash.Hash) {
	p.inv.mu.Lock()
	p.inv.addKnownLocked(invKey(&hash))
	p.inv.mu.Unlock()
}

// KnowsInventory reports whether hash is in the peer's known-inventory set.
//
// This function is safe for concurrent access.
func (p *Peer) KnowsInventory(hash chainhash.Hash) bool {
	p.inv.mu.Lock()
	defer p.inv.mu.Unlock()
	return p.inv.knownLocked(invKey(&hash))
}

// QueueInventory queues an announcement. Blocks (InvBlock, with or without
// the witness flag) are announced at once; transactions (InvTx or InvWTx —
// the node picks by WTxIDRelay) wait for the next Poisson-distributed
// trickle, at most InventoryBroadcastTarget (more when the queue is long,
// up to InventoryBroadcastMax) per trickle, and are dropped when the peer
// does not relay transactions, when the peer's fee filter is above their
// fee rate (Config.FeeRate, asked at announcement time), or when the
// pending queue is full. Hashes the peer already knows are skipped; what is
// announced becomes known. It reports whether the entry was queued.
//
// This function is safe for concurrent access.
func (p *Peer) QueueInventory(iv wire.InvVect) bool {
	k := invKey(&iv.Hash)
	v := &p.inv
	switch iv.Type.Base() {
	case wire.InvBlock:
		v.mu.Lock()
		known := v.knownLocked(k)
		if !known {
			v.blocks = append(v.blocks, iv)
		}
		v.mu.Unlock()
		if !known {
			p.poke()
		}
		return !known
	case wire.InvTx, wire.InvWTx:
		v.mu.Lock()
		defer v.mu.Unlock()
		if v.knownLocked(k) || len(v.txs) >= p.cfg.MaxPendingTx {
			return false
		}
		if _, dup := v.pending[k]; dup {
			return false
		}
		v.pending[k] = struct{}{}
		v.txs = append(v.txs, iv)
		return true
	}
	return false
}

// PendingTxInventory returns the number of transactions waiting for a
// trickle.
//
// This function is safe for concurrent access.
func (p *Peer) PendingTxInventory() int {
	p.inv.mu.Lock()
	defer p.inv.mu.Unlock()
	return len(p.inv.txs)
}

// flushBlocks announces the queued blocks in one inv.
func (w *writer) flushBlocks() bool {
	v := &w.p.inv
	w.inv.List = w.inv.List[:0]
	v.mu.Lock()
	for _, iv := range v.blocks {
		k := invKey(&iv.Hash)
		if !v.knownLocked(k) {
			v.addKnownLocked(k)
			w.inv.List = append(w.inv.List, iv)
		}
	}
	v.blocks = v.blocks[:0]
	v.mu.Unlock()
	if len(w.inv.List) == 0 {
		return true
	}
	return w.write(outMsg{msg: &w.inv})
}

// flushTxs announces the next batch of transactions (Core's trickle in
// SendMessages).
func (w *writer) flushTxs() bool {
	p := w.p
	p.mu.Lock()
	relay := p.relayTxsLocked()
	filter := p.remote.info.FeeFilter
	p.mu.Unlock()
	v := &p.inv
	w.inv.List = w.inv.List[:0]
	v.mu.Lock()
	if !relay {
		v.txs = v.txs[:0]
		clear(v.pending)
		v.mu.Unlock()
		return true
	}
	limit := min(InventoryBroadcastTarget+len(v.txs)/1000*5, InventoryBroadcastMax)
	n := 0
	for n < len(v.txs) && len(w.inv.List) < limit {
		iv := v.txs[n]
		n++
		k := invKey(&iv.Hash)
		delete(v.pending, k)
		if v.knownLocked(k) {
			continue
		}
		v.addKnownLocked(k)
		w.inv.List = append(w.inv.List, iv)
	}
	v.txs = v.txs[n:]
	if len(v.txs) == 0 {
		v.txs = nil
	}
	v.mu.Unlock()
	if p.cfg.FeeRate != nil {
		kept := w.inv.List[:0]
		for _, iv := range w.inv.List {
			if rate, ok := p.cfg.FeeRate(iv.Hash); ok && rate >= filter {
				kept = append(kept, iv)
			}
		}
		w.inv.List = kept
	}
	if len(w.inv.List) == 0 {
		return true
	}
	return w.write(outMsg{msg: &w.inv})
}
