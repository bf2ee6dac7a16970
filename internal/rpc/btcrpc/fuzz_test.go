package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// FuzzRESTPath drives the REST handler with arbitrary paths and bodies:
// every answer must be a status Core uses, never a panic.
func FuzzRESTPath(f *testing.F) {
	env, v := statsEnv(f, true)
	var hashes []string
	for _, st := range v.Stats {
		var h string
		json.Unmarshal(st["blockhash"], &h)
		hashes = append(hashes, h)
	}
	seeds := []string{
		"/rest/block/" + hashes[0] + ".json", "/rest/block/notxdetails/" + hashes[1] + ".hex",
		"/rest/headers/3/" + hashes[0] + ".bin", "/rest/headers/" + hashes[0] + ".json?count=2",
		"/rest/blockhashbyheight/5.json", "/rest/chaininfo.json", "/rest/mempool/contents.json?verbose=false",
		"/rest/getutxos/checkmempool/" + hashes[0] + "-0.json", "/rest/tx/" + hashes[0] + ".bin",
		"/rest/getutxos.bin", "/rest/headers/.json?count=99999999999999999999", "/rest/block/.",
	}
	for _, s := range seeds {
		f.Add(s, []byte{1, 1})
	}
	h := env.svc.RESTHandler()
	f.Fuzz(func(t *testing.T, path string, body []byte) {
		if !strings.HasPrefix(path, "/") {
			path = "/rest/" + path
		}
		req, err := http.NewRequest(http.MethodPost, "http://x"+path, strings.NewReader(string(body)))
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 404, 500:
		default:
			t.Fatalf("%s: status %d", path, rec.Code)
		}
	})
}

// FuzzCreateRawTransaction feeds arbitrary JSON to createrawtransaction's
// parser: it must answer a transaction or a JSON-RPC error.
func FuzzCreateRawTransaction(f *testing.F) {
	svc := newTestEnv(f, nil, envOptions{}).svc
	txid := strings.Repeat("ab", 32)
	f.Add(`[{"txid":"`+txid+`","vout":0}]`, `{"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kxw3dzc":1}`, `0`, false)
	f.Add(`[{"txid":"`+txid+`","vout":1,"sequence":4294967295}]`, `[{"data":"00ff"},{"2MwGk8mw1GBP6U9D5X8gTvgvXpuknmAK3fo":"0.1"}]`, `500000`, true)
	f.Add(`[]`, `{}`, `null`, false)
	f.Add(`[1]`, `[[]]`, `-1`, true)
	f.Fuzz(func(t *testing.T, in, out, lock string, rbf bool) {
		tx, err := svc.constructTransaction(json.RawMessage(in), json.RawMessage(out), json.RawMessage(lock), &rbf, 2)
		if err != nil {
			if _, ok := err.(*jsonrpc.Error); !ok {
				t.Fatalf("non-RPC error %T %v", err, err)
			}
			return
		}
		if _, err := hex.DecodeString(hex.EncodeToString(tx.Bytes())); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMethodParams calls every method handler with arbitrary positional
// parameters on a live chain: each call answers a result or an error,
// never panics. (Methods that stop or wait are left out.)
func FuzzMethodParams(f *testing.F) {
	env, v := statsEnv(f, true)
	var h string
	json.Unmarshal(v.Stats[0]["blockhash"], &h)
	skip := map[string]bool{"stop": true, "waitfornewblock": true, "waitforblock": true, "waitforblockheight": true, "invalidateblock": true}
	handlers := map[string]jsonrpc.Handler{}
	var names []string
	for _, m := range env.svc.methods {
		if !skip[m.name] {
			handlers[m.name] = m.handler
			names = append(names, m.name)
		}
	}
	for i := range names {
		f.Add(uint8(i), `["`+h+`", 2]`)
		f.Add(uint8(i), `[101, ["avgfee"]]`)
		f.Add(uint8(i), `[{"a":1}, true, null, "x"]`)
		f.Add(uint8(i), `[[{"txid":"`+h+`","vout":1}], {"data":"00"}]`)
	}
	f.Fuzz(func(t *testing.T, which uint8, params string) {
		var pos []json.RawMessage
		if json.Unmarshal([]byte(params), &pos) != nil {
			return
		}
		name := names[int(which)%len(names)]
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err := handlers[name](ctx, &jsonrpc.Params{Positional: pos})
		if err != nil {
			return
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("%s %s: result does not marshal: %v", name, params, err)
		}
	})
}
