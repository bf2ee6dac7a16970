package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"fmt"
)

func unmarshal[T any](t testing.TB, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

func TestBlockchainMethods(t *testing.T) {
	env, gen := genEnv(t, true)
	tipHeight := len(gen.Blocks) - 1
	tip := gen.Blocks[tipHeight-1]
	tipHash := tip.BlockHash().String()

	if n := unmarshal[int](t, env.mustCall(t, "getblockcount")); n != tipHeight {
		t.Fatalf("getblockcount %d, want %d", n, tipHeight)
	}
	if h := unmarshal[string](t, env.mustCall(t, "getbestblockhash")); h != tipHash {
		t.Fatalf("getbestblockhash %s, want %s", h, tipHash)
	}
	if h := unmarshal[string](t, env.mustCall(t, "getblockhash", 0)); h != env.svc.params().GenesisHash.String() {
		t.Fatalf("getblockhash 0 = %s", h)
	}

	t.Run("getblock", func(t *testing.T) {
		hexBlock := unmarshal[string](t, env.mustCall(t, "getblock", tipHash, 0))
		if hexBlock != hex.EncodeToString(tip.Bytes()) {
			t.Fatal("getblock 0: bytes differ")
		}
		v1 := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblock", tipHash))
		if n := unmarshal[[]string](t, v1["tx"]); len(n) != len(tip.Txs) {
			t.Fatalf("verbosity 1: %d txids", len(n))
		}
		if c := unmarshal[int](t, v1["confirmations"]); c != 1 {
			t.Fatalf("confirmations %d", c)
		}
		vTrue := env.mustCall(t, "getblock", tipHash, true)
		if !jsonEqual(vTrue, env.mustCall(t, "getblock", tipHash, 1)) {
			t.Fatal("verbosity true != 1")
		}
		v2 := unmarshal[struct {
			Tx []map[string]json.RawMessage `json:"tx"`
		}](t, env.mustCall(t, "getblock", tipHash, 2))
		if len(v2.Tx) != len(tip.Txs) || v2.Tx[1]["fee"] == nil || v2.Tx[0]["fee"] != nil {
			t.Fatalf("verbosity 2: fee fields wrong: %v", v2.Tx[1]["fee"])
		}
		v3 := env.mustCall(t, "getblock", tipHash, 3)
		if !strings.Contains(string(v3), `"prevout"`) {
			t.Fatal("verbosity 3 without prevout")
		}
		// Named parameters.
		var named json.RawMessage
		if err := env.client.Call(context.Background(), "getblock", map[string]any{"blockhash": tipHash, "verbosity": 0}, &named); err != nil {
			t.Fatal(err)
		}
		if unmarshal[string](t, named) != hexBlock {
			t.Fatal("named params differ")
		}
	})

	t.Run("errors", func(t *testing.T) {
		tests := []struct {
			name   string
			method string
			params []any
			code   int
			msg    string
		}{
			{"short hash", "getblock", []any{"abc"}, -8, "blockhash must be of length 64 (not 3, for 'abc')"},
			{"non-hex hash", "getblock", []any{strings.Repeat("zz", 32)}, -8, "blockhash must be hexadecimal string (not '" + strings.Repeat("zz", 32) + "')"},
			{"unknown block", "getblock", []any{strings.Repeat("00", 32)}, -5, "Block not found"},
			{"hash as number", "getblock", []any{12}, -3, ""},
			{"missing hash", "getblock", []any{}, -8, ""},
			{"verbosity string", "getblock", []any{tipHash, "x"}, -3, ""},
			{"height out of range", "getblockhash", []any{100000}, -8, "Block height out of range"},
			{"negative height", "getblockhash", []any{-1}, -8, "Block height out of range"},
			{"height float", "getblockhash", []any{1.5}, -1, "JSON integer out of range"},
			{"header unknown", "getblockheader", []any{strings.Repeat("11", 32)}, -5, "Block not found"},
			{"txout bad vout", "gettxout", []any{strings.Repeat("11", 32), "x"}, -3, ""},
			{"txoutset hash type", "gettxoutsetinfo", []any{"sha1"}, -8, "'sha1' is not a valid hash_type"},
			{"chaintxstats count", "getchaintxstats", []any{100000}, -8, "Invalid block count: should be between 0 and the block's height - 1"},
			{"mempoolentry absent", "getmempoolentry", []any{strings.Repeat("11", 32)}, -5, "Transaction not in mempool"},
			{"invalidate unknown", "invalidateblock", []any{strings.Repeat("11", 32)}, -5, "Block not found"},
			{"unknown method", "nosuchmethod", nil, -32601, ""},
			{"rawmempool both", "getrawmempool", []any{true, true}, -8, "Verbose results cannot contain mempool sequence values."},
			{"decode bad hex", "decoderawtransaction", []any{"zz"}, -22, "TX decode failed"},
			{"decodescript bad hex", "decodescript", []any{"0g"}, -8, "argument must be hexadecimal string (not '0g')"},
			{"rawtx unknown", "getrawtransaction", []any{strings.Repeat("11", 32)}, -5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."},
			{"rawtx bad block", "getrawtransaction", []any{strings.Repeat("11", 32), 1, strings.Repeat("11", 32)}, -5, "Block hash not found"},
			{"rawtx not in block", "getrawtransaction", []any{strings.Repeat("11", 32), 1, tipHash}, -5, "No such transaction found in the provided block. Use gettransaction for wallet transactions."},
			{"genesis coinbase", "getrawtransaction", []any{env.svc.params().GenesisBlock.Txs[0].TxHash().String()}, -5, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved"},
			{"send bad hex", "sendrawtransaction", []any{"00"}, -22, "TX decode failed. Make sure the tx has at least one input."},
			{"send bad feerate", "sendrawtransaction", []any{hex.EncodeToString(tip.Txs[1].Bytes()), 1}, -8, "Fee rates larger than or equal to 1BTC/kvB are not accepted"},
			{"send feerate type", "sendrawtransaction", []any{hex.EncodeToString(tip.Txs[1].Bytes()), true}, -3, "Amount is not a number or string"},
			{"multisig none", "createmultisig", []any{0, []string{}}, -8, "a multisignature address must require at least one key to redeem"},
			{"multisig bad key", "createmultisig", []any{1, []string{"zz"}}, -5, `Pubkey "zz" must be a hex string`},
			{"verifymessage bad addr", "verifymessage", []any{"nope", "c2ln", "m"}, -5, "Invalid address"},
			{"logging type", "logging", []any{"all"}, -3, ""},
			{"pruneblockchain", "pruneblockchain", []any{10}, -1, "Cannot prune blocks because node is not in prune mode."},
			{"getblockstats nohash", "getblockstats", []any{}, -8, ""},
			{"testmempoolaccept empty", "testmempoolaccept", []any{[]string{}}, -8, "Array must contain between 1 and 25 transactions."},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, rerr := env.call(t, tc.method, tc.params...)
				wantCode(t, rerr, tc.code, tc.msg)
			})
		}
	})

	t.Run("getblockheader", func(t *testing.T) {
		h := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblockheader", tipHash))
		want := []string{"hash", "confirmations", "height", "version", "versionHex", "merkleroot", "time", "mediantime", "nonce", "bits", "target", "difficulty", "chainwork", "nTx", "previousblockhash"}
		raw := string(env.mustCall(t, "getblockheader", tipHash))
		last := -1
		for _, k := range want {
			i := strings.Index(raw, `"`+k+`"`)
			if i < 0 || i < last {
				t.Fatalf("field %s missing or out of order in %s", k, raw)
			}
			last = i
		}
		if _, ok := h["nextblockhash"]; ok {
			t.Fatal("tip has nextblockhash")
		}
		hx := unmarshal[string](t, env.mustCall(t, "getblockheader", tipHash, false))
		if hx != hex.EncodeToString(tip.Header.Bytes()) {
			t.Fatal("header hex differs")
		}
	})

	t.Run("chaininfo", func(t *testing.T) {
		raw := string(env.mustCall(t, "getblockchaininfo"))
		for _, k := range []string{`"chain":"regtest"`, `"blocks":109`, `"headers":109`, `"warnings":[]`, `"pruned":false`} {
			if !strings.Contains(raw, k) {
				t.Fatalf("getblockchaininfo lacks %s: %s", k, raw)
			}
		}
		tips := unmarshal[[]chainTipView](t, env.mustCall(t, "getchaintips"))
		if len(tips) != 1 || tips[0].Status != "active" || tips[0].Hash != tipHash {
			t.Fatalf("getchaintips %+v", tips)
		}
		d := unmarshal[float64](t, env.mustCall(t, "getdifficulty"))
		if d <= 0 {
			t.Fatalf("difficulty %v", d)
		}
		st := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getchaintxstats"))
		if unmarshal[int](t, st["window_block_count"]) != tipHeight-1 {
			t.Fatalf("getchaintxstats %v", st)
		}
		if !unmarshal[bool](t, env.mustCall(t, "verifychain", 4, 0)) {
			t.Fatal("verifychain false")
		}
	})

	t.Run("txout", func(t *testing.T) {
		// The coinbase of block 109 is unspent (immature).
		cb := tip.Txs[0].TxHash().String()
		out := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "gettxout", cb, 0))
		if !unmarshal[bool](t, out["coinbase"]) || unmarshal[int](t, out["confirmations"]) != 1 {
			t.Fatalf("gettxout %v", out)
		}
		if raw := env.mustCall(t, "gettxout", cb, 99); string(raw) != "null" {
			t.Fatalf("absent vout: %s", raw)
		}
		for _, ht := range []string{"hash_serialized_3", "muhash", "none"} {
			info := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "gettxoutsetinfo", ht))
			if unmarshal[int](t, info["height"]) != tipHeight {
				t.Fatalf("%s: %v", ht, info)
			}
			_, hasSer := info["hash_serialized_3"]
			_, hasMu := info["muhash"]
			if hasSer != (ht == "hash_serialized_3") || hasMu != (ht == "muhash") {
				t.Fatalf("%s: hash fields %v", ht, info)
			}
		}
	})

	t.Run("getrawtransaction", func(t *testing.T) {
		tx := tip.Txs[1]
		txid := tx.TxHash().String()
		if h := unmarshal[string](t, env.mustCall(t, "getrawtransaction", txid)); h != hex.EncodeToString(tx.Bytes()) {
			t.Fatal("hex differs")
		}
		v1 := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getrawtransaction", txid, 1))
		if unmarshal[string](t, v1["blockhash"]) != tipHash || unmarshal[int](t, v1["confirmations"]) != 1 || v1["in_active_chain"] != nil {
			t.Fatalf("verbose 1: %v", v1)
		}
		v2 := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getrawtransaction", txid, 2, tipHash))
		if v2["fee"] == nil || !unmarshal[bool](t, v2["in_active_chain"]) || !strings.Contains(string(v2["vin"]), "prevout") {
			t.Fatalf("verbose 2: %v", v2)
		}
		dec := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "decoderawtransaction", hex.EncodeToString(tx.Bytes())))
		if unmarshal[string](t, dec["txid"]) != txid || dec["hex"] != nil {
			t.Fatalf("decoderawtransaction %v", dec)
		}
	})

	t.Run("invalidate", func(t *testing.T) {
		conf := func() int {
			v := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblock", tipHash, 2))
			return unmarshal[int](t, v["confirmations"])
		}
		if c := conf(); c != 1 {
			t.Fatalf("confirmations %d", c)
		}
		env.mustCall(t, "invalidateblock", tipHash)
		if c := conf(); c != -1 {
			t.Fatalf("cached getblock after invalidation: confirmations %d", c)
		}
		if n := unmarshal[int](t, env.mustCall(t, "getblockcount")); n != tipHeight-1 {
			t.Fatalf("after invalidate: %d", n)
		}
		tips := unmarshal[[]chainTipView](t, env.mustCall(t, "getchaintips"))
		if len(tips) != 2 {
			t.Fatalf("tips %+v", tips)
		}
		h := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "getblockheader", tipHash))
		if unmarshal[int](t, h["confirmations"]) != -1 {
			t.Fatalf("invalid block confirmations %s", h["confirmations"])
		}
		env.mustCall(t, "reconsiderblock", tipHash)
		if c := conf(); c != 1 {
			t.Fatalf("after reconsider: confirmations %d", c)
		}
		if h := unmarshal[string](t, env.mustCall(t, "getbestblockhash")); h != tipHash {
			t.Fatal("reconsider did not restore the tip")
		}
	})
}

