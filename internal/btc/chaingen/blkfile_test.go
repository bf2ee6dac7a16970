package chaingen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Flags of TestWriteChain, which writes a chain to a blk file for the
// importer and the btcd benchmark:
//
//	go test ./internal/btc/chaingen -run TestWriteChain -chaingen-out=FILE
var (
	flagOut     = flag.String("chaingen-out", "", "TestWriteChain writes the generated chain (genesis first) to this blk-format file")
	flagBlocks  = flag.Int("chaingen-blocks", DefaultBlocks, "TestWriteChain: blocks after genesis")
	flagTxs     = flag.Int("chaingen-txs", DefaultTxsPerBlock, "TestWriteChain: transactions per block")
	flagSeed    = flag.Uint64("chaingen-seed", 1, "TestWriteChain: seed")
	flagFork    = flag.Int("chaingen-fork", 0, "TestWriteChain: also write a branch replacing this many blocks to FILE.fork")
	flagInvalid = flag.Bool("chaingen-invalid", false, "TestWriteChain: also write each invalid block (a child of the tip) to FILE.invalid.NAME")
)

// readBlkFile splits a blk-format file into blocks, checking each record's
// magic and size.
func readBlkFile(t *testing.T, b []byte, magic [4]byte) []*primitives.Block {
	t.Helper()
	var blocks []*primitives.Block
	for len(b) > 0 {
		if len(b) < 8 || [4]byte(b[:4]) != magic {
			t.Fatalf("record %d: bad magic or truncated header", len(blocks))
		}
		size := int(binary.LittleEndian.Uint32(b[4:8]))
		if len(b) < 8+size {
			t.Fatalf("record %d: truncated block", len(blocks))
		}
		blk, err := primitives.DecodeBlock(b[8 : 8+size])
		if err != nil {
			t.Fatalf("record %d: %v", len(blocks), err)
		}
		blocks = append(blocks, blk)
		b = b[8+size:]
	}
	return blocks
}

// TestWriteChain writes a chain to -chaingen-out (the full acceptance chain
// by default). Without the flag it round-trips a small chain through a
// temporary file.
func TestWriteChain(t *testing.T) {
	cfg := Config{Seed: *flagSeed, Blocks: *flagBlocks, TxsPerBlock: *flagTxs, ForkDepth: *flagFork, Invalid: *flagInvalid}
	path := *flagOut
	if path == "" {
		cfg = Config{Params: fastParams(10), Seed: 9, Blocks: 30, TxsPerBlock: 10, ForkDepth: 3, Invalid: true}
		path = filepath.Join(t.TempDir(), "blk00000.dat")
	}
	start := time.Now()
	c, err := GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	n, err := c.WriteBlkFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d blocks after genesis, %d transactions, %d inputs, %d bytes (generated in %v)",
		path, len(c.Blocks), c.Stats.Txs, c.Stats.Inputs, n, elapsed.Round(time.Millisecond))
	if len(c.Fork) > 0 {
		fn, err := WriteBlkFile(path+".fork", c.Params.NetMagic, c.Fork...)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s.fork: %d blocks from height %d, %d bytes", path, len(c.Fork), c.ForkHeight, fn)
	}
	for _, ib := range c.Invalid {
		name := path + ".invalid." + ib.Name
		if _, err := WriteBlkFile(name, c.Params.NetMagic, ib.Block); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %s (%s stage)", name, ib.Reason, ib.Stage)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != n {
		t.Fatalf("file has %d bytes, writer reported %d", len(raw), n)
	}
	got := readBlkFile(t, raw, c.Params.NetMagic)
	if len(got) != len(c.Blocks)+1 || got[0].BlockHash() != c.Params.GenesisHash {
		t.Fatalf("read %d blocks, want genesis and %d", len(got), len(c.Blocks))
	}
	for i, blk := range c.Blocks {
		if !bytes.Equal(got[i+1].Bytes(), blk.Bytes()) {
			t.Fatalf("block %d differs after the round trip", i+1)
		}
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errWrite = errors.New("write failed")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteBlocksErrors(t *testing.T) {
	blocks, err := Generate(Config{Blocks: 3})
	if err != nil {
		t.Fatal(err)
	}
	var full bytes.Buffer
	total, err := WriteBlocks(&full, [4]byte{1, 2, 3, 4}, blocks...)
	if err != nil || total != int64(full.Len()) {
		t.Fatalf("wrote %d (%v), buffer %d", total, err, full.Len())
	}
	for _, limit := range []int{0, 5, int(total) - 1} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			n, err := WriteBlocks(&failWriter{n: limit}, [4]byte{1, 2, 3, 4}, blocks...)
			if !errors.Is(err, errWrite) || n != int64(limit) {
				t.Fatalf("wrote %d with %v, want %d and the write error", n, err, limit)
			}
		})
	}
	if _, err := WriteBlkFile(filepath.Join(t.TempDir(), "missing", "x.dat"), [4]byte{}, blocks...); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}
