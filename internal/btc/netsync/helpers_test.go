package netsync

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Test chain: testGenerate blocks are generated; serving nodes start from
// a data directory holding the first testBlocks (or bigBlocks) of them, and
// the following blocks are "mined" during tests.
const (
	testBlocks   = 320
	bigBlocks    = 2100
	testGenerate = 2110
)

var fixture struct {
	once  sync.Once
	err   error
	chain *chaingen.Chain

	mu        sync.Mutex
	templates map[int32]string // data directories by height
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range fixture.templates {
		_ = os.RemoveAll(dir)
	}
	os.Exit(code)
}

// loadFixture generates the chain once per test binary.
func loadFixture(t testing.TB) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.chain, fixture.err = chaingen.GenerateChain(chaingen.Config{Seed: 11, Blocks: testGenerate,
			TxsPerBlock: 3, ForkDepth: 5})
	})
	if fixture.err != nil {
		t.Fatalf("fixture: %v", fixture.err)
	}
}

// template returns a data directory holding the chain up to height,
// built once.
func template(t testing.TB, height int32) string {
	t.Helper()
	loadFixture(t)
	fixture.mu.Lock()
	defer fixture.mu.Unlock()
	if dir, ok := fixture.templates[height]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "netsync-template")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := openTestChain(dir, clockAt(height))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range fixture.chain.Blocks[:height] {
		if err := ch.ProcessBlock(b); err != nil {
			_ = ch.Close()
			t.Fatal(err)
		}
	}
	if err := ch.Close(); err != nil {
		t.Fatal(err)
	}
	if fixture.templates == nil {
		fixture.templates = make(map[int32]string)
	}
	fixture.templates[height] = dir
	return dir
}

// clockAt returns the clock of the nodes of a test around height: real
// time moved to an hour after the generated block ten above it, so that
// a node at that height is out of IBD and the next blocks are not in the
// future.
func clockAt(height int32) func() time.Time {
	top := min(int(height)+10, len(fixture.chain.Blocks))
	ts := fixture.chain.Blocks[top-1].Header.Timestamp
	off := time.Until(time.Unix(int64(ts), 0).Add(time.Hour))
	return func() time.Time { return time.Now().Add(off) }
}

