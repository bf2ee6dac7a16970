package mempool

import (
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestEvictionAndMinFeeDecay(t *testing.T) {
	h := newHarness(t, nil)
	// Ten independent transactions paying 1..10 sat/vB (110 vB each).
	var txs []*primitives.Tx
	for i := 1; i <= 10; i++ {
		tx := h.spend([]utxo{h.fund(100_000)}, 100_000-int64(i)*110)
		h.mustAccept(tx)
		txs = append(txs, tx)
	}
	per := h.pool.Usage() / 10
	h.pool.mu.Lock()
	h.pool.cfg.MaxSize = per * 10
	h.pool.mu.Unlock()
	if n := h.pool.TrimToSize(per*7 + 10); n != 3 {
		t.Fatalf("evicted %d, want 3", n)
	}
	for i, tx := range txs {
		if h.pool.Has(tx.TxHash()) != (i >= 3) {
			t.Fatalf("tx %d (rate %d sat/vB) wrongly kept or evicted", i, i+1)
		}
	}
	// The rolling minimum is the highest evicted package rate (3 sat/vB)
	// plus the incremental relay fee.
	if got := h.pool.MinFee(); got != 4000 {
		t.Fatalf("min fee %d, want 4000", got)
	}
	// A transaction paying less is refused.
	_, err := h.pool.AcceptTransaction(h.spend([]utxo{h.fund(100_000)}, 100_000-3*110))
	if !errors.Is(err, ErrMempoolMinFee) {
		t.Fatalf("got %v", err)
	}
	// No decay before a block.
	h.clock = h.clock.Add(24 * time.Hour)
	if got := h.pool.MinFee(); got != 4000 {
		t.Fatalf("decayed without a block: %d", got)
	}
	h.pool.RemoveForBlock(&primitives.Block{})
	// Usage is 70% of the limit: a 12-hour half-life.
	h.clock = h.clock.Add(12 * time.Hour)
	if got := h.pool.MinFee(); got != 2000 {
		t.Fatalf("after one half-life: %d, want 2000", got)
	}
	// 500 sat/kvB after two more: not below half the incremental fee, so
	// the floor is the incremental fee.
	h.clock = h.clock.Add(24 * time.Hour)
	if got := h.pool.MinFee(); got != 1000 {
		t.Fatalf("after three half-lives: %d, want 1000", got)
	}
	// Below half the incremental fee it drops to zero.
	h.clock = h.clock.Add(12 * time.Hour)
	if got := h.pool.MinFee(); got != 0 {
		t.Fatalf("after four half-lives: %d, want 0", got)
	}
	checkAggregates(t, h.pool)
}

func TestEvictionByDescendantScore(t *testing.T) {
	h := newHarness(t, nil)
	// A low-fee parent with a high-fee child (CPFP) outranks a lone
	// 2 sat/vB transaction.
	u := h.fund(1_000_000)
	parent := h.spend([]utxo{u}, 1_000_000-110)
	h.mustAccept(parent)
	child := h.spend([]utxo{h.outOf(parent, 0)}, 1_000_000-110-10*110)
	h.mustAccept(child)
	lone := h.spend([]utxo{h.fund(100_000)}, 100_000-2*110)
	h.mustAccept(lone)
	h.pool.TrimToSize(h.pool.Usage() - 1)
	if h.pool.Has(lone.TxHash()) || !h.pool.Has(parent.TxHash()) || !h.pool.Has(child.TxHash()) {
		t.Fatal("wrong eviction")
	}
	// Evicting the parent takes the child.
	h.pool.TrimToSize(1)
	if h.pool.Count() != 0 {
		t.Fatalf("%d left", h.pool.Count())
	}
}

func TestExpiry(t *testing.T) {
	h := newHarness(t, nil)
	old := h.chainOf(2)
	h.clock = h.clock.Add(time.Hour)
	fresh := h.spend([]utxo{h.fund(100_000)}, 90_000)
	h.mustAccept(fresh)
	h.clock = h.clock.Add(DefaultExpiry - 30*time.Minute)
	if n := h.pool.Expire(); n != 2 {
		t.Fatalf("expired %d, want 2", n)
	}
	if h.pool.Has(old[1].TxHash()) || !h.pool.Has(fresh.TxHash()) {
		t.Fatal("wrong expiry")
	}
}

func TestOrphans(t *testing.T) {
	h := newHarness(t, nil)
	u := h.fund(1_000_000)
	parent := h.spend([]utxo{u}, 990_000)
	child := h.spend([]utxo{h.outOf(parent, 0)}, 980_000)
	grandchild := h.spend([]utxo{h.outOf(child, 0)}, 970_000)
	for _, tx := range []*primitives.Tx{grandchild, child} {
		acc, orphaned, err := h.pool.ProcessTransaction(tx)
		if err != nil || !orphaned || len(acc) != 0 {
			t.Fatalf("orphan: %v %v %d", err, orphaned, len(acc))
		}
	}
	if h.pool.OrphanCount() != 2 || !h.pool.IsOrphan(child.TxHash()) {
		t.Fatal("orphans not kept")
	}
	acc, orphaned, err := h.pool.ProcessTransaction(parent)
	if err != nil || orphaned || len(acc) != 3 {
		t.Fatalf("parent: %v %v %d", err, orphaned, len(acc))
	}
	if h.pool.OrphanCount() != 0 || h.pool.Count() != 3 {
		t.Fatal("orphans not resolved")
	}
	checkAggregates(t, h.pool)

	// Invalid transactions are not kept as orphans.
	if _, orphaned, err := h.pool.ProcessTransaction(&primitives.Tx{}); err == nil || orphaned {
		t.Fatal("invalid transaction orphaned")
	}
}

func TestOrphanLimitAndExpiry(t *testing.T) {
	h := newHarness(t, nil)
	var first *primitives.Tx
	for i := range DefaultMaxOrphans + 5 {
		u := h.fund(100_000)
		delete(h.chain.coins, u.op)
		tx := h.spend([]utxo{u}, 90_000)
		if i == 0 {
			first = tx
		}
		if _, orphaned, err := h.pool.ProcessTransaction(tx); err != nil || !orphaned {
			t.Fatal(err)
		}
	}
	if n := h.pool.OrphanCount(); n != DefaultMaxOrphans {
		t.Fatalf("%d orphans", n)
	}
	if h.pool.IsOrphan(first.TxHash()) {
		t.Fatal("oldest orphan kept")
	}
	h.clock = h.clock.Add(DefaultOrphanExpiry + time.Second)
	u := h.fund(100_000)
	delete(h.chain.coins, u.op)
	h.pool.ProcessTransaction(h.spend([]utxo{u}, 90_000))
	if n := h.pool.OrphanCount(); n != 1 {
		t.Fatalf("%d orphans after expiry", n)
	}
}

func TestRemoveForBlock(t *testing.T) {
	h := newHarness(t, nil)
	x := h.fund(1_000_000)
	y := h.fund(1_000_000)
	a := h.spend([]utxo{x}, 990_000)
	h.mustAccept(a)
	b := h.spend([]utxo{h.outOf(a, 0)}, 980_000)
	h.mustAccept(b)
	c := h.spend([]utxo{y}, 990_000)
	h.mustAccept(c)
	cChild := h.spend([]utxo{h.outOf(c, 0)}, 980_000)
	h.mustAccept(cChild)
	d := h.spend([]utxo{y}, 900_000) // conflicts with c
	coinbase := &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 1}}},
		Outputs: []primitives.TxOut{{Value: 50, ScriptPubKey: h.dest.ScriptPubKey}}}
	blk := &primitives.Block{Txs: []*primitives.Tx{coinbase, a, d}}
	h.chain.connect(blk)
	if n := h.pool.RemoveForBlock(blk); n != 3 {
		t.Fatalf("removed %d, want 3", n)
	}
	got, ok := h.pool.Get(b.TxHash())
	if !ok || got.AncestorCount != 1 || h.pool.Count() != 1 {
		t.Fatalf("b: %v %+v, %d in pool", ok, got, h.pool.Count())
	}
	checkAggregates(t, h.pool)
}

