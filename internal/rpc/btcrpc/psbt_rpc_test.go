package btcrpc

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

type psbtVectors struct {
	Invalid        []string    `json:"invalid"`
	InvalidWithMsg [][2]string `json:"invalid_with_msg"`
	Valid          []string    `json:"valid"`
	Creator        []struct {
		Inputs  json.RawMessage `json:"inputs"`
		Outputs json.RawMessage `json:"outputs"`
		Result  string          `json:"result"`
	} `json:"creator"`
	Combiner []struct {
		Combine []string `json:"combine"`
		Result  string   `json:"result"`
	} `json:"combiner"`
	Finalizer []struct {
		Finalize string `json:"finalize"`
		Result   string `json:"result"`
	} `json:"finalizer"`
	Extractor []struct {
		Extract string `json:"extract"`
		Result  string `json:"result"`
	} `json:"extractor"`
}

// TestPSBTVectors runs Core's rpc_psbt.json through the PSBT RPCs as Core's
// rpc_psbt.py does (the signer cases need a wallet and are left out).
func TestPSBTVectors(t *testing.T) {
	b, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_psbt.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v psbtVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, nil, envOptions{})
	counts := map[string][2]int{}
	count := func(k string, ok bool) {
		c := counts[k]
		c[1]++
		if ok {
			c[0]++
		}
		counts[k] = c
	}
	for i, s := range v.Invalid {
		_, rerr := env.call(t, "decodepsbt", s)
		ok := rerr != nil && rerr.Code == -22 && strings.HasPrefix(rerr.Message, "TX decode failed")
		if !ok {
			t.Errorf("invalid %d: %v", i, rerr)
		}
		count("invalid", ok)
	}
	for i, c := range v.InvalidWithMsg {
		_, rerr := env.call(t, "decodepsbt", c[0])
		ok := rerr != nil && rerr.Code == -22 && strings.Contains(rerr.Message, "TX decode failed "+c[1])
		if !ok {
			t.Errorf("invalid_with_msg %d: %v, want %q", i, rerr, c[1])
		}
		count("invalid_with_msg", ok)
	}
	for i, s := range v.Valid {
		_, rerr := env.call(t, "decodepsbt", s)
		if rerr != nil {
			t.Errorf("valid %d: %v", i, rerr)
		}
		a, rerr2 := env.call(t, "analyzepsbt", s)
		if rerr2 != nil || !strings.Contains(string(a), `"next"`) {
			t.Errorf("analyzepsbt valid %d: %v %s", i, rerr2, a)
		}
		count("valid", rerr == nil && rerr2 == nil)
	}
	for i, c := range v.Creator {
		var got string
		err := env.client.Call(context.Background(), "createpsbt", map[string]any{"inputs": c.Inputs, "outputs": c.Outputs, "replaceable": false}, &got)
		ok := err == nil && got == c.Result
		if !ok {
			t.Errorf("creator %d: %v\n got %s\nwant %s", i, err, got, c.Result)
		}
		count("creator", ok)
	}
	for i, c := range v.Combiner {
		got := unmarshal[string](t, env.mustCall(t, "combinepsbt", c.Combine))
		if got != c.Result {
			t.Errorf("combiner %d:\n got %s\nwant %s", i, got, c.Result)
		}
		count("combiner", got == c.Result)
	}
	for i, c := range v.Finalizer {
		got := unmarshal[finalizeResult](t, env.mustCall(t, "finalizepsbt", c.Finalize, false))
		if got.PSBT != c.Result {
			t.Errorf("finalizer %d:\n got %s\nwant %s", i, got.PSBT, c.Result)
		}
		count("finalizer", got.PSBT == c.Result)
	}
	for i, c := range v.Extractor {
		got := unmarshal[finalizeResult](t, env.mustCall(t, "finalizepsbt", c.Extract))
		if got.Hex != c.Result || !got.Complete {
			t.Errorf("extractor %d:\n got %+v\nwant %s", i, got, c.Result)
		}
		count("extractor", got.Hex == c.Result)
	}
	t.Logf("rpc_psbt.json through the RPCs (passed/total): %v", counts)

	_, rerr := env.call(t, "combinepsbt", []string{})
	wantCode(t, rerr, -8, "Parameter 'txs' cannot be empty")
	if len(v.Combiner) > 0 && len(v.Creator) > 0 {
		_, rerr = env.call(t, "combinepsbt", []string{v.Combiner[0].Result, v.Valid[0]})
		if rerr == nil || rerr.Code != -25 {
			t.Errorf("combining different transactions: %v", rerr)
		}
	}
}
