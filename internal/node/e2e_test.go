package node

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// call invokes method and fails the test on an error.
func call(t *testing.T, cl *jsonrpc.Client, method string, params any, res any) {
	t.Helper()
	if err := cl.Call(context.Background(), method, params, res); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

// walletClient returns a client on /wallet/<name>.
func walletClient(cl *jsonrpc.Client, name string) *jsonrpc.Client {
	return &jsonrpc.Client{URL: strings.TrimSuffix(cl.URL, "/") + "/wallet/" + name,
		User: cl.User, Password: cl.Password, Timeout: cl.Timeout}
}

// TestWalletFlowResumes runs the seed's flow through RPC (dev wallet, a
// second wallet, mine 101 blocks, send, mine, balances, confirmations), stops
// through the stop RPC and checks that a restart resumes the chain and the
// wallets.
func TestWalletFlowResumes(t *testing.T) {
	dir := t.TempDir()
	n, cl := startNode(t, loadConfig(t, dir))
	if got := n.WalletNames(); len(got) != 1 || got[0] != DevWalletName {
		t.Fatalf("wallets at start %v", got)
	}
	var created map[string]any
	call(t, cl, "createwallet", []any{"bob"}, &created)
	alice, bob := walletClient(cl, DevWalletName), walletClient(cl, "bob")

	var addrA, addrB string
	call(t, alice, "getnewaddress", nil, &addrA)
	call(t, bob, "getnewaddress", nil, &addrB)
	var hashes []string
	call(t, cl, "generatetoaddress", []any{101, addrA}, &hashes)
	if len(hashes) != 101 {
		t.Fatalf("generated %d blocks", len(hashes))
	}
	var balA float64
	call(t, alice, "getbalance", nil, &balA)
	if balA != 50 {
		t.Fatalf("alice's balance after 101 blocks: %v", balA)
	}
	var txid string
	call(t, alice, "sendtoaddress", []any{addrB, 1.5}, &txid)
	var pool []string
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 1 || pool[0] != txid {
		t.Fatalf("mempool %v, want [%s]", pool, txid)
	}
	call(t, cl, "generatetoaddress", []any{1, addrA}, &hashes)
	var balB float64
	call(t, bob, "getbalance", nil, &balB)
	if balB != 1.5 {
		t.Fatalf("bob's balance %v, want 1.5", balB)
	}
	var tx map[string]json.RawMessage
	call(t, bob, "gettransaction", []any{txid}, &tx)
	if string(tx["confirmations"]) != "1" {
		t.Fatalf("confirmations %s", tx["confirmations"])
	}
	call(t, alice, "getbalance", nil, &balA)
	var count int
	call(t, cl, "getblockcount", nil, &count)
	if count != 102 {
		t.Fatalf("block count %d", count)
	}
	stopByRPC(t, n, cl)

	// Restart: the dev wallet is loaded again, bob is not (as Core without
	// -wallet=bob or load_on_startup); both keep their state.
	n2, cl2 := startNode(t, loadConfig(t, dir, "-wallet="+DevWalletName, "-wallet=bob", "-rest"))
	call(t, cl2, "getblockcount", nil, &count)
	if count != 102 {
		t.Fatalf("block count after restart %d", count)
	}
	alice, bob = walletClient(cl2, DevWalletName), walletClient(cl2, "bob")
	var balA2, balB2 float64
	call(t, alice, "getbalance", nil, &balA2)
	call(t, bob, "getbalance", nil, &balB2)
	if balA2 != balA || balB2 != 1.5 {
		t.Fatalf("balances after restart %v/%v, want %v/1.5", balA2, balB2, balA)
	}
	var info map[string]any
	call(t, cl2, "getblockchaininfo", nil, &info)
	if info["chain"] != "regtest" || info["blocks"] != float64(102) {
		t.Fatalf("getblockchaininfo %v", info)
	}
	// -rest mounts Core's REST interface (no authentication).
	resp, err := http.Get(strings.TrimSuffix(cl2.URL, "/") + "/rest/chaininfo.json")
	if err != nil {
		t.Fatal(err)
	}
	var rest map[string]any
	err = json.NewDecoder(resp.Body).Decode(&rest)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || rest["blocks"] != float64(102) {
		t.Fatalf("REST chaininfo: %d %v %v", resp.StatusCode, rest, err)
	}
	// The logging RPC drives the node's logger.
	var cats map[string]bool
	call(t, cl2, "logging", []any{[]string{"net", "mempool"}, []string{"mempool"}}, &cats)
	if !cats["net"] || cats["mempool"] || !n2.logs.Enabled("net") || n2.logs.Enabled("mempool") {
		t.Fatalf("logging answered %v", cats)
	}
	t.Logf("after restart: height 102, alice %v BTC, bob %v BTC", balA2, balB2)
	stopByRPC(t, n2, cl2)
}

func TestWalletOptions(t *testing.T) {
	dir := t.TempDir()
	// A -wallet that does not exist stops the start-up, as Core's, and
	// leaves the directory usable.
	cfg := loadConfig(t, dir, "-wallet=nosuch")
	n, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = n.Start(context.Background())
	if !errors.Is(err, ErrStartup) || !strings.Contains(err.Error(), "Path does not exist") {
		t.Fatalf("start with -wallet=nosuch: %v", err)
	}
	if err := n.Wait(); err != nil {
		t.Fatalf("stop after a failed start: %v", err)
	}
	// -disablewallet: no wallet, no wallet methods.
	n2, cl := startNode(t, loadConfig(t, dir, "-disablewallet"))
	if w := n2.WalletNames(); len(w) != 0 {
		t.Fatalf("wallets %v", w)
	}
	var e *jsonrpc.Error
	if err := cl.Call(context.Background(), "getnewaddress", nil, nil); !errors.As(err, &e) || e.Code != jsonrpc.CodeMethodNotFound {
		t.Fatalf("getnewaddress with -disablewallet: %v", err)
	}
	stopByRPC(t, n2, cl)
}

// TestInvalidateBlockReaddsTransactions: invalidateblock without a better
// branch ends the reorganisation at the parent; the block's transactions go
// back to the mempool, and reconsiderblock confirms them again.
func TestInvalidateBlockReaddsTransactions(t *testing.T) {
	n, cl := startNode(t, loadConfig(t, t.TempDir()))
	w := walletClient(cl, DevWalletName)
	var addr, txid string
	var hashes []string
	call(t, w, "getnewaddress", nil, &addr)
	call(t, cl, "generatetoaddress", []any{101, addr}, &hashes)
	call(t, w, "sendtoaddress", []any{addr, 2}, &txid)
	call(t, cl, "generatetoaddress", []any{1, addr}, &hashes)
	var pool []string
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 0 {
		t.Fatalf("mempool after mining: %v", pool)
	}
	call(t, cl, "invalidateblock", []any{hashes[0]}, nil)
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 1 || pool[0] != txid {
		t.Fatalf("mempool after invalidateblock: %v, want [%s]", pool, txid)
	}
	if len(n.btc.disp.disconnected) != 0 {
		t.Fatal("reorganisation left pending")
	}
	call(t, cl, "reconsiderblock", []any{hashes[0]}, nil)
	call(t, cl, "getrawmempool", nil, &pool)
	if len(pool) != 0 {
		t.Fatalf("mempool after reconsiderblock: %v", pool)
	}
}
