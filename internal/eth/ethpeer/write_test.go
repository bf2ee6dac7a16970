package ethpeer

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// TestSlowPeerDropped fills the bounded send queue of a peer that stopped
// reading: it is dropped with ErrSlowPeer instead of buffered for.
func TestSlowPeerDropped(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	cfg.SendQueueSize = 4
	c1, c2 := net.Pipe()
	p := New(c1, cfg, false)
	started := make(chan error, 1)
	go func() { started <- p.Start(context.Background()) }()
	t.Cleanup(func() { c2.Close(); waitDone(t, p) })
	// Handshake by hand, then never read again.
	if _, _, err := ethwire.ReadMessage(c2, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Write(ethwire.AppendMessage(nil, status(cfg))); err != nil {
		t.Fatal(err)
	}
	if err := startErr(t, started); err != nil {
		t.Fatal(err)
	}
	var err error
	sent := 0
	for ; sent < 100 && err == nil; sent++ {
		err = p.SendTransactions(ethtypes.Transactions{testTx(uint64(sent))})
	}
	if !errors.Is(err, ErrSlowPeer) {
		t.Fatalf("after %d sends: %v, want ErrSlowPeer", sent, err)
	}
	if sent > cfg.SendQueueSize+3 {
		t.Fatalf("%d messages accepted with a queue of %d", sent, cfg.SendQueueSize)
	}
	waitDone(t, p)
	if !errors.Is(p.Err(), ErrSlowPeer) {
		t.Fatalf("Err = %v", p.Err())
	}
}

// TestPing measures a ping round trip with a real peer, and drops a peer
// that does not answer pings.
func TestPing(t *testing.T) {
	t.Run("round trip", func(t *testing.T) {
		ca, cb := testConfig("a", newFakeChain(2), nil), testConfig("b", newFakeChain(2), nil)
		ca.PingInterval = 20 * time.Millisecond
		a, _, errA, errB := startPair(t, ca, cb)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		deadline := time.Now().Add(waitLong)
		for a.LastPing() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("no pong measured")
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	t.Run("pong timeout", func(t *testing.T) {
		cfg := testConfig("p", newFakeChain(2), nil)
		cfg.PingInterval = 20 * time.Millisecond
		cfg.PongTimeout = 60 * time.Millisecond
		p, r, started := newRaw(t, cfg, false)
		// Read everything, answer nothing.
		go func() {
			for {
				if _, _, err := ethwire.ReadMessage(r.conn, 0); err != nil {
					return
				}
			}
		}()
		r.write(status(cfg))
		if err := startErr(t, started); err != nil {
			t.Fatal(err)
		}
		waitDone(t, p)
		if err := p.Err(); !errors.Is(err, ErrTimeout) {
			t.Fatalf("Err = %v, want ErrTimeout", err)
		}
	})
}

// TestContextEnds disconnects the peer when Start's context ends.
func TestContextEnds(t *testing.T) {
	cfg := testConfig("p", newFakeChain(2), nil)
	c1, c2 := net.Pipe()
	p := New(c1, cfg, false)
	r := &rawRemote{t: t, conn: c2, in: make(chan ethwire.Message, 64), errc: make(chan error, 1)}
	go r.pump()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan error, 1)
	go func() { started <- p.Start(ctx) }()
	t.Cleanup(func() { c2.Close() })
	r.handshake(cfg, started)
	cancel()
	waitDone(t, p)
	if err := p.Err(); !errors.Is(err, ErrRequested) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Err = %v", err)
	}
}
