package ethrpc

import (
	"strings"
	"testing"
)

// TestTrace covers debug_traceTransaction and debug_traceCall with both
// tracers.
func TestTrace(t *testing.T) {
	e := newEnv(t)
	e.storeTx(t, 0, 1)
	tx := e.storeTx(t, 1, 5) // block 2
	res := obj(t, e.must(t, "debug_traceTransaction", hexHash(tx.Hash())))
	if res["failed"] != false {
		t.Fatalf("failed %v", res)
	}
	logs := res["structLogs"].([]any)
	if len(logs) != 9 {
		t.Fatalf("%d struct logs, want 9 (the store contract's opcodes)", len(logs))
	}
	first := logs[0].(map[string]any)
	if first["op"] != "PUSH1" || first["pc"] != float64(0) || first["depth"] != float64(1) {
		t.Fatalf("first log %v", first)
	}
	ct := obj(t, e.must(t, "debug_traceTransaction", hexHash(tx.Hash()), map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}))
	if ct["type"] != "CALL" || ct["to"] != hexAddr(addrStore) || ct["from"] != hexAddr(e.addrs[0]) {
		t.Fatalf("call trace %v", ct)
	}
	if l, _ := ct["logs"].([]any); len(l) != 1 {
		t.Fatalf("call trace logs %v", ct["logs"])
	}
	// traceCall on a revert.
	rc := obj(t, e.must(t, "debug_traceCall", map[string]any{"to": hexAddr(addrRevert)}, "latest", map[string]any{"tracer": "callTracer"}))
	if rc["error"] != "execution reverted" || rc["revertReason"] != "nope" {
		t.Fatalf("revert trace %v", rc)
	}
	sl := obj(t, e.must(t, "debug_traceCall", map[string]any{"to": hexAddr(addrRet42)}, "latest"))
	if !strings.HasSuffix(sl["returnValue"].(string), "2a") {
		t.Fatalf("struct trace %v", sl)
	}
	if _, err := e.call(t, "debug_traceCall", map[string]any{"to": hexAddr(addrRet42)}, "latest", map[string]any{"tracer": "prestateTracer"}); rpcCode(err) != CodeServerError {
		t.Fatalf("unknown tracer: %v", err)
	}
	if _, err := e.call(t, "debug_traceTransaction", hexHash(e.bc.CurrentBlock().Hash())); rpcCode(err) != CodeServerError {
		t.Fatalf("unknown tx: %v", err)
	}
}
