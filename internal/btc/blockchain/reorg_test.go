package blockchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// branch generates n blocks on g; from height 101 on each block spends the
// coinbase of 100 blocks earlier (of the same branch) with a fee.
func branch(g *testGen, n int) []*primitives.Block {
	var out []*primitives.Block
	for range n {
		var txs []*primitives.Tx
		fee := int64(0)
		if h := g.height + 1; h > 100 {
			fee = 1000
			sub := consensus.GetBlockSubsidy(h-100, g.p)
			txs = append(txs, spendTx(sub-fee, opTrue, g.coinbaseOut(h-100)))
		}
		out = append(out, g.next(fee, txs...))
	}
	return out
}

func processBlocks(t testing.TB, c *Chain, blocks []*primitives.Block) {
	t.Helper()
	for i, b := range blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("block %d (%s): %v", i, b.BlockHash(), err)
		}
	}
}

// TestReorg110 reorganises 110 blocks, invalidates and reconsiders, and
// restarts in between: the UTXO set must always equal that of a chain that
// only ever saw the winning branch.
func TestReorg110(t *testing.T) {
	p := chaincfg.RegTest()
	ga := newTestGen(t, p)
	shared := branch(ga, 10)
	gb := ga.fork(ga.tip, ga.height)
	a := branch(ga, 110) // tip at 120
	b := branch(gb, 115) // tip at 125: more work

	// Reference UTXO sets.
	ref := func(blocks ...[]*primitives.Block) [32]byte {
		c := openChain(t, p, t.TempDir(), nil)
		for _, bs := range blocks {
			processBlocks(t, c, bs)
		}
		h, _ := utxoHash(t, c)
		closeChain(t, c)
		return h
	}
	refA, refB := ref(shared, a), ref(shared, b)

	dir := t.TempDir()
	c := openChain(t, p, dir, nil)
	var conn, disc int
	c.Subscribe(func(n Notification) {
		if n.Type == NTBlockConnected {
			conn++
		} else {
			disc++
		}
	})
	processBlocks(t, c, shared)
	processBlocks(t, c, a)
	checkTip(t, c, 120, a[len(a)-1].BlockHash())
	// Branch b is stored as it comes; it takes over at its 111th block.
	processBlocks(t, c, b)
	checkTip(t, c, 125, b[len(b)-1].BlockHash())
	if disc != 110 || conn != 10+110+115 {
		t.Errorf("notifications: %d connected, %d disconnected", conn, disc)
	}
	if h, _ := utxoHash(t, c); h != refB {
		t.Errorf("UTXO set after the reorg differs from branch b's")
	}
	closeChain(t, c)

	c = openChain(t, p, dir, nil)
	checkTip(t, c, 125, b[len(b)-1].BlockHash())
	// Invalidating a block of b sends the chain back to a.
	if err := c.InvalidateBlock(b[20].BlockHash()); err != nil {
		t.Fatal(err)
	}
	checkTip(t, c, 120, a[len(a)-1].BlockHash())
	if h, _ := utxoHash(t, c); h != refA {
		t.Errorf("UTXO set after invalidation differs from branch a's")
	}
	info, err := c.BlockInfo(b[len(b)-1].BlockHash())
	if err != nil || info.Status&blockstore.BlockFailedChild == 0 {
		t.Errorf("descendant of the invalidated block: %v %v", info.Status, err)
	}
	if err := c.ProcessBlock(gb.next(0)); !errorsIsBadPrev(err) {
		t.Errorf("child of an invalid chain: %v", err)
	}
	closeChain(t, c)

	c = openChain(t, p, dir, nil)
	checkTip(t, c, 120, a[len(a)-1].BlockHash())
	if err := c.ReconsiderBlock(b[20].BlockHash()); err != nil {
		t.Fatal(err)
	}
	checkTip(t, c, 125, b[len(b)-1].BlockHash())
	if h, _ := utxoHash(t, c); h != refB {
		t.Errorf("UTXO set after reconsideration differs from branch b's")
	}
	tips := c.ChainTips()
	if len(tips) != 2 {
		t.Errorf("chain tips %+v", tips)
	}
}

func errorsIsBadPrev(err error) bool { return Reason(err) == "bad-prevblk" }
