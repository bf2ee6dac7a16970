package node

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/logging"
)

// TestCorruptBlockDBRefusesStart checks the startup verification (Core's
// -checkblocks=6 -checklevel=3): a data directory whose undo data is gone
// does not start, with Core's message, and -reindex repairs it.
func TestCorruptBlockDBRefusesStart(t *testing.T) {
	gc := genChain(t)
	dir := t.TempDir()
	cfg := loadConfig(t, dir)
	n, cl := startNode(t, cfg)
	submit(t, n, gc.Blocks[:102])
	stopByRPC(t, n, cl)

	rev := filepath.Join(cfg.BTCDataDir, blockchain.BlocksDirName, "rev00000.dat")
	if err := os.Truncate(rev, 0); err != nil {
		t.Fatal(err)
	}
	cfg2 := loadConfig(t, dir)
	logs, err := logging.New(logging.Config{File: cfg2.DebugLogFile})
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	n2, err := New(cfg2, logs)
	if err != nil {
		t.Fatal(err)
	}
	err = n2.Start(context.Background())
	const want = "Corrupted block database detected. Please restart with -reindex or -reindex-chainstate to recover."
	if !errors.Is(err, ErrStartup) || err.Error() != want {
		t.Fatalf("Start: %v, want %q", err, want)
	}
	<-n2.Done()

	// -reindex rebuilds the undo data: the node starts, and starts again.
	n3, cl3 := startNode(t, loadConfig(t, dir, "-reindex"))
	if got := n3.Chain().BestHeight(); got != 102 {
		t.Fatalf("height after -reindex %d, want 102", got)
	}
	stopByRPC(t, n3, cl3)
	n4, cl4 := startNode(t, loadConfig(t, dir))
	if got := n4.Chain().BestHeight(); got != 102 {
		t.Fatalf("height after restart %d, want 102", got)
	}
	stopByRPC(t, n4, cl4)
}
