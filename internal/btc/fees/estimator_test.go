package fees

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// flow drives an estimator: each block, txsPerBlock transactions enter at
// rates drawn from rates; those paying at least confirmAt confirm in the
// next block, those below after slowDelay blocks (never when 0).
type flow struct {
	e      *Estimator
	height int32
	n      uint64
	queue  map[int32][]chainhash.Hash
}

func newFlow() *flow {
	f := &flow{e: New(), queue: map[int32][]chainhash.Hash{}}
	f.block()
	return f
}

func (f *flow) add(rate int64) chainhash.Hash {
	f.n++
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], f.n)
	id := chainhash.DoubleSHA256(b[:])
	f.e.TxAdded(mempool.TxDesc{TxID: id, Fee: rate * 200 / 1000, VSize: 200, AncestorCount: 1}, f.height)
	return id
}

func (f *flow) block() {
	f.height++
	f.e.BlockConnected(f.height, f.queue[f.height])
	delete(f.queue, f.height)
}

func (f *flow) run(blocks, perBlock int, rates []int64, confirmAt int64, slowDelay int32, rng *rand.Rand) {
	for range blocks {
		for range perBlock {
			r := rates[rng.IntN(len(rates))]
			id := f.add(r)
			switch {
			case r >= confirmAt:
				f.queue[f.height+1] = append(f.queue[f.height+1], id)
			case slowDelay > 0:
				f.queue[f.height+slowDelay] = append(f.queue[f.height+slowDelay], id)
			}
		}
		f.block()
	}
}

func TestBuckets(t *testing.T) {
	e := New()
	if e.buckets[0] != 100 || e.buckets[len(e.buckets)-1] != infFeeRate {
		t.Fatalf("bounds %v..%v", e.buckets[0], e.buckets[len(e.buckets)-1])
	}
	if n := len(e.buckets); n != 237 { // 100*1.05^k <= 1e7 for k = 0..235, plus infinity
		t.Fatalf("%d buckets", n)
	}
	for h, want := range map[Horizon]int{HorizonShort: 12, HorizonMedium: 48, HorizonLong: 1008} {
		if got := e.HighestTargetTracked(h); got != want {
			t.Fatalf("%s: %d", h, got)
		}
	}
}

func TestInsufficientData(t *testing.T) {
	f := newFlow()
	if _, blocks, ok := f.e.EstimateSmartFee(6, false); ok || blocks != 0 {
		t.Fatalf("empty estimator answered (blocks %d)", blocks)
	}
	if _, blocks, ok := f.e.EstimateSmartFee(0, false); ok || blocks != 0 {
		t.Fatal("target 0 answered")
	}
	if _, blocks, ok := f.e.EstimateSmartFee(1009, false); ok || blocks != 0 {
		t.Fatal("target 1009 answered")
	}
	if r, _ := f.e.EstimateRawFee(13, .95, HorizonShort); r != 0 {
		t.Fatal("short horizon answered beyond 12")
	}
}

func TestTwoTierMarket(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	f := newFlow()
	// High payers (20-40 sat/vB) confirm next block; low payers (2 sat/vB)
	// wait 30 blocks.
	f.run(200, 40, []int64{20_000, 30_000, 40_000, 2_000}, 10_000, 30, rng)

	rate, blocks, ok := f.e.EstimateSmartFee(2, false)
	if !ok || blocks != 2 {
		t.Fatalf("target 2: ok %v blocks %d", ok, blocks)
	}
	if rate < 18_000 || rate > 42_000 {
		t.Fatalf("target 2 estimate %d sat/kvB, want the fast tier", rate)
	}
	// Target 1 is answered for 2.
	if _, blocks, _ := f.e.EstimateSmartFee(1, false); blocks != 2 {
		t.Fatalf("target 1 answered for %d", blocks)
	}
	// Target 48 still needs 60% within 24 blocks: the slow tier (30
	// blocks) fails that, so the answer is the fast tier.
	if r, _, _ := f.e.EstimateSmartFee(48, false); r < 18_000 {
		t.Fatalf("target 48 estimate %d", r)
	}
	// Target 96: 60% within 48, 85% within 96, 95% within 192 blocks;
	// the slow tier passes them all.
	rate96, blocks, ok := f.e.EstimateSmartFee(96, false)
	if !ok || blocks != 96 || rate96 > 3_000 {
		t.Fatalf("target 96: %d (blocks %d ok %v), want the slow tier (2,000)", rate96, blocks, ok)
	}
	// Conservative is never below economical.
	cons, _, _ := f.e.EstimateSmartFee(96, true)
	if cons < rate96 {
		t.Fatalf("conservative %d < economical %d", cons, rate96)
	}
	// Beyond half the blocks seen the target is lowered.
	if _, blocks, _ := f.e.EstimateSmartFee(1008, false); blocks != (200-1)/2 {
		t.Fatalf("target 1008 answered for %d", blocks)
	}
	raw, res := f.e.EstimateRawFee(2, .95, HorizonShort)
	if raw == 0 || res.Pass.Start < 0 || res.Decay != shortDecay || res.Scale != 1 {
		t.Fatalf("raw %d %+v", raw, res)
	}
	if res.Fail.Start < 0 || res.Fail.End > res.Pass.Start {
		t.Fatalf("fail bucket %+v below pass %+v expected", res.Fail, res.Pass)
	}
}

func TestFailuresRaiseEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	f := newFlow()
	f.run(100, 30, []int64{5_000, 50_000}, 10_000, 0, rng)
	// The 5 sat/vB transactions never confirm; evict them, which counts as
	// failures.
	for id := range f.e.txs {
		f.e.TxRemoved(id)
	}
	if f.e.Tracked() != 0 {
		t.Fatal("still tracking")
	}
	rate, _, ok := f.e.EstimateSmartFee(10, false)
	if !ok || rate < 40_000 {
		t.Fatalf("estimate %d ok %v, want the 50 sat/vB tier", rate, ok)
	}
}

func TestIgnoresStaleAndDependent(t *testing.T) {
	e := New()
	e.BlockConnected(5, nil)
	e.TxAdded(mempool.TxDesc{TxID: chainhash.Hash{1}, Fee: 1000, VSize: 100, AncestorCount: 1}, 4) // stale height
	e.TxAdded(mempool.TxDesc{TxID: chainhash.Hash{2}, Fee: 1000, VSize: 100, AncestorCount: 2}, 5) // has a pool parent
	e.TxAdded(mempool.TxDesc{TxID: chainhash.Hash{3}, Fee: 1000, VSize: 100, AncestorCount: 1}, 5)
	if e.Tracked() != 1 {
		t.Fatalf("tracked %d", e.Tracked())
	}
	e.BlockConnected(5, []chainhash.Hash{{3}}) // same height again: ignored
	if e.Tracked() != 1 || e.BestSeenHeight() != 5 {
		t.Fatal("repeated height processed")
	}
}