func openTestChain(dir string, clock func() time.Time) (*blockchain.Chain, error) {
	c, err := blockchain.Open(blockchain.Options{Params: chaincfg.RegTest(), DataDir: dir, DBCacheMiB: 8,
		ScriptWorkers: 1, Clock: clock})
	if err != nil {
		return nil, err
	}
	if err := c.Start(context.Background()); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

// poolChain adapts the chain to mempool.Chain for tests.
type poolChain struct{ c *blockchain.Chain }

func (a poolChain) TipHeight() int32 { return a.c.BestHeight() }
func (a poolChain) MedianTimePast(height int32) int64 {
	h, err := a.c.BlockHashByHeight(height)
	if err != nil {
		return a.c.BestState().MedianTime.Unix()
	}
	info, err := a.c.BlockInfo(h)
	if err != nil {
		return a.c.BestState().MedianTime.Unix()
	}
	return info.MedianTime.Unix()
}
func (a poolChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	c, ok, err := a.c.LookupCoin(op)
	return c, ok && err == nil
}
func (a poolChain) ScriptFlags() txscript.Flags {
	return consensus.GetBlockScriptFlags(a.c.Params(), a.c.BestHeight()+1, chainhash.Hash{})
}

// node is one in-process node: chain, mempool and manager.
type node struct {
	name  string
	chain *blockchain.Chain
	pool  *mempool.Pool
	mgr   *Manager
	mu    sync.Mutex
	peers []*peer.Peer
}

var nextPeerID atomic.Int64

type nodeOpts struct {
	// preload starts the node with the chain up to height (testBlocks when
	// zero); otherwise it starts empty with the clock of that height.
	preload bool
	height  int32
	cfg     func(*Config)
}

// newNode starts a node; preloaded nodes start at height testBlocks (or
// o.height).
func newNode(t testing.TB, name string, o nodeOpts) *node {
	t.Helper()
	loadFixture(t)
	if o.height == 0 {
		o.height = testBlocks
	}
	clock := clockAt(o.height)
	dir := t.TempDir()
	if o.preload {
		if err := os.CopyFS(dir, os.DirFS(template(t, o.height))); err != nil {
			t.Fatalf("copy template: %v", err)
		}
	} else {
		dir = filepath.Join(dir, "n")
	}
	ch, err := openTestChain(dir, clock)
	if err != nil {
		t.Fatalf("%s: open chain: %v", name, err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	pool := mempool.New(mempool.Config{Params: ch.Params(), Chain: poolChain{ch}, AcceptNonStandard: true,
		MinRelayFee: 1, Now: clock})
	unsub := ch.Subscribe(func(n blockchain.Notification) {
		if n.Type == blockchain.NTBlockConnected {
			pool.RemoveForBlock(n.Block)
		}
	})
	t.Cleanup(unsub)
	cfg := Config{Params: ch.Params(), Chain: ch, Mempool: pool, Now: clock, TickInterval: 50 * time.Millisecond,
		Logger: testLogger(name)}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := &node{name: name, chain: ch, pool: pool, mgr: m}
	t.Cleanup(func() {
		n.mu.Lock()
		ps := n.peers
		n.mu.Unlock()
		for _, p := range ps {
			p.Disconnect("test done")
		}
		for _, p := range ps {
			<-p.Done()
		}
		_ = m.Stop()
	})
	return n
}

func testLogger(name string) *slog.Logger {
	if os.Getenv("NETSYNC_LOG") == "" {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("node", name)
}

// peerConfig is a peer configuration for node n with handler h.
func peerConfig(n *node, h peer.Handler) peer.Config {
	return peer.Config{
		ID:              nextPeerID.Add(1),
		Magic:           chaincfg.RegTest().NetMagic,
		Services:        wire.NodeNetwork | wire.NodeWitness,
		UserAgent:       "/twinchain:test/",
		StartHeight:     func() int32 { return n.chain.BestHeight() },
		Handler:         h,
		FeeRate:         n.mgr.TxFeeRate,
		InboundTrickle:  20 * time.Millisecond,
		OutboundTrickle: 20 * time.Millisecond,
	}
}

// connect links a (outbound side) to b (inbound side) over a pipe. The
// handlers default to the managers; it returns a's and b's peers.
func connect(t testing.TB, a, b *node, ha, hb peer.Handler) (pa, pb *peer.Peer) {
	t.Helper()
	if ha == nil {
		ha = a.mgr
	}
	if hb == nil {
		hb = b.mgr
	}
	c1, c2 := net.Pipe()
	pa = peer.New(c1, peerConfig(a, ha), false)
	pb = peer.New(c2, peerConfig(b, hb), true)
	var wg sync.WaitGroup
	var errA, errB error
	wg.Add(2)
	go func() { defer wg.Done(); errA = pa.Start(context.Background()) }()
	go func() { defer wg.Done(); errB = pb.Start(context.Background()) }()
	wg.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("handshake %s-%s: %v / %v", a.name, b.name, errA, errB)
	}
	a.attach(pa, ha == a.mgr)
	b.attach(pb, hb == b.mgr)
	return pa, pb
}

// attach registers p with the node's manager (when it is the handler) and
// unregisters it when it ends.
func (n *node) attach(p *peer.Peer, managed bool) {
	n.mu.Lock()
	n.peers = append(n.peers, p)
	n.mu.Unlock()
	if !managed {
		return
	}
	n.mgr.NewPeer(p)
	go func() {
		<-p.Done()
		n.mgr.DonePeer(p)
	}()
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// atHeight reports whether every node's tip is the generated block at h.
func atHeight(h int32, nodes ...*node) func() bool {
	want := fixture.chain.Blocks[h-1].BlockHash()
	return func() bool {
		for _, n := range nodes {
			if n.chain.BestHash() != want {
				return false
			}
		}
		return true
	}
}
