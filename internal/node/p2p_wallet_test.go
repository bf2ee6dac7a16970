package node

import (
	"testing"
	"time"
)

// TestP2PWalletSeesRelayedPayment: a payment that reaches a node only over
// P2P shows up in that node's wallet while still unconfirmed (pending
// balance, listtransactions), as bitcoind's wallet sees every transaction
// added to the mempool, not only its own.
func TestP2PWalletSeesRelayedPayment(t *testing.T) {
	b := &netNode{name: "B", addr: "127.0.0.1:" + freePort(t)}
	b.n, b.cl = startNode(t, loadConfig(t, t.TempDir(), "-port="+b.addr[len("127.0.0.1:"):], "-listen=1"))
	a := &netNode{name: "A", addr: "127.0.0.1:" + freePort(t)}
	a.n, a.cl = startNode(t, loadConfig(t, t.TempDir(), "-port="+a.addr[len("127.0.0.1:"):], "-connect="+b.addr))
	waitPeers(t, a, 1)
	waitPeers(t, b, 1)
	hashes := mine(t, a, 101)
	waitConverged(t, 30*time.Second, []*netNode{a, b}, hashes[len(hashes)-1])

	wB := walletClient(b.cl, DevWalletName)
	var toB, txid string
	call(t, wB, "getnewaddress", nil, &toB)
	call(t, walletClient(a.cl, DevWalletName), "sendtoaddress", []any{toB, 2.5}, &txid)
	waitFor(t, 60*time.Second, "the payment in B's mempool", func() bool { return inMempool(t, b.cl, txid) })

	var bal struct {
		Mine struct {
			Trusted          float64 `json:"trusted"`
			UntrustedPending float64 `json:"untrusted_pending"`
		} `json:"mine"`
	}
	call(t, wB, "getbalances", nil, &bal)
	if bal.Mine.UntrustedPending != 2.5 || bal.Mine.Trusted != 0 {
		t.Fatalf("B's balances %+v, want 2.5 pending", bal.Mine)
	}
	var txs []struct {
		TxID     string `json:"txid"`
		Category string `json:"category"`
	}
	call(t, wB, "listtransactions", nil, &txs)
	if len(txs) != 1 || txs[0].TxID != txid || txs[0].Category != "receive" {
		t.Fatalf("B's listtransactions %+v, want the receive of %s", txs, txid)
	}
}
