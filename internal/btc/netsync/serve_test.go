package netsync

import (
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// collector is a handler keeping every message.
type collector struct {
	mu   sync.Mutex
	msgs []wire.Message
}

func (c *collector) OnMessage(_ *peer.Peer, m wire.Message) {
	c.mu.Lock()
	c.msgs = append(c.msgs, m)
	c.mu.Unlock()
}

// wait returns the first message of command cmd after skip others of it.
func (c *collector) wait(t *testing.T, cmd string, skip int) wire.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		n := 0
		for _, m := range c.msgs {
			if m.Command() == cmd {
				if n == skip {
					c.mu.Unlock()
					return m
				}
				n++
			}
		}
		c.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s message", cmd)
	return nil
}

// TestServeGetData: blocks in the witness or stripped serialization as
// asked, unknown inventory in notfound, headers for getheaders.
func TestServeGetData(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true})
	f := newNode(t, "F", nodeOpts{})
	var col collector
	_, fp := connect(t, x, f, nil, &col)
	blk := fixture.chain.Blocks[testBlocks-1]
	h := blk.BlockHash()
	unknown := chainhash.Hash{1}
	if err := fp.QueueMessage(&wire.MsgGetData{List: []wire.InvVect{
		{Type: wire.InvWitnessBlock, Hash: h},
		{Type: wire.InvBlock, Hash: h},
		{Type: wire.InvBlock, Hash: unknown},
		{Type: wire.InvWTx, Hash: unknown},
	}}); err != nil {
		t.Fatal(err)
	}
	full := col.wait(t, wire.CmdBlock, 0).(*wire.MsgBlock)
	stripped := col.wait(t, wire.CmdBlock, 1).(*wire.MsgBlock)
	if len(full.Raw) != blk.SerializeSize() || full.Block.BlockHash() != h {
		t.Errorf("witness block: %d bytes, want %d", len(full.Raw), blk.SerializeSize())
	}
	if len(stripped.Raw) != blk.StrippedSize() || stripped.Block.BlockHash() != h {
		t.Errorf("stripped block: %d bytes, want %d", len(stripped.Raw), blk.StrippedSize())
	}
	nf := col.wait(t, wire.CmdNotFound, 0).(*wire.MsgNotFound)
	if len(nf.List) != 2 || nf.List[0].Hash != unknown {
		t.Errorf("notfound %+v", nf.List)
	}

	// getheaders from genesis: 2,000 headers at most, in order; with an
	// empty locator, the hashStop header alone.
	gen := fixture.chain.Params.GenesisHash
	if err := fp.QueueMessage(&wire.MsgGetHeaders{Locator: wire.BlockLocator{gen}}); err != nil {
		t.Fatal(err)
	}
	hm := col.wait(t, wire.CmdHeaders, 0).(*wire.MsgHeaders)
	if len(hm.Headers) != testBlocks || hm.Headers[0].PrevBlock != gen || hm.Headers[testBlocks-1].BlockHash() != h {
		t.Errorf("getheaders answered %d headers", len(hm.Headers))
	}
	if err := fp.QueueMessage(&wire.MsgGetHeaders{HashStop: h}); err != nil {
		t.Fatal(err)
	}
	hm = col.wait(t, wire.CmdHeaders, 1).(*wire.MsgHeaders)
	if len(hm.Headers) != 1 || hm.Headers[0].BlockHash() != h {
		t.Errorf("getheaders with hashStop answered %d headers", len(hm.Headers))
	}
}

// childPair finds, in the generated blocks after testBlocks, a transaction
// spending another of its block: it returns the block's height and the
// pair.
func childPair(t *testing.T) (int32, *primitives.Tx, *primitives.Tx) {
	t.Helper()
	for h := int32(testBlocks + 1); h <= testBlocks+10; h++ {
		blk := fixture.chain.Blocks[h-1]
		byID := make(map[chainhash.Hash]*primitives.Tx)
		for _, tx := range blk.Txs[1:] {
			for _, in := range tx.Inputs {
				if p, ok := byID[in.PrevOut.Hash]; ok {
					return h, p, tx
				}
			}
			byID[tx.TxHash()] = tx
		}
	}
	t.Skip("no block with a transaction spending another of the same block")
	return 0, nil, nil
}

// TestOrphanResolved: a child arriving before its parent is kept as an
// orphan, the parent is requested from the sender, and both end up in the
// pool.
func TestOrphanResolved(t *testing.T) {
	loadFixture(t)
	h, parent, child := childPair(t)
	x := newNode(t, "X", nodeOpts{preload: true})
	f := newNode(t, "F", nodeOpts{preload: true})
	for _, n := range []*node{x, f} {
		for _, blk := range fixture.chain.Blocks[testBlocks : h-1] {
			if err := n.chain.ProcessBlock(blk); err != nil {
				t.Fatal(err)
			}
		}
	}
	// F holds both in its pool (without announcing them); X gets the
	// child alone.
	for _, tx := range []*primitives.Tx{parent, child} {
		if _, _, err := f.pool.ProcessTransaction(tx); err != nil {
			t.Fatalf("F refused %s: %v", tx.TxHash(), err)
		}
	}
	_, fp := connect(t, x, f, nil, nil)
	if err := fp.QueueMessage(&wire.MsgTx{Tx: child}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "parent and child in X's pool", func() bool {
		return x.pool.Has(parent.TxHash()) && x.pool.Has(child.TxHash())
	})
}
