package netsync

import (
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/mempool"
)

// acceptTxs submits the transactions of generated block h (at height h)
// to n's mempool and returns what was accepted.
func acceptTxs(t *testing.T, n *node, h int32, skipLast bool) []mempool.TxDesc {
	t.Helper()
	txs := fixture.chain.Blocks[h-1].Txs[1:]
	if skipLast {
		txs = txs[:len(txs)-1]
	}
	var out []mempool.TxDesc
	for _, tx := range txs {
		acc, _, err := n.pool.ProcessTransaction(tx)
		if err != nil {
			t.Logf("%s: tx %s refused: %v", n.name, tx.TxHash(), err)
			continue
		}
		out = append(out, acc...)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no transaction of block %d accepted", n.name, h)
	}
	return out
}

// TestLineRelay: five nodes in a line A-B-C-D-E; a block mined on A
// reaches E, a transaction accepted on A reaches every mempool, and the
// next block, whose transactions everyone has, travels as compact blocks.
func TestLineRelay(t *testing.T) {
	var nodes []*node
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		nodes = append(nodes, newNode(t, name, nodeOpts{preload: true}))
	}
	for i := 0; i+1 < len(nodes); i++ {
		connect(t, nodes[i], nodes[i+1], nil, nil)
	}
	a := nodes[0]
	start := time.Now()
	if err := a.chain.ProcessBlock(fixture.chain.Blocks[testBlocks]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "block 321 everywhere", atHeight(testBlocks+1, nodes...))
	t.Logf("block propagated over 4 hops in %v", time.Since(start))

	start = time.Now()
	descs := acceptTxs(t, a, testBlocks+2, false)
	a.mgr.RelayTransactions(descs)
	waitFor(t, 20*time.Second, "transactions everywhere", func() bool {
		for _, n := range nodes {
			for _, d := range descs {
				if !n.pool.Has(d.TxID) {
					return false
				}
			}
		}
		return true
	})
	t.Logf("%d transactions propagated over 4 hops in %v", len(descs), time.Since(start))

	start = time.Now()
	if err := a.chain.ProcessBlock(fixture.chain.Blocks[testBlocks+1]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "block 322 everywhere", atHeight(testBlocks+2, nodes...))
	t.Logf("block with known transactions propagated in %v", time.Since(start))
	// The pools are cleared by the chain's notifications, which follow the
	// tip change.
	waitFor(t, 5*time.Second, "empty pools", func() bool {
		for _, n := range nodes {
			if n.pool.Count() != 0 {
				return false
			}
		}
		return true
	})
	for _, n := range nodes[1:] {
		n.mu.Lock()
		var cmpct uint64
		hb := false
		for _, p := range n.peers {
			st := p.Stats()
			cmpct += st.BytesRecvPerMsg["cmpctblock"]
			hb = hb || st.HighBandwidthTo
		}
		n.mu.Unlock()
		if !hb {
			t.Errorf("%s chose no high-bandwidth peer", n.name)
		}
		if cmpct == 0 {
			t.Errorf("%s received no compact block", n.name)
		}
	}
}

// TestCompactBlockMissingTx: a compact block whose transactions are all
// but one in the mempool is completed with getblocktxn/blocktxn.
func TestCompactBlockMissingTx(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true})
	y := newNode(t, "Y", nodeOpts{preload: true})
	_, yp := connect(t, x, y, nil, nil)
	h := int32(testBlocks + 1)
	acceptTxs(t, y, h, true)
	if err := x.chain.ProcessBlock(fixture.chain.Blocks[h-1]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "Y at 321", atHeight(h, y))
	st := yp.Stats()
	if st.BytesRecvPerMsg["cmpctblock"] == 0 || st.BytesRecvPerMsg["blocktxn"] == 0 || st.BytesRecvPerMsg["block"] != 0 {
		t.Errorf("Y received cmpctblock %d, blocktxn %d, block %d bytes", st.BytesRecvPerMsg["cmpctblock"],
			st.BytesRecvPerMsg["blocktxn"], st.BytesRecvPerMsg["block"])
	}
}

// TestSplitHeals: two nodes mine apart (X the main chain to 2110, Y a
// branch from 2106 to 2111, more work); once connected, X reorganises to Y's
// branch and Y keeps it.
func TestSplitHeals(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true, height: bigBlocks})
	y := newNode(t, "Y", nodeOpts{preload: true, height: bigBlocks})
	gen := fixture.chain
	for _, blk := range gen.Blocks[bigBlocks:] {
		if err := x.chain.ProcessBlock(blk); err != nil {
			t.Fatal(err)
		}
	}
	for _, blk := range gen.Blocks[bigBlocks : gen.ForkHeight-1] {
		if err := y.chain.ProcessBlock(blk); err != nil {
			t.Fatal(err)
		}
	}
	for _, blk := range gen.Fork {
		if err := y.chain.ProcessBlock(blk); err != nil {
			t.Fatal(err)
		}
	}
	forkTip := gen.Fork[len(gen.Fork)-1].BlockHash()
	if y.chain.BestHash() != forkTip {
		t.Fatal("Y is not on the branch")
	}
	connect(t, x, y, nil, nil)
	waitFor(t, 20*time.Second, "X reorganised to the branch", func() bool {
		return x.chain.BestHash() == forkTip
	})
	if y.chain.BestHash() != forkTip {
		t.Error("Y left its branch")
	}
}

// TestRingRelay: five nodes in a ring, A mining two blocks: all converge.
func TestRingRelay(t *testing.T) {
	var nodes []*node
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		nodes = append(nodes, newNode(t, name, nodeOpts{preload: true}))
	}
	for i := range nodes {
		connect(t, nodes[i], nodes[(i+1)%len(nodes)], nil, nil)
	}
	for h := int32(testBlocks + 1); h <= testBlocks+2; h++ {
		if err := nodes[0].chain.ProcessBlock(fixture.chain.Blocks[h-1]); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 20*time.Second, "ring converged", atHeight(testBlocks+2, nodes...))
}
