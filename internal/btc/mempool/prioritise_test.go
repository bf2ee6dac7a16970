package mempool

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestTestAcceptTransaction(t *testing.T) {
	h := newHarness(t, nil)
	u := h.fund(1_000_000)
	parent := h.spend([]utxo{u}, 990_000)
	h.mustAccept(parent)
	child := h.spend([]utxo{h.outOf(parent, 0)}, 985_000)

	d, err := h.pool.TestAcceptTransaction(child)
	if err != nil {
		t.Fatal(err)
	}
	if h.pool.Has(child.TxHash()) || h.pool.Count() != 1 {
		t.Fatal("test acceptance inserted the transaction")
	}
	if d.Fee != 5_000 || d.ModifiedFee != 5_000 || d.VSize != int64((child.Weight()+3)/4) || d.AncestorCount != 2 || d.TxID != child.TxHash() {
		t.Fatalf("desc %+v", d)
	}
	if pd, _ := h.pool.Get(parent.TxHash()); pd.DescendantCount != 1 {
		t.Fatalf("parent aggregates changed: %+v", pd)
	}
	// The same reasons as AcceptTransaction.
	if _, err := h.pool.TestAcceptTransaction(parent); !errors.Is(err, ErrAlreadyInMempool) {
		t.Fatalf("duplicate: %v", err)
	}
	low := h.spend([]utxo{h.fund(100_000)}, 100_000-10)
	if _, err := h.pool.TestAcceptTransaction(low); !errors.Is(err, ErrMinRelayFee) {
		t.Fatalf("low fee: %v", err)
	}
	// A valid replacement is reported but nothing is evicted.
	r := h.spend([]utxo{u}, 1_000_000-20_000)
	if _, err := h.pool.TestAcceptTransaction(r); err != nil {
		t.Fatalf("replacement: %v", err)
	}
	if !h.pool.Has(parent.TxHash()) {
		t.Fatal("test acceptance evicted a conflict")
	}
	bad := h.spend([]utxo{h.fund(100_000)}, 90_000)
	bad.Inputs[0].Witness[0][5] ^= 1
	if _, err := h.pool.TestAcceptTransaction(bad); !errors.Is(err, ErrMandatoryScript) {
		t.Fatalf("bad signature: %v", err)
	}
	checkAggregates(t, h.pool)
}

