package blockchain

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// smallDBCacheOptions run the chain with the smallest -dbcache and, below
// it, a UTXO cache of 384 KiB written in partial batches of 32 KiB, so that
// the chainstate is flushed every few blocks of the generated chain and each
// flush goes through the head-blocks protocol in several batches; block
// files of 1 MiB.
func smallDBCacheOptions(o *Options) {
	o.DBCacheMiB = MinDBCacheMiB
	o.coinsCacheBytes = 96 << 10
	o.coinsBatchBytes = 4 << 10
	o.blockFileSize = 1 << 20
	o.blockChunkSize = 64 << 10
	o.undoChunkSize = 16 << 10
}

// flushAnnouncer is the crash child's log handler: it prints "flush-start"
// on standard output when the chain logs that it starts writing the UTXO
// cache to the chainstate (flushStateToDisk's debug message, after the
// block files and the index are synced), so that the test can aim some
// kills at flushes.
type flushAnnouncer struct{}

func (flushAnnouncer) Enabled(context.Context, slog.Level) bool { return true }
func (flushAnnouncer) WithAttrs([]slog.Attr) slog.Handler       { return flushAnnouncer{} }
func (flushAnnouncer) WithGroup(string) slog.Handler            { return flushAnnouncer{} }

func (flushAnnouncer) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "writing the chainstate" {
		_, err := os.Stdout.WriteString("flush-start\n")
		return err
	}
	return nil
}

// flushWatcher reads a crash child's output: it closes started at
// "child-start" and sends on flushes (without blocking) at each
// "flush-start" line.
type flushWatcher struct {
	mu      sync.Mutex
	partial []byte
	log     []byte // the first 64 KiB, for failure messages
	started chan struct{}
	flushes chan struct{}
	closed  bool
}

func newFlushWatcher() *flushWatcher {
	return &flushWatcher{started: make(chan struct{}), flushes: make(chan struct{}, 1)}
}

func (w *flushWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := 64<<10 - len(w.log); room > 0 {
		w.log = append(w.log, p[:min(room, len(p))]...)
	}
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		switch string(w.partial[:i]) {
		case "child-start":
			if !w.closed {
				close(w.started)
				w.closed = true
			}
		case "flush-start":
			select {
			case w.flushes <- struct{}{}:
			default:
			}
		}
		w.partial = w.partial[i+1:]
	}
	return len(p), nil
}

func (w *flushWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.log)
}

// crashChain is the generated chain the SIGKILL test imports: 240 blocks
// whose 140 last hold 64 signed transactions of every output type each, and
// a 25-block branch replacing the last 24, written after the main chain so
// that the import ends with a reorganisation.
var crashChain = chaingen.Config{Seed: 5, Blocks: 240, TxsPerBlock: 64, ForkDepth: 24}

// branchModel computes the UTXO set of any block of a generated chain with
// modelUTXO, from the block's ancestry.
type branchModel struct {
	t       testing.TB
	genesis chainhash.Hash
	blocks  map[chainhash.Hash]*primitives.Block
	memo    map[chainhash.Hash]*utxoset.Stats
}

func newBranchModel(t testing.TB, gen *chaingen.Chain) *branchModel {
	m := &branchModel{t: t, genesis: gen.Params.GenesisHash,
		blocks: make(map[chainhash.Hash]*primitives.Block), memo: make(map[chainhash.Hash]*utxoset.Stats)}
	for _, b := range slices.Concat(gen.Blocks, gen.Fork) {
		m.blocks[b.BlockHash()] = b
	}
	return m
}

// stats returns the model's statistics at tip (both hashes).
func (m *branchModel) stats(tip chainhash.Hash) *utxoset.Stats {
	m.t.Helper()
	if st, ok := m.memo[tip]; ok {
		return st
	}
	var branch []*primitives.Block
	for h := tip; h != m.genesis; {
		b, ok := m.blocks[h]
		if !ok {
			m.t.Fatalf("model: block %s is not in the generated chain", h)
		}
		branch = append(branch, b)
		h = b.Header.PrevBlock
	}
	slices.Reverse(branch)
	st := modelUTXO(m.t, m.genesis, branch, bothHashes)
	m.memo[tip] = st
	return st
}

