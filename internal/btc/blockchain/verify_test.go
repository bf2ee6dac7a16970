package blockchain

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// verifyChainFixture builds a chain of 120 blocks whose last blocks spend
// earlier coinbases, so that their undo data is not empty, and closes it.
func verifyChainFixture(t *testing.T) (p *chaincfg.Params, dir string, tip chainhash.Hash, utxo chainhash.Hash) {
	t.Helper()
	p = chaincfg.RegTest()
	dir = t.TempDir()
	c := openChain(t, p, dir, nil)
	g := newTestGen(t, p)
	g.extend(c, 110)
	for h := int32(1); h <= 10; h++ {
		txs := []*primitives.Tx{
			spendTx(25*consensus.COIN, opTrue, g.coinbaseOut(h)),
		}
		if err := c.ProcessBlock(g.next(25*consensus.COIN, txs...)); err != nil {
			t.Fatal(err)
		}
	}
	tip = g.tip
	utxo, _ = utxoHash(t, c)
	closeChain(t, c)
	return p, dir, tip, utxo
}

// TestVerifyChain verifies a healthy chain at every level and depth, at
// run time and at startup, and checks the chain is unchanged afterwards.
func TestVerifyChain(t *testing.T) {
	p, dir, tip, wantUTXO := verifyChainFixture(t)
	c := openChain(t, p, dir, func(o *Options) { o.CheckBlocks, o.CheckLevel = DefaultCheckBlocks, MaxCheckLevel })
	for level := 0; level <= MaxCheckLevel+1; level++ {
		for _, n := range []int{1, DefaultCheckBlocks, 0, 1000} {
			if err := c.VerifyChain(level, n); err != nil {
				t.Errorf("level %d, %d blocks: %v", level, n, err)
			}
		}
	}
	checkTip(t, c, 120, tip)
	if got, _ := utxoHash(t, c); got != wantUTXO {
		t.Error("the UTXO set changed")
	}
	// With unflushed coins in the cache: a new block, verified over the
	// cache rather than the database.
	g := newTestGen(t, p)
	g.tip, g.height = tip, 120
	g.times = make([]uint32, 121)
	for i := range g.times {
		h, _ := c.BlockHashByHeight(int32(i))
		hd, _ := c.HeaderByHash(h)
		g.times[i] = hd.Timestamp
	}
	blk := g.next(0)
	if err := c.ProcessBlock(blk); err != nil {
		t.Fatal(err)
	}
	if err := c.VerifyChain(4, 0); err != nil {
		t.Errorf("after a new block: %v", err)
	}
	checkTip(t, c, 121, blk.BlockHash())

	// Levels 3 and 4 need the cache budget.
	closeChain(t, c)
	c = openChain(t, p, dir, func(o *Options) { o.coinsCacheBytes = 1 })
	if err := c.VerifyChain(4, 6); !errors.Is(err, ErrVerifySkipped) {
		t.Errorf("with no cache budget: %v, want ErrVerifySkipped", err)
	}
	if err := c.VerifyChain(2, 6); err != nil {
		t.Errorf("level 2 with no cache budget: %v", err)
	}
	closeChain(t, c)
	// Skipped checks do not stop a start.
	c = openChain(t, p, dir, func(o *Options) { o.coinsCacheBytes = 1; o.CheckBlocks, o.CheckLevel = 6, 4 })
	checkTip(t, c, 121, blk.BlockHash())
}

