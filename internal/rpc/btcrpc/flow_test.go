package btcrpc

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestPSBTFlow: createrawtransaction over a confirmed output, converttopsbt,
// utxoupdatepsbt from the chain, analyzepsbt and decodepsbt.
func TestPSBTFlow(t *testing.T) {
	env, gen := genEnv(t, true)
	tx := gen.Blocks[len(gen.Blocks)-1].Txs[1]
	in := tx.Inputs[0].PrevOut
	raw := unmarshal[string](t, env.mustCall(t, "createrawtransaction",
		[]map[string]any{{"txid": in.Hash.String(), "vout": in.Index}}, map[string]any{"data": "00"}))
	p0 := unmarshal[string](t, env.mustCall(t, "converttopsbt", raw))
	an := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "analyzepsbt", p0))
	if string(an["next"]) != `"updater"` || !strings.Contains(string(an["inputs"]), `"has_utxo":false`) {
		t.Fatalf("analyze before update: %v", an)
	}
	p1 := unmarshal[string](t, env.mustCall(t, "utxoupdatepsbt", p0))
	an = unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "analyzepsbt", p1))
	if !strings.Contains(string(an["inputs"]), `"has_utxo":true`) || an["fee"] == nil {
		t.Fatalf("analyze after update: %v", an)
	}
	dec := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "decodepsbt", p1))
	if !strings.Contains(string(dec["inputs"]), "utxo") || dec["fee"] == nil {
		t.Fatalf("decodepsbt: %s", dec["inputs"])
	}
	// A signed transaction needs permitsigdata.
	_, rerr := env.call(t, "converttopsbt", hex.EncodeToString(tx.Bytes()))
	wantCode(t, rerr, -22, "Inputs must not have scriptSigs and scriptWitnesses")
	env.mustCall(t, "converttopsbt", hex.EncodeToString(tx.Bytes()), true)
	_, rerr = env.call(t, "decodepsbt", "notbase64!")
	wantCode(t, rerr, -22, "")
}

func TestWaitMethods(t *testing.T) {
	env, _ := genEnv(t, false)
	best := env.chain.BestState()
	start := time.Now()
	res := unmarshal[waitResult](t, env.mustCall(t, "waitfornewblock", 50))
	if res.Height != best.Height || time.Since(start) < 40*time.Millisecond {
		t.Fatalf("waitfornewblock timeout: %+v after %v", res, time.Since(start))
	}
	res = unmarshal[waitResult](t, env.mustCall(t, "waitforblockheight", 1, 1000))
	if res.Height != best.Height {
		t.Fatalf("waitforblockheight: %+v", res)
	}
	res = unmarshal[waitResult](t, env.mustCall(t, "waitforblock", best.Hash.String(), 1000))
	if res.Hash != best.Hash.String() {
		t.Fatalf("waitforblock: %+v", res)
	}
	// A new block wakes waitfornewblock.
	done := make(chan waitResult, 1)
	go func() {
		var r waitResult
		json.Unmarshal(env.mustCall(t, "waitfornewblock", 10000), &r)
		done <- r
	}()
	time.Sleep(100 * time.Millisecond)
	gen := generated(t)
	if err := env.chain.ProcessBlock(gen.Blocks[len(gen.Blocks)-1]); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.Height != best.Height+1 {
			t.Fatalf("woken at %+v", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waitfornewblock not woken")
	}
	_, rerr := env.call(t, "waitfornewblock", -1)
	wantCode(t, rerr, -8, "Negative timeout")
}
