package wallet

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// hasOutput reports whether outs lists an output of txid.
func hasOutput(outs []Output, txid chainhash.Hash) bool {
	for _, o := range outs {
		if o.OutPoint.Hash == txid {
			return true
		}
	}
	return false
}

// TestMempoolMembership checks Core's three in-mempool rules as the pool
// drops and takes back an unconfirmed payment: CachedTxIsTrusted (the
// sender's change), GetBalance's untrusted_pending (the receiver's output)
// and AvailableCoins (both), plus abandontransaction's eligibility.
func TestMempoolMembership(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	res, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(2)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	change := btc(50) - btc(2) - res.Fee

	type want struct {
		aTrusted, bPending int64
		listed, inPool     bool
	}
	check := func(name string, w want) {
		t.Helper()
		if got := a.Balances(); got.Trusted != w.aTrusted || got.UntrustedPending != 0 {
			t.Errorf("%s: a balances %+v, want trusted %s", name, got, fmtSat(w.aTrusted))
		}
		if got := b.Balances(); got.Trusted != 0 || got.UntrustedPending != w.bPending {
			t.Errorf("%s: b balances %+v, want untrusted_pending %s", name, got, fmtSat(w.bPending))
		}
		if got := a.BalanceMinConf(0); got != w.aTrusted {
			t.Errorf("%s: a getbalance minconf 0 = %s", name, fmtSat(got))
		}
		if hasOutput(a.Unspent(), res.TxID) != w.listed || hasOutput(b.Unspent(), res.TxID) != w.listed {
			t.Errorf("%s: listunspent shows the payment: a %v b %v, want %v", name,
				hasOutput(a.Unspent(), res.TxID), hasOutput(b.Unspent(), res.TxID), w.listed)
		}
		for _, wl := range []*Wallet{a, b} {
			ti, ok := wl.Transaction(res.TxID)
			if !ok || ti.Confirmations != 0 || ti.InMempool != w.inPool {
				t.Errorf("%s: %s gettransaction ok %v conf %d in mempool %v", name, wl.Name(), ok, ti.Confirmations, ti.InMempool)
			}
			if wl == a && ti.Trusted != w.inPool {
				t.Errorf("%s: a trusted %v, want %v", name, ti.Trusted, w.inPool)
			}
			if wl == b && ti.Trusted {
				t.Errorf("%s: b trusts a payment from a", name)
			}
			found := false
			for _, l := range wl.Transactions() {
				found = found || l.TxID == res.TxID
			}
			if !found {
				t.Errorf("%s: %s listtransactions lost the payment", name, wl.Name())
			}
		}
	}

	check("in mempool", want{aTrusted: change, bPending: btc(2), listed: true, inPool: true})
	if err := a.Abandon(res.TxID); !errors.Is(err, ErrInvalidAddressOrKey) {
		t.Fatalf("abandon of a mempool transaction: %v", err)
	}

	// The pool drops it (a reorganisation, a replacement, expiry): nothing
	// of it counts, its input stays spent until it is abandoned.
	n.mempool = nil
	check("dropped", want{listed: false, inPool: false})
	if _, err := a.Send([]Recipient{{Script: mine, Amount: btc(1)}}, DefaultFundOptions()); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("spending a dropped transaction's change: %v", err)
	}

	// The pool takes it back (re-added after a reorganisation).
	n.mempool = []*primitives.Tx{res.Tx}
	check("re-added", want{aTrusted: change, bPending: btc(2), listed: true, inPool: true})

	// Dropped again, it can be abandoned: a's coin comes back.
	n.mempool = nil
	if err := a.Abandon(res.TxID); err != nil {
		t.Fatalf("abandon of a dropped transaction: %v", err)
	}
	if got := a.Balances(); got.Trusted != btc(50) {
		t.Fatalf("a after abandon %+v", got)
	}

	// Confirmed, the pool's view no longer matters.
	n.mempool = nil
	n.mempool = append(n.mempool, res.Tx)
	n.mine(mine, 1)
	if got := b.Balances(); got.Trusted != btc(2) || got.UntrustedPending != 0 {
		t.Fatalf("b after confirmation %+v", got)
	}
	if ti, _ := a.Transaction(res.TxID); ti.Confirmations != 1 || ti.InMempool || !ti.Trusted || ti.Abandoned {
		t.Fatalf("a after confirmation %+v", ti)
	}
}

