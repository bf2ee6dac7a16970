package wallet

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestPSBTBumpFee(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	dest := mustAddr(t, a, TypeBech32m).ScriptPubKey()
	res, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	before := a.Balances()
	br, err := a.PSBTBumpFee(res.TxID, FundOptions{FeeRate: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	if br.Fee <= br.OrigFee || br.OrigFee != res.Fee {
		t.Fatalf("psbt bump fees %d -> %d (orig %d)", br.OrigFee, br.Fee, res.Fee)
	}
	for i, in := range br.Tx.Inputs {
		if len(in.Witness) != 0 || len(in.ScriptSig) != 0 {
			t.Fatalf("input %d is signed", i)
		}
	}
	if len(n.mempool) != 1 || a.Balances() != before {
		t.Fatalf("psbtbumpfee broadcast or changed the wallet: mempool %d, balances %+v -> %+v", len(n.mempool), before, a.Balances())
	}
	// The original is untouched: it can still be bumped for real.
	if _, err := a.BumpFee(res.TxID, FundOptions{FeeRate: 50_000}); err != nil {
		t.Fatalf("bumpfee after psbtbumpfee: %v", err)
	}
	if _, err := a.PSBTBumpFee(res.TxID, FundOptions{FeeRate: 60_000}); !errors.Is(err, ErrNotBumpable) {
		t.Fatalf("psbtbumpfee of a replaced transaction: %v", err)
	}
	final := DefaultFundOptions()
	final.Replaceable = false
	nonRBF, err := a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, final)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.PSBTBumpFee(nonRBF.TxID, FundOptions{FeeRate: 60_000}); !errors.Is(err, ErrNotBumpable) || err.Error() != "Transaction is not BIP 125 replaceable" {
		t.Fatalf("psbtbumpfee of a final transaction: %v", err)
	}

	// A locked wallet cannot bumpfee but can psbtbumpfee.
	if err := a.Encrypt("pw"); err != nil {
		t.Fatal(err)
	}
	n.mine(mine, 1)
	res, err = func() (*SendResult, error) {
		if err := a.Unlock("pw", 0); err != nil {
			return nil, err
		}
		defer a.Lock()
		return a.Send([]Recipient{{Script: dest, Amount: btc(1)}}, DefaultFundOptions())
	}()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.BumpFee(res.TxID, FundOptions{FeeRate: 50_000}); !errors.Is(err, ErrLocked) {
		t.Fatalf("bumpfee while locked: %v", err)
	}
	if _, err := a.PSBTBumpFee(res.TxID, FundOptions{FeeRate: 50_000}); err != nil {
		t.Fatalf("psbtbumpfee while locked: %v", err)
	}
	if _, err := a.PSBTBumpFee(res.TxID, FundOptions{FeeRate: 1_000}); !errors.Is(err, ErrInvalidParameter) {
		t.Fatalf("psbtbumpfee below the old rate: %v", err)
	}
}

// coinViewChain is a testChain that also answers HaveCoin.
type coinViewChain struct {
	*testChain
	have map[primitives.OutPoint]bool
}

func (c coinViewChain) HaveCoin(op primitives.OutPoint) bool { return c.have[op] }

func TestSimulateTransactions(t *testing.T) {
	n := newTestNode(t)
	a, _ := n.mgr.Create("a", CreateOptions{})
	b, _ := n.mgr.Create("b", CreateOptions{})
	mine := mustAddr(t, a, TypeBech32).ScriptPubKey()
	n.mine(mine, 101)
	toB := mustAddr(t, b, TypeBech32).ScriptPubKey()
	toA := mustAddr(t, a, TypeBech32m).ScriptPubKey()

	// A coin a has already spent (a broadcast send).
	sent, err := a.Send([]Recipient{{Script: toB, Amount: btc(2)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	spentTx := sent.Tx
	// tx1: a pays 1 BTC to b (funded, not signed, not broadcast).
	fr, err := a.Fund(&primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: btc(1), ScriptPubKey: toB}}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	tx1 := fr.Tx
	bOut := primitives.OutPoint{Hash: tx1.TxHash(), Index: uint32(1 - fr.ChangePos)}
	if fr.ChangePos < 0 {
		t.Fatal("no change")
	}
	// tx2 spends b's new output back to a; tx3 spends it to b again.
	tx2 := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: bOut}}, Outputs: []primitives.TxOut{{Value: btc(1) - 1000, ScriptPubKey: toA}}}
	tx3 := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: bOut}}, Outputs: []primitives.TxOut{{Value: btc(1) - 1000, ScriptPubKey: toB}}}
	respend := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: spentTx.Inputs[0].PrevOut}}, Outputs: []primitives.TxOut{{Value: 1, ScriptPubKey: toB}}}
	badIndex := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: spentTx.TxHash(), Index: 99}}}}

	tests := []struct {
		name string
		w    *Wallet
		txs  []*primitives.Tx
		want int64
		err  string
	}{
		{"empty list", a, nil, 0, ""},
		{"sender", a, []*primitives.Tx{tx1}, -(btc(1) + fr.Fee), ""},
		{"receiver", b, []*primitives.Tx{tx1}, btc(1), ""},
		{"round trip sender", a, []*primitives.Tx{tx1, tx2}, -fr.Fee - 1000, ""},
		{"round trip receiver", b, []*primitives.Tx{tx1, tx2}, 0, ""},
		{"receiver keeps", b, []*primitives.Tx{tx1, tx3}, btc(1) - 1000, ""},
		{"unknown input", b, []*primitives.Tx{tx2}, 0, ""},
		{"same tx twice", a, []*primitives.Tx{tx1, tx1}, 0, "Transaction(s) are spending the same output more than once"},
		{"double spend in list", b, []*primitives.Tx{tx1, tx2, tx3}, 0, "Transaction(s) are spending the same output more than once"},
		{"spent wallet coin", a, []*primitives.Tx{respend}, 0, "One or more transaction inputs are missing or have been spent already"},
		{"missing wallet output", a, []*primitives.Tx{badIndex}, 0, "One or more transaction inputs are missing or have been spent already"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.w.SimulateTransactions(tc.txs)
			if tc.err != "" {
				var we Error
				if !errors.As(err, &we) || we.Err != ErrInvalidParameter || we.Description != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("balance change %d, want %d", got, tc.want)
			}
		})
	}
}

func TestSimulateTransactionsCoinView(t *testing.T) {
	tc := newTestChain()
	known := primitives.OutPoint{Index: 3}
	known.Hash[0] = 1
	cv := coinViewChain{testChain: tc, have: map[primitives.OutPoint]bool{known: true}}
	m, err := NewManager(ManagerConfig{Params: tc.params, Dir: t.TempDir(), Chain: cv, Keypool: 5, ScryptN: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	w, err := m.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spk := mustAddr(t, w, TypeBech32).ScriptPubKey()
	pay := func(op primitives.OutPoint) *primitives.Tx {
		return &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: op}}, Outputs: []primitives.TxOut{{Value: 5000, ScriptPubKey: spk}}}
	}
	if got, err := w.SimulateTransactions([]*primitives.Tx{pay(known)}); err != nil || got != 5000 {
		t.Fatalf("known coin: %d, %v", got, err)
	}
	unknown := known
	unknown.Index = 4
	if _, err := w.SimulateTransactions([]*primitives.Tx{pay(unknown)}); !errors.Is(err, ErrInvalidParameter) {
		t.Fatalf("missing coin: %v", err)
	}
}
