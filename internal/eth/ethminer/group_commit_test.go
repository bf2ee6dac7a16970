package ethminer

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// TestMinePendingGroupCommit: concurrent callers whose transactions are
// all pending share one block (AutomineTxsPerBlock < 0); each call
// returns with its transaction mined; a sequential caller still gets one
// block per transaction.
func TestMinePendingGroupCommit(t *testing.T) {
	const n = 6
	e := setup(t, "GrayGlacier", n, 30_000_000, nil, Config{AutomineTxsPerBlock: -1})
	txs := make([]*ethtypes.Transaction, n)
	for i := range txs {
		k, _ := key(i)
		txs[i] = dynTx(t, k, 0, gwei, 10*gwei)
	}
	e.add(t, txs...)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.miner.MinePending(context.Background())
			// Returned: the transaction is mined.
			if e.pool.Has(txs[i].Hash()) {
				errs[i] = errNotMined
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
	}
	if h := e.chain.CurrentHeader().Number; h != 1 {
		t.Fatalf("head %d, want the one block 1", h)
	}
	if b := blockAt(t, e, 1); len(b.Txs) != n {
		t.Fatalf("block 1 has %d txs, want %d", len(b.Txs), n)
	}
	// Sequential: one block per transaction.
	for i := range 3 {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 1, gwei, 10*gwei))
		bs, err := e.miner.MinePending(context.Background())
		if err != nil || len(bs) != 1 || len(bs[0].Txs) != 1 {
			t.Fatalf("sequential tx %d: %d blocks, %v", i, len(bs), err)
		}
	}
}

// TestMinePendingCapped: with one transaction per block, a caller that
// finds its transaction left out by the cap keeps mining until the pool
// has nothing left that fits, whoever's turn it is.
func TestMinePendingCapped(t *testing.T) {
	const n = 4
	e := setup(t, "GrayGlacier", n, 30_000_000, nil, Config{})
	for i := range n {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, gwei, 10*gwei))
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := e.miner.MinePending(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if h := e.chain.CurrentHeader().Number; h != n {
		t.Fatalf("head %d, want %d (one block per transaction)", h, n)
	}
	if p, q := e.pool.Status(); p+q != 0 {
		t.Fatalf("pool still holds %d+%d transactions", p, q)
	}
}

// minedChain is a testChain that records the states InsertMined gets;
// it executes the block itself (InsertBlock), which checks the state root
// the miner computed on them.
type minedChain struct {
	*testChain
	states []*statedb.StateDB
}

func (c *minedChain) InsertMined(b *ethtypes.Block, _ ethtypes.Receipts, state *statedb.StateDB) error {
	if state == nil {
		return errNotMined
	}
	c.states = append(c.states, state)
	return c.InsertBlock(b)
}

// TestInsertMinedUsed: a chain with InsertMined gets the built state, and
// the next block is built on the state the previous one left (the chain
// re-executing each block confirms their roots); Pending does not take it.
func TestInsertMinedUsed(t *testing.T) {
	e := setup(t, "Cancun", 2, 30_000_000, nil, Config{})
	mc := &minedChain{testChain: e.chain}
	m, err := New(Config{Etherbase: coinbase, Now: e.miner.cfg.Now}, mc, e.pool, e.miner.engine)
	if err != nil {
		t.Fatal(err)
	}
	for n := range 3 {
		for i := range 2 {
			k, _ := key(i)
			e.add(t, dynTx(t, k, uint64(n), gwei, 10*gwei))
		}
		if _, err := m.Pending(); err != nil {
			t.Fatal(err)
		}
		bs, err := m.MinePending(context.Background())
		if err != nil || len(bs) != 2 {
			t.Fatalf("round %d: %d blocks, %v", n, len(bs), err)
		}
	}
	if len(mc.states) != 6 {
		t.Fatalf("InsertMined called %d times, want 6", len(mc.states))
	}
	for i, st := range mc.states[1:] {
		if st != mc.states[0] {
			t.Fatalf("block %d built on a fresh state", i+2)
		}
	}
	if bal := e.chain.balance(t, recipient); bal.Uint64() != 6 {
		t.Fatalf("recipient holds %d wei, want 6", bal.Uint64())
	}
}

// errNotMined marks a test failure.
var errNotMined = errors.New("transaction not mined")
