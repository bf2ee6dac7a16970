package chaingen

import (
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestFullChain builds the acceptance chain of issue 3 (DefaultConfig:
// 1,000 blocks, 100,800 transactions), reports its generation time and
// size, and validates every block: all consensus checks on every block,
// and the scripts of every tenth block (the small-chain tests verify every
// input; verifying all 170,000 here would take about a minute of CPU). It
// is skipped with -short.
func TestFullChain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and validates the 1,000-block, 100,800-transaction chain; run without -short")
	}
	start, cpu0 := time.Now(), cpuTime()
	c, err := GenerateChain(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	size, err := WriteBlocks(io.Discard, c.Params.NetMagic, append([]*primitives.Block{c.Params.GenesisBlock}, c.Blocks...)...)
	if err != nil {
		t.Fatal(err)
	}
	s := &c.Stats
	t.Logf("generated %d blocks, %d transactions, %d inputs, %d outputs in %v (process CPU time %v, GOMAXPROCS %d)",
		s.Blocks, s.Txs, s.Inputs, s.Outputs, elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	t.Logf("blk file %d bytes (%.1f MiB); block weight total %d, heaviest %d; fees %d sat",
		size, float64(size)/(1<<20), s.Weight, s.MaxBlockWeight, s.Fees)
	if len(c.Blocks) < 1000 || s.Txs < 100_000 {
		t.Fatalf("%d blocks and %d transactions: the acceptance chain needs 1,000 and 100,000", len(c.Blocks), s.Txs)
	}
	checkMix(t, s)

	start = time.Now()
	v := newValidator(c.Params)
	v.scriptEvery = 10
	for _, blk := range c.Blocks {
		if err := v.connect(blk); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("validated every block and %d input scripts in %v", v.inputs, time.Since(start).Round(time.Millisecond))
}
