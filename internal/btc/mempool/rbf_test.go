package mempool

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestReplacement(t *testing.T) {
	t.Run("replaces with descendants", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		a := h.spend([]utxo{u}, 990_000)
		h.mustAccept(a)
		b := h.spend([]utxo{h.outOf(a, 0)}, 980_000)
		h.mustAccept(b)
		// Rule 3: more than a's and b's 20,000 together, rule 4: plus
		// 1 sat/vB of its own size.
		r := h.spend([]utxo{u}, 1_000_000-20_000-110)
		h.mustAccept(r)
		if h.pool.Has(a.TxHash()) || h.pool.Has(b.TxHash()) || h.pool.Count() != 1 {
			t.Fatalf("conflicts not removed: %d in pool", h.pool.Count())
		}
		checkAggregates(t, h.pool)
	})
	t.Run("rule 6 fee rate", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		h.mustAccept(h.spend([]utxo{u}, 990_000))
		// Same size, same fee: not a higher fee rate.
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{u}, 990_000-0))
		if !errors.Is(err, ErrAlreadyInMempool) {
			t.Fatalf("identical: %v", err)
		}
		_, err = h.pool.AcceptTransaction(h.spend([]utxo{u}, 990_001))
		if !errors.Is(err, ErrInsufficientFee) {
			t.Fatalf("lower fee: %v", err)
		}
	})
	t.Run("rule 3 absolute fee", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		a := h.spend([]utxo{u}, 990_000)
		h.mustAccept(a)
		// A child pays a lot, so replacing a alone at a higher rate is
		// not enough.
		b := h.spend([]utxo{h.outOf(a, 0)}, 900_000)
		h.mustAccept(b)
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{u}, 980_000))
		if !errors.Is(err, ErrInsufficientFee) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("rule 4 incremental fee", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		a := h.spend([]utxo{u}, 990_000)
		h.mustAccept(a)
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{u}, 990_000-50))
		if !errors.Is(err, ErrInsufficientFee) {
			t.Fatalf("got %v", err)
		}
		h.mustAccept(h.spend([]utxo{u}, 990_000-200))
	})
	t.Run("rule 2 new unconfirmed input", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		h.mustAccept(h.spend([]utxo{u}, 990_000))
		other := h.spend([]utxo{h.fund(100_000)}, 90_000)
		h.mustAccept(other)
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{u, h.outOf(other, 0)}, 900_000))
		if !errors.Is(err, ErrReplacementAddsUnconfirmed) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("rule 5 too many replacements", func(t *testing.T) {
		h := newHarness(t, nil)
		var ins []utxo
		for range MaxReplacementCandidates + 1 {
			u := h.fund(100_000)
			h.mustAccept(h.spend([]utxo{u}, 99_000))
			ins = append(ins, u)
		}
		_, err := h.pool.AcceptTransaction(h.spend(ins, 1_000_000))
		if !errors.Is(err, ErrTooManyReplacements) {
			t.Fatalf("got %v", err)
		}
		_, err = h.pool.AcceptTransaction(h.spend(ins[:MaxReplacementCandidates], 1_000_000))
		if err != nil {
			t.Fatalf("100 replacements: %v", err)
		}
		if h.pool.Count() != 2 {
			t.Fatalf("pool holds %d", h.pool.Count())
		}
		checkAggregates(t, h.pool)
	})
	t.Run("rule 5 counts clusters", func(t *testing.T) {
		h := newHarness(t, nil)
		x, y := h.fund(100_000), h.fund(100_000)
		a := h.spend([]utxo{x}, 90_000)
		b := h.spend([]utxo{y}, 90_000)
		h.mustAccept(a)
		h.mustAccept(b)
		ea, eb := h.pool.byTxid[a.TxHash()], h.pool.byTxid[b.TxHash()]
		if n := uniqueClusterCount(map[*entry]struct{}{ea: {}, eb: {}}); n != 2 {
			t.Fatalf("independent: %d clusters", n)
		}
		h.mustAccept(h.spend([]utxo{h.outOf(a, 0), h.outOf(b, 0)}, 170_000))
		if n := uniqueClusterCount(map[*entry]struct{}{ea: {}, eb: {}}); n != 1 {
			t.Fatalf("joined by a child: %d clusters", n)
		}
	})
	t.Run("non-signalling replaced under full RBF", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		a := h.build([]utxo{u}, 990_000)
		a.Inputs[0].Sequence = primitives.SequenceFinal
		h.mustAccept(h.sign(a, []utxo{u}))
		h.mustAccept(h.spend([]utxo{u}, 980_000))
	})
}

