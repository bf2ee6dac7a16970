package txpool

import (
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestResetMinedAndReorg mines a transaction, then reorgs to a branch
// without it: the transaction comes back.
func TestResetMinedAndReorg(t *testing.T) {
	p, chain, st := newTestPool(t, Config{}, 1)
	k, a := key(0)
	tx0, tx1, tx2 := dynTx(t, k, 0, gwei, 10*gwei), dynTx(t, k, 1, gwei, 10*gwei), dynTx(t, k, 2, gwei, 10*gwei)
	mustAdd(t, p, false, tx0, tx1, tx2)
	genesis := chain.CurrentHeader()

	// Block A1 includes tx0.
	stA := st.copy()
	stA.nonces[a] = 1
	a1 := chain.extend(genesis, []*ethtypes.Transaction{tx0}, stA, 'a')
	if err := p.Reset(genesis, a1); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 2, 0)
	if p.Has(tx0.Hash()) {
		t.Fatal("mined transaction still pooled")
	}

	// A heavier branch B1-B2 without tx0 replaces A1.
	b1 := chain.extend(genesis, nil, st.copy(), 'b')
	b2 := chain.extend(b1, nil, st.copy(), 'b')
	var announced int
	p.SubscribeNewTxs(func(txs []*ethtypes.Transaction) { announced += len(txs) })
	if err := p.Reset(a1, b2); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 3, 0)
	if !p.Has(tx0.Hash()) {
		t.Fatal("transaction of the abandoned branch not reinjected")
	}
	if announced != 1 {
		t.Fatalf("announced %d, want 1 (the reinjected transaction)", announced)
	}

	// Back to the A branch, extended with a block that includes tx1 too.
	stA2 := st.copy()
	stA2.nonces[a] = 2
	a2 := chain.extend(a1, []*ethtypes.Transaction{tx1}, stA2, 'a')
	a3 := chain.extend(a2, nil, stA2, 'a')
	if err := p.Reset(b2, a3); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 1, 0)
	if !p.Has(tx2.Hash()) || p.Has(tx0.Hash()) || p.Has(tx1.Hash()) {
		t.Fatal("wrong transactions after reorg back")
	}
}

// TestResetDemotes checks that a balance drop removes the unaffordable
// transaction and demotes the ones after it, and that a state nonce moved
// past a gap demotes nothing wrongly.
func TestResetDemotes(t *testing.T) {
	p, chain, st := newTestPool(t, Config{}, 1)
	k, a := key(0)
	tx0 := dynTx(t, k, 0, gwei, 10*gwei)
	tx1 := dynTx(t, k, 1, gwei, 100*gwei) // costs 2.1e15
	tx2 := dynTx(t, k, 2, gwei, 10*gwei)
	mustAdd(t, p, false, tx0, tx1, tx2)
	head := chain.CurrentHeader()
	poor := st.copy()
	poor.balances[a] = uint256.NewInt(1_000_000_000_000_000)
	next := chain.extend(head, nil, poor, 0)
	if err := p.Reset(head, next); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 1, 1)
	if p.Has(tx1.Hash()) {
		t.Fatal("unaffordable transaction kept")
	}
	pend, q := p.ContentFrom(a)
	if !equalU64(nonces(pend), []uint64{0}) || !equalU64(nonces(q), []uint64{2}) {
		t.Fatalf("pending %v queued %v", nonces(pend), nonces(q))
	}
	// Refill tx1 (now cheaper): the queue is promoted.
	mustAdd(t, p, false, dynTx(t, k, 1, gwei, 10*gwei))
	checkStatus(t, p, 3, 0)

	// A block that lowers the gas limit below a queued tx's gas drops it.
	mustAdd(t, p, false, signTx(t, k, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Nonce: 9,
		GasTipCap: *uint256.NewInt(gwei), GasFeeCap: *uint256.NewInt(gwei * 2), Gas: 50_000, To: &recipient}))
	checkStatus(t, p, 3, 1)
	h2 := &ethtypes.Header{ParentHash: next.Hash(), Number: next.Number + 1, GasLimit: 40_000, BaseFee: next.BaseFee, Root: chain.newRoot(poor)}
	chain.addBlock(ethtypes.NewBlock(h2, nil, nil, nil))
	if err := p.Reset(next, h2); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 3, 0)
}

// TestResetMissingState keeps the old view when the new state is absent.
func TestResetMissingState(t *testing.T) {
	p, chain, _ := newTestPool(t, Config{}, 1)
	head := chain.CurrentHeader()
	bad := &ethtypes.Header{ParentHash: head.Hash(), Number: 1, GasLimit: head.GasLimit, Root: ethtypes.Hash{0xff}}
	if err := p.Reset(head, bad); err == nil {
		t.Fatal("Reset with a missing state succeeded")
	}
	if p.Nonce(ethtypes.Address{1}) != 0 {
		t.Fatal("pool unusable after failed reset")
	}
}

// TestQueueLifetime drops remote queued transactions of idle accounts.
func TestQueueLifetime(t *testing.T) {
	clock := &testClock{t: time.Unix(1_700_000_000, 0)}
	p, chain, st := newTestPool(t, Config{Now: clock.now}, 3)
	k0, _ := key(0)
	k1, _ := key(1)
	k2, _ := key(2)
	mustAdd(t, p, false, dynTx(t, k0, 0, gwei, 10*gwei), dynTx(t, k0, 5, gwei, 10*gwei))
	mustAdd(t, p, false, dynTx(t, k1, 3, gwei, 10*gwei))
	mustAdd(t, p, true, dynTx(t, k2, 3, gwei, 10*gwei))
	checkStatus(t, p, 1, 3)
	head := chain.CurrentHeader()
	clock.t = clock.t.Add(3 * time.Hour)
	h1 := chain.extend(head, nil, st, 0)
	if err := p.Reset(head, h1); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, p, 1, 3) // exactly the lifetime: kept
	clock.t = clock.t.Add(time.Second)
	h2 := chain.extend(h1, nil, st, 0)
	if err := p.Reset(h1, h2); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 1, 1) // the local queued transaction stays
}

