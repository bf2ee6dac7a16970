package walletrpc

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestLabelsRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, rent1, rent2, plain, food string
	r.ok("a", "getnewaddress", &addrA)
	r.ok("b", "getnewaddress", &rent1, "rent")
	r.ok("b", "getnewaddress", &rent2, "rent", "legacy")
	r.ok("b", "getnewaddress", &plain)
	r.ok("b", "getnewaddress", &food, "food")
	r.ok("b", "setlabel", nil, addrA, "shop") // not ours: purpose "send"

	var labels []string
	for _, tc := range []struct {
		name    string
		purpose []any
		want    []string
	}{
		{"all", nil, []string{"", "food", "rent", "shop"}},
		{"empty purpose", []any{""}, []string{"", "food", "rent", "shop"}},
		{"receive", []any{"receive"}, []string{"", "food", "rent"}},
		{"send", []any{"send"}, []string{"shop"}},
		{"refund", []any{"refund"}, []string{}},
	} {
		r.ok("b", "listlabels", &labels, tc.purpose...)
		if !slices.Equal(labels, tc.want) {
			t.Fatalf("%s: listlabels %q, want %q", tc.name, labels, tc.want)
		}
	}
	r.fails("b", "listlabels", -8, "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.", "spend")
	r.fails("b", "listlabels", -3, "", 5)
	if rep := r.callNamed("b", "listlabels", map[string]any{"purpose": "send"}); rep.Error != nil || string(rep.Result) != `["shop"]` {
		t.Fatalf("listlabels named: %s %v", rep.Result, rep.Error)
	}

	// getaddressesbylabel: an object keyed by address, change excluded.
	var byLabel map[string]struct {
		Purpose string `json:"purpose"`
	}
	r.ok("b", "getaddressesbylabel", &byLabel, "rent")
	if len(byLabel) != 2 || byLabel[rent1].Purpose != "receive" || byLabel[rent2].Purpose != "receive" {
		t.Fatalf("getaddressesbylabel rent %+v", byLabel)
	}
	byLabel = nil
	r.ok("b", "getaddressesbylabel", &byLabel, "shop")
	if len(byLabel) != 1 || byLabel[addrA].Purpose != "send" {
		t.Fatalf("getaddressesbylabel shop %+v", byLabel)
	}
	rep := r.callNamed("b", "getaddressesbylabel", map[string]any{"label": ""})
	if rep.Error != nil || string(rep.Result) != `{"`+plain+`":{"purpose":"receive"}}` {
		t.Fatalf("getaddressesbylabel \"\": %s %v", rep.Result, rep.Error)
	}
	// A labelled change address is an ordinary address-book entry.
	var change string
	r.ok("b", "getrawchangeaddress", &change)
	r.ok("b", "setlabel", nil, change, "odd")
	byLabel = nil
	r.ok("b", "getaddressesbylabel", &byLabel, "odd")
	if len(byLabel) != 1 || byLabel[change].Purpose != "receive" {
		t.Fatalf("getaddressesbylabel odd %+v", byLabel)
	}
	r.ok("b", "setlabel", nil, change, "food")
	r.fails("b", "getaddressesbylabel", -11, "No addresses with label odd", "odd")
	r.fails("b", "getaddressesbylabel", -11, "No addresses with label nope", "nope")
	r.fails("b", "getaddressesbylabel", -11, "Invalid label name", "*")
	r.fails("b", "getaddressesbylabel", -8, "Missing required parameter", nil)
	r.fails("b", "getaddressesbylabel", -3, "", 1)

	// Fund: rent1 1, rent2 2, plain 0.5 confirmed; then rent1 0.25 pending.
	r.chain.mine(r.spk(addrA), 101)
	var txid string
	r.ok("a", "sendmany", &txid, "", map[string]any{rent1: 1, rent2: 2, plain: 0.5})
	r.chain.mine(r.spk(addrA), 1)
	r.ok("a", "sendtoaddress", &txid, rent1, 0.25)

	var amt float64
	for _, tc := range []struct {
		name   string
		params []any
		want   float64
	}{
		{"rent", []any{"rent"}, 3},
		{"rent minconf 0", []any{"rent", 0}, 3.25},
		{"rent minconf 2", []any{"rent", 2}, 0},
		{"default label", []any{""}, 0.5},
		{"unused label", []any{"food"}, 0},
		{"unknown label", []any{"nope"}, 0},
		{"not ours", []any{"shop", 0}, 0},
	} {
		r.ok("b", "getreceivedbylabel", &amt, tc.params...)
		if amt != tc.want {
			t.Fatalf("%s: getreceivedbylabel %v, want %v", tc.name, amt, tc.want)
		}
	}
	r.fails("b", "getreceivedbylabel", -11, "Invalid label name", "*")
	if rep := r.callNamed("b", "getreceivedbylabel", map[string]any{"label": "rent", "minconf": 0}); rep.Error != nil || string(rep.Result) != "3.25000000" {
		t.Fatalf("getreceivedbylabel named: %s %v", rep.Result, rep.Error)
	}

	// Coinbase maturity in wallet a: 102 blocks to addrA, 2 mature.
	var mature, all float64
	r.ok("a", "getreceivedbylabel", &mature, "")
	r.ok("a", "getreceivedbylabel", &all, "", 1, true)
	if mature != 100 || all != 102*50 {
		t.Fatalf("coinbase: mature %v, with immature %v", mature, all)
	}

	type recv struct {
		Amount        float64 `json:"amount"`
		Confirmations int     `json:"confirmations"`
		Label         string  `json:"label"`
	}
	var lr []recv
	r.ok("b", "listreceivedbylabel", &lr)
	want := []recv{{0.5, 1, ""}, {3, 1, "rent"}}
	if !slices.Equal(lr, want) {
		t.Fatalf("listreceivedbylabel %+v, want %+v", lr, want)
	}
	r.ok("b", "listreceivedbylabel", &lr, 0, true)
	want = []recv{{0.5, 1, ""}, {0, 0, "food"}, {3.25, 0, "rent"}, {0, 0, "shop"}}
	if !slices.Equal(lr, want) {
		t.Fatalf("listreceivedbylabel include_empty %+v, want %+v", lr, want)
	}
	rep = r.callNamed("b", "listreceivedbylabel", map[string]any{"minconf": 1, "include_empty": false, "include_watchonly": true, "include_immature_coinbase": false})
	if rep.Error != nil {
		t.Fatalf("listreceivedbylabel named: %v", rep.Error)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(rep.Result, &raw); err != nil || len(raw) != 2 || string(raw[1]) != `{"amount":3.00000000,"confirmations":1,"label":"rent"}` {
		t.Fatalf("listreceivedbylabel named: %s", rep.Result)
	}
	r.fails("b", "listreceivedbylabel", -3, "", 1, "yes")
	r.ok("a", "listreceivedbylabel", &lr, 1, false, false, true)
	if len(lr) != 1 || lr[0].Amount != 102*50 || lr[0].Label != "" {
		t.Fatalf("listreceivedbylabel immature %+v", lr)
	}
}
