package blockchain

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// bothHashes asks UTXOStats for hash_serialized_3 and MuHash.
const bothHashes = utxoset.HashSerialized | utxoset.HashMuHash

// modelUTXO computes the UTXO set statistics of a branch without the chain:
// it applies the blocks' spends and outputs (utxoset.ApplyBlock, no
// validation) to a cache over an in-memory chainstate, from genesis, whose
// coinbase Core never adds. It is the independent reference the chain's
// results are compared with. The statistics name the last block, or genesis
// when blocks is empty.
func modelUTXO(t testing.TB, genesis chainhash.Hash, blocks []*primitives.Block, hashes utxoset.HashType) *utxoset.Stats {
	t.Helper()
	db, err := utxoset.OpenDB(memdb.New(), utxoset.DBOptions{NoObfuscate: true})
	if err != nil {
		t.Fatal(err)
	}
	c := utxoset.NewCache(db, 0)
	c.SetBestBlock(genesis)
	for i, b := range blocks {
		if _, err := utxoset.ApplyBlock(c, b, uint32(i+1)); err != nil {
			t.Fatalf("model: block %d: %v", i+1, err)
		}
		c.SetBestBlock(b.BlockHash())
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := utxoset.ComputeStats(db, hashes)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestAcceptanceChain is the acceptance test of issue 3 on the generated
// chain (chaingen.DefaultConfig: 1,000 blocks, 100,800 signed transactions
// spending P2PKH, P2WPKH, P2TR key and script path and P2WSH multisig
// outputs) with a 101-block branch replacing its last 100 blocks. It
// connects the chain from a blk file, restarts, reorganises onto the
// branch, restarts, reindexes and reindexes the chainstate; the UTXO set
// statistics (hash_serialized_3, MuHash, counts, amount) are identical on
// every path reaching the same tip and equal an independent computation
// from genesis along that branch (modelUTXO).
//
// It verifies the 169,323 inputs' scripts three times (the import, the
// reindex and the reindex of the chainstate) and generates the chain: about
// 97 CPU-seconds, so some 50 s on two idle cores and 64-171 s measured on a
// shared two-core machine; -short skips it (TestGeneratedChain runs the
// same paths on a 160-block chain).
func TestAcceptanceChain(t *testing.T) {
	if testing.Short() {
		t.Skip("verifies 500,000 inputs (about 100 CPU-seconds); skipped with -short")
	}
	t0 := time.Now()
	cfg := chaingen.DefaultConfig()
	cfg.ForkDepth = 100
	gen, err := chaingen.GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := gen.Params
	st := gen.Stats
	if st.Blocks < 1000 || st.Txs < 100_000 {
		t.Fatalf("generated %d blocks and %d transactions, want at least 1,000 and 100,000", st.Blocks, st.Txs)
	}
	for typ, n := range st.InputsByType {
		if n == 0 {
			t.Fatalf("no input spends output type %d", typ)
		}
	}
	if st.TapLeafCheckSig == 0 || st.TapLeafMultiSig == 0 {
		t.Fatalf("taproot script-path spends: %d CHECKSIG leaf, %d CHECKSIGADD leaf", st.TapLeafCheckSig, st.TapLeafMultiSig)
	}
	if len(gen.Fork) != 101 || gen.ForkHeight != 901 {
		t.Fatalf("fork of %d blocks from height %d, want 101 from 901", len(gen.Fork), gen.ForkHeight)
	}
	file := filepath.Join(t.TempDir(), "blk00000.dat")
	if _, err := gen.WriteBlkFile(file); err != nil {
		t.Fatal(err)
	}
	mainTip := gen.Blocks[len(gen.Blocks)-1].BlockHash()
	forkTip := gen.Fork[len(gen.Fork)-1].BlockHash()
	forkBranch := append(append([]*primitives.Block(nil), gen.Blocks[:gen.ForkHeight-1]...), gen.Fork...)
	wantMain := modelUTXO(t, p.GenesisHash, gen.Blocks, bothHashes)
	wantFork := modelUTXO(t, p.GenesisHash, forkBranch, bothHashes)
	t.Logf("generated %d blocks (+%d on the branch), %d txs, %d inputs (by type %v), %d bytes; model UTXO sets: %d and %d outputs; %v",
		st.Blocks, len(gen.Fork), st.Txs, st.Inputs, st.InputsByType, st.Bytes, wantMain.TxOuts, wantFork.TxOuts, time.Since(t0).Round(time.Millisecond))

	dir := t.TempDir()
	check := func(c *Chain, path string, height int32, tip chainhash.Hash, want *utxoset.Stats) {
		t.Helper()
		got, h, err := c.UTXOStats(bothHashes)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if h != height || got.BestBlock != tip {
			t.Fatalf("%s: UTXO set at %s (height %d), want %s (height %d)", path, got.BestBlock, h, tip, height)
		}
		if *got != *want {
			t.Fatalf("%s: UTXO set statistics differ from the model's:\n got %+v\nwant %+v", path, got, want)
		}
	}
	step := func(what string, since time.Time) {
		t.Logf("%-52s %v", what, time.Since(since).Round(time.Millisecond))
	}

	// Connect: the importer reads the blk file, uninterrupted.
	t1 := time.Now()
	c := openChain(t, p, dir, nil)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	err = c.NewImporter().ImportBlkFile(t.Context(), f, nil)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	checkTip(t, c, 1000, mainTip)
	step("import of the main chain (clean run)", t1)
	check(c, "clean import", 1000, mainTip, wantMain)
	closeChain(t, c)

	// Restart at the main tip.
	c = openChain(t, p, dir, nil)
	check(c, "restart at the main tip", 1000, mainTip, wantMain)

	// Reorganise: the branch's last block has more work; the chain
	// disconnects 100 blocks and connects 101.
	t1 = time.Now()
	var connected, disconnected int
	unsub := c.Subscribe(func(n Notification) {
		if n.Type == NTBlockDisconnected {
			disconnected++
		} else {
			connected++
		}
	})
	for i, b := range gen.Fork {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("branch block %d: %v", i, err)
		}
	}
	unsub()
	if disconnected != 100 || connected != 101 {
		t.Fatalf("reorganisation disconnected %d blocks and connected %d, want 100 and 101", disconnected, connected)
	}
	step("reorganisation (100 blocks off, 101 on)", t1)
	check(c, "reorganisation", 1001, forkTip, wantFork)
	closeChain(t, c)

	c = openChain(t, p, dir, nil)
	check(c, "restart at the branch tip", 1001, forkTip, wantFork)
	closeChain(t, c)

	// Rebuild everything from the blk files, which hold both branches.
	t1 = time.Now()
	c = openChain(t, p, dir, func(o *Options) { o.Reindex = true })
	step("reindex", t1)
	check(c, "reindex", 1001, forkTip, wantFork)
	closeChain(t, c)

	t1 = time.Now()
	c = openChain(t, p, dir, func(o *Options) { o.ReindexChainstate = true })
	step("reindex-chainstate", t1)
	check(c, "reindex-chainstate", 1001, forkTip, wantFork)
	closeChain(t, c)
	t.Logf("hash_serialized_3 %s, muhash %s at the branch tip; total %v",
		wantFork.HashSerialized, wantFork.MuHash, time.Since(t0).Round(time.Millisecond))
}
