package ethminer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// waitHead waits until the head reaches number n.
func waitHead(t *testing.T, e *testEnv, n uint64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for e.chain.CurrentHeader().Number < n {
		if time.Now().After(deadline) {
			t.Fatalf("head stuck at %d, want %d", e.chain.CurrentHeader().Number, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// blockAt returns the canonical block with number n.
func blockAt(t *testing.T, e *testEnv, n uint64) *ethtypes.Block {
	t.Helper()
	h := e.chain.CurrentHeader()
	for h.Number > n {
		p, ok := e.chain.GetHeader(h.ParentHash, h.Number-1)
		if !ok {
			t.Fatal("missing ancestor")
		}
		h = p
	}
	b, _ := e.chain.GetBlock(h.Hash(), h.Number)
	return b
}

// TestAutomine: each submitted transaction gets its own block.
func TestAutomine(t *testing.T) {
	e := setup(t, "GrayGlacier", 3, 30_000_000, nil, Config{})
	if err := e.miner.StartAutomine(); err != nil {
		t.Fatal(err)
	}
	defer e.miner.Stop()
	if err := e.miner.StartAutomine(); !errors.Is(err, ErrRunning) {
		t.Fatalf("second start: %v", err)
	}
	if !e.miner.Mining() || e.miner.Mode() != "automine" {
		t.Fatal("not mining")
	}
	for i := 0; i < 3; i++ {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, gwei, 10*gwei))
	}
	k0, _ := key(0)
	e.add(t, dynTx(t, k0, 1, gwei, 10*gwei))
	waitHead(t, e, 4)
	e.miner.Stop()
	if e.miner.Mining() {
		t.Fatal("still mining after Stop")
	}
	for n := uint64(1); n <= 4; n++ {
		if b := blockAt(t, e, n); len(b.Txs) != 1 {
			t.Errorf("block %d has %d txs, want 1", n, len(b.Txs))
		}
	}
	if e.chain.CurrentHeader().Number != 4 {
		t.Errorf("automine mined empty blocks: head %d", e.chain.CurrentHeader().Number)
	}
}

// TestMinePendingAll mines all pending transactions in one block when
// AutomineTxsPerBlock is negative.
func TestMinePendingAll(t *testing.T) {
	e := setup(t, "GrayGlacier", 3, 30_000_000, nil, Config{AutomineTxsPerBlock: -1})
	for i := 0; i < 3; i++ {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, gwei, 10*gwei))
	}
	bs, err := e.miner.MinePending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || len(bs[0].Txs) != 3 {
		t.Fatalf("blocks %d", len(bs))
	}
	// An empty pool mines nothing and leaves a set timestamp for the
	// next block.
	ts := bs[0].Header.Time + 1000
	if err := e.miner.SetNextTimestamp(ts); err != nil {
		t.Fatal(err)
	}
	if bs, _ := e.miner.MinePending(context.Background()); len(bs) != 0 {
		t.Fatal("empty pool mined a block")
	}
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Header.Time != ts {
		t.Fatalf("time %d, want the set %d", b.Header.Time, ts)
	}
}

// fakeTicker is a ticker driven by the test.
type fakeTicker struct {
	c       chan time.Time
	stopped chan struct{}
}

func (f *fakeTicker) C() <-chan time.Time { return f.c }
func (f *fakeTicker) Stop()               { close(f.stopped) }

// TestIntervalMining mines one block per tick, with the pending
// transactions or empty.
func TestIntervalMining(t *testing.T) {
	ft := &fakeTicker{c: make(chan time.Time), stopped: make(chan struct{})}
	var gotD time.Duration
	e := setup(t, "GrayGlacier", 2, 30_000_000, nil, Config{NewTicker: func(d time.Duration) Ticker { gotD = d; return ft }})
	for i := 0; i < 2; i++ {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, gwei, 10*gwei))
	}
	if err := e.miner.StartInterval(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if gotD != 5*time.Second {
		t.Fatalf("ticker interval %v", gotD)
	}
	if e.chain.CurrentHeader().Number != 0 {
		t.Fatal("mined before the first tick")
	}
	ft.c <- time.Now()
	waitHead(t, e, 1)
	e.now = e.now.Add(5 * time.Second)
	ft.c <- time.Now()
	waitHead(t, e, 2)
	e.miner.Stop()
	select {
	case <-ft.stopped:
	default:
		t.Fatal("ticker not stopped")
	}
	if b := blockAt(t, e, 1); len(b.Txs) != 2 {
		t.Errorf("block 1 has %d txs, want 2", len(b.Txs))
	}
	b2 := blockAt(t, e, 2)
	if len(b2.Txs) != 0 || b2.Header.Time != blockAt(t, e, 1).Header.Time+5 {
		t.Errorf("block 2: %d txs, time %d", len(b2.Txs), b2.Header.Time)
	}
}

