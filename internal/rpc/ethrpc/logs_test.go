package ethrpc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// storeTx stores value v with the store contract (which logs topic 0xaa).
func (e *testEnv) storeTx(t *testing.T, nonce uint64, v byte) *ethtypes.Transaction {
	t.Helper()
	data := make([]byte, 32)
	data[31] = v
	tx := e.signedTx(t, 0, nonce, addrStore, 0, 100000, data)
	e.must(t, "eth_sendRawTransaction", rawHex(t, tx))
	return tx
}

var topicAA = hexHash(ethtypes.Hash{31: 0xaa})

// TestGetLogsAndFilters covers eth_getLogs and the polling filters.
func TestGetLogsAndFilters(t *testing.T) {
	e := newEnv(t)
	now := time.Unix(1_800_000_000, 0)
	e.svc.ev.mu.Lock()
	e.svc.ev.now = func() time.Time { return now }
	e.svc.ev.mu.Unlock()

	logID := str(t, e.must(t, "eth_newFilter", map[string]any{"address": hexAddr(addrStore)}))
	blockID := str(t, e.must(t, "eth_newBlockFilter"))
	pendID := str(t, e.must(t, "eth_newPendingTransactionFilter"))
	otherID := str(t, e.must(t, "eth_newFilter", map[string]any{"address": []string{hexAddr(addrRet42)}}))

	tx1 := e.storeTx(t, 0, 1)
	tx2 := e.storeTx(t, 1, 2)

	var logs []map[string]any
	decode := func(r json.RawMessage) []map[string]any {
		t.Helper()
		var out []map[string]any
		if err := json.Unmarshal(r, &out); err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		return out
	}
	cases := []struct {
		name string
		crit map[string]any
		want int
	}{
		{"all", map[string]any{"fromBlock": "earliest", "toBlock": "latest"}, 2},
		{"address", map[string]any{"fromBlock": "0x0", "address": hexAddr(addrStore)}, 2},
		{"address list miss", map[string]any{"fromBlock": "0x0", "address": []string{hexAddr(addrRet42)}}, 0},
		{"topic", map[string]any{"fromBlock": "0x0", "topics": []any{topicAA}}, 2},
		{"topic null", map[string]any{"fromBlock": "0x0", "topics": []any{nil}}, 2},
		{"topic OR", map[string]any{"fromBlock": "0x0", "topics": []any{[]any{hexHash(ethtypes.Hash{1}), topicAA}}}, 2},
		{"topic miss", map[string]any{"fromBlock": "0x0", "topics": []any{hexHash(ethtypes.Hash{1})}}, 0},
		{"too many positions", map[string]any{"fromBlock": "0x0", "topics": []any{nil, topicAA}}, 0},
		{"block 2", map[string]any{"fromBlock": "0x2", "toBlock": "0x2"}, 1},
		{"default latest", map[string]any{}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := decode(e.must(t, "eth_getLogs", c.crit)); len(got) != c.want {
				t.Fatalf("%d logs, want %d: %v", len(got), c.want, got)
			}
		})
	}
	logs = decode(e.must(t, "eth_getLogs", map[string]any{"fromBlock": "0x0"}))
	if logs[1]["transactionHash"] != hexHash(tx2.Hash()) || logs[1]["blockNumber"] != "0x2" || logs[0]["topics"].([]any)[0] != topicAA {
		t.Fatalf("log fields %v", logs)
	}
	bh := logs[0]["blockHash"].(string)
	if got := decode(e.must(t, "eth_getLogs", map[string]any{"blockHash": bh})); len(got) != 1 || got[0]["transactionHash"] != hexHash(tx1.Hash()) {
		t.Fatalf("by block hash %v", got)
	}
	// Bad criteria.
	for _, bad := range []any{
		map[string]any{"blockHash": bh, "fromBlock": "0x0"},
		map[string]any{"address": 5},
		map[string]any{"topics": []any{nil, nil, nil, nil, nil}},
		map[string]any{"topics": []any{5}},
		"0x0",
	} {
		if _, err := e.call(t, "eth_getLogs", bad); rpcCode(err) != CodeInvalidParams {
			t.Errorf("criteria %v: %v", bad, err)
		}
	}
	if _, err := e.call(t, "eth_getLogs", map[string]any{"fromBlock": "0x2", "toBlock": "0x1"}); rpcCode(err) != CodeServerError {
		t.Errorf("reversed range: %v", err)
	}
	e.svc.cfg.LogRangeCap = 2
	if _, err := e.call(t, "eth_getLogs", map[string]any{"fromBlock": "0x0", "toBlock": "0x2"}); err == nil || !strings.Contains(err.Error(), "max block range") {
		t.Errorf("range cap: %v", err)
	}
	e.svc.cfg.LogRangeCap = 0

	if got := decode(e.must(t, "eth_getFilterChanges", logID)); len(got) != 2 {
		t.Fatalf("log filter changes %v", got)
	}
	if got := decode(e.must(t, "eth_getFilterChanges", logID)); len(got) != 0 {
		t.Fatalf("second poll %v", got)
	}
	if got := decode(e.must(t, "eth_getFilterChanges", otherID)); len(got) != 0 {
		t.Fatalf("other filter %v", got)
	}
	if got := decode(e.must(t, "eth_getFilterLogs", logID)); len(got) != 1 {
		// the filter's range defaults to latest..latest
		t.Fatalf("filter logs %v", got)
	}
	var hashes []string
	if err := json.Unmarshal(e.must(t, "eth_getFilterChanges", blockID), &hashes); err != nil || len(hashes) != 2 {
		t.Fatalf("block filter %v %v", hashes, err)
	}
	if err := json.Unmarshal(e.must(t, "eth_getFilterChanges", pendID), &hashes); err != nil || len(hashes) != 2 || hashes[0] != hexHash(tx1.Hash()) {
		t.Fatalf("pending filter %v %v", hashes, err)
	}
	if got := string(e.must(t, "eth_uninstallFilter", blockID)); got != "true" {
		t.Fatalf("uninstall %s", got)
	}
	if got := string(e.must(t, "eth_uninstallFilter", blockID)); got != "false" {
		t.Fatalf("uninstall twice %s", got)
	}
	if _, err := e.call(t, "eth_getFilterChanges", blockID); rpcCode(err) != CodeServerError {
		t.Fatalf("removed filter: %v", err)
	}
	// Expiry after five minutes without a poll.
	e.svc.ev.mu.Lock()
	now = now.Add(FilterTimeout + time.Second)
	e.svc.ev.mu.Unlock()
	if _, err := e.call(t, "eth_getFilterChanges", logID); err == nil || !strings.Contains(err.Error(), "filter not found") {
		t.Fatalf("expired filter: %v", err)
	}
	// Subscriptions need a WebSocket.
	if _, err := e.call(t, "eth_subscribe", "newHeads"); rpcCode(err) != CodeUnsupported {
		t.Fatalf("subscribe over HTTP: %v", err)
	}
	e.svc.Close()
}

// TestFilterLimit checks the bound on installed filters.
func TestFilterLimit(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < MaxFilters; i++ {
		e.must(t, "eth_newBlockFilter")
	}
	if _, err := e.call(t, "eth_newBlockFilter"); rpcCode(err) != CodeServerError {
		t.Fatalf("filter %d: %v", MaxFilters+1, err)
	}
}
