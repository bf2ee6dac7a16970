package blockchain

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestPrune grows a chain past a tiny prune target: whole blk/rev pairs
// below the last 288 blocks are deleted, pruned blocks read as
// ErrBlockPruned, and the directory restarts and reorganises near the tip.
func TestPrune(t *testing.T) {
	p := chaincfg.RegTest()
	p.PruneAfterHeight = 100
	dir := t.TempDir()
	small := func(o *Options) {
		o.blockFileSize = 16 << 10
		o.blockChunkSize = 4 << 10
		o.undoChunkSize = 1 << 10
		o.pruneTargetBytes = 64 << 10
	}
	c := openChain(t, p, dir, small)
	g := newTestGen(t, p)
	blocks := branch(g, 700)
	processBlocks(t, c, blocks)
	checkTip(t, c, 700, g.tip)
	if _, err := c.BlockByHash(blocks[10].BlockHash()); !errors.Is(err, ErrBlockPruned) {
		t.Errorf("early block: %v, want ErrBlockPruned", err)
	}
	if _, err := c.BlockByHash(blocks[700-MinBlocksToKeep].BlockHash()); err != nil {
		t.Errorf("block within the kept range: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "blocks", "blk00000.dat")); !os.IsNotExist(err) {
		t.Errorf("blk00000.dat still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "blocks", "rev00000.dat")); !os.IsNotExist(err) {
		t.Errorf("rev00000.dat still there: %v", err)
	}
	if info := c.StorageInfo(); !info.Pruned || info.PruneHeight <= 0 || info.PruneHeight > 700-MinBlocksToKeep {
		t.Errorf("storage info %+v", info)
	}
	if !c.IsInitialBlockDownload() {
		t.Error("a regtest chain of 2011 blocks is still in initial block download")
	}
	want, _ := utxoHash(t, c)
	// Verification stops at the pruned blocks: nothing wrong, but not
	// every check ran.
	if err := c.VerifyChain(4, 100); err != nil {
		t.Errorf("VerifyChain within the kept blocks: %v", err)
	}
	if err := c.VerifyChain(1, 0); !errors.Is(err, ErrVerifySkipped) {
		t.Errorf("VerifyChain down to the pruned blocks: %v, want ErrVerifySkipped", err)
	}
	closeChain(t, c)

	c = openChain(t, p, dir, small)
	checkTip(t, c, 700, g.tip)
	if got, _ := utxoHash(t, c); got != want {
		t.Errorf("UTXO set changed across the restart")
	}
	ok, set, err := c.store.ReadFlag(blockstore.FlagPrunedBlockFiles)
	if err != nil || !ok || !set {
		t.Errorf("prunedblockfiles flag: %v %v %v", ok, set, err)
	}
	// A 20-block reorganisation near the tip still has its undo data.
	gf := g.fork(blocks[679].BlockHash(), 680)
	var fork []*primitives.Block
	for range 21 {
		fork = append(fork, gf.next(0))
	}
	processBlocks(t, c, fork)
	checkTip(t, c, 701, gf.tip)
}
