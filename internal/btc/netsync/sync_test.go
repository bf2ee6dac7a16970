package netsync

import (
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// TestParallelSync: B connects to A, C, D and E, which have the chain; B
// syncs it all (more than one headers message, more than one download
// window) and the blocks come from several peers.
func TestParallelSync(t *testing.T) {
	a := newNode(t, "A", nodeOpts{preload: true, height: bigBlocks})
	c := newNode(t, "C", nodeOpts{preload: true, height: bigBlocks})
	d := newNode(t, "D", nodeOpts{preload: true, height: bigBlocks})
	e := newNode(t, "E", nodeOpts{preload: true, height: bigBlocks})
	b := newNode(t, "B", nodeOpts{height: bigBlocks})
	start := time.Now()
	for _, s := range []*node{a, c, d, e} {
		connect(t, b, s, nil, nil)
	}
	waitFor(t, 50*time.Second, "B synced", atHeight(bigBlocks, b))
	el := time.Since(start)
	// A block is counted just after the chain accepts it: the last count
	// may trail the tip by a moment.
	countServed := func() int {
		total := 0
		for _, n := range b.mgr.BlocksServed() {
			total += n
		}
		return total
	}
	waitFor(t, 5*time.Second, "the last block counted", func() bool { return countServed() >= bigBlocks })
	served := b.mgr.BlocksServed()
	total, peers := 0, 0
	for _, n := range served {
		total += n
		if n > 0 {
			peers++
		}
	}
	t.Logf("synced %d blocks in %v (%.0f blocks/s); blocks per peer %v", bigBlocks, el,
		float64(bigBlocks)/el.Seconds(), served)
	if total < bigBlocks {
		t.Errorf("blocks served %d, want %d", total, bigBlocks)
	}
	if peers < 2 {
		t.Errorf("blocks came from %d peer(s), want several: %v", peers, served)
	}
	if pr := b.mgr.Progress(); pr.BlocksHeight != bigBlocks || pr.HeadersHeight != bigBlocks || pr.InitialBlockDownload {
		t.Errorf("progress %+v", pr)
	}
}

// staller forwards everything to a real manager but never answers getdata
// for blocks.
type staller struct{ m *Manager }

func (s staller) OnMessage(p *peer.Peer, msg wire.Message) {
	if _, ok := msg.(*wire.MsgGetData); ok {
		return
	}
	s.m.OnMessage(p, msg)
}

// TestStallerDisconnected: a peer that never delivers is disconnected,
// by the stall detection (it holds the download window while the other
// peer is idle) or by the block download timeout, and its blocks come
// from the other peer.
func TestStallerDisconnected(t *testing.T) {
	tests := []struct {
		name   string
		cfg    func(*Config)
		reason string
	}{
		{"stalling", func(c *Config) {
			c.DownloadWindow = 48
			c.StallTimeout = 500 * time.Millisecond
		}, "peer is stalling block download"},
		{"download timeout", func(c *Config) {
			c.StallTimeout = time.Hour
			c.BlockDownloadTimeout = 2 * time.Second
		}, "block download timeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newNode(t, "A", nodeOpts{preload: true})
			s := newNode(t, "S", nodeOpts{preload: true})
			b := newNode(t, "B", nodeOpts{cfg: tc.cfg})
			stallerPeer, sp := connect(t, b, s, nil, staller{s.mgr})
			s.mgr.NewPeer(sp)
			connect(t, b, a, nil, nil)
			waitFor(t, 30*time.Second, "B synced despite the staller", atHeight(testBlocks, b))
			if stallerPeer.Connected() {
				t.Fatalf("staller still connected")
			}
			err := stallerPeer.Err()
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("staller ended with %v, want %q", err, tc.reason)
			}
			if b.mgr.BlocksServed()[stallerPeer.ID()] != 0 {
				t.Errorf("staller served blocks")
			}
		})
	}
}

// TestInvalidHeaders: a peer sending an invalid or broken header chain is
// discouraged.
func TestInvalidHeaders(t *testing.T) {
	loadFixture(t)
	good := fixture.chain.Blocks
	badBits := good[0].Header
	badBits.Bits = 0x1d00ffff
	tests := []struct {
		name string
		hdrs []primitives.Header
	}{
		{"bad-diffbits", []primitives.Header{badBits}},
		{"non-continuous", []primitives.Header{good[0].Header, good[2].Header}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newNode(t, "B", nodeOpts{})
			x := newNode(t, "X", nodeOpts{})
			bp, xp := connect(t, b, x, nil, peer.HandlerFunc(func(*peer.Peer, wire.Message) {}))
			if err := xp.QueueMessage(&wire.MsgHeaders{Headers: tc.hdrs}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 10*time.Second, "discouragement", func() bool { return bp.ShouldDiscourage() })
			<-bp.Done()
		})
	}
}

// TestSyncFromInboundWithIdleOutbound: a node in initial download whose only
// outbound peer has nothing still downloads blocks from an inbound peer that
// has them (Core holds inbound peers back only while blocks are in flight).
// The headers come from the inbound peer's announcement of a new block.
func TestSyncFromInboundWithIdleOutbound(t *testing.T) {
	a := newNode(t, "A", nodeOpts{preload: true})
	x := newNode(t, "X", nodeOpts{})
	b := newNode(t, "B", nodeOpts{})
	connect(t, b, x, nil, nil) // B's outbound peer: empty, in IBD itself
	connect(t, a, b, nil, nil) // A is inbound at B
	if err := a.chain.ProcessBlock(fixture.chain.Blocks[testBlocks]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "B synced from its inbound peer", atHeight(testBlocks+1, b))
}
