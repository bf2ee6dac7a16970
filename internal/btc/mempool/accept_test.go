package mempool

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// p2wshScript returns the P2WSH output script of witnessScript.
func p2wshScript(witnessScript []byte) []byte {
	h := sha256.Sum256(witnessScript)
	return append([]byte{txscript.OP_0, 32}, h[:]...)
}

func TestAcceptReasons(t *testing.T) {
	tests := []struct {
		name   string
		cfg    func(*Config)
		build  func(h *harness) *primitives.Tx
		want   error
		reason string // Core's reason; defaults to want's text
	}{
		{name: "consensus vout empty", want: consensus.ErrBadTxnsVoutEmpty, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			return h.spend([]utxo{u})
		}},
		{name: "coinbase", want: ErrCoinbase, build: func(h *harness) *primitives.Tx {
			return &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 2}}},
				Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: h.dest.ScriptPubKey}}}
		}},
		{name: "version 3", want: ErrVersion, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			tx := h.build([]utxo{u}, 90_000)
			tx.Version = 3
			return h.sign(tx, []utxo{u})
		}},
		{name: "tx-size-small", want: ErrTxSizeSmall, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			tx := h.build([]utxo{u})
			tx.Outputs = []primitives.TxOut{{Value: 0, ScriptPubKey: []byte{txscript.OP_RETURN}}}
			return h.sign(tx, []utxo{u})
		}},
		{name: "non-final", want: ErrNonFinal, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			tx := h.build([]utxo{u}, 90_000)
			tx.LockTime = 202
			return h.sign(tx, []utxo{u})
		}},
		{name: "missing inputs", want: ErrMissingInputs, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			delete(h.chain.coins, u.op)
			return h.spend([]utxo{u}, 90_000)
		}},
		{name: "already known", want: ErrAlreadyKnown, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			tx := h.spend([]utxo{u}, 90_000)
			delete(h.chain.coins, u.op)
			h.chain.coins[primitives.OutPoint{Hash: tx.TxHash()}] = primitives.Coin{Out: tx.Outputs[0], Height: 200}
			return tx
		}},
		{name: "non-BIP68-final", want: ErrNonBIP68Final, build: func(h *harness) *primitives.Tx {
			u := h.fundScript(100_000, h.dest.ScriptPubKey, 195, false)
			u.dest = h.dest
			tx := h.build([]utxo{u}, 90_000)
			tx.Inputs[0].Sequence = 10
			return h.sign(tx, []utxo{u})
		}},
		{name: "premature coinbase spend", want: consensus.ErrBadTxnsPrematureSpendOfCoinbase, build: func(h *harness) *primitives.Tx {
			u := h.fundScript(100_000, h.dest.ScriptPubKey, 150, true)
			u.dest = h.dest
			return h.spend([]utxo{u}, 90_000)
		}},
		{name: "in below out", want: consensus.ErrBadTxnsInBelowOut, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			return h.spend([]utxo{u}, 100_001)
		}},
		{name: "nonstandard input", want: ErrNonstandardInputs, build: func(h *harness) *primitives.Tx {
			u := h.fundScript(100_000, []byte{txscript.OP_1}, 100, false)
			return h.build([]utxo{u}, 90_000)
		}},
		{name: "witness nonstandard", want: ErrWitnessNonstandard, build: func(h *harness) *primitives.Tx {
			ws := []byte{txscript.OP_DROP, txscript.OP_1}
			u := h.fundScript(100_000, p2wshScript(ws), 100, false)
			tx := h.build([]utxo{u}, 90_000)
			tx.Inputs[0].Witness = [][]byte{bytes.Repeat([]byte{1}, 81), ws}
			return tx
		}},
		{name: "too many sigops", want: ErrTooManySigops, cfg: func(c *Config) { c.AcceptNonStandard = true }, build: func(h *harness) *primitives.Tx {
			u := h.fund(1_000_000)
			tx := h.build([]utxo{u}, 900_000)
			tx.Outputs[0].ScriptPubKey = bytes.Repeat([]byte{txscript.OP_CHECKSIG}, 4001)
			return h.sign(tx, []utxo{u})
		}},
		{name: "min relay fee", want: ErrMinRelayFee, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			return h.spend([]utxo{u}, 100_000-100)
		}},
		{name: "mandatory script failure", want: ErrMandatoryScript,
			reason: "mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)",
			build: func(h *harness) *primitives.Tx {
				u := h.fund(100_000)
				tx := h.spend([]utxo{u}, 90_000)
				tx.Outputs[0].Value = 90_001 // invalidates the signature
				return tx
			}},
		{name: "non-mandatory script failure", want: ErrNonMandatoryScript,
			reason: "non-mandatory-script-verify-flag (NOPx reserved for soft-fork upgrades)",
			build: func(h *harness) *primitives.Tx {
				ws := []byte{txscript.OP_NOP4, txscript.OP_1}
				u := h.fundScript(100_000, p2wshScript(ws), 100, false)
				tx := h.build([]utxo{u}, 90_000)
				tx.Inputs[0].Witness = [][]byte{ws}
				return tx
			}},
		{name: "mempool full", want: ErrMempoolFull, cfg: func(c *Config) { c.MaxSize = 1 }, build: func(h *harness) *primitives.Tx {
			u := h.fund(100_000)
			return h.spend([]utxo{u}, 90_000)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.cfg)
			tx := tc.build(h)
			_, err := h.pool.AcceptTransaction(tx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("%T is not a *RuleError", err)
			}
			reason := tc.reason
			if reason == "" {
				reason = tc.want.Error()
			}
			if re.Reason() != reason {
				t.Fatalf("reason %q, want %q", re.Reason(), reason)
			}
			if h.pool.Count() != 0 {
				t.Fatalf("pool holds %d transactions", h.pool.Count())
			}
		})
	}
}

