package btcrpc

import (
	"encoding/hex"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// withFilterIndex builds and syncs a basic filter index over env's chain
// and gives it to the service.
func withFilterIndex(t *testing.T, env *testEnv) {
	t.Helper()
	ix, err := indexers.OpenBlockFilterIndex(indexers.Config{Chain: filterChain{env.chain}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.Start()
	for deadline := time.Now().Add(30 * time.Second); !ix.Synced() || ix.BestHash() != env.chain.BestHash(); {
		if time.Now().After(deadline) {
			t.Fatal("index did not sync")
		}
		time.Sleep(5 * time.Millisecond)
	}
	env.svc.cfg.FilterIndex = ix
}

// TestScanBlocks checks scanblocks against the blocks of the generated
// chain that really pay to or spend from a script: the filter answer holds
// all of them (filters have false positives), the answer with
// filter_false_positives exactly them; then status, abort, the one-scan
// guard and Core's errors.
func TestScanBlocks(t *testing.T) {
	env, c := genEnv(t, false)
	desc := func(script []byte) string { return "raw(" + hex.EncodeToString(script) + ")" }
	_, rerr := env.call(t, "scanblocks", "start", []any{desc([]byte{0x51})})
	wantCode(t, rerr, -1, "Index is not enabled for filtertype basic")
	withFilterIndex(t, env)

	// The heights at which each script is paid to or spent from.
	blocks := c.Blocks[:len(c.Blocks)-1]
	spk := map[primitives.OutPoint][]byte{}
	touched := map[string][]int{}
	mark := func(script []byte, h int) {
		if hs := touched[string(script)]; len(hs) == 0 || hs[len(hs)-1] != h {
			touched[string(script)] = append(hs, h)
		}
	}
	for i, b := range blocks {
		h := i + 1
		ids := b.TxHashes()
		for j, tx := range b.Txs {
			for _, in := range tx.Inputs {
				if s, ok := spk[in.PrevOut]; ok {
					mark(s, h)
				}
			}
			for o, out := range tx.Outputs {
				spk[primitives.OutPoint{Hash: ids[j], Index: uint32(o)}] = out.ScriptPubKey
				mark(out.ScriptPubKey, h)
			}
		}
	}
	scripts := make([]string, 0, len(touched))
	for s := range touched {
		if len(s) > 0 && s[0] != 0x6a { // OP_RETURN outputs are not in filters
			scripts = append(scripts, s)
		}
	}
	sort.Slice(scripts, func(i, j int) bool {
		if len(touched[scripts[i]]) != len(touched[scripts[j]]) {
			return len(touched[scripts[i]]) > len(touched[scripts[j]])
		}
		return scripts[i] < scripts[j]
	})
	tip := len(blocks)
	hashAt := func(h int) string {
		hash, err := env.chain.BlockHashByHeight(int32(h))
		if err != nil {
			t.Fatal(err)
		}
		return hash.String()
	}
	type result struct {
		FromHeight     int32    `json:"from_height"`
		ToHeight       int32    `json:"to_height"`
		RelevantBlocks []string `json:"relevant_blocks"`
		Completed      bool     `json:"completed"`
	}
	exact := map[string]any{"filter_false_positives": true}
	tests := []struct {
		name       string
		script     string
		start, end int // end -1: the tip, by omitting stop_height
	}{
		{"most used, whole chain", scripts[0], 0, -1},
		{"second, whole chain", scripts[1], 0, -1},
		{"rare script", scripts[len(scripts)-1], 0, -1},
		{"most used, middle range", scripts[0], tip / 3, 2 * tip / 3},
		{"single block", scripts[0], touched[scripts[0]][0], touched[scripts[0]][0]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stop := tc.end
			params := []any{"start", []any{desc([]byte(tc.script))}, tc.start}
			if stop < 0 {
				stop = tip
				params = append(params, nil)
			} else {
				params = append(params, stop)
			}
			var want []string
			for _, h := range touched[tc.script] {
				if h >= tc.start && h <= stop {
					want = append(want, hashAt(h))
				}
			}
			loose := unmarshal[result](t, env.mustCall(t, "scanblocks", params...))
			if loose.FromHeight != int32(tc.start) || loose.ToHeight != int32(stop) || !loose.Completed {
				t.Fatalf("from %d to %d completed %v, want %d..%d", loose.FromHeight, loose.ToHeight, loose.Completed, tc.start, stop)
			}
			for _, h := range want {
				if !slices.Contains(loose.RelevantBlocks, h) {
					t.Fatalf("block %s missing from %v", h, loose.RelevantBlocks)
				}
			}
			strict := unmarshal[result](t, env.mustCall(t, "scanblocks", append(params, "basic", exact)...))
			if !slices.Equal(strict.RelevantBlocks, want) {
				t.Fatalf("filter_false_positives: %v, want %v", strict.RelevantBlocks, want)
			}
		})
	}

	// A script no block has: no block after filtering false positives.
	none := unmarshal[result](t, env.mustCall(t, "scanblocks", "start", []any{desc([]byte{0x00, 0x14, 1, 2, 3})}, 0, nil, "basic", exact))
	if len(none.RelevantBlocks) != 0 || none.ToHeight != int32(tip) {
		t.Fatalf("unknown script: %+v", none)
	}

	if out := env.mustCall(t, "scanblocks", "status"); string(out) != "null" {
		t.Fatalf("status without a scan = %s", out)
	}
	if out := env.mustCall(t, "scanblocks", "abort"); string(out) != "false" {
		t.Fatalf("abort without a scan = %s", out)
	}
	// A scan in progress (another call): status reports it, abort flags
	// it, and a second start is refused.
	if !env.svc.filterScan.reserve() {
		t.Fatal("reserve failed")
	}
	if out := env.mustCall(t, "scanblocks", "status"); string(out) != `{"progress":0,"current_height":0}` {
		t.Fatalf("status during a scan = %s", out)
	}
	_, rerr = env.call(t, "scanblocks", "start", []any{desc([]byte(scripts[0]))})
	wantCode(t, rerr, jsonrpc.CodeInvalidParameter, "Scan already in progress, use action \"abort\" or \"status\"")
	if out := env.mustCall(t, "scanblocks", "abort"); string(out) != "true" || !env.svc.filterScan.abort.Load() {
		t.Fatalf("abort during a scan = %s", out)
	}
	env.svc.filterScan.release()

	obj := []any{desc([]byte(scripts[0]))}
	errs := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"bad action", []any{"foobar"}, -8, "Invalid action 'foobar'"},
		{"null scanobjects", []any{"start", nil}, -1, "scanobjects argument is required for the start action"},
		{"missing scanobjects", []any{"start"}, -1, "scanobjects argument is required for the start action"},
		{"unknown filtertype", []any{"start", obj, 0, 10, "extended"}, -5, "Unknown filtertype"},
		{"start too high", []any{"start", obj, 100000000}, -1, "Invalid start_height"},
		{"start negative", []any{"start", obj, -1}, -1, "Invalid start_height"},
		{"stop below start", []any{"start", obj, 10, 0}, -1, "Invalid stop_height"},
		{"stop too high", []any{"start", obj, 10, 100000000}, -1, "Invalid stop_height"},
		{"options not object", []any{"start", obj, 0, nil, "basic", true}, -3, "JSON value of type bool is not of expected type object"},
		{"option not bool", []any{"start", obj, 0, nil, "basic", map[string]any{"filter_false_positives": "yes"}}, -3, "JSON value of type string is not of expected type bool"},
		{"bad scan object", []any{"start", []any{42}}, -8, "Scan object needs to be either a string or an object"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "scanblocks", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
	// After the errors no scan is left reserved.
	if out := env.mustCall(t, "scanblocks", "status"); string(out) != "null" {
		t.Fatalf("status after the errors = %s", out)
	}
}
