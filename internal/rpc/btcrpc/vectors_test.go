package btcrpc

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestGetBlockStatsVectors imports Core's rpc_getblockstats.json chain and
// compares every field of getblockstats for heights 101-103 (by height and
// by hash) with Core's figures, then selected statistics.
func TestGetBlockStatsVectors(t *testing.T) {
	env, v := statsEnv(t, false)
	if len(v.Stats) == 0 {
		t.Fatal("no stats")
	}
	passed := 0
	for _, want := range v.Stats {
		var height int64
		if err := json.Unmarshal(want["height"], &height); err != nil {
			t.Fatal(err)
		}
		var hash string
		json.Unmarshal(want["blockhash"], &hash)
		for _, arg := range []any{height, hash} {
			raw := env.mustCall(t, "getblockstats", arg)
			var got map[string]json.RawMessage
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("height %d: %d fields, want %d", height, len(got), len(want))
			}
			keys := make([]string, 0, len(want))
			for k := range want {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			ok := true
			for _, k := range keys {
				if !jsonEqual(got[k], want[k]) {
					t.Errorf("height %d (%T) %s = %s, want %s", height, arg, k, got[k], want[k])
					ok = false
				}
			}
			if ok {
				passed++
			}
		}
		// Selected statistics come back in sorted order, only those.
		raw := env.mustCall(t, "getblockstats", height, []string{"utxo_size_inc_actual", "minfeerate", "avgfeerate"})
		wantSel := `{"avgfeerate":` + string(want["avgfeerate"]) + `,"minfeerate":` + string(want["minfeerate"]) + `,"utxo_size_inc_actual":` + string(want["utxo_size_inc_actual"]) + `}`
		if string(raw) != wantSel {
			t.Errorf("selected: %s, want %s", raw, wantSel)
		}
	}
	t.Logf("getblockstats: %d/%d cases match every field (heights 101-103, by height and by hash)", passed, 2*len(v.Stats))

	t.Run("genesis", func(t *testing.T) {
		g := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblockstats", 0))
		want := map[string]string{"utxo_increase": "1", "utxo_increase_actual": "0", "utxo_size_inc": "116", "utxo_size_inc_actual": "0", "txs": "1", "ins": "0"}
		for k, w := range want {
			if string(g[k]) != w {
				t.Errorf("genesis %s = %s, want %s", k, g[k], w)
			}
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, rerr := env.call(t, "getblockstats", 1000)
		wantCode(t, rerr, -8, "Target block height 1000 after current tip 103")
		_, rerr = env.call(t, "getblockstats", -1)
		wantCode(t, rerr, -8, "Target block height -1 is negative")
		_, rerr = env.call(t, "getblockstats", 101, []string{"nosuch"})
		wantCode(t, rerr, -8, "Invalid selected statistic 'nosuch'")
		_, rerr = env.call(t, "getblockstats", "00")
		wantCode(t, rerr, -8, "hash_or_height must be of length 64 (not 2, for '00')")
		_, rerr = env.call(t, "getblockstats", "0000000000000000000000000000000000000000000000000000000000000000")
		wantCode(t, rerr, -5, "Block not found")
		_, rerr = env.call(t, "getblockstats", true)
		wantCode(t, rerr, -3, "")
	})
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// TestDecodeScriptVectors runs Core's rpc_decodescript.json through the
// decodescript RPC: [hex, expected object] pairs, compared field by field.
func TestDecodeScriptVectors(t *testing.T) {
	b, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_decodescript.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]json.RawMessage
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, nil, envOptions{})
	passed := 0
	for _, c := range cases {
		var script string
		json.Unmarshal(c[0], &script)
		got := env.mustCall(t, "decodescript", script)
		var gotM, wantM map[string]json.RawMessage
		json.Unmarshal(got, &gotM)
		json.Unmarshal(c[1], &wantM)
		ok := true
		for k, w := range wantM {
			if !jsonEqual(gotM[k], w) {
				t.Errorf("%s: %s = %s, want %s", script, k, gotM[k], w)
				ok = false
			}
		}
		for k := range gotM {
			if _, present := wantM[k]; !present {
				t.Errorf("%s: unexpected field %s = %s", script, k, gotM[k])
				ok = false
			}
		}
		if ok {
			passed++
		}
	}
	t.Logf("decodescript: %d/%d vectors match", passed, len(cases))
	if passed != len(cases) {
		t.Fail()
	}
}