func TestPackageLimits(t *testing.T) {
	t.Run("ancestor count", func(t *testing.T) {
		h := newHarness(t, nil)
		txs := h.chainOf(DefaultAncestorCount)
		last := txs[len(txs)-1]
		d, _ := h.pool.Get(last.TxHash())
		if d.AncestorCount != DefaultAncestorCount {
			t.Fatalf("ancestor count %d", d.AncestorCount)
		}
		first, _ := h.pool.Get(txs[0].TxHash())
		if first.DescendantCount != DefaultAncestorCount || first.DescendantFees != int64(DefaultAncestorCount)*1000 {
			t.Fatalf("descendants %d fees %d", first.DescendantCount, first.DescendantFees)
		}
		u := h.outOf(last, 0)
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{u}, u.out.Value-1000))
		if !errors.Is(err, ErrTooLongMempoolChain) {
			t.Fatalf("got %v", err)
		}
		checkAggregates(t, h.pool)
	})
	t.Run("replace the tail of a full chain", func(t *testing.T) {
		h := newHarness(t, nil)
		txs := h.chainOf(DefaultAncestorCount)
		// Replacing the 25th needs one more descendant slot on the 24
		// others while the old tail is still there: Core widens the
		// descendant limits by the single conflict's package.
		u := h.outOf(txs[len(txs)-2], 0)
		h.mustAccept(h.spend([]utxo{u}, u.out.Value-3000))
		if h.pool.Has(txs[len(txs)-1].TxHash()) || h.pool.Count() != DefaultAncestorCount {
			t.Fatal("tail not replaced")
		}
		checkAggregates(t, h.pool)
	})
	t.Run("descendant count", func(t *testing.T) {
		h := newHarness(t, nil)
		outs := make([]int64, 30)
		for i := range outs {
			outs[i] = 100_000
		}
		parent := h.spend([]utxo{h.fund(4_000_000)}, outs...)
		h.mustAccept(parent)
		for i := range DefaultDescendantCount - 1 {
			h.mustAccept(h.spend([]utxo{h.outOf(parent, i)}, 99_000))
		}
		// The 25th child exceeds the descendant limit but takes the CPFP
		// carve-out: small, with a single unconfirmed ancestor.
		carve := h.spend([]utxo{h.outOf(parent, 28)}, 99_000)
		h.mustAccept(carve)
		// A grandchild of the parent gets no carve-out (two ancestors).
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{h.outOf(carve, 0)}, 98_000))
		if !errors.Is(err, ErrTooLongMempoolChain) {
			t.Fatalf("grandchild: %v", err)
		}
		_, err = h.pool.AcceptTransaction(h.spend([]utxo{h.outOf(parent, 29)}, 99_000))
		if !errors.Is(err, ErrTooLongMempoolChain) {
			t.Fatalf("got %v", err)
		}
		checkAggregates(t, h.pool)
	})
	t.Run("ancestor size", func(t *testing.T) {
		h2 := newHarness(t, func(c *Config) { c.AncestorSize = 300 })
		u := h2.fund(1_000_000)
		a := h2.spend([]utxo{u}, 990_000)
		h2.mustAccept(a)
		b := h2.spend([]utxo{h2.outOf(a, 0)}, 980_000)
		h2.mustAccept(b)
		_, err := h2.pool.AcceptTransaction(h2.spend([]utxo{h2.outOf(b, 0)}, 970_000))
		if !errors.Is(err, ErrTooLongMempoolChain) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("descendant size", func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.DescendantSize = 250 })
		u := h.fund(1_000_000)
		a := h.spend([]utxo{u}, 990_000)
		h.mustAccept(a)
		b := h.spend([]utxo{h.outOf(a, 0)}, 980_000)
		h.mustAccept(b)
		_, err := h.pool.AcceptTransaction(h.spend([]utxo{h.outOf(b, 0)}, 970_000))
		if !errors.Is(err, ErrTooLongMempoolChain) {
			t.Fatalf("got %v", err)
		}
	})
}
