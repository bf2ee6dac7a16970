package blockchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
)

// recordingObserver keeps what the chain reports.
type recordingObserver struct {
	connects []ConnectStats
	flushes  []FlushStats
}

func (r *recordingObserver) BlockConnected(s ConnectStats) { r.connects = append(r.connects, s) }
func (r *recordingObserver) StateFlushed(s FlushStats)     { r.flushes = append(r.flushes, s) }

func TestObserver(t *testing.T) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 3, Blocks: 20, TxsPerBlock: 2})
	if err != nil {
		t.Fatal(err)
	}
	blocks := gen.Blocks
	obs := &recordingObserver{}
	c := openChain(t, gen.Params, t.TempDir(), func(o *Options) { o.Observer = obs })
	for _, b := range blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	// The genesis block is connected by Start.
	if len(obs.connects) != len(blocks)+1 {
		t.Fatalf("%d connections reported, want %d", len(obs.connects), len(blocks)+1)
	}
	for i, s := range obs.connects {
		if s.Height != int32(i) {
			t.Errorf("connection %d: height %d", i, s.Height)
		}
		if s.Validation <= 0 || s.Total < s.Validation {
			t.Errorf("height %d: validation %v, total %v", s.Height, s.Validation, s.Total)
		}
		if s.Height > 0 && (s.CoinsCount <= 0 || s.CoinsBytes <= 0) {
			t.Errorf("height %d: cache %d coins, %d bytes", s.Height, s.CoinsCount, s.CoinsBytes)
		}
	}
	before := len(obs.flushes)
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(obs.flushes) != before+1 {
		t.Fatalf("Flush reported %d writes", len(obs.flushes)-before)
	}
	if last := obs.flushes[len(obs.flushes)-1]; last.Emptied || last.CoinsCount <= 0 {
		t.Errorf("a sync (not emptying) flush reported %+v", last)
	}
}

// TestObserverOff checks a chain without an Observer connects as before
// (the hooks are nil checks).
func TestObserverOff(t *testing.T) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 3, Blocks: 5})
	if err != nil {
		t.Fatal(err)
	}
	c := openChain(t, gen.Params, t.TempDir(), nil)
	for _, b := range gen.Blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	if h := c.BestHeight(); h != 5 {
		t.Fatalf("height %d", h)
	}
}

func TestReindexProgress(t *testing.T) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 5, Blocks: 30, TxsPerBlock: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	small := func(o *Options) { o.blockFileSize = 4 << 10 } // several blk files
	c := openChain(t, gen.Params, dir, small)
	for _, b := range gen.Blocks {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	closeChain(t, c)

	var got []ReindexStatus
	c = openChain(t, gen.Params, dir, func(o *Options) {
		small(o)
		o.Reindex = true
		o.ReindexProgress = func(s ReindexStatus) { got = append(got, s) }
	})
	if h := c.BestHeight(); h != 30 {
		t.Fatalf("height after reindex %d", h)
	}
	if len(got) < 2 {
		t.Fatalf("progress %+v: want one report per file, several files", got)
	}
	for i, s := range got {
		if s.FilesDone != int32(i+1) || s.Files != int32(len(got)) {
			t.Errorf("report %d: %+v of %d", i, s, len(got))
		}
		if i > 0 && s.Blocks < got[i-1].Blocks {
			t.Errorf("report %d: blocks went down: %+v", i, s)
		}
	}
	if last := got[len(got)-1]; last.Blocks != 31 {
		t.Errorf("last report %+v, want 31 blocks (genesis included)", last)
	}
}
