package node

import (
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// netNode is one node of a multi-node test: the node, its RPC client and
// its P2P address.
type netNode struct {
	name string
	n    *Node
	cl   *jsonrpc.Client
	addr string
}

// startChain starts len(names) listening nodes where each connects (with
// -connect) to the next one; they are started from the last so every
// outbound target is already listening. Only the first node has a wallet.
// Transactions from the first node thus travel along outbound links
// (Poisson trickle of mean 2 s per hop).
func startChain(t *testing.T, names ...string) []*netNode {
	t.Helper()
	nodes := make([]*netNode, len(names))
	for i, name := range names {
		nodes[i] = &netNode{name: name, addr: "127.0.0.1:" + freePort(t)}
	}
	for i := len(nodes) - 1; i >= 0; i-- {
		nd := nodes[i]
		args := []string{"-port=" + nd.addr[len("127.0.0.1:"):], "-listen=1"}
		if i > 0 {
			args = append(args, "-disablewallet")
		}
		if i+1 < len(nodes) {
			args = append(args, "-connect="+nodes[i+1].addr)
		}
		nd.n, nd.cl = startNode(t, loadConfig(t, t.TempDir(), args...))
	}
	for i, nd := range nodes {
		want := 2
		if i == 0 || i == len(nodes)-1 {
			want = 1
		}
		if len(nodes) == 1 {
			want = 0
		}
		waitPeers(t, nd, want)
	}
	return nodes
}

// waitPeers waits until nd has k peers past the handshake and registered
// with the sync manager, then lets the sync manager settle: blocks mined
// before a handshake are not announced, and a node in initial download
// asks only its sync peer for headers, like Core.
func waitPeers(t *testing.T, nd *netNode, k int) {
	t.Helper()
	s := p2pOf(t, nd.n)
	waitFor(t, 15*time.Second, nd.name+" to have its peers", func() bool {
		s.mu.Lock()
		n := len(s.peers)
		s.mu.Unlock()
		return n == k && len(s.sync.PeerStats()) == k
	})
	time.Sleep(200 * time.Millisecond)
}

// waitConverged waits until every node's best block is tip.
func waitConverged(t *testing.T, d time.Duration, nodes []*netNode, tip string) {
	t.Helper()
	for _, nd := range nodes {
		waitFor(t, d, nd.name+" to reach the tip", func() bool { return bestHash(t, nd.cl) == tip })
	}
}

// mine mines k blocks on nd to a new address of its wallet and returns the
// hashes.
func mine(t *testing.T, nd *netNode, k int) []string {
	t.Helper()
	var to string
	call(t, walletClient(nd.cl, DevWalletName), "getnewaddress", nil, &to)
	var hashes []string
	call(t, nd.cl, "generatetoaddress", []any{k, to}, &hashes)
	if len(hashes) != k {
		t.Fatalf("%s mined %d blocks, want %d", nd.name, len(hashes), k)
	}
	return hashes
}

// TestP2PLineAndTxRelay runs five nodes in a line A-B-C-D-E, each
// connecting to the next: E mines (to A's wallet), all converge on its tip,
// a new block reaches the far end, and a wallet transaction of A reaches
// every mempool. Blocks travel towards A and transactions towards E, both
// over each receiver's outbound link: a node in initial block download
// fetches blocks from outbound peers only while it has any.
func TestP2PLineAndTxRelay(t *testing.T) {
	nodes := startChain(t, "A", "B", "C", "D", "E")
	wA := walletClient(nodes[0].cl, DevWalletName)
	var toA string
	call(t, wA, "getnewaddress", nil, &toA)
	miner := nodes[4]
	start := time.Now()
	var hashes []string
	call(t, miner.cl, "generatetoaddress", []any{101, toA}, &hashes)
	waitConverged(t, 30*time.Second, nodes, hashes[len(hashes)-1])
	t.Logf("line converged on 101 blocks in %v", time.Since(start))

	start = time.Now()
	call(t, miner.cl, "generatetoaddress", []any{1, toA}, &hashes)
	waitConverged(t, 20*time.Second, nodes, hashes[0])
	t.Logf("a new block crossed the line in %v", time.Since(start))

	// Four hops of a Poisson trickle (mean 2 s to outbound peers): a
	// generous timeout keeps the test from flaking on a long draw.
	start = time.Now()
	var txid string
	call(t, wA, "sendtoaddress", []any{toA, 1.5}, &txid)
	arrived := make([]time.Duration, len(nodes))
	waitFor(t, 60*time.Second, "the transaction in every mempool", func() bool {
		all := true
		for i, nd := range nodes {
			if arrived[i] == 0 {
				if !inMempool(t, nd.cl, txid) {
					all = false
					continue
				}
				arrived[i] = time.Since(start)
			}
		}
		return all
	})
	t.Logf("transaction reached the five mempools after %v", arrived)
}

// TestP2PRing runs five nodes in a ring: each connects to the next and the
// last closes the ring with addnode onetry; A mines and all converge.
func TestP2PRing(t *testing.T) {
	nodes := startChain(t, "A", "B", "C", "D", "E")
	call(t, nodes[4].cl, "addnode", []any{nodes[0].addr, "onetry"}, nil)
	for _, nd := range nodes {
		waitPeers(t, nd, 2)
	}
	miner := nodes[0]
	var to string
	call(t, walletClient(miner.cl, DevWalletName), "getnewaddress", nil, &to)
	start := time.Now()
	var hashes []string
	call(t, miner.cl, "generatetoaddress", []any{60, to}, &hashes)
	waitConverged(t, 30*time.Second, nodes, hashes[len(hashes)-1])
	for i := 0; i < 3; i++ { // blocks announced one by one
		call(t, miner.cl, "generatetoaddress", []any{1, to}, &hashes)
	}
	waitConverged(t, 20*time.Second, nodes, hashes[0])
	t.Logf("ring converged on 63 blocks in %v", time.Since(start))
}

// TestP2PSplitHeals splits four nodes in two groups {A,B} and {C,D} that
// mine separately (the second more), then connects B to C: all end on the
// heavier tip and A and B keep their own branch as a stale tip.
func TestP2PSplitHeals(t *testing.T) {
	ab := startChain(t, "A", "B")
	cd := startChain(t, "C", "D")
	a, b, c := ab[0], ab[1], cd[0]

	light := mine(t, a, 5)
	waitConverged(t, 20*time.Second, ab, light[len(light)-1])
	heavy := mine(t, c, 8)
	waitConverged(t, 20*time.Second, cd, heavy[len(heavy)-1])

	start := time.Now()
	call(t, b.cl, "addnode", []any{c.addr, "onetry"}, nil)
	waitPeers(t, b, 2)
	all := append(append([]*netNode{}, ab...), cd...)
	waitConverged(t, 30*time.Second, all, heavy[len(heavy)-1])
	t.Logf("the split healed in %v", time.Since(start))

	for _, nd := range ab {
		var tips []chainTip
		call(t, nd.cl, "getchaintips", nil, &tips)
		var active, stale bool
		for _, tip := range tips {
			switch {
			case tip.Hash == heavy[len(heavy)-1] && tip.Status == "active" && tip.Height == 8:
				active = true
			case tip.Hash == light[len(light)-1] && tip.Status == "valid-fork" && tip.Height == 5 && tip.BranchLen == 5:
				stale = true
			}
		}
		if !active || !stale {
			t.Fatalf("%s's chain tips %+v: want the active tip at 8 and the stale branch of 5", nd.name, tips)
		}
	}
	// The heavier side never saw the lighter branch as active.
	var tips []chainTip
	call(t, c.cl, "getchaintips", nil, &tips)
	for _, tip := range tips {
		if tip.Status == "active" && tip.Hash != heavy[len(heavy)-1] {
			t.Fatalf("C's chain tips %+v", tips)
		}
	}
}

// chainTip is one entry of getchaintips.
type chainTip struct {
	Height    int32  `json:"height"`
	Hash      string `json:"hash"`
	BranchLen int32  `json:"branchlen"`
	Status    string `json:"status"`
}

// TestP2PSyncFromFourPeers has four nodes holding the same 1,000-block
// chain and a fresh node connecting to all of them: it syncs the chain,
// and the blocks came from several peers.
func TestP2PSyncFromFourPeers(t *testing.T) {
	const blocks = 1000
	src := startChain(t, "P1")[0]
	start := time.Now()
	hashes := mine(t, src, blocks)
	tip := hashes[len(hashes)-1]
	t.Logf("mined %d blocks in %v", blocks, time.Since(start))

	start = time.Now()
	peers := []*netNode{src}
	for _, name := range []string{"P2", "P3", "P4"} {
		nd := &netNode{name: name, addr: "127.0.0.1:" + freePort(t)}
		nd.n, nd.cl = startNode(t, loadConfig(t, t.TempDir(), "-port="+nd.addr[len("127.0.0.1:"):],
			"-listen=1", "-disablewallet", "-connect="+src.addr))
		peers = append(peers, nd)
	}
	waitPeers(t, src, 3)
	waitConverged(t, 40*time.Second, peers, tip)
	t.Logf("three peers synced from one in %v", time.Since(start))

	args := []string{"-port=" + freePort(t), "-disablewallet"}
	for _, p := range peers {
		args = append(args, "-connect="+p.addr)
	}
	start = time.Now()
	fresh, cl := startNode(t, loadConfig(t, t.TempDir(), args...))
	waitFor(t, 40*time.Second, "the fresh node to sync", func() bool { return bestHash(t, cl) == tip })
	elapsed := time.Since(start)
	// A block is counted just after the chain accepts it: the last count
	// may trail the tip by a moment.
	waitFor(t, 5*time.Second, "the last block counted", func() bool {
		n := 0
		for _, k := range p2pOf(t, fresh).sync.BlocksServed() {
			n += k
		}
		return n >= blocks
	})
	served := p2pOf(t, fresh).sync.BlocksServed()
	total, serving := 0, 0
	for _, k := range served {
		total += k
		if k > 0 {
			serving++
		}
	}
	t.Logf("fresh node synced %d blocks in %v; blocks per peer %v", blocks, elapsed, served)
	if total < blocks {
		t.Fatalf("peers served %d blocks, want at least %d: %v", total, blocks, served)
	}
	if serving < 2 {
		t.Fatalf("blocks came from %d peer(s), want several: %v", serving, served)
	}
	var info []map[string]any
	call(t, cl, "getpeerinfo", nil, &info)
	if len(info) != 4 {
		t.Fatalf("getpeerinfo lists %d peers, want 4", len(info))
	}
}