// TestMempoolTrustChain checks that a pending child of a dropped parent is
// not trusted either (Core's CachedTxIsTrusted walks the wallet's parents).
func TestMempoolTrustChain(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	parent, err := a.Send([]Recipient{{Script: mustAddr(t, a, TypeBech32).ScriptPubKey(), Amount: btc(49)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	child, err := a.Send([]Recipient{{Script: mustAddr(t, a, TypeBech32).ScriptPubKey(), Amount: btc(48)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	if ti, _ := a.Transaction(child.TxID); !ti.Trusted {
		t.Fatal("child of a pending own parent not trusted")
	}
	want := btc(50) - parent.Fee - child.Fee
	if got := a.Balances(); got.Trusted != want {
		t.Fatalf("both pending: %+v, want trusted %s", got, fmtSat(want))
	}
	// The pool keeps the child but not the parent (impossible for a real
	// pool, which drops descendants too; the wallet must not rely on it).
	n.mempool = []*primitives.Tx{child.Tx}
	if ti, _ := a.Transaction(child.TxID); ti.Trusted || !ti.InMempool {
		t.Fatalf("child of a dropped parent: trusted %v in mempool %v", ti.Trusted, ti.InMempool)
	}
	// Only the child's outputs are listed (all paying a), untrusted.
	childOut := sumOutputs(child.Tx.Outputs)
	if got := a.Balances(); got.Trusted != 0 || got.UntrustedPending != childOut {
		t.Fatalf("parent dropped: %+v, want untrusted_pending %s", got, fmtSat(childOut))
	}
}

// TestNoMempoolView checks the behaviour without a mempool view: every
// pending transaction counts as in the pool, and any can be abandoned.
func TestNoMempoolView(t *testing.T) {
	n := newTestNode(t)
	n.mgr.cfg.Mempool = nil
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	res, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(2)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	n.mempool = nil
	if got := b.Balances(); got.UntrustedPending != btc(2) {
		t.Fatalf("b %+v", got)
	}
	if got := a.Balances(); got.Trusted != btc(48)-res.Fee {
		t.Fatalf("a %+v", got)
	}
	if err := a.Abandon(res.TxID); err != nil {
		t.Fatal(err)
	}
	if ti, _ := a.Transaction(res.TxID); ti.InMempool || ti.Trusted {
		t.Fatalf("abandoned: %+v", ti)
	}
}

// TestUntrustedParentVerdictCached checks that a pending spend of an
// untrusted payment stays untrusted whatever order the wallet's
// transactions are visited in: a parent found untrusted must not be
// remembered as trusted (Core's trusted_parents holds verified parents
// only).
func TestUntrustedParentVerdictCached(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	pay, err := a.Send([]Recipient{{Script: mustAddr(t, b, TypeBech32).ScriptPubKey(), Amount: btc(5)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Coin selection will not pick the untrusted coin: spend it by hand.
	ti, _ := b.Transaction(pay.TxID)
	var in primitives.OutPoint
	for i, o := range ti.Outputs {
		if o.Mine {
			in = primitives.OutPoint{Hash: pay.TxID, Index: uint32(i)}
		}
	}
	const fee = 10_000
	spend := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: in, Sequence: SequenceRBF}},
		Outputs: []primitives.TxOut{
			{Value: btc(1), ScriptPubKey: mine},
			{Value: btc(4) - fee, ScriptPubKey: mustAddr(t, b, TypeBech32).ScriptPubKey()},
		}}
	if ok, _, err := b.SignTransaction(spend, nil); !ok || err != nil {
		t.Fatalf("sign: %v %v", ok, err)
	}
	if err := b.Broadcast(spend); err != nil {
		t.Fatal(err)
	}
	change := btc(4) - fee
	// Map iteration order varies from call to call.
	for i := range 20 {
		if got := b.Balances(); got.Trusted != 0 || got.UntrustedPending != change {
			t.Fatalf("call %d: b %+v, want untrusted_pending %s", i, got, fmtSat(change))
		}
	}
}

// TestLoadResubmitsPending checks that loading a wallet hands its own
// pending transactions to the mempool again (Core's postInitProcess), so a
// send survives a restart without mempool.dat, and skips what the pool
// already holds.
func TestLoadResubmitsPending(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	res, err := a.Send([]Recipient{{Script: mustAddr(t, a, TypeBech32).ScriptPubKey(), Amount: btc(3)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := a.Balances()
	for _, tc := range []struct {
		name string
		pool []*primitives.Tx
	}{
		{"mempool lost", nil},
		{"mempool kept", []*primitives.Tx{res.Tx}},
	} {
		if err := n.mgr.Unload("a"); err != nil {
			t.Fatal(err)
		}
		n.mempool = tc.pool
		a2, err := n.mgr.Load("a")
		if err != nil {
			t.Fatal(err)
		}
		if len(n.mempool) != 1 || n.mempool[0].TxHash() != res.TxID {
			t.Fatalf("%s: mempool after load has %d transactions", tc.name, len(n.mempool))
		}
		if got := a2.Balances(); got != want {
			t.Fatalf("%s: balances after load %+v, want %+v", tc.name, got, want)
		}
	}
}

// TestAbandonDescendants checks that abandoning a transaction abandons the
// wallet transactions that spend its outputs too (Core's
// RecursiveUpdateTxState), in one write that survives a reopen, and that
// the coins they spent come back.
func TestAbandonDescendants(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	n.mine(mustAddr(t, a, TypeBech32).ScriptPubKey(), 101)
	toB := mustAddr(t, b, TypeBech32).ScriptPubKey()
	parent, err := a.Send([]Recipient{{Script: toB, Amount: btc(2)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	// The only trusted coin left is the parent's change: the child spends it.
	child, err := a.Send([]Recipient{{Script: toB, Amount: btc(1)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	spendsParent := false
	for _, in := range child.Tx.Inputs {
		spendsParent = spendsParent || in.PrevOut.Hash == parent.TxID
	}
	if !spendsParent {
		t.Fatal("the child does not spend the parent's change")
	}
	if err := a.Abandon(parent.TxID); !errors.Is(err, ErrInvalidAddressOrKey) {
		t.Fatalf("abandon of a mempool transaction: %v", err)
	}

	// Both leave the pool; abandoning the parent abandons the child.
	n.mempool = nil
	if err := a.Abandon(parent.TxID); err != nil {
		t.Fatal(err)
	}
	check := func(w *Wallet, when string) {
		t.Helper()
		for _, id := range []chainhash.Hash{parent.TxID, child.TxID} {
			if ti, ok := w.Transaction(id); !ok || !ti.Abandoned {
				t.Fatalf("%s: %s abandoned %v (known %v)", when, id, ti.Abandoned, ok)
			}
		}
		if got := w.Balances(); got.Trusted != btc(50) {
			t.Fatalf("%s: balances %+v, want the 50 BTC coinbase back", when, got)
		}
	}
	check(a, "after abandon")
	if err := a.Abandon(child.TxID); !errors.Is(err, ErrInvalidAddressOrKey) {
		t.Fatalf("abandon of an abandoned descendant: %v", err)
	}

	// The flags were written: they survive a reopen.
	if err := n.mgr.Close(); err != nil {
		t.Fatal(err)
	}
	n.open()
	a2, err := n.mgr.Load("a")
	if err != nil {
		t.Fatal(err)
	}
	check(a2, "after reopen")
}
