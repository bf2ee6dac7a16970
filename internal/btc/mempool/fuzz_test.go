package mempool

import (
	"encoding/binary"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// FuzzEntryBookkeeping drives the pool's link and aggregate bookkeeping
// with random sequences of additions (at the bottom, and in the middle of
// existing chains as after a reorganisation), removals with and without
// descendants, trims and fee deltas, and checks every aggregate against a
// recomputation after each step.
func FuzzEntryBookkeeping(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0, 2, 0, 0, 3, 4, 5})
	f.Add([]byte{3, 0, 0, 0, 4, 1, 2, 0, 0, 0, 0, 2, 2, 1, 5, 5})
	f.Add([]byte{0, 7, 0, 9, 0, 12, 3, 200, 0, 1, 0, 2, 4, 3, 4, 9, 0, 0, 2, 0, 1, 5})
	f.Add([]byte{0, 0, 0, 1, 0, 0, 1, 1, 0, 6, 0, 3, 6, 1, 250, 5, 9, 2, 0, 6, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		p := New(Config{Chain: &fakeChain{}})
		var (
			counter uint64
			outs    []primitives.OutPoint // every output ever created
			pending []*primitives.Tx
		)
		next := func() byte {
			if len(ops) == 0 {
				return 0
			}
			b := ops[0]
			ops = ops[1:]
			return b
		}
		newTx := func() *primitives.Tx {
			counter++
			tx := &primitives.Tx{Version: 2, LockTime: uint32(counter)}
			nIn := int(next()%3) + 1
			used := map[primitives.OutPoint]bool{}
			for range nIn {
				var op primitives.OutPoint
				if sel := next(); len(outs) > 0 && sel%4 != 0 {
					op = outs[int(sel)%len(outs)]
				} else {
					var b [8]byte
					binary.LittleEndian.PutUint64(b[:], counter<<8|uint64(len(tx.Inputs)))
					op = primitives.OutPoint{Hash: chainhash.DoubleSHA256(b[:])}
				}
				if used[op] {
					continue
				}
				used[op] = true
				tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: op})
			}
			nOut := int(next()%3) + 1
			for range nOut {
				tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: 1000})
			}
			h := tx.TxHash()
			for i := range nOut {
				outs = append(outs, primitives.OutPoint{Hash: h, Index: uint32(i)})
			}
			return tx
		}
		add := func(tx *primitives.Tx) {
			for i := range tx.Inputs {
				if _, spent := p.spent[tx.Inputs[i].PrevOut]; spent {
					return
				}
			}
			txid := tx.TxHash()
			if _, ok := p.byTxid[txid]; ok {
				return
			}
			fee := int64(next()) * 7
			e := &entry{tx: tx, txid: txid, wtxid: txid, fee: fee, modFee: fee + p.deltas[txid], vsize: int64(tx.VSize()),
				sigOpCost: int64(next() % 5), usage: estimateUsage(tx, tx.SerializeSize())}
			p.addEntry(e)
		}
		pick := func() *entry {
			if len(p.byTxid) == 0 {
				return nil
			}
			k := int(next()) % len(p.byTxid)
			for _, e := range p.byTxid {
				if k == 0 {
					return e
				}
				k--
			}
			return nil
		}
		for steps := 0; len(ops) > 0 && steps < 64; steps++ {
			switch next() % 7 {
			case 0:
				add(newTx())
			case 1:
				if e := pick(); e != nil {
					p.removeSet(withDescendants(map[*entry]struct{}{e: {}}), RemovalManual)
				}
			case 2:
				if e := pick(); e != nil {
					p.removeSet(map[*entry]struct{}{e: {}}, RemovalBlock)
				}
			case 3:
				pending = append(pending, newTx())
			case 4:
				if len(pending) > 0 {
					i := int(next()) % len(pending)
					add(pending[i])
					pending = append(pending[:i], pending[i+1:]...)
				}
			case 5:
				p.trimToSize(p.usage - int64(next())*10)
			case 6:
				// A fee delta, positive or negative, for a pool entry.
				if e := pick(); e != nil {
					p.prioritiseLocked(e.txid, (int64(next())-128)*10)
				}
			}
			checkAggregates(t, p)
		}
	})
}
