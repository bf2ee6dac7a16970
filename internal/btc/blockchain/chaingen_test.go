package blockchain

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
)

// TestGeneratedChain connects a generated chain of signed P2PKH, P2WPKH,
// P2TR (key and script path) and P2WSH multisig spends, reorganises onto
// its competing branch, rejects each invalid block with Core's reason, and
// ends with the same UTXO set as a chain that only saw the branch, after a
// restart, a reindex and a reindex of the chainstate.
func TestGeneratedChain(t *testing.T) {
	cfg := chaingen.Config{Seed: 7, Blocks: 160, TxsPerBlock: 24, ForkDepth: 12, Invalid: true}
	gen, err := chaingen.GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := gen.Params
	dir := t.TempDir()
	c := openChain(t, p, dir, nil)
	for i, b := range gen.Blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
	}
	checkTip(t, c, 160, gen.Blocks[159].BlockHash())
	for _, inv := range gen.Invalid {
		err := c.ProcessBlock(inv.Block)
		if !errors.Is(err, inv.Err) || Reason(err) != inv.Reason {
			t.Errorf("%s: %v (reason %q), want kind %v reason %q", inv.Name, err, Reason(err), inv.Err, inv.Reason)
		}
		checkTip(t, c, 160, gen.Blocks[159].BlockHash())
	}
	for i, b := range gen.Fork {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("fork block %d: %v", i, err)
		}
	}
	forkTip := gen.Fork[len(gen.Fork)-1].BlockHash()
	checkTip(t, c, gen.ForkHeight+int32(len(gen.Fork))-1, forkTip)
	want, _, err := c.UTXOStats(utxoset.HashSerialized | utxoset.HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	closeChain(t, c)

	// A chain that only saw the branch.
	ref := openChain(t, p, t.TempDir(), nil)
	for _, b := range gen.Blocks[:gen.ForkHeight-1] {
		if err := ref.ProcessBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range gen.Fork {
		if err := ref.ProcessBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := ref.UTXOStats(utxoset.HashSerialized | utxoset.HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *want {
		t.Errorf("UTXO set after the reorganisation differs from the branch's:\n%+v\n%+v", want, got)
	}

	for _, mod := range []func(*Options){nil, func(o *Options) { o.Reindex = true }, func(o *Options) { o.ReindexChainstate = true }} {
		c := openChain(t, p, dir, mod)
		checkTip(t, c, gen.ForkHeight+int32(len(gen.Fork))-1, forkTip)
		got, _, err := c.UTXOStats(utxoset.HashSerialized | utxoset.HashMuHash)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *want {
			t.Errorf("UTXO set differs after reopening")
		}
		closeChain(t, c)
	}
}

// BenchmarkImportGenerated imports the generated acceptance chain (1,000
// blocks, about 100,000 signed transactions) from a blk file with
// -dbcache=450, as twinchain-tool btc importblocks does. The chain is built
// once per process (it takes a while); BLOCKCHAIN_BENCH_BLOCKS shrinks it,
// and BLOCKCHAIN_BENCH_FILE=FILE imports that regtest blk file instead (for
// example bench/out/import/chain.blk, which bench/run-import.sh writes), so
// that a CPU profile holds the import only:
//
//	BLOCKCHAIN_BENCH_FILE=$PWD/bench/out/import/chain.blk go test ./internal/btc/blockchain \
//		-run '^$' -bench ImportGenerated -benchtime 1x -cpuprofile import.prof
func BenchmarkImportGenerated(b *testing.B) {
	if file := os.Getenv("BLOCKCHAIN_BENCH_FILE"); file != "" {
		benchImportFile(b, file)
		return
	}
	cfg := chaingen.DefaultConfig()
	if s := os.Getenv("BLOCKCHAIN_BENCH_BLOCKS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		cfg.Blocks = n
	}
	start := time.Now()
	gen, err := chaingen.GenerateChain(cfg)
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "blk.dat")
	size, err := gen.WriteBlkFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d blocks, %d txs, %d inputs, %d bytes in %v", gen.Stats.Blocks, gen.Stats.Txs, gen.Stats.Inputs, size, time.Since(start))
	b.ResetTimer()
	benchImportLoop(b, gen.Params, file)
	el := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(gen.Stats.Blocks)/el, "blocks/s")
	b.ReportMetric(float64(gen.Stats.Txs)/el, "txs/s")
	b.ReportMetric(float64(gen.Stats.Inputs)/el, "inputs/s")
}

// benchImportFile imports an existing regtest blk file b.N times and
// reports the rates, counting its blocks, transactions and inputs first.
func benchImportFile(b *testing.B, file string) {
	p := chaincfg.RegTest()
	raw, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var blocks, txs, inputs int
	for _, r := range blkRecords(b, raw, p.NetMagic) {
		blk, err := primitives.DecodeBlock(r)
		if err != nil {
			b.Fatal(err)
		}
		if blk.BlockHash() == p.GenesisHash {
			continue
		}
		blocks++
		for _, tx := range blk.Txs[1:] {
			txs++
			inputs += len(tx.Inputs)
		}
	}
	b.ResetTimer()
	benchImportLoop(b, p, file)
	el := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(blocks)/el, "blocks/s")
	b.ReportMetric(float64(txs)/el, "txs/s")
	b.ReportMetric(float64(inputs)/el, "inputs/s")
}

// benchImportLoop imports file into a fresh data directory b.N times with
// -dbcache=450 and every core verifying scripts.
func benchImportLoop(b *testing.B, p *chaincfg.Params, file string) {
	for range b.N {
		c, err := openChainErr(p, b.TempDir(), func(o *Options) { o.DBCacheMiB = 450; o.ScriptWorkers = 0 })
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.NewImporter().ImportBlkFile(b.Context(), f, nil); err != nil {
			b.Fatal(err)
		}
		f.Close()
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportNoSignatures imports 600 blocks whose 60,000 inputs spend
// OP_TRUE outputs, so that the chain's own costs (decoding, checks, the
// UTXO cache, block and undo files, the index) are measured without
// signature verification.
func BenchmarkImportNoSignatures(b *testing.B) {
	p := chaincfg.RegTest()
	g := newTestGen(b, p)
	blocks, _ := fanBranchWidth(g, 600, 120, nil)
	file := filepath.Join(b.TempDir(), "blk.dat")
	writeBlk(b, file, p.NetMagic, blocks)
	inputs := 0
	for _, blk := range blocks {
		for _, tx := range blk.Txs[1:] {
			inputs += len(tx.Inputs)
		}
	}
	b.ResetTimer()
	for range b.N {
		c, err := openChainErr(p, b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.NewImporter().ImportBlkFile(b.Context(), f, nil); err != nil {
			b.Fatal(err)
		}
		f.Close()
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
	el := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(len(blocks))/el, "blocks/s")
	b.ReportMetric(float64(inputs)/el, "inputs/s")
}
