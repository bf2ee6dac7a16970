package blockchain

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Environment of the crash child (TestCrashChild).
const (
	envCrashDir  = "TWINCHAIN_CRASH_DIR"
	envCrashFile = "TWINCHAIN_CRASH_FILE"
	// envCrashOpts selects the child's options: empty for crashOptions,
	// "dbcache" for smallDBCacheOptions.
	envCrashOpts = "TWINCHAIN_CRASH_OPTS"
)

// crashOptions make the chain write often: a tiny UTXO cache flushed every
// few blocks in small partial batches, and small block files.
func crashOptions(o *Options) {
	o.coinsCacheBytes = 6 << 10
	o.coinsBatchBytes = 4 << 10
	o.blockFileSize = 96 << 10
	o.blockChunkSize = 16 << 10
	o.undoChunkSize = 4 << 10
}

// fanBranch generates n blocks on g. From height 101 each block splits the
// coinbase of 100 blocks earlier into 20 outputs and gathers the 20 outputs
// split one block earlier into one.
func fanBranch(g *testGen, n int, lastFan *primitives.Tx) ([]*primitives.Block, *primitives.Tx) {
	return fanBranchWidth(g, n, 20, lastFan)
}

// fanBranchWidth is fanBranch with width outputs per fan-out.
func fanBranchWidth(g *testGen, n, width int, lastFan *primitives.Tx) ([]*primitives.Block, *primitives.Tx) {
	var out []*primitives.Block
	for range n {
		h := g.height + 1
		var txs []*primitives.Tx
		fee := int64(0)
		if h > 100 {
			sub := consensus.GetBlockSubsidy(h-100, g.p)
			fan := spendTx(0, nil, g.coinbaseOut(h-100))
			fan.Outputs = nil
			for range width {
				fan.Outputs = append(fan.Outputs, primitives.TxOut{Value: (sub - 2000) / int64(width), ScriptPubKey: opTrue})
			}
			txs = append(txs, fan)
			fee += sub - int64(width)*((sub-2000)/int64(width))
			if lastFan != nil {
				var ops []primitives.OutPoint
				var in int64
				for i := range lastFan.Outputs {
					ops = append(ops, primitives.OutPoint{Hash: lastFan.TxHash(), Index: uint32(i)})
					in += lastFan.Outputs[i].Value
				}
				txs = append(txs, spendTx(in-1000, opTrue, ops...))
				fee += 1000
			}
			lastFan = fan
		}
		out = append(out, g.next(fee, txs...))
	}
	return out, lastFan
}

