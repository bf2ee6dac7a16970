package utxoset

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestCacheBudget fills caches with P2WPKH coins until NeedsFlush and checks
// that the table has grown to fill the budget and no further, that the coins
// held match the load factor (84-byte slots at 80%: 105 bytes a coin), and
// that adding coins allocates nothing on the Go heap per coin.
func TestCacheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("maps a few hundred MB")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	script := append([]byte{0x00, 20}, make([]byte, 20)...)
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1000, ScriptPubKey: script}, Height: 1}
	for _, mib := range []int64{3, 64} {
		limit := mib << 20
		db, _ := newTestDB(t, DBOptions{})
		c := NewCache(db, limit)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		n := 0
		for !c.NeedsFlush() {
			op := randomOutPoint(rng)
			if err := c.AddCoin(op, &coin, false); err != nil {
				t.Fatal(err)
			}
			n++
		}
		runtime.ReadMemStats(&after)
		mallocs := after.Mallocs - before.Mallocs
		alloc := c.Allocated()
		t.Logf("-dbcache share %d MiB: %d coins (%.1f bytes/coin), table %d bytes, %d heap allocations",
			mib, n, float64(limit)/float64(n), alloc, mallocs)
		want := int(limit / int64(slotBytes) * maxLoadNum / maxLoadDen)
		if n < want*99/100 || n > want*101/100+1 {
			t.Errorf("%d MiB: %d coins before NeedsFlush, want about %d", mib, n, want)
		}
		if alloc > limit || alloc < limit*95/100 {
			t.Errorf("%d MiB: table of %d bytes does not fill the budget", mib, alloc)
		}
		if mallocs > 200 {
			t.Errorf("%d MiB: %d heap allocations for %d coins", mib, mallocs, n)
		}
		c.Release()
	}
}

// TestCoinMapOperations exercises the table directly: growth, removal with
// backward shifting, and retain, against a Go map.
func TestCoinMapOperations(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	m := newCoinMap(0)
	model := map[primitives.OutPoint]uint32{}
	ops := make([]primitives.OutPoint, 5000)
	for i := range ops {
		ops[i] = randomOutPoint(rng)
	}
	check := func(step int) {
		t.Helper()
		if m.len() != len(model) {
			t.Fatalf("step %d: len %d, want %d", step, m.len(), len(model))
		}
		for _, op := range ops {
			e := m.find(&op)
			h, ok := model[op]
			if (e != nil) != ok || (ok && e.height != h) {
				t.Fatalf("step %d: %v: found %v, want %v", step, op, e != nil, ok)
			}
		}
	}
	for step := 0; step < 60000; step++ {
		op := &ops[rng.IntN(len(ops))]
		switch rng.IntN(3) {
		case 0, 1:
			e, existed := m.upsert(op)
			_, ok := model[*op]
			if existed != ok {
				t.Fatalf("step %d: upsert existed %v, want %v", step, existed, ok)
			}
			e.height = uint32(step)
			model[*op] = uint32(step)
		default:
			m.remove(op)
			delete(model, *op)
		}
		if step%5000 == 0 {
			check(step)
		}
	}
	check(-1)
	m.retain(func(op *primitives.OutPoint, e *entry) bool {
		if e.height%3 == 0 {
			delete(model, *op)
			return false
		}
		e.height++
		model[*op]++
		return true
	})
	check(-2)
	m.reset()
	clear(model)
	check(-3)
}
