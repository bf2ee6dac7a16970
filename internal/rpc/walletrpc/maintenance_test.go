package walletrpc

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/wallet"
)

func TestAbortRescanRPC(t *testing.T) {
	var hook func(wallet.RescanStatus)
	r := newRPCTestCfg(t, func(c *wallet.ManagerConfig) {
		c.RescanProgress = func(s wallet.RescanStatus) {
			if hook != nil {
				hook(s)
			}
		}
	})
	r.ok("", "createwallet", nil, "a")
	var addr string
	r.ok("a", "getnewaddress", &addr)
	r.chain.mine(r.spk(addr), 10)

	var got bool
	r.ok("a", "abortrescan", &got)
	if got {
		t.Fatal("abortrescan with no rescan running: true")
	}
	var stoppedAt int32 = -1
	var inside []bool
	hook = func(s wallet.RescanStatus) {
		if s.Height != 3 {
			return
		}
		stoppedAt = s.Height
		for range 2 { // the second call finds the abort already asked
			var b bool
			r.ok("a", "abortrescan", &b)
			inside = append(inside, b)
		}
	}
	r.fails("a", "rescanblockchain", -1, "Rescan aborted.")
	if stoppedAt != 3 || !slices.Equal(inside, []bool{true, false}) {
		t.Fatalf("abort during rescan: stopped at %d, abortrescan gave %v", stoppedAt, inside)
	}
	hook = nil
	r.ok("a", "abortrescan", &got)
	if got {
		t.Fatal("abortrescan after the aborted rescan: true")
	}
	var res struct {
		Start int32 `json:"start_height"`
		Stop  int32 `json:"stop_height"`
	}
	r.ok("a", "rescanblockchain", &res)
	if res.Start != 0 || res.Stop != 10 {
		t.Fatalf("rescan after abort %+v", res)
	}
	var bal float64
	r.ok("a", "getbalance", &bal, "*", 0, false, false)
	if bal != 0 { // all ten coinbases immature
		t.Fatalf("balance %v", bal)
	}
}

func TestListAddressGroupingsRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	r.ok("", "createwallet", nil, "b")
	var addrA, addrB string
	r.ok("a", "getnewaddress", &addrA, "miner")
	r.ok("b", "getnewaddress", &addrB, "")

	var groups [][][]any
	r.ok("a", "listaddressgroupings", &groups)
	if len(groups) != 0 {
		t.Fatalf("empty wallet groupings %v", groups)
	}
	r.chain.mine(r.spk(addrA), 101)
	r.ok("a", "listaddressgroupings", &groups)
	if len(groups) != 1 || len(groups[0]) != 1 || !slices.Equal(groups[0][0], []any{addrA, 50.0, "miner"}) {
		t.Fatalf("groupings after mining %v", groups)
	}

	var txid string
	r.ok("a", "sendtoaddress", &txid, addrB, 1)
	var tx struct {
		Fee float64 `json:"fee"`
	}
	r.ok("a", "gettransaction", &tx, txid)
	// The spent coinbase's address and the change address are linked.
	r.ok("a", "listaddressgroupings", &groups)
	if len(groups) != 1 || len(groups[0]) != 2 {
		t.Fatalf("groupings after send %v", groups)
	}
	var change []any
	for _, e := range groups[0] {
		if e[0] == addrA {
			if !slices.Equal(e, []any{addrA, 0.0, "miner"}) {
				t.Fatalf("miner entry %v", e)
			}
		} else {
			change = e
		}
	}
	if len(change) != 2 || change[1].(float64) != 49+tx.Fee { // change has no label
		t.Fatalf("change entry %v (fee %v)", change, tx.Fee)
	}
	// The receiver sees its address alone, with no balance while the
	// payment is unconfirmed and not its own.
	r.ok("b", "listaddressgroupings", &groups)
	if len(groups) != 1 || !slices.Equal(groups[0][0], []any{addrB, 0.0, ""}) {
		t.Fatalf("receiver groupings unconfirmed %v", groups)
	}
	r.chain.mine(r.spk(addrA), 1)
	r.ok("b", "listaddressgroupings", &groups)
	if len(groups) != 1 || !slices.Equal(groups[0][0], []any{addrB, 1.0, ""}) {
		t.Fatalf("receiver groupings confirmed %v", groups)
	}
}

func TestBackupWalletRPC(t *testing.T) {
	r := newRPCTest(t)
	r.ok("", "createwallet", nil, "a")
	var addr string
	r.ok("a", "getnewaddress", &addr, "savings")
	r.chain.mine(r.spk(addr), 101)

	dest := filepath.Join(t.TempDir(), "a.bak")
	r.ok("a", "backupwallet", nil, dest)
	// Backing up again replaces the earlier copy.
	if rep := r.callNamed("a", "backupwallet", map[string]any{"destination": dest}); rep.Error != nil {
		t.Fatalf("backupwallet over an old backup: %v", rep.Error)
	}
	r.ok("", "loadwallet", nil, dest)
	var info struct {
		Labels []string `json:"labels"`
		IsMine bool     `json:"ismine"`
	}
	r.ok(dest, "getaddressinfo", &info, addr)
	if !info.IsMine || !slices.Equal(info.Labels, []string{"savings"}) {
		t.Fatalf("restored getaddressinfo %+v", info)
	}
	var bal float64
	r.ok(dest, "getbalance", &bal)
	if bal != 50 {
		t.Fatalf("restored balance %v", bal)
	}

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dest string
	}{
		{"own database", filepath.Join(r.dir, "a")},
		{"a loaded wallet", dest},
		{"a plain file", file},
		{"empty name", ""},
	} {
		rep := r.call("a", "backupwallet", tc.dest)
		if rep.Error == nil || rep.Error.Code != -4 || rep.Error.Message != "Error: Wallet backup failed!" {
			t.Fatalf("%s: backupwallet %s %+v", tc.name, rep.Result, rep.Error)
		}
	}
	r.fails("a", "backupwallet", -8, "Missing required parameter", nil)
}
