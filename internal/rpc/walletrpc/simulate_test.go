package walletrpc

import (
	"math"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
)

func TestPSBTBumpFeeRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, addrB string
	r.ok("a", "getnewaddress", &addrA)
	r.ok("b", "getnewaddress", &addrB)
	r.chain.mine(r.spk(addrA), 101)
	var txid string
	r.ok("a", "sendtoaddress", &txid, addrB, 0.5)
	inPool := len(r.chain.mempool)

	var res struct {
		PSBT    string   `json:"psbt"`
		OrigFee float64  `json:"origfee"`
		Fee     float64  `json:"fee"`
		Errors  []string `json:"errors"`
	}
	rep := r.call("a", "psbtbumpfee", txid, map[string]any{"fee_rate": 25})
	if rep.Error != nil {
		t.Fatalf("psbtbumpfee: %d %s", rep.Error.Code, rep.Error.Message)
	}
	if !strings.HasPrefix(string(rep.Result), `{"psbt":`) || !strings.Contains(string(rep.Result), `"errors":[]`) {
		t.Fatalf("psbtbumpfee result shape %s", rep.Result)
	}
	r.ok("a", "psbtbumpfee", &res, txid, map[string]any{"fee_rate": 25})
	if res.Fee <= res.OrigFee || res.OrigFee <= 0 || res.Errors == nil || len(res.Errors) != 0 {
		t.Fatalf("psbtbumpfee %+v", res)
	}
	pk, err := psbt.DecodeBase64(res.PSBT)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range pk.Inputs {
		if in.WitnessUTXO == nil && in.NonWitnessUTXO == nil {
			t.Fatalf("input %d has no UTXO", i)
		}
		if len(in.PartialSigs) != 0 || in.FinalScriptWitness != nil || in.FinalScriptSig != nil || len(in.Bip32Derivation) == 0 {
			t.Fatalf("input %d: signed or without derivations: %+v", i, in)
		}
	}
	if len(r.chain.mempool) != inPool {
		t.Fatal("psbtbumpfee broadcast")
	}
	// The PSBT signs to a complete replacement.
	var pp struct {
		Complete bool   `json:"complete"`
		Hex      string `json:"hex"`
	}
	r.ok("a", "walletprocesspsbt", &pp, res.PSBT)
	if !pp.Complete || pp.Hex == "" {
		t.Fatalf("walletprocesspsbt of the bump %+v", pp)
	}

	r.fails("a", "psbtbumpfee", -5, "Invalid or non-wallet transaction id", strings.Repeat("00", 32))
	r.fails("a", "psbtbumpfee", -8, "Cannot specify both conf_target and fee_rate", txid, map[string]any{"fee_rate": 25, "conf_target": 6})
	r.fails("a", "psbtbumpfee", -8, "Insufficient total fee", txid, map[string]any{"fee_rate": 1})
	r.fails("b", "psbtbumpfee", -4, "Transaction contains inputs that don't belong to this wallet", txid)

	// The original was left alone: bumpfee still replaces it.
	var bf struct {
		TxID string `json:"txid"`
	}
	r.ok("a", "bumpfee", &bf, txid, map[string]any{"fee_rate": 25})
	if bf.TxID == "" || bf.TxID == txid {
		t.Fatalf("bumpfee after psbtbumpfee %+v", bf)
	}
	r.fails("a", "psbtbumpfee", -4, "Transaction has been mined, or is conflicted with a mined transaction", txid)
}

// payTo is an unfunded transaction with one output.
func payTo(spk []byte, value int64) *primitives.Tx {
	return &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: value, ScriptPubKey: spk}}}
}

func TestSimulateRawTransactionRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, addrB string
	r.ok("a", "getnewaddress", &addrA)
	r.ok("b", "getnewaddress", &addrB)
	r.chain.mine(r.spk(addrA), 101)

	var fr struct {
		Hex string  `json:"hex"`
		Fee float64 `json:"fee"`
	}
	r.ok("a", "fundrawtransaction", &fr, hexOf(payTo(r.spk(addrB), 1e8)))
	type change struct {
		BalanceChange float64 `json:"balance_change"`
	}
	var c change
	r.ok("a", "simulaterawtransaction", &c, []string{fr.Hex})
	if math.Abs(c.BalanceChange-(-1-fr.Fee)) > 1e-9 {
		t.Fatalf("sender balance_change %v, fee %v", c.BalanceChange, fr.Fee)
	}
	r.ok("b", "simulaterawtransaction", &c, []string{fr.Hex}, map[string]any{"include_watchonly": true})
	if c.BalanceChange != 1 {
		t.Fatalf("receiver balance_change %v", c.BalanceChange)
	}
	r.ok("b", "simulaterawtransaction", &c, []string{})
	if c.BalanceChange != 0 {
		t.Fatalf("empty list balance_change %v", c.BalanceChange)
	}
	rep := r.callNamed("b", "simulaterawtransaction", map[string]any{"rawtxs": []string{fr.Hex}})
	if rep.Error != nil || string(rep.Result) != `{"balance_change":1.00000000}` {
		t.Fatalf("named call: %s %+v", rep.Result, rep.Error)
	}

	tests := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"same output twice", []any{[]string{fr.Hex, fr.Hex}}, -8, "Transaction(s) are spending the same output more than once"},
		{"bad hex", []any{[]string{"zz"}}, -22, "Transaction hex string decoding failure."},
		{"bad tx", []any{[]string{"0200"}}, -22, "Transaction hex string decoding failure."},
		{"not an array", []any{"00"}, -3, "JSON value of type string is not of expected type array"},
		{"missing", []any{}, -3, "JSON value of type null is not of expected type array"},
		{"element not a string", []any{[]any{1}}, -3, "JSON value of type number is not of expected type string"},
		{"options not an object", []any{[]string{fr.Hex}, "x"}, -3, "JSON value of type string is not of expected type object"},
		{"include_watchonly not bool", []any{[]string{fr.Hex}, map[string]any{"include_watchonly": "yes"}}, -3, "JSON value of type string for field include_watchonly is not of expected type bool"},
		{"unknown option", []any{[]string{fr.Hex}, map[string]any{"foo": true}}, -3, "Unexpected key foo"},
	}
	outer := r.t
	defer func() { r.t = outer }()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r.t = t
			r.fails("a", "simulaterawtransaction", tc.code, tc.msg, tc.params...)
		})
	}
}

func TestNewMethodsHelp(t *testing.T) {
	r := newRPCTest(t)
	for name, synopsis := range map[string]string{
		"psbtbumpfee":            "psbtbumpfee txid ( options )\n",
		"simulaterawtransaction": "simulaterawtransaction ( rawtxs options )\n",
	} {
		var h string
		r.ok("", "help", &h, name)
		if !strings.HasPrefix(h, synopsis) {
			t.Errorf("help %s = %q", name, h)
		}
	}
	var all string
	r.ok("", "help", &all)
	_, wallet, ok := strings.Cut(all, "== Wallet ==\n")
	if !ok || !strings.Contains(wallet, "\npsbtbumpfee txid ( options )\n") || !strings.Contains(wallet, "\nsimulaterawtransaction ( rawtxs options )\n") {
		t.Fatalf("help lists:\n%s", all)
	}
}

func TestPSBTBumpFeeWatchOnly(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "watch", true)
	var ld struct {
		Descriptors []struct {
			Desc     string `json:"desc"`
			Internal bool   `json:"internal"`
		} `json:"descriptors"`
	}
	r.ok("a", "listdescriptors", &ld)
	var reqs []map[string]any
	for _, d := range ld.Descriptors {
		reqs = append(reqs, map[string]any{"desc": d.Desc, "active": true, "internal": d.Internal, "timestamp": 0, "range": []int{0, 20}})
	}
	r.ok("watch", "importdescriptors", nil, reqs)
	var addr string
	r.ok("a", "getnewaddress", &addr)
	r.chain.mine(r.spk(addr), 101)
	var txid string
	r.ok("a", "sendtoaddress", &txid, addr, 1)

	r.fails("watch", "bumpfee", -4, "bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.", txid)
	var res struct {
		PSBT    string  `json:"psbt"`
		OrigFee float64 `json:"origfee"`
		Fee     float64 `json:"fee"`
	}
	r.ok("watch", "psbtbumpfee", &res, txid, map[string]any{"fee_rate": 30})
	if res.PSBT == "" || res.Fee <= res.OrigFee {
		t.Fatalf("watch-only psbtbumpfee %+v", res)
	}
	// The keyed wallet signs the watch-only wallet's PSBT.
	var pp struct {
		Complete bool `json:"complete"`
	}
	r.ok("a", "walletprocesspsbt", &pp, res.PSBT)
	if !pp.Complete {
		t.Fatal("a could not sign the watch-only bump")
	}
}
