package walletrpc

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// mempoolTx returns the fake chain's pending transaction txid.
func (r *rpcTest) mempoolTx(txid string) *primitives.Tx {
	r.t.Helper()
	h, err := chainhash.NewHashFromStr(txid)
	if err != nil {
		r.t.Fatal(err)
	}
	r.chain.mu.Lock()
	defer r.chain.mu.Unlock()
	for _, tx := range r.chain.mempool {
		if tx.TxHash() == h {
			return tx
		}
	}
	r.t.Fatalf("%s not in the mempool", txid)
	return nil
}

func TestSendAllRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, addrB, addrB2 string
	r.ok("a", "getnewaddress", &addrA)
	r.ok("b", "getnewaddress", &addrB)
	r.ok("b", "getnewaddress", &addrB2)
	r.chain.mine(r.spk(addrA), 103) // three mature coinbases

	for _, tc := range []struct {
		name   string
		code   int
		msg    string
		params []any
	}{
		{"no remainder address", -8, "Must provide at least one address without a specified amount", []any{[]any{map[string]any{addrB: 1}}}},
		{"empty recipients", -8, "Must provide at least one address without a specified amount", []any{[]any{}}},
		{"not an array", -3, "", []any{addrB}},
		{"bad address", -5, "Invalid Bitcoin address: xyz", []any{[]any{"xyz"}}},
		{"duplicate", -8, "Invalid parameter, duplicated address: " + addrB, []any{[]any{addrB, map[string]any{addrB: 1}}}},
		{"conf_target without mode", -8, "Specify estimate_mode", []any{[]any{addrB}, 6}},
		{"conf_target and fee_rate", -8, "Cannot specify both conf_target and fee_rate", []any{[]any{addrB}, 6, "economical", 5}},
		{"fee_rate twice", -8, "Pass the fee_rate either as an argument, or in the options object, but not both", []any{[]any{addrB}, nil, nil, 5, map[string]any{"fee_rate": 5}}},
		{"conf twice", -8, "Pass conf_target and estimate_mode either as arguments or in the options object, but not both", []any{[]any{addrB}, 6, nil, nil, map[string]any{"conf_target": 6}}},
		{"bad mode", -8, "Invalid estimate_mode parameter", []any{[]any{addrB}, 6, "fast"}},
		{"fee_rate zero", -8, "Fee rate (0.000 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)", []any{[]any{addrB}, nil, nil, 0}},
		{"outdated option", -8, "Use fee_rate (sat/vB) instead of feeRate", []any{[]any{addrB}, nil, nil, nil, map[string]any{"feeRate": 0.0001}}},
		{"negative minconf", -8, "Invalid minconf (minconf cannot be negative): -1", []any{[]any{addrB}, nil, nil, nil, map[string]any{"minconf": -1}}},
		{"maxconf below minconf", -8, "maxconf can't be lower than minconf: 1 < 2", []any{[]any{addrB}, nil, nil, nil, map[string]any{"minconf": 2, "maxconf": 1}}},
		{"send_max with inputs", -8, "Cannot combine send_max with specific inputs.", []any{[]any{addrB}, nil, nil, nil, map[string]any{"send_max": true, "inputs": []any{}}}},
		{"minconf with inputs", -8, "Cannot combine minconf or maxconf with specific inputs.", []any{[]any{addrB}, nil, nil, nil, map[string]any{"minconf": 1, "inputs": []any{}}}},
		{"foreign input", -8, "Input not found. UTXO (" + chainhash.Hash{1}.String() + ":0) is not part of wallet.", []any{[]any{addrB}, nil, nil, nil, map[string]any{"inputs": []any{map[string]any{"txid": chainhash.Hash{1}.String(), "vout": 0}}}}},
		{"no inputs given", -6, "Total value of UTXO pool too low to pay for transaction. Try using lower feerate", []any{[]any{addrB}, nil, nil, nil, map[string]any{"inputs": []any{}}}},
		{"claims too much", -6, "Assigned more value to outputs than available funds.", []any{[]any{addrB, map[string]any{addrB2: 151}}}},
		{"no room for fee", -6, "Insufficient funds for fees after creating specified outputs.", []any{[]any{addrB, map[string]any{addrB2: 150}}}},
		{"dust amount", -8, "Specified output amount to " + addrB2 + " is below dust threshold.", []any{[]any{addrB, map[string]any{addrB2: 0.00000100}}}},
		{"fee above maxtxfee", -4, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)", []any{[]any{addrB}, nil, nil, 100000}},
	} {
		rep := r.call("a", "sendall", tc.params...)
		if rep.Error == nil || rep.Error.Code != tc.code || !strings.Contains(rep.Error.Message, tc.msg) {
			t.Fatalf("%s: sendall gave %s %+v, want %d %q", tc.name, rep.Result, rep.Error, tc.code, tc.msg)
		}
	}
	r.fails("b", "sendall", -6, "Total value of UTXO pool too low to pay for transaction. Try using lower feerate or excluding uneconomic UTXOs with 'send_max' option.", []any{addrA})
	r.fails("b", "sendall", -6, "Total value of UTXO pool too low to pay for transaction, try using lower feerate.", []any{addrA}, nil, nil, nil, map[string]any{"send_max": true})

	// A PSBT first: nothing is broadcast.
	var pres struct {
		PSBT     string `json:"psbt"`
		TxID     string `json:"txid"`
		Hex      string `json:"hex"`
		Complete bool   `json:"complete"`
	}
	r.ok("a", "sendall", &pres, []any{addrB}, nil, nil, 2, map[string]any{"add_to_wallet": false})
	if !pres.Complete || pres.PSBT == "" || pres.TxID == "" || pres.Hex == "" {
		t.Fatalf("sendall add_to_wallet=false %+v", pres)
	}
	raw, _ := hex.DecodeString(pres.Hex)
	ptx, err := primitives.DecodeTx(raw)
	if err != nil || len(ptx.Inputs) != 3 || len(ptx.Outputs) != 1 || ptx.LockTime != 0 || ptx.Inputs[0].Sequence != 0xfffffffd {
		t.Fatalf("psbt tx %+v (%v)", ptx, err)
	}

	// 10 BTC fixed to addrB2, the rest to addrB.
	var res struct {
		TxID     string `json:"txid"`
		Complete bool   `json:"complete"`
	}
	rep := r.callNamed("a", "sendall", map[string]any{"recipients": []any{map[string]any{addrB2: 10}, addrB}, "fee_rate": 2})
	if rep.Error != nil {
		t.Fatalf("sendall named: %v", rep.Error)
	}
	if err := json.Unmarshal(rep.Result, &res); err != nil || !res.Complete || res.TxID == "" {
		t.Fatalf("sendall %s", rep.Result)
	}
	tx := r.mempoolTx(res.TxID)
	if len(tx.Inputs) != 3 || len(tx.Outputs) != 2 || tx.Outputs[0].Value != 10e8 {
		t.Fatalf("sendall tx %d in %d out, first %d", len(tx.Inputs), len(tx.Outputs), tx.Outputs[0].Value)
	}
	vsize := tx.VSize()
	fee := 150e8 - tx.Outputs[0].Value - tx.Outputs[1].Value
	if fee < int64(vsize)*2 || fee > int64(vsize)*2+10 {
		t.Fatalf("fee %d for vsize %d at 2 sat/vB", fee, vsize)
	}
	var bal float64
	r.ok("a", "getbalance", &bal)
	if bal != 0 {
		t.Fatalf("balance after sendall %v", bal)
	}
	r.chain.mine(r.spk(addrA), 1)

	// Specific inputs from wallet b, split between two remainder outputs.
	var unspent []struct {
		TxID string  `json:"txid"`
		Vout int     `json:"vout"`
		Amt  float64 `json:"amount"`
	}
	r.ok("b", "listunspent", &unspent)
	if len(unspent) != 2 {
		t.Fatalf("b unspent %+v", unspent)
	}
	in := unspent[0]
	r.ok("b", "sendall", &res, []any{addrA, map[string]any{"data": "cafe"}}, nil, nil, 1, map[string]any{"inputs": []any{map[string]any{"txid": in.TxID, "vout": in.Vout}}, "locktime": 7, "replaceable": false})
	tx = r.mempoolTx(res.TxID)
	if len(tx.Inputs) != 1 || tx.LockTime != 7 || tx.Inputs[0].Sequence != 0xfffffffe || len(tx.Outputs) != 2 || tx.Outputs[1].Value != 0 {
		t.Fatalf("sendall with inputs %+v", tx)
	}
	r.fails("b", "sendall", -8, "Input not available. UTXO ("+in.TxID, []any{addrA}, nil, nil, nil, map[string]any{"inputs": []any{map[string]any{"txid": in.TxID, "vout": in.Vout}}})
}