func TestAcceptDuplicates(t *testing.T) {
	h := newHarness(t, nil)
	u := h.fund(100_000)
	tx := h.spend([]utxo{u}, 90_000)
	d := h.mustAccept(tx)
	if d.Fee != 10_000 || d.VSize != int64(tx.VSize()) || d.AncestorCount != 1 || d.DescendantCount != 1 {
		t.Fatalf("entry %+v", d)
	}
	if _, err := h.pool.AcceptTransaction(tx); !errors.Is(err, ErrAlreadyInMempool) {
		t.Fatalf("second accept: %v", err)
	}
	mall := tx.Copy()
	mall.Inputs[0].Witness[0] = append(mall.Inputs[0].Witness[0], 0)
	if _, err := h.pool.AcceptTransaction(mall); !errors.Is(err, ErrSameNonWitnessData) {
		t.Fatalf("malleated witness: %v", err)
	}
	checkAggregates(t, h.pool)
}

func TestAcceptMempoolMinFee(t *testing.T) {
	h := newHarness(t, nil)
	h.pool.rollingMinFee = 5000
	u := h.fund(100_000)
	tx := h.spend([]utxo{u}, 100_000-2*110)
	if _, err := h.pool.AcceptTransaction(tx); !errors.Is(err, ErrMempoolMinFee) {
		t.Fatalf("got %v", err)
	}
	tx = h.spend([]utxo{u}, 100_000-6*110)
	h.mustAccept(tx)
}

func TestAcceptConflictWithoutFullRBF(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.NoFullRBF = true })
	u := h.fund(100_000)
	a := h.build([]utxo{u}, 90_000)
	a.Inputs[0].Sequence = primitives.SequenceFinal
	h.mustAccept(h.sign(a, []utxo{u}))
	b := h.spend([]utxo{u}, 80_000)
	if _, err := h.pool.AcceptTransaction(b); !errors.Is(err, ErrMempoolConflict) {
		t.Fatalf("got %v", err)
	}
	// A signalling original may be replaced even without full RBF.
	u2 := h.fund(100_000)
	h.mustAccept(h.spend([]utxo{u2}, 90_000))
	h.mustAccept(h.spend([]utxo{u2}, 80_000))
}

