package indexers

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// testChain adapts a blockchain.Chain to Chain, as the node does.
type testChain struct{ *blockchain.Chain }

func (c testChain) SpentScripts(hash chainhash.Hash) ([][]byte, error) {
	u, err := c.BlockUndo(hash)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, tx := range u.Txs {
		for _, coin := range tx.PrevOuts {
			out = append(out, coin.Out.ScriptPubKey)
		}
	}
	return out, nil
}

var (
	genOnce  sync.Once
	genChain *chaingen.Chain
	genErr   error
)

// generated is a 120-block regtest chain with a 4-block competing branch
// replacing its last 3 blocks.
func generated(t testing.TB) *chaingen.Chain {
	t.Helper()
	genOnce.Do(func() {
		genChain, genErr = chaingen.GenerateChain(chaingen.Config{Seed: 11, Blocks: 120, TxsPerBlock: 8, ForkDepth: 3, Workers: 2})
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genChain
}

func openChain(t testing.TB) testChain {
	t.Helper()
	c, err := blockchain.Open(blockchain.Options{Params: chaincfg.RegTest(), DataDir: t.TempDir(), DBCacheMiB: 8, ScriptWorkers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testChain{c}
}

func process(t testing.TB, c testChain, blocks []*primitives.Block) {
	t.Helper()
	for _, b := range blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("block %s: %v", b.BlockHash(), err)
		}
	}
}

// openIndex opens an index over c in dir, subscribed to c's
// notifications, and waits until it has caught up.
func openIndex(t *testing.T, c testChain, dir string) *BlockFilterIndex {
	t.Helper()
	ix, err := OpenBlockFilterIndex(Config{Chain: c, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	unsub := c.Subscribe(func(n blockchain.Notification) {
		switch n.Type {
		case blockchain.NTBlockConnected:
			scripts, err := c.SpentScripts(n.Hash)
			if err != nil {
				t.Errorf("spent scripts: %v", err)
			}
			ix.BlockConnected(n.Block, n.Hash, n.Height, scripts)
		case blockchain.NTBlockDisconnected:
			ix.BlockDisconnected(n.Hash, n.Height)
		}
	})
	t.Cleanup(func() { unsub(); ix.Close() })
	ix.Start()
	waitSynced(t, ix, c)
	return ix
}

func waitSynced(t *testing.T, ix *BlockFilterIndex, c testChain) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !(ix.Synced() && ix.BestHash() == c.BestHash()) {
		if time.Now().After(deadline) {
			t.Fatalf("index at %d, chain at %d", ix.BestHeight(), c.BestHeight())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// verify checks every block of the active chain against a filter built
// from the block and its undo data, and the header chain.
func verify(t *testing.T, ix *BlockFilterIndex, c testChain) int {
	t.Helper()
	tip := c.BestHeight()
	if got := ix.BestHeight(); got != tip {
		t.Fatalf("BestHeight %d, want %d", got, tip)
	}
	var prev chainhash.Hash
	for h := int32(0); h <= tip; h++ {
		hash, err := c.BlockHashByHeight(h)
		if err != nil {
			t.Fatal(err)
		}
		blk, err := c.BlockByHash(hash)
		if err != nil {
			t.Fatal(err)
		}
		var scripts [][]byte
		if h > 0 {
			if scripts, err = c.SpentScripts(hash); err != nil {
				t.Fatal(err)
			}
		}
		want, err := blockfilter.NewBasicFilter(blk, scripts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.FilterByHash(hash)
		if err != nil {
			t.Fatalf("height %d: %v", h, err)
		}
		if !bytes.Equal(got.Filter, want.Bytes()) || got.FilterHash != want.Hash() || got.Height != h {
			t.Fatalf("height %d: filter differs", h)
		}
		wantHeader := blockfilter.FilterHeader(want.Hash(), prev)
		if got.Header != wantHeader {
			t.Fatalf("height %d: header %s, want %s", h, got.Header, wantHeader)
		}
		hdr, err := ix.FilterHeaderByHash(hash)
		if err != nil || hdr != wantHeader {
			t.Fatalf("height %d: FilterHeaderByHash %s, %v", h, hdr, err)
		}
		prev = wantHeader
	}
	// getcfheaders over the whole chain rebuilds the same headers.
	prevHeader, hashes, err := ix.FilterHashes(1, c.BestHash())
	if err != nil {
		t.Fatal(err)
	}
	g, _ := c.BlockHashByHeight(0)
	hdr := ix.mustHeader(t, g)
	if prevHeader != hdr || len(hashes) != int(tip) {
		t.Fatalf("FilterHashes: prev %s, %d hashes", prevHeader, len(hashes))
	}
	for _, fh := range hashes {
		hdr = blockfilter.FilterHeader(fh, hdr)
	}
	if hdr != prev {
		t.Fatalf("FilterHashes chain ends at %s, want %s", hdr, prev)
	}
	fs, err := ix.Filters(0, c.BestHash())
	if err != nil || len(fs) != int(tip)+1 || fs[tip].BlockHash != c.BestHash() {
		t.Fatalf("Filters: %d, %v", len(fs), err)
	}
	return int(tip) + 1
}

func (ix *BlockFilterIndex) mustHeader(t *testing.T, h chainhash.Hash) chainhash.Hash {
	t.Helper()
	hdr, err := ix.FilterHeaderByHash(h)
	if err != nil {
		t.Fatal(err)
	}
	return hdr
}

func TestBlockFilterIndexBuild(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	process(t, c, g.Blocks[:60])
	ix := openIndex(t, c, t.TempDir()) // catch-up from empty
	t.Logf("verified %d blocks after catch-up", verify(t, ix, c))
	process(t, c, g.Blocks[60:]) // live notifications
	t.Logf("verified %d blocks after notifications", verify(t, ix, c))
	cp, err := ix.Checkpoints(c.BestHash())
	if err != nil || len(cp) != 0 {
		t.Fatalf("Checkpoints: %d, %v", len(cp), err)
	}

	// Reorganisation: the fork replaces the last 3 blocks.
	stale := g.Blocks[len(g.Blocks)-1].BlockHash()
	process(t, c, g.Fork)
	waitSynced(t, ix, c)
	t.Logf("verified %d blocks after a reorg", verify(t, ix, c))
	if _, err := ix.FilterByHash(stale); err != nil {
		t.Errorf("stale block's filter: %v", err)
	}
	if _, _, err := ix.FilterHashes(0, stale); !errors.Is(err, ErrNotActive) {
		t.Errorf("FilterHashes with a stale stop: %v, want ErrNotActive", err)
	}
	if _, err := ix.Filters(0, stale); !errors.Is(err, ErrNotActive) {
		t.Errorf("Filters with a stale stop: %v, want ErrNotActive", err)
	}
	if _, err := ix.FilterByHash(chainhash.Hash{1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown block: %v, want ErrNotFound", err)
	}
}

func TestBlockFilterIndexReopen(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	dir := t.TempDir()
	process(t, c, g.Blocks[:50])
	ix := openIndex(t, c, dir)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// The chain moves on, and reorganises, while the index is closed: on
	// reopening it must rewind off the stale blocks and catch up.
	process(t, c, g.Blocks[50:])
	ix = openIndex(t, c, dir)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	process(t, c, g.Fork)
	ix = openIndex(t, c, dir)
	t.Logf("verified %d blocks after reopen, reorg and catch-up", verify(t, ix, c))
}

func TestBlockFilterIndexDisconnect(t *testing.T) {
	g := generated(t)
	c := openChain(t)
	process(t, c, g.Blocks[:30])
	ix := openIndex(t, c, t.TempDir())
	tip := c.BestHash()
	if err := c.InvalidateBlock(tip); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, ix, c)
	if ix.BestHeight() != 29 {
		t.Fatalf("BestHeight %d after a disconnect, want 29", ix.BestHeight())
	}
	if _, err := ix.Checkpoints(tip); !errors.Is(err, ErrNotActive) {
		t.Errorf("Checkpoints with a disconnected stop: %v", err)
	}
	verify(t, ix, c)
	if err := c.ReconsiderBlock(tip); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, ix, c)
	verify(t, ix, c)
}
