package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
)

func TestConvertPositional(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		args    []string
		want    string
		wantErr string
	}{
		{name: "no args", method: "getblockcount", want: `[]`},
		{name: "unknown method strings", method: "nosuch", args: []string{"1", "{}"}, want: `["1","{}"]`},
		{name: "height", method: "getblockhash", args: []string{"0"}, want: `[0]`},
		{name: "verbosity", method: "getblock", args: []string{"abc", "0"}, want: `["abc",0]`},
		{name: "string param listed", method: "createwallet", args: []string{"123", "false", "true", "", "false", "true"}, want: `["123",false,true,"",false,true]`},
		{name: "amount kept exact", method: "sendtoaddress", args: []string{"a", "0.00000001"}, want: `["a",0.00000001]`},
		{name: "object", method: "createrawtransaction", args: []string{`[{"txid":"aa","vout":0}]`, ` { "bcrt1": 1 } `}, want: `[[{"txid":"aa","vout":0}],{"bcrt1":1}]`},
		{name: "json or string", method: "gettxoutsetinfo", args: []string{"muhash", "00ff"}, want: `["muhash","00ff"]`},
		{name: "bad json", method: "getblockhash", args: []string{"1x"}, wantErr: "Error parsing JSON: 1x"},
		{name: "empty is bad json", method: "generatetoaddress", args: []string{""}, wantErr: "Error parsing JSON: "},
		{name: "escape", method: "echo", args: []string{"a\"b\\c\n"}, want: `["a\"b\\c\n"]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := convertPositional(tc.method, tc.args)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(got)
			if string(b) != tc.want {
				t.Errorf("got %s want %s", b, tc.want)
			}
		})
	}
}

func TestConvertNamed(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		args    []string
		want    string
		wantErr string
	}{
		{name: "named json", method: "getblock", args: []string{"blockhash=00", "verbosity=2"}, want: `{"blockhash":"00","verbosity":2}`},
		{name: "later wins in place", method: "getblock", args: []string{"verbosity=1", "blockhash=00", "verbosity=2"}, want: `{"verbosity":2,"blockhash":"00"}`},
		{name: "positional into args", method: "getblock", args: []string{"00", "verbosity=0"}, want: `{"verbosity":0,"args":["00"]}`},
		{name: "unknown name before json param taken as json", method: "createrawtransaction", args: []string{`[{"a":"="}]`}, want: `{"args":[[{"a":"="}]]}`},
		{name: "unknown name before string param taken as string", method: "loadwallet", args: []string{"my=wallet"}, want: `{"args":["my=wallet"]}`},
		{name: "unknown name with no table entry is named string", method: "echo", args: []string{"x=1"}, want: `{"x":"1"}`},
		{name: "options member", method: "fundrawtransaction", args: []string{"hexstring=00", "fee_rate=10", "add_inputs=true"}, want: `{"hexstring":"00","fee_rate":10,"add_inputs":true}`},
		{name: "string named", method: "sendtoaddress", args: []string{"address=[1]", "amount=1"}, want: `{"address":"[1]","amount":1}`},
		{name: "bad json named", method: "sendtoaddress", args: []string{"amount=x"}, wantErr: "Error parsing JSON: x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := convertNamed(tc.method, tc.args)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := got.MarshalJSON()
			if string(b) != tc.want {
				t.Errorf("got %s want %s", b, tc.want)
			}
		})
	}
}

// TestConvertTable checks the table: no duplicate (method, index, name),
// every method name lower case, and index order within a method.
func TestConvertTable(t *testing.T) {
	seen := map[string]bool{}
	for i, p := range convertParams {
		key := p.method + "/" + strconv.Itoa(p.index) + "/" + p.name
		if seen[key] {
			t.Errorf("duplicate entry %s", key)
		}
		seen[key] = true
		if p.method != strings.ToLower(p.method) || p.index < 0 || p.name == "" {
			t.Errorf("bad entry %+v", p)
		}
		if i > 0 && convertParams[i-1].method > p.method {
			t.Errorf("table not sorted at %s", p.method)
		}
	}
}

func FuzzConvertArgs(f *testing.F) {
	f.Add("sendtoaddress", "bcrt1q", "0.1", false)
	f.Add("createrawtransaction", `[{"txid":"00","vout":0}]`, `{"a":1}`, false)
	f.Add("getblock", "blockhash=00", "verbosity=2", true)
	f.Add("fundrawtransaction", "00", "options={\"fee_rate\":1}", true)
	f.Add("loadwallet", "a=b", "=", true)
	f.Add("getblockstats", "100", "[\"txs\"]", false)
	f.Fuzz(func(t *testing.T, method, a, b string, named bool) {
		args := []string{a, b}
		var out []byte
		if named {
			p, err := convertNamed(method, args)
			if err != nil {
				return
			}
			out, _ = p.MarshalJSON()
		} else {
			p, err := convertPositional(method, args)
			if err != nil {
				return
			}
			if len(p) != len(args) {
				t.Fatalf("%d params for %d args", len(p), len(args))
			}
			out, err = json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON params %q", out)
		}
	})
}

func FuzzFormatResult(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":null}],"c":"\u0001<>","d":{}}`))
	f.Add([]byte(`"text"`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		text, err := formatResult(raw)
		if err != nil {
			t.Fatalf("valid JSON %q: %v", raw, err)
		}
		trimmed := strings.TrimSpace(string(raw))
		if trimmed != "" && trimmed[0] != '"' && trimmed != "null" && !json.Valid([]byte(text)) {
			t.Fatalf("output of %q is not JSON: %q", raw, text)
		}
	})
}

// TestFormatResultMatchesUniValueLayout checks the printer against
// btcjson.MarshalIndent (UniValue's layout, used by twinchain-tool) on
// values whose strings need no escaping.
func TestFormatResultMatchesUniValueLayout(t *testing.T) {
	for _, raw := range []string{
		`{"a":1,"b":[],"c":{},"d":[1,2,[3,[]]],"e":{"f":{"g":null}},"h":true,"i":"x y","j":0.00010000,"k":-1e-10}`,
		`[[],[{}],[[[]]]]`,
		`[{"txid":"00ff","vout":[{"value":50.00000000,"n":0}]}]`,
	} {
		want, err := btcjson.MarshalIndent(json.RawMessage(raw), 2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := formatResult(json.RawMessage(raw))
		if err != nil || got != string(want) {
			t.Errorf("formatResult(%s):\n%s\nwant\n%s", raw, got, want)
		}
	}
}
