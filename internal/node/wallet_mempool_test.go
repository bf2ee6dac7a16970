package node

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// rpcAmount parses an RPC amount.
func rpcAmount(t *testing.T, raw json.RawMessage) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		t.Fatalf("amount %s: %v", raw, err)
	}
	return v
}

// TestWalletIgnoresTransactionsDroppedFromMempool: after invalidateblock the
// mempool takes back A's payment to B but drops B's payment to A, whose
// anti-fee-sniping locktime is no longer final. Neither wallet may count the
// dropped transaction (Core's CWalletTx::InMempool rules), both keep showing
// it, and reconsiderblock brings everything back.
func TestWalletIgnoresTransactionsDroppedFromMempool(t *testing.T) {
	_, cl := startNode(t, loadConfig(t, t.TempDir()))
	var created map[string]any
	call(t, cl, "createwallet", []any{"b"}, &created)
	a, b := walletClient(cl, DevWalletName), walletClient(cl, "b")
	var addrA, addrB string
	var hashes []string
	call(t, a, "getnewaddress", nil, &addrA)
	call(t, b, "getnewaddress", nil, &addrB)
	call(t, cl, "generatetoaddress", []any{101, addrA}, &hashes)
	var txAB, txBA string
	call(t, a, "sendtoaddress", []any{addrB, 5}, &txAB)
	call(t, cl, "generatetoaddress", []any{1, addrA}, &hashes)
	block102 := hashes[0]
	call(t, b, "sendtoaddress", []any{addrA, 1}, &txBA)
	var raw struct {
		LockTime int `json:"locktime"`
	}
	call(t, cl, "getrawtransaction", []any{txBA, true}, &raw)
	if raw.LockTime != 102 {
		t.Fatalf("B's payment locktime %d, want 102 (anti fee sniping)", raw.LockTime)
	}
	call(t, cl, "generatetoaddress", []any{1, addrA}, &hashes)

	type balances struct {
		Mine map[string]json.RawMessage `json:"mine"`
	}
	var beforeA, beforeB balances
	call(t, a, "getbalances", nil, &beforeA)
	call(t, b, "getbalances", nil, &beforeB)

	call(t, cl, "invalidateblock", []any{block102}, nil)
	var pool []string
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 1 || pool[0] != txAB {
		t.Fatalf("mempool after invalidateblock: %v, want only A's payment %s (B's %s not final)", pool, txAB, txBA)
	}

	// B: the payment from A is spent by B's dropped payment, whose change
	// must not count, trusted or pending.
	var gotB balances
	call(t, b, "getbalances", nil, &gotB)
	if v := rpcAmount(t, gotB.Mine["trusted"]); v != 0 {
		t.Errorf("B trusted %v after the drop, want 0", v)
	}
	if v := rpcAmount(t, gotB.Mine["untrusted_pending"]); v != 0 {
		t.Errorf("B untrusted_pending %v after the drop, want 0", v)
	}
	// A: its own pending payment (in the mempool) is trusted change; the
	// dropped 1 BTC from B is not pending.
	var gotA balances
	call(t, a, "getbalances", nil, &gotA)
	if v := rpcAmount(t, gotA.Mine["untrusted_pending"]); v != 0 {
		t.Errorf("A untrusted_pending %v after the drop, want 0", v)
	}
	if v := rpcAmount(t, gotA.Mine["trusted"]); v <= 44.9 || v >= 45 {
		t.Errorf("A trusted %v after the drop, want its pending change (about 45)", v)
	}
	type unspent struct {
		TxID string `json:"txid"`
	}
	for name, w := range map[string]*jsonrpc.Client{"A": a, "B": b} {
		var list []unspent
		call(t, w, "listunspent", []any{0}, &list)
		for _, u := range list {
			if u.TxID == txBA {
				t.Errorf("%s listunspent lists the dropped transaction", name)
			}
		}
	}
	var gt map[string]json.RawMessage
	call(t, b, "gettransaction", []any{txBA}, &gt)
	if string(gt["confirmations"]) != "0" || string(gt["trusted"]) != "false" {
		t.Errorf("B gettransaction of the dropped tx: confirmations %s trusted %s", gt["confirmations"], gt["trusted"])
	}
	var lt []map[string]json.RawMessage
	call(t, b, "listtransactions", nil, &lt)
	found := false
	for _, e := range lt {
		found = found || string(e["txid"]) == strconv.Quote(txBA)
	}
	if !found {
		t.Error("B listtransactions lost the dropped transaction")
	}
	// A's payment is in the mempool: not eligible for abandonment.
	if err := a.Call(t.Context(), "abandontransaction", []any{txAB}, nil); err == nil {
		t.Error("abandontransaction of a mempool transaction succeeded")
	}

	call(t, cl, "reconsiderblock", []any{block102}, nil)
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 0 {
		t.Fatalf("mempool after reconsiderblock: %v", pool)
	}
	var afterA, afterB balances
	call(t, a, "getbalances", nil, &afterA)
	call(t, b, "getbalances", nil, &afterB)
	for _, k := range []string{"trusted", "untrusted_pending", "immature"} {
		if string(afterA.Mine[k]) != string(beforeA.Mine[k]) || string(afterB.Mine[k]) != string(beforeB.Mine[k]) {
			t.Errorf("%s after reconsiderblock: A %s (was %s), B %s (was %s)", k,
				afterA.Mine[k], beforeA.Mine[k], afterB.Mine[k], beforeB.Mine[k])
		}
	}
}

// TestWalletResubmitsAfterRestart: restarted with -persistmempool=0 the
// mempool comes back empty; loading the wallet hands its pending payment to
// the mempool again, so it still counts.
func TestWalletResubmitsAfterRestart(t *testing.T) {
	dir := t.TempDir()
	n, cl := startNode(t, loadConfig(t, dir, "-persistmempool=0"))
	w := walletClient(cl, DevWalletName)
	var addr, txid string
	var hashes []string
	call(t, w, "getnewaddress", nil, &addr)
	call(t, cl, "generatetoaddress", []any{101, addr}, &hashes)
	call(t, w, "sendtoaddress", []any{addr, 2}, &txid)
	var before map[string]map[string]json.RawMessage
	call(t, w, "getbalances", nil, &before)
	stopByRPC(t, n, cl)

	_, cl2 := startNode(t, loadConfig(t, dir, "-persistmempool=0"))
	var pool []string
	call(t, cl2, "getrawmempool", nil, &pool)
	if len(pool) != 1 || pool[0] != txid {
		t.Fatalf("mempool after restart: %v, want [%s]", pool, txid)
	}
	var after map[string]map[string]json.RawMessage
	call(t, walletClient(cl2, DevWalletName), "getbalances", nil, &after)
	if string(after["mine"]["trusted"]) != string(before["mine"]["trusted"]) {
		t.Fatalf("trusted after restart %s, was %s", after["mine"]["trusted"], before["mine"]["trusted"])
	}
}