func TestAcceptSpendsConflictingTx(t *testing.T) {
	h := newHarness(t, nil)
	x := h.fund(100_000)
	y := h.fund(100_000)
	a := h.spend([]utxo{x, y}, 190_000)
	h.mustAccept(a)
	b := h.spend([]utxo{h.outOf(a, 0), x}, 150_000)
	_, err := h.pool.AcceptTransaction(b)
	if !errors.Is(err, ErrSpendsConflictingTx) {
		t.Fatalf("got %v", err)
	}
}

func TestErrorReasons(t *testing.T) {
	err := error(ruleErrorf(ErrDust, "x"))
	if !errors.Is(err, ErrDust) || errors.Is(err, ErrVersion) || !strings.HasPrefix(err.Error(), "dust: ") {
		t.Fatalf("%v", err)
	}
	ce := wrapConsensus(consensus.CheckTransactionSanity(&primitives.Tx{}))
	if !errors.Is(ce, consensus.ErrBadTxnsVinEmpty) || ce.(*RuleError).Reason() != "bad-txns-vin-empty" {
		t.Fatalf("%v", ce)
	}
}

func TestAcceptOutputTypes(t *testing.T) {
	h := newHarness(t, nil)
	k0, k1, k2 := h.keys.Key(0), h.keys.Key(1), h.keys.Key(2)
	trKey, err := chaingen.NewP2TRKeyPath(k0)
	if err != nil {
		t.Fatal(err)
	}
	trScript, err := chaingen.NewP2TRScriptPath(k0, k1, k2)
	if err != nil {
		t.Fatal(err)
	}
	dests := []*chaingen.Destination{
		chaingen.NewP2PKH(k0), chaingen.NewP2WPKH(k1), trKey, trScript, chaingen.NewP2WSHMultisig(k0, k1, k2),
	}
	for _, d := range dests {
		t.Run(d.Type.String(), func(t *testing.T) {
			u := h.fundScript(100_000, d.ScriptPubKey, 100, false)
			u.dest = d
			tx := h.spend([]utxo{u}, 90_000)
			desc := h.mustAccept(tx)
			if desc.Fee != 10_000 {
				t.Fatalf("fee %d", desc.Fee)
			}
		})
	}
	// All five at once, in one transaction.
	var ins []utxo
	for _, d := range dests {
		u := h.fundScript(100_000, d.ScriptPubKey, 100, false)
		u.dest = d
		ins = append(ins, u)
	}
	h.mustAccept(h.spend(ins, 450_000))
	checkAggregates(t, h.pool)
}

func TestOrphanWaitsForAllParents(t *testing.T) {
	h := newHarness(t, nil)
	p1 := h.spend([]utxo{h.fund(100_000)}, 90_000)
	p2 := h.spend([]utxo{h.fund(100_000)}, 90_000)
	child := h.spend([]utxo{h.outOf(p1, 0), h.outOf(p2, 0)}, 170_000)
	if _, orphaned, _ := h.pool.ProcessTransaction(child); !orphaned {
		t.Fatal("not orphaned")
	}
	if acc, _, err := h.pool.ProcessTransaction(p1); err != nil || len(acc) != 1 || !h.pool.IsOrphan(child.TxHash()) {
		t.Fatalf("after first parent: %v %d", err, len(acc))
	}
	if acc, _, err := h.pool.ProcessTransaction(p2); err != nil || len(acc) != 2 || h.pool.OrphanCount() != 0 {
		t.Fatalf("after second parent: %v %d", err, len(acc))
	}
	// An orphan confirmed in a block leaves the orphan pool.
	u := h.fund(100_000)
	delete(h.chain.coins, u.op)
	orphan := h.spend([]utxo{u}, 90_000)
	h.pool.ProcessTransaction(orphan)
	h.pool.RemoveForBlock(&primitives.Block{Txs: []*primitives.Tx{orphan}})
	if h.pool.OrphanCount() != 0 {
		t.Fatal("confirmed orphan kept")
	}
}