// headBlocksPresent reports whether the chainstate in dir holds the 'H'
// record of an interrupted flush, read with raw LevelDB access.
func headBlocksPresent(t testing.TB, dir string) bool {
	t.Helper()
	db, err := leveldb.Open(filepath.Join(dir, ChainstateDirName), leveldb.Options{ReadOnly: true, ErrorIfMissing: true})
	if err != nil {
		return false // killed before the chainstate was created
	}
	defer db.Close()
	ok, err := db.Has([]byte{'H'})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestCrashRecoveryGenerated kills the importer (this test binary run as
// TestCrashChild, with smallDBCacheOptions) with SIGKILL at random moments
// while it imports a generated chain of signed transactions, at least 20
// times. The kills follow one another on the same data directory (each
// restart resumes the import, and may itself be killed while it replays an
// interrupted flush or reconnects stored blocks) until the import
// completes; then a new directory is started. After each kill:
//
//   - the chainstate, opened as the crash left it (replayed if a flush was
//     interrupted), has the UTXO set a computation from genesis along its
//     tip's branch gives (modelUTXO: hash_serialized_3, MuHash, counts);
//   - once started (the stored blocks reconnected), the same holds at the
//     new tip, and its statistics equal those of a clean in-process import
//     when it reaches that tip;
//   - every completed import ends at the clean run's tip with its UTXO set.
//
// Each kill comes at a random delay after the child starts; one in three
// then waits for the child's next chainstate flush (announced by its log
// handler, flushAnnouncer) and comes within 2 ms of its start. At least
// three kills must leave an interrupted flush (the 'H' record present):
// the test keeps killing, up to 60 times, until they do.
func TestCrashRecoveryGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped with -short")
	}
	t0 := time.Now()
	gen, err := chaingen.GenerateChain(crashChain)
	if err != nil {
		t.Fatal(err)
	}
	p := gen.Params
	file := filepath.Join(t.TempDir(), "blk.dat")
	all := slices.Concat([]*primitives.Block{p.GenesisBlock}, gen.Blocks, gen.Fork)
	if _, err := chaingen.WriteBlkFile(file, p.NetMagic, all...); err != nil {
		t.Fatal(err)
	}
	finalTip := gen.Fork[len(gen.Fork)-1].BlockHash()
	finalHeight := gen.ForkHeight + int32(len(gen.Fork)) - 1
	model := newBranchModel(t, gen)

	child := func(dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashFile+"="+file, envCrashOpts+"=dbcache")
		return cmd
	}
	stats := func(c *Chain, what string) *utxoset.Stats {
		t.Helper()
		st, _, err := c.UTXOStats(bothHashes)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return st
	}
	checkModel := func(c *Chain, what string) *utxoset.Stats {
		t.Helper()
		got := stats(c, what)
		if want := model.stats(got.BestBlock); *got != *want {
			t.Fatalf("%s: the UTXO set at %s differs from the model's:\n got %+v\nwant %+v", what, got.BestBlock, got, want)
		}
		return got
	}

	// A clean run of the child measures the kill window and gives the
	// final state every interrupted import must reach.
	cleanDir := t.TempDir()
	out, err := child(cleanDir).CombinedOutput()
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
	c := openChain(t, p, cleanDir, smallDBCacheOptions)
	checkTip(t, c, finalHeight, finalTip)
	cleanFinal := checkModel(c, "clean child run")
	closeChain(t, c)
	t.Logf("chain of %d blocks (+%d on the branch), %d txs, %d inputs; clean import %v; setup %v",
		gen.Stats.Blocks, len(gen.Fork), gen.Stats.Txs, gen.Stats.Inputs, window.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))

	checkFinal := func(dir, what string) {
		t.Helper()
		c := openChain(t, p, dir, smallDBCacheOptions)
		checkTip(t, c, finalHeight, finalTip)
		if got := stats(c, what); *got != *cleanFinal {
			t.Fatalf("%s: final UTXO set differs from the clean run's:\n got %+v\nwant %+v", what, got, cleanFinal)
		}
		closeChain(t, c)
	}

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d: kills %v to %v after the child starts; one in three at the next flush after that, within 2 ms", seed, 0, window/2)
	const minKills, minMidFlush, maxKills = 20, 3, 60
	seen := make(map[chainhash.Hash]*utxoset.Stats) // post-restart states, for the clean run
	var kills, aimed, midFlush, lineages, completed int
	dir := ""
	for iter := 0; kills < minKills || (midFlush < minMidFlush && kills < maxKills); iter++ {
		if iter >= 3*maxKills {
			t.Fatalf("only %d kills landed in %d runs", kills, iter)
		}
		if dir == "" {
			dir = t.TempDir()
			lineages++
		}
		cmd := child(dir)
		w := newFlushWatcher()
		cmd.Stdout, cmd.Stderr = w, w
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-w.started:
		case err := <-done:
			t.Fatalf("run %d: the child stopped before starting: %v\n%s", iter, err, w)
		}
		delay := time.Duration(rng.Int64N(int64(window / 2)))
		aim := rng.IntN(3) == 0
		var exited bool
		var err error
		select {
		case err = <-done:
			exited = true
		case <-time.After(delay):
		}
		if !exited && aim {
			// Wait for the next flush, then kill within 2 ms.
			select {
			case <-w.flushes:
			default:
			}
			select {
			case err = <-done:
				exited = true
			case <-w.flushes:
				time.Sleep(time.Duration(rng.Int64N(int64(2 * time.Millisecond))))
			}
		}
		if !exited {
			_ = cmd.Process.Kill()
			if err = <-done; err == nil || strings.Contains(w.String(), "import-done") {
				// It finished just before the signal: not a kill
				// during the import.
				exited, err = true, nil
			}
		}
		if exited {
			// The import completed before the kill.
			if err != nil {
				t.Fatalf("run %d: the child failed: %v\n%s", iter, err, w)
			}
			checkFinal(dir, fmt.Sprintf("lineage %d", lineages))
			completed++
			dir = ""
			continue
		}
		kills++
		if aim {
			aimed++
		}
		mid := headBlocksPresent(t, dir)
		if mid {
			midFlush++
		}
		what := fmt.Sprintf("kill %d (lineage %d, %v after start, aimed at a flush: %v)", kills, lineages, delay.Round(time.Millisecond), aim)

		// The chainstate as the crash left it, replayed by Open.
		opts := Options{Params: p, DataDir: dir, ScriptWorkers: 2}
		smallDBCacheOptions(&opts)
		c, err := Open(opts)
		if err != nil {
			t.Fatalf("%s: reopening: %v", what, err)
		}
		h0 := c.BestState().Height
		if h0 >= 0 {
			checkModel(c, what+", reopened")
		}
		// Start reconnects what the index holds beyond the chainstate.
		if err := c.Start(context.Background()); err != nil {
			t.Fatalf("%s: starting: %v", what, err)
		}
		st := checkModel(c, what+", started")
		seen[st.BestBlock] = st
		h1 := c.BestState().Height
		closeChain(t, c)
		t.Logf("%s: chainstate at height %d (interrupted flush: %v), %d after Start", what, h0, mid, h1)
	}
	if dir != "" {
		if out, err := child(dir).CombinedOutput(); err != nil {
			t.Fatalf("last lineage: final run: %v\n%s", err, out)
		}
		checkFinal(dir, "last lineage")
		completed++
	}

	// A clean in-process import reaches every tip the restarts reached,
	// with the same UTXO set.
	c = openChain(t, p, t.TempDir(), smallDBCacheOptions)
	matched := 0
	compare := func() {
		tip := c.BestState().Hash
		want, ok := seen[tip]
		if !ok {
			return
		}
		if got := stats(c, "clean run"); *got != *want {
			t.Fatalf("clean run at %s: UTXO set differs from the restarted one's:\n got %+v\nwant %+v", tip, got, want)
		}
		delete(seen, tip)
		matched++
	}
	compare()
	for i, b := range all[1:] {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("clean run, block %d: %v", i+1, err)
		}
		compare()
	}
	if got := stats(c, "clean run"); *got != *cleanFinal {
		t.Fatalf("clean in-process run ends with a different UTXO set:\n got %+v\nwant %+v", got, cleanFinal)
	}
	closeChain(t, c)
	if len(seen) > 0 {
		t.Fatalf("%d tips reached after restarts are never the clean run's tip", len(seen))
	}
	if midFlush < minMidFlush {
		t.Errorf("only %d of the %d kills interrupted a chainstate flush", midFlush, kills)
	}
	t.Logf("%d kills (%d aimed at a flush, %d left an interrupted flush) over %d imports (%d completed); %d distinct restart tips matched the clean run; %v",
		kills, aimed, midFlush, lineages, completed, matched, time.Since(t0).Round(time.Millisecond))
}