func TestPrioritiseTransaction(t *testing.T) {
	t.Run("aggregates follow the delta", func(t *testing.T) {
		h := newHarness(t, nil)
		txs := h.chainOf(3) // fees 1,000 each
		mid := txs[1].TxHash()
		h.pool.PrioritiseTransaction(mid, 50_000)
		checkAggregates(t, h.pool)
		d, _ := h.pool.Get(mid)
		if d.Fee != 1_000 || d.ModifiedFee != 51_000 || d.AncestorFees != 52_000 || d.DescendantFees != 52_000 {
			t.Fatalf("mid %+v", d)
		}
		top, _ := h.pool.Get(txs[0].TxHash())
		if top.DescendantFees != 53_000 || top.AncestorFees != 1_000 {
			t.Fatalf("top %+v", top)
		}
		h.pool.PrioritiseTransaction(mid, -50_000)
		if len(h.pool.FeeDeltas()) != 0 {
			t.Fatalf("zero delta kept: %v", h.pool.FeeDeltas())
		}
		checkAggregates(t, h.pool)
	})
	t.Run("negative delta fails the relay fee", func(t *testing.T) {
		h := newHarness(t, nil)
		tx := h.spend([]utxo{h.fund(100_000)}, 90_000)
		h.pool.PrioritiseTransaction(tx.TxHash(), -10_000)
		if _, err := h.pool.AcceptTransaction(tx); !errors.Is(err, ErrMinRelayFee) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("positive delta pays for a zero-fee transaction", func(t *testing.T) {
		h := newHarness(t, nil)
		tx := h.spend([]utxo{h.fund(100_000)}, 100_000)
		h.pool.PrioritiseTransaction(tx.TxHash(), 1_000)
		d := h.mustAccept(tx)
		if d.Fee != 0 || d.ModifiedFee != 1_000 {
			t.Fatalf("%+v", d)
		}
	})
	t.Run("replacement uses modified fees", func(t *testing.T) {
		h := newHarness(t, nil)
		u := h.fund(1_000_000)
		a := h.spend([]utxo{u}, 990_000)
		h.mustAccept(a)
		h.pool.PrioritiseTransaction(a.TxHash(), 100_000)
		// 20,000 in fees would replace a's 10,000, not its modified 110,000.
		if _, err := h.pool.AcceptTransaction(h.spend([]utxo{u}, 980_000)); !errors.Is(err, ErrInsufficientFee) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("block clears the delta", func(t *testing.T) {
		h := newHarness(t, nil)
		tx := h.spend([]utxo{h.fund(100_000)}, 90_000)
		h.mustAccept(tx)
		h.pool.PrioritiseTransaction(tx.TxHash(), 7)
		h.pool.PrioritiseTransaction(primitives.OutPoint{Index: 1}.Hash, 9) // zero hash, unrelated
		blk := &primitives.Block{Txs: []*primitives.Tx{{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 1}}}, Outputs: []primitives.TxOut{{Value: 0}}}, tx}}
		h.chain.connect(blk)
		h.pool.RemoveForBlock(blk)
		if got := h.pool.FeeDeltas(); len(got) != 1 {
			t.Fatalf("deltas %v", got)
		}
	})
}

func TestPrioritisePersisted(t *testing.T) {
	h := newHarness(t, nil)
	txs := h.chainOf(2)
	h.pool.PrioritiseTransaction(txs[0].TxHash(), 1234)
	var other [32]byte
	other[0] = 9
	h.pool.PrioritiseTransaction(other, -55)
	snap := h.pool.Snapshot()
	if snap.Txs[0].FeeDelta != 1234 || snap.FeeDeltas[other] != -55 || len(snap.FeeDeltas) != 1 {
		t.Fatalf("snapshot %+v", snap)
	}
	path := filepath.Join(t.TempDir(), "mempool.dat")
	if err := h.pool.DumpFile(path); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, nil)
	h2.chain = h.chain
	h2.pool.cfg.Chain = h.chain
	if st, err := h2.pool.LoadFile(path); err != nil || st.Accepted != 2 {
		t.Fatalf("load %+v %v", st, err)
	}
	d, _ := h2.pool.Get(txs[0].TxHash())
	if d.ModifiedFee != d.Fee+1234 || d.DescendantFees != 2*1000+1234 {
		t.Fatalf("loaded %+v", d)
	}
	if got := h2.pool.FeeDeltas(); got[other] != -55 || len(got) != 2 {
		t.Fatalf("deltas %v", got)
	}
	checkAggregates(t, h2.pool)
}

func TestOnRemoveReasons(t *testing.T) {
	got := map[RemovalReason]int{}
	h := newHarness(t, func(c *Config) {
		c.OnRemove = func(_ chainhash.Hash, r RemovalReason) { got[r]++ }
	})
	u := h.fund(1_000_000)
	a := h.spend([]utxo{u}, 990_000)
	h.mustAccept(a)
	h.mustAccept(h.spend([]utxo{u}, 1_000_000-20_000)) // replaces a
	txs := h.chainOf(2)
	h.pool.Remove(txs[0].TxHash()) // with its child
	if got[RemovalReplaced] != 1 || got[RemovalManual] != 2 {
		t.Fatalf("%v", got)
	}
}

func TestMempoolSequence(t *testing.T) {
	h := newHarness(t, nil)
	if h.pool.MempoolSequence() != 1 {
		t.Fatal("a new pool starts at 1")
	}
	txs := h.chainOf(2)
	h.pool.Remove(txs[0].TxHash())
	if got := h.pool.MempoolSequence(); got != 5 {
		t.Fatalf("sequence %d after 2 adds and 2 removals", got)
	}
}
