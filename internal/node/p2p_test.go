package node

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// p2pOf returns a started node's P2P service.
func p2pOf(t *testing.T, n *Node) *p2pService {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.services {
		if p, ok := s.(*p2pService); ok {
			return p
		}
	}
	t.Fatal("no p2p service")
	return nil
}

// waitFor polls cond every 50 ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func bestHash(t *testing.T, cl *jsonrpc.Client) string {
	var h string
	call(t, cl, "getbestblockhash", nil, &h)
	return h
}

func inMempool(t *testing.T, cl *jsonrpc.Client, txid string) bool {
	var pool []string
	call(t, cl, "getrawmempool", nil, &pool)
	return slices.Contains(pool, txid)
}

// TestP2PNetwork runs four nodes over loopback sockets: A mines, B connects
// with -connect, C with -addnode; both converge on A's tip, a new block and
// a wallet transaction of A reach them; D joins late and syncs from A and B;
// the network RPCs work; a restart keeps peers.dat.
func TestP2PNetwork(t *testing.T) {
	portA, portB := freePort(t), freePort(t)
	addrA, addrB := "127.0.0.1:"+portA, "127.0.0.1:"+portB
	dirB := t.TempDir()
	a, clA := startNode(t, loadConfig(t, t.TempDir(), "-port="+portA))
	b, clB := startNode(t, loadConfig(t, dirB, "-port="+portB, "-listen=1", "-disablewallet", "-connect="+addrA))
	_, clC := startNode(t, loadConfig(t, t.TempDir(), "-port="+freePort(t), "-disablewallet", "-addnode="+addrA))
	if got := p2pOf(t, a).cm.ListenAddrs(); len(got) != 1 || got[0].String() != addrA {
		t.Fatalf("A listens on %v, want %s (loopback in the dev setup)", got, addrA)
	}

	start := time.Now()
	wA := walletClient(clA, DevWalletName)
	var mineTo string
	call(t, wA, "getnewaddress", nil, &mineTo)
	var hashes []string
	call(t, clA, "generatetoaddress", []any{110, mineTo}, &hashes)
	tip := hashes[len(hashes)-1]
	for name, cl := range map[string]*jsonrpc.Client{"B": clB, "C": clC} {
		waitFor(t, 20*time.Second, name+" to reach A's tip", func() bool { return bestHash(t, cl) == tip })
	}
	t.Logf("B and C synced 110 blocks in %v", time.Since(start))

	// A new block is relayed.
	call(t, clA, "generatetoaddress", []any{1, mineTo}, &hashes)
	for name, cl := range map[string]*jsonrpc.Client{"B": clB, "C": clC} {
		waitFor(t, 10*time.Second, name+" to get the new block", func() bool { return bestHash(t, cl) == hashes[0] })
	}

	// A wallet transaction reaches both mempools (A trickles to its inbound
	// peers on a Poisson timer of mean 5 s, so allow for a long draw).
	start = time.Now()
	var txid string
	call(t, wA, "sendtoaddress", []any{mineTo, 1.0}, &txid)
	for name, cl := range map[string]*jsonrpc.Client{"B": clB, "C": clC} {
		waitFor(t, 40*time.Second, name+" to get the transaction", func() bool { return inMempool(t, cl, txid) })
	}
	t.Logf("transaction relayed to B and C in %v", time.Since(start))

	// D joins late and syncs (from both peers when the second connection
	// comes up before the first has served everything: 111 blocks are
	// quick, so on a loaded machine one peer may serve them all;
	// TestP2PSyncFromFourPeers is the test of parallel download).
	start = time.Now()
	d, clD := startNode(t, loadConfig(t, t.TempDir(), "-port="+freePort(t), "-disablewallet",
		"-connect="+addrA, "-connect="+addrB))
	waitFor(t, 20*time.Second, "D to sync", func() bool { return bestHash(t, clD) == hashes[0] })
	// A block is counted just after the chain accepts it.
	waitFor(t, 5*time.Second, "the last block counted", func() bool {
		n := 0
		for _, k := range p2pOf(t, d).sync.BlocksServed() {
			n += k
		}
		return n >= 111
	})
	served := p2pOf(t, d).sync.BlocksServed()
	t.Logf("D synced 111 blocks in %v; blocks per peer %v", time.Since(start), served)
	total := 0
	for _, k := range served {
		total += k
	}
	if len(served) == 0 || total < 111 {
		t.Fatalf("D's blocks served %v", served)
	}

	// Network RPCs on A: B, C and D are connected inbound.
	waitFor(t, 5*time.Second, "three connections on A", func() bool {
		var c int
		call(t, clA, "getconnectioncount", nil, &c)
		return c == 3
	})
	var peers []map[string]any
	call(t, clA, "getpeerinfo", nil, &peers)
	if len(peers) != 3 {
		t.Fatalf("getpeerinfo: %d peers", len(peers))
	}
	for _, p := range peers {
		if p["inbound"] != true || p["connection_type"] != "inbound" || p["subver"] != "/twinchain:"+Version+"/" {
			t.Fatalf("peer %v", p)
		}
	}
	var ni map[string]any
	call(t, clA, "getnetworkinfo", nil, &ni)
	if ni["connections"] != 3.0 || ni["connections_in"] != 3.0 || ni["networkactive"] != true {
		t.Fatalf("getnetworkinfo %v", ni)
	}
	var totals map[string]any
	call(t, clA, "getnettotals", nil, &totals)
	if totals["totalbytessent"].(float64) < 10_000 {
		t.Fatalf("getnettotals %v", totals)
	}
	call(t, clA, "ping", nil, nil)

	// addnode onetry and add, getaddednodeinfo, disconnectnode on B.
	call(t, clB, "addnode", []any{addrA, "add"}, nil)
	err := clB.Call(context.Background(), "addnode", []any{addrA, "add"}, nil)
	if e, ok := err.(*jsonrpc.Error); !ok || e.Code != -23 {
		t.Fatalf("second addnode add: %v", err)
	}
	var added []map[string]any
	call(t, clB, "getaddednodeinfo", nil, &added)
	if len(added) != 1 || added[0]["addednode"] != addrA {
		t.Fatalf("getaddednodeinfo %v", added)
	}
	call(t, clB, "addnode", []any{addrA, "remove"}, nil)
	err = clB.Call(context.Background(), "disconnectnode", []any{"127.0.0.1:1"}, nil)
	if e, ok := err.(*jsonrpc.Error); !ok || e.Code != -29 {
		t.Fatalf("disconnectnode of an unknown node: %v", err)
	}

	// setban on A drops every loopback peer; clearbanned lifts it.
	call(t, clA, "setban", []any{"127.0.0.1", "add", 3600}, nil)
	var banned []map[string]any
	call(t, clA, "listbanned", nil, &banned)
	if len(banned) != 1 || banned[0]["address"] != "127.0.0.1/32" {
		t.Fatalf("listbanned %v", banned)
	}
	waitFor(t, 5*time.Second, "A to drop its banned peers", func() bool {
		var c int
		call(t, clA, "getconnectioncount", nil, &c)
		return c == 0
	})
	err = clA.Call(context.Background(), "setban", []any{"127.0.0.1", "add"}, nil)
	if e, ok := err.(*jsonrpc.Error); !ok || e.Code != -23 {
		t.Fatalf("second setban: %v", err)
	}
	call(t, clA, "clearbanned", nil, nil)
	call(t, clA, "listbanned", nil, &banned)
	if len(banned) != 0 {
		t.Fatalf("listbanned after clearbanned %v", banned)
	}
	if _, err := os.Stat(filepath.Join(a.cfg.BTCDataDir, BanlistFileName)); err != nil {
		t.Fatalf("banlist.json: %v", err)
	}

	// peers.dat survives a restart of B.
	known := addrmgr.Address{Addr: addrmgr.AddrFromAddrPort(netip.MustParseAddrPort("93.184.216.34:18444")),
		Services: 9, Time: time.Now().Add(-time.Hour)}
	if p2pOf(t, b).addrs.Add([]addrmgr.Address{known}, addrmgr.AddrFromAddrPort(netip.MustParseAddrPort("93.184.1.1:18444")), 0) != 1 {
		t.Fatal("address not added")
	}
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(b.cfg.BTCDataDir, PeersFileName)); err != nil {
		t.Fatalf("peers.dat: %v", err)
	}
	_, clB = startNode(t, loadConfig(t, dirB, "-port="+portB, "-disablewallet", "-connect="+addrA))
	var addrs []map[string]any
	call(t, clB, "getnodeaddresses", []any{0}, &addrs)
	if len(addrs) != 1 || addrs[0]["address"] != "93.184.216.34" || addrs[0]["port"] != 18444.0 {
		t.Fatalf("getnodeaddresses after restart %v", addrs)
	}
	var info map[string]map[string]int
	call(t, clB, "getaddrmaninfo", nil, &info)
	if v4, all := info["ipv4"], info["all_networks"]; v4["new"] < 1 || v4["total"] != v4["new"]+v4["tried"] ||
		all["total"] < v4["total"] || len(info) != 6 {
		t.Fatalf("getaddrmaninfo after restart %v", info)
	}
}