// TestContinuousPoW runs continuous mining with fake seals until a few
// blocks are in, then stops.
func TestContinuousPoW(t *testing.T) {
	engine, err := ethconsensus.New(ethconsensus.Config{FakeSeal: true, BombOff: true})
	if err != nil {
		t.Fatal(err)
	}
	e := setup(t, "GrayGlacier", 1, 30_000_000, engine, Config{})
	k0, _ := key(0)
	e.add(t, dynTx(t, k0, 0, gwei, 10*gwei))
	if err := e.miner.Start(); err != nil {
		t.Fatal(err)
	}
	waitHead(t, e, 3)
	e.miner.NotifyNewHead()
	e.miner.Stop()
	if len(blockAt(t, e, 1).Txs) != 1 {
		t.Error("the pending transaction is not in block 1")
	}
}

// TestRealEthashSeal mines a block with a real Ethash seal over a tiny
// dataset and checks it, and the hash rate.
func TestRealEthashSeal(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("proof of work (difficulty 131072) is slow under -short or -race")
	}
	engine, err := ethconsensus.New(ethconsensus.Config{CacheBytes: 64 * 101, DatasetBytes: 128 * 1021, Threads: 1, BombOff: true})
	if err != nil {
		t.Fatal(err)
	}
	e := setup(t, "GrayGlacier", 0, 30_000_000, engine, Config{Now: time.Now})
	if err := e.miner.Start(); err != nil {
		t.Fatal(err)
	}
	waitHead(t, e, 1)
	rate := e.miner.HashRate()
	e.miner.Stop()
	b := blockAt(t, e, 1)
	if err := engine.VerifySeal(b.Header); err != nil {
		t.Fatalf("seal: %v", err)
	}
	if rate <= 0 {
		t.Errorf("hash rate %f", rate)
	}
	t.Logf("hash rate %.0f H/s, %d hashes", rate, engine.Hashes())
}

// TestLostRaceBecomesUncle: a block of continuous mining that arrives
// second is kept and included as an uncle by the miner's next block.
func TestLostRaceBecomesUncle(t *testing.T) {
	engine, err := ethconsensus.New(ethconsensus.Config{FakeSeal: true, BombOff: true})
	if err != nil {
		t.Fatal(err)
	}
	e := setup(t, "GrayGlacier", 0, 30_000_000, engine, Config{})
	genesis := e.chain.CurrentHeader()
	// Our miner's work on genesis...
	e.miner.mineMu.Lock()
	res, err := e.miner.build(genesis, 0, genesis.Time+10)
	e.miner.mineMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	// ...loses to a peer's block 1 with the same difficulty.
	peerBase := ethtypes.Address{0x9e}
	peer, err := New(Config{Etherbase: peerBase, Now: e.miner.cfg.Now}, e.chain, e.pool, engine)
	if err != nil {
		t.Fatal(err)
	}
	peerRes, err := peer.build(genesis, 0, genesis.Time+10)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.chain.InsertBlock(peerRes.Block); err != nil {
		t.Fatal(err)
	}
	e.miner.mineMu.Lock()
	e.miner.insertMined(genesis, res, res.Block)
	e.miner.mineMu.Unlock()
	if e.chain.CurrentHeader().Hash() != peerRes.Block.Hash() {
		t.Fatal("the peer's block should stay the head")
	}
	b2, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Uncles) != 1 || b2.Uncles[0].Hash() != res.Block.Hash() || b2.Header.ParentHash != peerRes.Block.Hash() {
		t.Fatalf("block 2: %d uncles", len(b2.Uncles))
	}
	if err := engine.VerifyUncles(e.chain, b2); err != nil {
		t.Fatal(err)
	}
}

func TestStartIntervalInvalid(t *testing.T) {
	e := setup(t, "GrayGlacier", 0, 30_000_000, nil, Config{})
	if err := e.miner.StartInterval(0); !errors.Is(err, ErrInvalidInterval) {
		t.Fatalf("StartInterval(0): %v", err)
	}
}