// TestBaseFeeChangeReordersHeap checks that a new base fee re-sorts the
// eviction heap.
func TestBaseFeeChangeReordersHeap(t *testing.T) {
	var next uint256.Int
	cfg := Config{GlobalSlots: 2, GlobalQueue: 1, NextBaseFee: func(*ethtypes.Header) uint256.Int { return next }}
	next.SetUint64(gwei)
	p, chain, st := newTestPool(t, cfg, 4)
	k0, _ := key(0)
	k1, _ := key(1)
	k2, _ := key(2)
	k3, _ := key(3)
	// Under base fee 1 gwei: A effective 5 gwei, B effective 2 gwei.
	// Under base fee 9 gwei: A effective 1 gwei, B effective 2 gwei.
	a := dynTx(t, k0, 0, 5*gwei, 10*gwei)
	b := dynTx(t, k1, 0, 2*gwei, 100*gwei)
	mustAdd(t, p, false, a, b, dynTx(t, k2, 0, 3*gwei, 100*gwei))
	next.SetUint64(9 * gwei)
	head := chain.CurrentHeader()
	h1 := chain.extend(head, nil, st, 0)
	if err := p.Reset(head, h1); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	mustAdd(t, p, false, dynTx(t, k3, 0, 4*gwei, 100*gwei))
	if p.Has(a.Hash()) || !p.Has(b.Hash()) {
		t.Fatal("eviction ignored the new base fee")
	}
	if bf := p.BaseFee(); bf == nil || bf.Uint64() != 9*gwei {
		t.Fatalf("BaseFee %v", bf)
	}
}

// TestEvictExpired drops idle queued transactions without a new head.
func TestEvictExpired(t *testing.T) {
	clock := &testClock{t: time.Unix(1_700_000_000, 0)}
	p, _, _ := newTestPool(t, Config{Now: clock.now, Lifetime: time.Minute}, 1)
	k, _ := key(0)
	mustAdd(t, p, false, dynTx(t, k, 0, gwei, 10*gwei), dynTx(t, k, 2, gwei, 10*gwei))
	p.EvictExpired()
	checkStatus(t, p, 1, 1)
	clock.t = clock.t.Add(time.Minute + time.Second)
	p.EvictExpired()
	checkInvariants(t, p)
	checkStatus(t, p, 1, 0)
}

// TestResetFromOwnHead checks that Reset moves the pool from the head it
// is at, not from the caller's oldHead: a reset to the pool's own head does
// nothing (the miner and the node both reset after a mined block), and a
// reorg is undone from the pool's head even when the caller names a stale
// one (the node's loop after the miner already moved the pool).
func TestResetFromOwnHead(t *testing.T) {
	p, chain, st := newTestPool(t, Config{}, 1)
	k, a := key(0)
	tx0, tx1 := dynTx(t, k, 0, gwei, 10*gwei), dynTx(t, k, 1, gwei, 10*gwei)
	mustAdd(t, p, false, tx0, tx1)
	genesis := chain.CurrentHeader()

	stA := st.copy()
	stA.nonces[a] = 1
	a1 := chain.extend(genesis, []*ethtypes.Transaction{tx0}, stA, 'a')
	if err := p.Reset(genesis, a1); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, p, 1, 0)

	// Again to the same head, named from a stale old head: nothing to do,
	// and nothing announced.
	var announced int
	p.SubscribeNewTxs(func(txs []*ethtypes.Transaction) { announced += len(txs) })
	if err := p.Reset(genesis, a1); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 1, 0)
	if announced != 0 {
		t.Fatalf("a reset to the pool's own head announced %d transactions", announced)
	}

	// A branch B1-B2 without tx0 replaces A1, but the caller names B1 as
	// the old head (as if the pool had been moved there): the pool still
	// undoes A1, its own head, and takes tx0 back.
	b1 := chain.extend(genesis, nil, st.copy(), 'b')
	b2 := chain.extend(b1, nil, st.copy(), 'b')
	if err := p.Reset(b1, b2); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 2, 0)
	if !p.Has(tx0.Hash()) {
		t.Fatal("transaction of the abandoned branch not reinjected")
	}
}

// TestResetNilOldHeadDrops checks that a Reset with a nil old head (a
// rewind such as evm_revert) does not take back the transactions of the
// blocks that left, even when those blocks can still be read.
func TestResetNilOldHeadDrops(t *testing.T) {
	p, chain, st := newTestPool(t, Config{}, 1)
	k, a := key(0)
	tx0 := dynTx(t, k, 0, gwei, 10*gwei)
	mustAdd(t, p, false, tx0)
	genesis := chain.CurrentHeader()
	stA := st.copy()
	stA.nonces[a] = 1
	a1 := chain.extend(genesis, []*ethtypes.Transaction{tx0}, stA, 'a')
	if err := p.Reset(genesis, a1); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, p, 0, 0)
	// Back to genesis, A1 still stored: nothing comes back.
	if err := p.Reset(nil, genesis); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p)
	checkStatus(t, p, 0, 0)
	// With the old head named, the same move takes tx0 back.
	if err := p.Reset(genesis, a1); err != nil {
		t.Fatal(err)
	}
	if err := p.Reset(a1, genesis); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, p, 1, 0)
}
