package walletrpc

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRestoreWalletRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	var addr string
	r.ok("a", "getnewaddress", &addr, "savings")
	r.chain.mine(r.spk(addr), 101)
	backup := filepath.Join(t.TempDir(), "a.bak")
	r.ok("a", "backupwallet", nil, backup)

	var res struct {
		Name     string   `json:"name"`
		Warnings []string `json:"warnings"`
	}
	r.ok("", "restorewallet", &res, "b", backup)
	if res.Name != "b" || res.Warnings != nil {
		t.Fatalf("restorewallet %+v", res)
	}
	var info struct {
		Labels []string `json:"labels"`
		IsMine bool     `json:"ismine"`
	}
	r.ok("b", "getaddressinfo", &info, addr)
	if !info.IsMine || !slices.Equal(info.Labels, []string{"savings"}) {
		t.Fatalf("restored getaddressinfo %+v", info)
	}
	var balA, balB float64
	r.ok("a", "getbalance", &balA)
	r.ok("b", "getbalance", &balB)
	if balA != 50 || balB != balA {
		t.Fatalf("balances %v, restored %v", balA, balB)
	}
	var descA, descB struct {
		Descriptors []struct {
			Desc string `json:"desc"`
		} `json:"descriptors"`
	}
	r.ok("a", "listdescriptors", &descA)
	r.ok("b", "listdescriptors", &descB)
	if len(descA.Descriptors) == 0 || len(descA.Descriptors) != len(descB.Descriptors) {
		t.Fatalf("descriptors %d, restored %d", len(descA.Descriptors), len(descB.Descriptors))
	}
	var da, db []string
	for i := range descA.Descriptors {
		da = append(da, descA.Descriptors[i].Desc)
		db = append(db, descB.Descriptors[i].Desc)
	}
	slices.Sort(da)
	slices.Sort(db)
	if !slices.Equal(da, db) {
		t.Fatalf("descriptors %v, restored %v", da, db)
	}

	// load_on_startup, named parameters.
	if rep := r.callNamed("", "restorewallet", map[string]any{"wallet_name": "c", "backup_file": backup, "load_on_startup": true}); rep.Error != nil {
		t.Fatalf("restorewallet named: %v", rep.Error)
	}
	if got, _ := r.chain.mgr.StartupWallets(); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("startup wallets %v", got)
	}
	r.ok("", "restorewallet", nil, "d", backup, false)
	r.ok("c", "unloadwallet", nil, "c", false)
	if got, _ := r.chain.mgr.StartupWallets(); len(got) != 0 {
		t.Fatalf("startup wallets %v", got)
	}

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	entries := func() []string {
		es, err := os.ReadDir(r.dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	before := entries()
	for _, tc := range []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"missing backup", []any{"x", filepath.Join(t.TempDir(), "none")}, -8, "Backup file does not exist"},
		{"not a wallet", []any{"x", file}, -4, "is not a wallet backup"},
		{"loaded name", []any{"a", backup}, -36, "Failed to create database path '" + filepath.Join(r.dir, "a") + "'. Database already exists."},
		{"unloaded name", []any{"c", backup}, -36, "Database already exists."},
		{"no backup_file", []any{"x"}, -8, "Missing required parameter"},
		{"no parameters", nil, -8, "Missing required parameter"},
	} {
		r.fails("", "restorewallet", tc.code, tc.msg, tc.params...)
		if got := entries(); !slices.Equal(got, before) {
			t.Fatalf("%s: wallets directory %v, want %v", tc.name, got, before)
		}
	}
	var names []string
	r.ok("", "listwallets", &names)
	if !slices.Equal(names, []string{"a", "b", "d"}) {
		t.Fatalf("listwallets %v", names)
	}
}