// TestVerifyChainCorruption damages a block, undo data and the UTXO set
// and checks that the level that should notice does, and that Start
// refuses the data directory.
func TestVerifyChainCorruption(t *testing.T) {
	p, dir, tip, _ := verifyChainFixture(t)
	c := openChain(t, p, dir, nil)
	n := c.index.lookup(tip)
	blockFile := filepath.Join(dir, BlocksDirName, "blk00000.dat")
	revFile := filepath.Join(dir, BlocksDirName, "rev00000.dat")
	blockPos, undoPos := int64(n.dataPos), int64(n.undoPos)
	raw, err := c.RawBlockByHash(tip)
	if err != nil {
		t.Fatal(err)
	}
	blockSize := int64(len(raw))
	closeChain(t, c)

	// flip xors one byte of a file, returning a function undoing it.
	flip := func(t *testing.T, path string, off int64) func() {
		t.Helper()
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b := make([]byte, 1)
		if _, err := f.ReadAt(b, off); err != nil {
			t.Fatal(err)
		}
		b[0] ^= 0x40
		if _, err := f.WriteAt(b, off); err != nil {
			t.Fatal(err)
		}
		return func() {
			b[0] ^= 0x40
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(b, off); err != nil {
				t.Fatal(err)
			}
		}
	}
	wantCorrupt := func(t *testing.T, err error, what string) {
		t.Helper()
		if !errors.Is(err, ErrCorruptBlockDB) {
			t.Fatalf("%s: %v, want ErrCorruptBlockDB", what, err)
		}
		t.Logf("%s: %v", what, err)
	}

	t.Run("block-body", func(t *testing.T) {
		// The last byte of the block: the spend's lock time. The header
		// still hashes right, the merkle root no longer matches.
		undo := flip(t, blockFile, blockPos+blockSize-1)
		defer undo()
		c := openChain(t, p, dir, nil)
		if err := c.VerifyChain(0, 6); err != nil {
			t.Errorf("level 0: %v", err)
		}
		wantCorrupt(t, c.VerifyChain(1, 6), "level 1")
		closeChain(t, c)
		_, err := openChainErr(p, dir, func(o *Options) { o.CheckBlocks, o.CheckLevel = 6, 3 })
		wantCorrupt(t, err, "Start")
		if !strings.Contains(err.Error(), "Corrupted block database detected") {
			t.Errorf("Start: %v", err)
		}
	})
	t.Run("block-header", func(t *testing.T) {
		undo := flip(t, blockFile, blockPos+4) // in the previous block hash
		defer undo()
		c := openChain(t, p, dir, nil)
		wantCorrupt(t, c.VerifyChain(0, 1), "level 0")
		closeChain(t, c)
	})
	t.Run("undo-data", func(t *testing.T) {
		undo := flip(t, revFile, undoPos+2)
		defer undo()
		c := openChain(t, p, dir, nil)
		if err := c.VerifyChain(1, 6); err != nil {
			t.Errorf("level 1: %v", err)
		}
		wantCorrupt(t, c.VerifyChain(2, 6), "level 2")
		closeChain(t, c)
		_, err := openChainErr(p, dir, func(o *Options) { o.CheckBlocks, o.CheckLevel = 6, 3 })
		wantCorrupt(t, err, "Start")
	})
	t.Run("undo-missing", func(t *testing.T) {
		saved, _ := os.ReadFile(revFile)
		defer func() {
			if err := os.WriteFile(revFile, saved, 0o644); err != nil {
				t.Fatal(err)
			}
		}()
		// Cut the rev file before the tip's undo record.
		if err := os.Truncate(revFile, undoPos-8); err != nil {
			t.Fatal(err)
		}
		_, err := openChainErr(p, dir, func(o *Options) { o.CheckBlocks, o.CheckLevel = 6, 2 })
		wantCorrupt(t, err, "Start")
	})
	t.Run("utxo-set", func(t *testing.T) {
		c := openChain(t, p, dir, nil)
		if err := c.VerifyChain(4, 6); err != nil {
			t.Fatalf("healthy: %v", err)
		}
		// Spend an output the tip created, in the cache only.
		blk, err := c.BlockByHash(tip)
		if err != nil {
			t.Fatal(err)
		}
		c.mu.Lock()
		_, _, err = c.coins.SpendCoin(primitives.OutPoint{Hash: blk.Txs[1].TxHash(), Index: 0}, nil)
		c.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.VerifyChain(2, 6); err != nil {
			t.Errorf("level 2: %v", err)
		}
		err = c.VerifyChain(3, 6)
		wantCorrupt(t, err, "level 3")
		if !strings.Contains(err.Error(), "coin database inconsistencies") {
			t.Errorf("level 3: %v", err)
		}
		// Do not write the damage back.
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		_ = c.closeStores()
	})
	// Everything restored: the chain verifies again.
	c = openChain(t, p, dir, func(o *Options) { o.CheckBlocks, o.CheckLevel = 6, 4 })
	checkTip(t, c, 120, tip)
}