// writeBlk writes blocks as a blk-format file.
func writeBlk(t testing.TB, path string, magic [4]byte, blocks []*primitives.Block) {
	t.Helper()
	var b []byte
	for _, blk := range blocks {
		raw := blk.Bytes()
		b = append(b, magic[:]...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(raw)))
		b = append(b, raw...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCrashChild is the importer the crash test kills; it does nothing
// unless started by TestCrashRecovery.
func TestCrashChild(t *testing.T) {
	dir, file := os.Getenv(envCrashDir), os.Getenv(envCrashFile)
	if dir == "" {
		t.Skip("run by TestCrashRecovery")
	}
	opts := crashOptions
	if os.Getenv(envCrashOpts) == "dbcache" {
		opts = func(o *Options) {
			smallDBCacheOptions(o)
			o.Logger = slog.New(flushAnnouncer{})
		}
	}
	fmt.Println("child-start")
	c, err := openChainErr(chaincfg.RegTest(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Println("import-start")
	start := time.Now()
	if err := c.NewImporter().ImportBlkFile(context.Background(), f, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("import-done %d\n", time.Since(start))
}

// TestCrashRecovery kills an importing process with SIGKILL at random
// moments. After each kill the data directory must open at a tip whose UTXO
// set is exactly the one a clean run has at that block; at the end the
// import completes with the clean run's tip and UTXO set. The chain forks:
// the second branch takes over in the middle of the import.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped with -short")
	}
	p := chaincfg.RegTest()
	g := newTestGen(t, p)
	a, _ := fanBranch(g, 240, nil)
	gb := g.fork(a[199].BlockHash(), 200)
	// The fork's first fan-in spends the fan-out of block 200 of a.
	b, _ := fanBranch(gb, 60, a[199].Txs[1])
	all := append(append([]*primitives.Block(nil), a...), b...)
	file := filepath.Join(t.TempDir(), "blk.dat")
	writeBlk(t, file, p.NetMagic, all)

	// Reference: the UTXO hash after every block of either branch.
	ref := make(map[chainhash.Hash]chainhash.Hash)
	refRun := func(blocks []*primitives.Block) {
		c := openChain(t, p, t.TempDir(), nil)
		for _, blk := range blocks {
			if err := c.ProcessBlock(blk); err != nil {
				t.Fatal(err)
			}
			h, _ := utxoHash(t, c)
			ref[blk.BlockHash()] = h
		}
		closeChain(t, c)
	}
	refRun(a)
	refRun(append(append([]*primitives.Block(nil), a[:200]...), b...))
	finalTip := b[len(b)-1].BlockHash()

	child := func(dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashFile+"="+file)
		return cmd
	}
	// A full run measures the window the kills fall in: from the start of
	// the import to its end.
	out, err := child(t.TempDir()).CombinedOutput()
	if err != nil {
		t.Fatalf("clean child run: %v\n%s", err, out)
	}
	var window time.Duration
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(line, "import-done %d", &window); err == nil {
			break
		}
	}
	if window <= 0 {
		t.Fatalf("no import time in the child's output:\n%s", out)
	}

	seed := time.Now().UnixNano()
	t.Logf("seed %d, kill window %v", seed, window)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	const kills = 12
	for i := range kills {
		dir := t.TempDir()
		cmd := child(dir)
		out := &lineWatcher{marker: "import-start\n", started: make(chan struct{})}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(window)))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-out.started:
		case err := <-done:
			t.Fatalf("kill %d: the child stopped before importing: %v\n%s", i, err, out)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("kill %d: the child failed before the kill: %v\n%s", i, err, out)
			}
		case <-time.After(delay):
			_ = cmd.Process.Kill()
			<-done
		}
		// The directory opens at a consistent tip.
		c, err := openChainErr(p, dir, crashOptions)
		if err != nil {
			t.Fatalf("kill %d after %v: reopening: %v", i, delay, err)
		}
		st := c.BestState()
		got, _ := utxoHash(t, c)
		if want, ok := ref[st.Hash]; st.Height > 0 && (!ok || got != want) {
			t.Fatalf("kill %d after %v: tip %s at %d has UTXO hash %s, want %s", i, delay, st.Hash, st.Height, got, want)
		}
		t.Logf("kill %d after %v: reopened at height %d", i, delay, st.Height)
		closeChain(t, c)

		// The import then completes with the clean run's result.
		if out, err := child(dir).CombinedOutput(); err != nil {
			t.Fatalf("kill %d: final run: %v\n%s", i, err, out)
		}
		c = openChain(t, p, dir, nil)
		checkTip(t, c, 260, finalTip)
		if got, _ := utxoHash(t, c); got != ref[finalTip] {
			t.Fatalf("kill %d: final UTXO hash %s, want %s", i, got, ref[finalTip])
		}
		closeChain(t, c)
	}
}

// lineWatcher keeps the first 64 KiB of a child's output and closes
// started when the child prints marker.
type lineWatcher struct {
	marker  string
	mu      sync.Mutex
	b       []byte
	started chan struct{}
	closed  bool
}

func (l *lineWatcher) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := 64<<10 - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	if !l.closed && strings.Contains(string(l.b), l.marker) {
		close(l.started)
		l.closed = true
	}
	return len(p), nil
}

func (l *lineWatcher) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}