func TestReorgReadd(t *testing.T) {
	h := newHarness(t, nil)
	x := h.fund(1_000_000)
	a := h.spend([]utxo{x}, 990_000)
	// An immediately final transaction whose lock time only holds above
	// height 200.
	y := h.fund(1_000_000)
	late := h.build([]utxo{y}, 990_000)
	late.LockTime = 201
	h.sign(late, []utxo{y})
	coinbase := &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 1}}},
		Outputs: []primitives.TxOut{{Value: 50, ScriptPubKey: h.dest.ScriptPubKey}}}
	blk := &primitives.Block{Txs: []*primitives.Tx{coinbase, a}}
	h.chain.connect(blk) // height 201
	h.pool.RemoveForBlock(blk)
	b := h.spend([]utxo{h.outOf(a, 0)}, 980_000)
	h.mustAccept(b)
	h.mustAccept(late)

	// Disconnect blk: a's input comes back, a's outputs go.
	h.chain.height = 200
	delete(h.chain.coins, primitives.OutPoint{Hash: a.TxHash()})
	delete(h.chain.coins, primitives.OutPoint{Hash: coinbase.TxHash()})
	h.chain.coins[x.op] = primitives.Coin{Out: x.out, Height: 100}
	if n := h.pool.UpdateForReorg([]*primitives.Block{blk}, nil); n != 1 {
		t.Fatalf("re-added %d", n)
	}
	da, ok := h.pool.Get(a.TxHash())
	db, _ := h.pool.Get(b.TxHash())
	if !ok || da.DescendantCount != 2 || db.AncestorCount != 2 {
		t.Fatalf("links: %+v %+v", da, db)
	}
	if h.pool.Has(late.TxHash()) {
		t.Fatal("non-final transaction kept")
	}
	checkAggregates(t, h.pool)
}

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, nil)
	const n = 40
	txs := make([]*primitives.Tx, n)
	for i := range txs {
		txs[i] = h.spend([]utxo{h.fund(100_000)}, 90_000)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 200 {
			h.pool.TxDescs()
			h.pool.MinFee()
			h.pool.Count()
		}
	}()
	errs := make(chan error, n)
	for i := range txs {
		go func() {
			_, err := h.pool.AcceptTransaction(txs[i])
			errs <- err
		}()
	}
	for range txs {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	<-done
	if h.pool.Count() != n {
		t.Fatalf("%d in pool", h.pool.Count())
	}
	checkAggregates(t, h.pool)
}

func TestTimeBasedSequenceLock(t *testing.T) {
	h := newHarness(t, nil)
	for _, tc := range []struct {
		units uint32
		want  error
	}{{2, nil}, {10, ErrNonBIP68Final}} {
		u := h.fundScript(100_000, h.dest.ScriptPubKey, 195, false)
		u.dest = h.dest
		tx := h.build([]utxo{u}, 90_000)
		tx.Inputs[0].Sequence = 1<<22 | tc.units // units of 512 seconds
		h.sign(tx, []utxo{u})
		_, err := h.pool.AcceptTransaction(tx)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Fatalf("%d units: %v, want %v", tc.units, err, tc.want)
		}
	}
}

func TestReorgDropsImmatureCoinbaseSpend(t *testing.T) {
	h := newHarness(t, nil)
	u := h.fundScript(100_000, h.dest.ScriptPubKey, 101, true)
	u.dest = h.dest
	tx := h.spend([]utxo{u}, 90_000)
	h.mustAccept(tx)
	h.chain.height = 199 // next block 200: depth 99
	h.pool.UpdateForReorg(nil, nil)
	if h.pool.Has(tx.TxHash()) {
		t.Fatal("immature coinbase spend kept")
	}
}
