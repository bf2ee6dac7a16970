package btc

import (
	"slices"
	"testing"
)

// TestRestartResumes stops the node cleanly with a transaction in the
// mempool and checks that a restart resumes: same tip, the wallet loads
// with its balance, and the mempool transaction is back (mempool.dat).
func TestRestartResumes(t *testing.T) {
	n := startNode(t)
	n.cli("createwallet", "carol")
	addr := n.cli("-rpcwallet=carol", "getnewaddress")
	n.cli("generatetoaddress", "101", addr)
	txid := n.cli("-rpcwallet=carol", "sendtoaddress", n.cli("-rpcwallet=carol", "getnewaddress"), "1")
	tip := n.cli("getbestblockhash")
	height := n.cli("getblockcount")
	balance := n.cli("-rpcwallet=carol", "getbalance")

	n.restart()

	if got := n.cli("getbestblockhash"); got != tip {
		t.Fatalf("after restart getbestblockhash = %s, want %s", got, tip)
	}
	if got := n.cli("getblockcount"); got != height {
		t.Fatalf("after restart getblockcount = %s, want %s", got, height)
	}
	var mempool []string
	n.cliJSON(&mempool, "getrawmempool")
	if !slices.Contains(mempool, txid) {
		t.Errorf("after restart getrawmempool = %v, want %s (mempool.dat)", mempool, txid)
	}
	var wallets []string
	n.cliJSON(&wallets, "listwallets")
	if !slices.Contains(wallets, "carol") {
		n.cli("loadwallet", "carol")
	}
	if got := n.cli("-rpcwallet=carol", "getbalance"); got != balance {
		t.Errorf("after restart carol's getbalance = %s, want %s", got, balance)
	}
	// The chain keeps growing from the restored tip.
	n.cli("generatetoaddress", "1", addr)
	n.cliJSON(&mempool, "getrawmempool")
	if slices.Contains(mempool, txid) {
		t.Errorf("the restored mempool transaction was not mined")
	}
}
