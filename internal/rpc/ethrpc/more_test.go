package ethrpc

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestOverridesAndPending covers the state/stateDiff overrides, the
// pending tag and a traced transaction that is not first in its block.
func TestOverridesAndPending(t *testing.T) {
	e := newEnv(t)
	e.svc.cfg.Automine = false
	// SLOAD slot 1 and return it.
	sload := "0x600154" + "60005260206000f3"
	slot1 := "0x" + strings.Repeat("0", 63) + "1"
	val := "0x" + strings.Repeat("0", 62) + "ab"
	x := hexAddr(ethtypes.Address{0x66})
	cases := []struct {
		name string
		ov   map[string]any
		want string
	}{
		{"state", map[string]any{x: map[string]any{"code": sload, "state": map[string]any{slot1: val}}}, "ab"},
		{"stateDiff", map[string]any{x: map[string]any{"code": sload, "stateDiff": map[string]any{slot1: val}}}, "ab"},
		{"code only", map[string]any{x: map[string]any{"code": sload}}, "00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := str(t, e.must(t, "eth_call", map[string]any{"to": x}, "latest", c.ov))
			if !strings.HasSuffix(got, c.want) {
				t.Fatalf("got %s", got)
			}
		})
	}
	if _, err := e.call(t, "eth_call", map[string]any{"to": x}, "latest",
		map[string]any{x: map[string]any{"state": map[string]any{}, "stateDiff": map[string]any{}}}); rpcCode(err) != CodeInvalidParams {
		t.Fatalf("state and stateDiff: %v", err)
	}
	// Balance override lets an unfunded sender pay.
	poor := hexAddr(ethtypes.Address{0x67})
	if _, err := e.call(t, "eth_call", map[string]any{"from": poor, "to": hexAddr(addrRet42), "gasPrice": "0x3b9aca00"}, "latest",
		map[string]any{poor: map[string]any{"balance": "0xde0b6b3a7640000"}}); err != nil {
		t.Fatalf("balance override: %v", err)
	}

	// Two transactions wait in the pool (no automine).
	tx0 := e.storeTx(t, 0, 3)
	tx1 := e.storeTx(t, 1, 4)
	if got := str(t, e.must(t, "eth_getTransactionCount", hexAddr(e.addrs[0]), "pending")); got != "0x2" {
		t.Fatalf("pending nonce %s", got)
	}
	if got := str(t, e.must(t, "eth_getTransactionCount", hexAddr(e.addrs[0]), "latest")); got != "0x0" {
		t.Fatalf("latest nonce %s", got)
	}
	if got := obj(t, e.must(t, "eth_getTransactionByHash", hexHash(tx0.Hash()))); got["blockHash"] != nil || got["hash"] != hexHash(tx0.Hash()) {
		t.Fatalf("pooled tx %v", got)
	}
	pb := obj(t, e.must(t, "eth_getBlockByNumber", "pending", false))
	if pb["number"] != "0x1" || len(pb["transactions"].([]any)) != 2 || pb["hash"] != nil {
		t.Fatalf("pending block %v", pb)
	}
	if v := str(t, e.must(t, "eth_getStorageAt", hexAddr(addrStore), "0x0", "pending")); !strings.HasSuffix(v, "04") {
		t.Fatalf("pending storage %s", v)
	}
	content := obj(t, e.must(t, "txpool_content"))
	if p := content["pending"].(map[string]any); len(p) != 1 {
		t.Fatalf("txpool_content %v", content)
	}
	if st := obj(t, e.must(t, "txpool_status")); st["pending"] != "0x2" {
		t.Fatalf("txpool_status %v", st)
	}
	e.must(t, "evm_mine")
	if n := obj(t, e.must(t, "eth_getBlockByNumber", "latest", false)); len(n["transactions"].([]any)) != 2 {
		t.Fatalf("mined block %v", n)
	}
	// The second transaction of the block is traced after the first ran:
	// its SSTORE changes a non-zero cold slot (2900 + 2100 cold = 5000;
	// the first transaction's SSTORE would cost 20000 + 2100).
	res := obj(t, e.must(t, "debug_traceTransaction", hexHash(tx1.Hash())))
	var sstoreCost float64
	for _, l := range res["structLogs"].([]any) {
		if m := l.(map[string]any); m["op"] == "SSTORE" {
			sstoreCost = m["gasCost"].(float64)
		}
	}
	if sstoreCost != 5000 {
		t.Fatalf("SSTORE cost %v, want 5000", sstoreCost)
	}
	r := obj(t, e.must(t, "eth_getTransactionReceipt", hexHash(tx1.Hash())))
	if r["transactionIndex"] != "0x1" || r["logs"].([]any)[0].(map[string]any)["logIndex"] != "0x1" {
		t.Fatalf("second receipt %v", r)
	}
}