func TestRawTransactionsWithoutTxIndex(t *testing.T) {
	env, _ := statsEnv(t, false)
	_, rerr := env.call(t, "getrawtransaction", strings.Repeat("11", 32))
	wantCode(t, rerr, -5, "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.")
}

func TestControlAndNetwork(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	if n := unmarshal[int64](t, env.mustCall(t, "uptime")); n < 0 {
		t.Fatalf("uptime %d", n)
	}
	info := unmarshal[rpcInfo](t, env.mustCall(t, "getrpcinfo"))
	if len(info.ActiveCommands) != 1 || info.ActiveCommands[0].Method != "getrpcinfo" || info.LogPath != "/tmp/debug.log" {
		t.Fatalf("getrpcinfo %+v", info)
	}
	if s := string(env.mustCall(t, "logging")); s != "{}" {
		t.Fatalf("logging %s", s)
	}
	if n := string(env.mustCall(t, "getconnectioncount")); n != "0" {
		t.Fatalf("getconnectioncount %s", n)
	}
	if s := string(env.mustCall(t, "getpeerinfo")); s != "[]" {
		t.Fatalf("getpeerinfo %s", s)
	}
	ni := string(env.mustCall(t, "getnetworkinfo"))
	for _, k := range []string{`"version":`, `"subversion":`, `"protocolversion":70016`, `"relayfee":0.00001000`, `"networks":[`} {
		if !strings.Contains(ni, k) {
			t.Fatalf("getnetworkinfo lacks %s: %s", k, ni)
		}
	}
	env.mustCall(t, "getnettotals")
	env.mustCall(t, "ping")
	env.mustCall(t, "getmemoryinfo")
	// help for every method, with Core's sections.
	for _, name := range env.svc.MethodNames() {
		h := unmarshal[string](t, env.mustCall(t, "help", name))
		if !strings.HasPrefix(h, name) || !strings.Contains(h, "Result:") || !strings.Contains(h, "Examples:") {
			t.Fatalf("help %s:\n%s", name, h)
		}
	}
	if s := unmarshal[string](t, env.mustCall(t, "stop")); s != "Bitcoin Core stopping" {
		t.Fatalf("stop: %q", s)
	}
	<-env.shutdown
}

func TestLoggingControl(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	lc := &fakeLogging{cats: map[string]bool{"net": false, "rpc": true}}
	env.svc.cfg.Logging = lc
	got := string(env.mustCall(t, "logging", []string{"net"}, []string{"rpc"}))
	if got != `{"net":true,"rpc":false}` {
		t.Fatalf("logging: %s", got)
	}
	_, rerr := env.call(t, "logging", []string{"nosuch"})
	wantCode(t, rerr, -8, "unknown logging category nosuch")
}

type fakeLogging struct{ cats map[string]bool }

func (f *fakeLogging) Categories() map[string]bool { return f.cats }
func (f *fakeLogging) SetCategories(include, exclude []string) error {
	for _, c := range append(append([]string{}, include...), exclude...) {
		if _, ok := f.cats[c]; !ok {
			return fmt.Errorf("unknown logging category %s", c)
		}
	}
	for _, c := range include {
		f.cats[c] = true
	}
	for _, c := range exclude {
		f.cats[c] = false
	}
	return nil
}
