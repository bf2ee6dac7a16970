package netsync

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// nop is a handler ignoring everything: a scripted remote.
var nop = peer.HandlerFunc(func(*peer.Peer, wire.Message) {})

// badCoinbaseBlock returns generated block h with its coinbase claiming
// one satoshi too many (bad-cb-amount), with a valid proof of work.
func badCoinbaseBlock(t *testing.T, h int32) *primitives.Block {
	t.Helper()
	src := fixture.chain.Blocks[h-1]
	blk := &primitives.Block{Header: src.Header, Txs: append([]*primitives.Tx(nil), src.Txs...)}
	cb := src.Txs[0].Copy()
	cb.Outputs[0].Value++
	blk.Txs[0] = cb
	root, _ := blk.MerkleRoot()
	blk.Header.MerkleRoot = root
	params := fixture.chain.Params
	for !consensus.CheckProofOfWork(blk.Header.BlockHash(), blk.Header.Bits, params) {
		blk.Header.Nonce++
	}
	// Re-decode so that cached hashes match the new contents.
	out, err := primitives.DecodeBlock(blk.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnrequestedBlocks: an unrequested block that does not connect is
// answered with getheaders and not punished; the tip's next block is
// accepted unrequested; an invalid one discourages its sender.
func TestUnrequestedBlocks(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true})
	f := newNode(t, "F", nodeOpts{preload: true})
	got := make(chan wire.Message, 100)
	xp, fp := connect(t, x, f, nil, peer.HandlerFunc(func(_ *peer.Peer, m wire.Message) {
		if _, ok := m.(*wire.MsgGetHeaders); ok {
			select {
			case got <- m:
			default:
			}
		}
	}))
	// Drain the initial getheaders.
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("no initial getheaders")
	}
	blocks := fixture.chain.Blocks
	if err := fp.QueueMessage(&wire.MsgBlock{Block: blocks[testBlocks+1]}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("no getheaders after an unconnecting block")
	}
	if err := fp.QueueMessage(&wire.MsgBlock{Block: blocks[testBlocks]}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "X accepts the next block", atHeight(testBlocks+1, x))
	if xp.ShouldDiscourage() {
		t.Fatal("honest sender discouraged")
	}
	bad := badCoinbaseBlock(t, testBlocks+2)
	if err := fp.QueueMessage(&wire.MsgBlock{Block: bad}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "discouragement for an invalid block", xp.ShouldDiscourage)
	if x.chain.BestHeight() != testBlocks+1 {
		t.Errorf("tip %d after the invalid block", x.chain.BestHeight())
	}
}

// TestBlocksOnly: with -blocksonly a peer sending a transaction is
// disconnected, not discouraged.
func TestBlocksOnly(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true, cfg: func(c *Config) { c.BlocksOnly = true }})
	f := newNode(t, "F", nodeOpts{preload: true})
	xp, fp := connect(t, x, f, nil, nop)
	tx := fixture.chain.Blocks[testBlocks].Txs[1]
	if err := fp.QueueMessage(&wire.MsgTx{Tx: tx}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-xp.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("peer not disconnected")
	}
	if xp.ShouldDiscourage() || !errors.Is(xp.Err(), peer.ErrRequested) {
		t.Errorf("err %v, discouraged %v", xp.Err(), xp.ShouldDiscourage())
	}
	if x.pool.Count() != 0 {
		t.Errorf("blocks-only pool took a transaction")
	}
}

// TestHeadersSyncTimeout: a sync peer that never answers (here an empty
// node in IBD, which ignores getheaders) is replaced by another peer.
func TestHeadersSyncTimeout(t *testing.T) {
	z := newNode(t, "Z", nodeOpts{})
	a := newNode(t, "A", nodeOpts{preload: true})
	b := newNode(t, "B", nodeOpts{cfg: func(c *Config) { c.HeadersSyncTimeout = 300 * time.Millisecond }})
	connect(t, b, z, nil, nil)
	connect(t, b, a, nil, nil)
	waitFor(t, 20*time.Second, "B synced through the second peer", atHeight(testBlocks, b))
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressLog: during a sync the manager logs its progress with an
// ETA.
func TestProgressLog(t *testing.T) {
	var buf syncBuffer
	a := newNode(t, "A", nodeOpts{preload: true, height: bigBlocks})
	b := newNode(t, "B", nodeOpts{height: bigBlocks, cfg: func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&buf, nil))
		c.ProgressInterval = 50 * time.Millisecond
		c.TickInterval = 5 * time.Millisecond
	}})
	connect(t, b, a, nil, nil)
	waitFor(t, 50*time.Second, "B synced", atHeight(bigBlocks, b))
	out := buf.String()
	if !strings.Contains(out, "Synchronizing blockchain") || !strings.Contains(out, "eta=") {
		t.Errorf("no progress line in the log:\n%s", out)
	}
	t.Logf("%s", lastLine(out, "Synchronizing"))
}

func lastLine(s, sub string) string {
	last := ""
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			last = l
		}
	}
	return last
}

// TestInvFlood: an inv of 50,000 unknown transactions leads to at most
// MaxPeerTxRequestInFlight requests.
func TestInvFlood(t *testing.T) {
	x := newNode(t, "X", nodeOpts{preload: true})
	f := newNode(t, "F", nodeOpts{preload: true})
	var mu sync.Mutex
	requested := 0
	_, fp := connect(t, x, f, nil, peer.HandlerFunc(func(_ *peer.Peer, m wire.Message) {
		if gd, ok := m.(*wire.MsgGetData); ok {
			mu.Lock()
			requested += len(gd.List)
			mu.Unlock()
		}
	}))
	inv := &wire.MsgInv{List: make([]wire.InvVect, wire.MaxInvSize)}
	typ := wire.InvTx
	if fp.WTxIDRelay() {
		typ = wire.InvWTx
	}
	for i := range inv.List {
		inv.List[i].Type = typ
		inv.List[i].Hash[0], inv.List[i].Hash[1], inv.List[i].Hash[2] = byte(i), byte(i>>8), byte(i>>16)
	}
	if err := fp.QueueMessage(inv); err != nil {
		t.Fatal(err)
	}
	if err := fp.QueueMessage(inv); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "requests", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return requested > 0
	})
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if requested != MaxPeerTxRequestInFlight {
		t.Errorf("requested %d transactions, want %d", requested, MaxPeerTxRequestInFlight)
	}
}
