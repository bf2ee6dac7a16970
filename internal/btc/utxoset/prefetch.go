package utxoset

import (
	"runtime"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// prefetchMinPerWorker is the number of reads below which a worker is not
// worth starting.
const prefetchMinPerWorker = 32

// prefetchResult is one outpoint's database read.
type prefetchResult struct {
	e      entry
	found  bool
	script []byte // the long script of a kindBig entry
}

// Prefetch loads into the cache the coins at ops it does not hold yet,
// reading the database with up to workers concurrent readers (zero means
// GOMAXPROCS), and records the outpoints that have no coin as clean spent
// entries, so that the HaveCoin, AccessCoin and SpendCoin calls that follow
// need no database read. Over a parent cache it prefetches into the cache
// nearest the database. It changes no coin: only what is cached.
//
// Block connection calls it (through PrefetchBlock) before ApplyBlock, so
// the reads of a block's inputs overlap instead of following one another;
// this is Core's input fetching on parallel threads.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Prefetch(ops []primitives.OutPoint, workers int) error {
	if p, ok := c.parent.(*Cache); ok {
		var missing []primitives.OutPoint
		for i := range ops {
			if c.coins.find(&ops[i]) == nil {
				missing = append(missing, ops[i])
			}
		}
		return p.Prefetch(missing, workers)
	}
	db, ok := c.parent.(*DB)
	if !ok {
		return nil
	}
	var missing []primitives.OutPoint
	seen := make(map[primitives.OutPoint]struct{}, len(ops))
	for i := range ops {
		if c.coins.find(&ops[i]) != nil {
			continue
		}
		if _, dup := seen[ops[i]]; dup {
			continue
		}
		seen[ops[i]] = struct{}{}
		missing = append(missing, ops[i])
	}
	if len(missing) == 0 {
		return nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(missing)/prefetchMinPerWorker))
	results := make([]prefetchResult, len(missing))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	per := (len(missing) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, len(missing))
		if lo >= hi {
			break
		}
		work := func() {
			var a scriptArena
			for i := lo; i < hi; i++ {
				a.reset()
				e, found, err := db.fetch(missing[i], &a)
				if err != nil {
					errs[w] = err
					return
				}
				r := &results[i]
				r.e, r.found = e, found
				if found && e.kind == kindBig {
					off, n := e.bigRef()
					r.script = append([]byte(nil), a.get(off, n)...)
				}
			}
		}
		if workers == 1 {
			work()
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for i := range missing {
		r := &results[i]
		p, existed := c.coins.upsert(&missing[i])
		if existed {
			continue
		}
		if !r.found {
			// Known absent: a clean tombstone answers HaveCoin without a
			// read and lets AddCoin mark a new coin FRESH.
			*p = entry{flags: flagUsed | flagSpent, kind: kindRaw}
			continue
		}
		*p = r.e
		if r.e.kind == kindBig {
			p.setBigRef(c.arena.add(r.script), len(r.script))
		}
		p.flags = r.e.flags&flagCoinBase | flagUsed
	}
	return nil
}

// PrefetchBlock prefetches what connecting block will read: the coins its
// inputs spend (except those created earlier in the block) and, when
// outputs is set, its outputs' outpoints, which the BIP30 check probes.
//
// This function MUST be called with the chain lock held.
func (c *Cache) PrefetchBlock(block *primitives.Block, outputs bool, workers int) error {
	txids := block.TxHashes()
	n := 0
	for _, tx := range block.Txs {
		n += len(tx.Inputs)
		if outputs {
			n += len(tx.Outputs)
		}
	}
	created := make(map[chainhash.Hash]struct{}, len(block.Txs))
	ops := make([]primitives.OutPoint, 0, n)
	for i, tx := range block.Txs {
		if i > 0 {
			for j := range tx.Inputs {
				if _, ok := created[tx.Inputs[j].PrevOut.Hash]; !ok {
					ops = append(ops, tx.Inputs[j].PrevOut)
				}
			}
		}
		created[txids[i]] = struct{}{}
		if outputs {
			for o := range tx.Outputs {
				ops = append(ops, primitives.OutPoint{Hash: txids[i], Index: uint32(o)})
			}
		}
	}
	return c.Prefetch(ops, workers)
}
