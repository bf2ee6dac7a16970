package ethpeer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// TestHandshake connects two peers on the same chain.
func TestHandshake(t *testing.T) {
	chainA, chainB := newFakeChain(10), newFakeChain(5)
	beA, beB := newRecBackend(), newRecBackend()
	a, b, errA, errB := startPair(t, testConfig("a", chainA, beA), testConfig("b", chainB, beB))
	if errA != nil || errB != nil {
		t.Fatalf("Start: %v / %v", errA, errB)
	}
	if p := <-beA.ready; p != a {
		t.Fatal("PeerReady got another peer")
	}
	<-beB.ready
	wantHead, _, _, wantTD := chainB.CurrentHead()
	if h, td := a.Head(); h != wantHead || td != wantTD {
		t.Fatalf("a.Head = %x %v, want B's head", h[:4], td)
	}
	if !a.KnowsBlock(wantHead) {
		t.Fatal("remote head not marked known")
	}
	if st := b.Status(); st.NetworkID != 1337 || st.ProtocolVersion != ethwire.ProtocolVersion {
		t.Fatalf("b.Status = %+v", st)
	}
	if a.ID() != "a" || a.Inbound() || !b.Inbound() {
		t.Fatal("identity accessors")
	}
	a.Disconnect("bye")
	waitDone(t, a)
	waitDone(t, b)
	if err := b.Err(); !errors.Is(err, ErrRemoteDisconnect) || !strings.Contains(err.Error(), "bye") {
		t.Fatalf("b.Err = %v, want the remote's disconnect", err)
	}
	if err := a.Err(); !errors.Is(err, ErrRequested) {
		t.Fatalf("a.Err = %v", err)
	}
	select {
	case <-beA.gone:
	default:
		t.Fatal("PeerGone not called before Done")
	}
	if err := a.Start(t.Context()); !errors.Is(err, ErrAlreadyStarted) {
		t.Fatalf("second Start: %v", err)
	}
	if err := a.SendTransactions(nil); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("send after end: %v", err)
	}
}

// TestHandshakeRejects checks that an incompatible Status ends the
// connection with ErrIncompatible and a Disconnect carrying the reason.
func TestHandshakeRejects(t *testing.T) {
	chain := newFakeChain(10)
	other := newFakeChain(3)
	other.headers[0].Extra = []byte("another genesis")
	forked := devConfig()
	five := uint64(5)
	forked.GrayGlacierBlock = &five

	tests := []struct {
		name   string
		mod    func(st *ethwire.Status)
		reason ethwire.DisconnectReason
		text   string
	}{
		{"network id", func(st *ethwire.Status) { st.NetworkID = 1 }, ethwire.DiscUselessPeer, "network id mismatch"},
		{"genesis", func(st *ethwire.Status) { st.Genesis = other.headers[0].Hash() }, ethwire.DiscUselessPeer, "genesis mismatch"},
		{"fork id", func(st *ethwire.Status) {
			st.ForkID = ethwire.NewForkID(forked, chain.genesis(), 0, 9, 90)
		}, ethwire.DiscUselessPeer, "fork id rejected"},
		{"version", func(st *ethwire.Status) { st.ProtocolVersion = 67 }, ethwire.DiscIncompatibleVersion, "protocol version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			be := newRecBackend()
			cfg := testConfig("p", chain, be)
			p, r, started := newRaw(t, cfg, true)
			if m := r.next(); m.Code() != ethwire.StatusCode {
				t.Fatalf("first message %v", m.Code())
			}
			st := status(cfg)
			tc.mod(st)
			r.write(st)
			err := startErr(t, started)
			if !errors.Is(err, ErrIncompatible) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("Start = %v, want ErrIncompatible %q", err, tc.text)
			}
			d, ok := r.next().(*ethwire.Disconnect)
			if !ok || d.Reason != tc.reason || !strings.Contains(d.Text, tc.text) {
				t.Fatalf("remote got %+v, want reason %v", d, tc.reason)
			}
			waitDone(t, p)
			if len(be.ready) != 0 || len(be.gone) != 0 {
				t.Fatal("backend told about a rejected peer")
			}
		})
	}
}

// TestHandshakeForkCompatible accepts a remote that is syncing (its fork id
// is a past state of ours with the right next fork).
func TestHandshakeForkCompatible(t *testing.T) {
	chain := newFakeChain(10)
	cfg := testConfig("p", chain, nil)
	forked := devConfig()
	five := uint64(5)
	forked.GrayGlacierBlock = &five
	cfg.Forks = ethwire.NewForkSchedule(forked, chain.genesis(), 0) // we passed block 5
	_, r, started := newRaw(t, cfg, true)
	r.next()
	st := status(cfg)
	st.ForkID = cfg.Forks.ID(2, 20) // remote at block 2, knows about the fork at 5
	r.write(st)
	if err := startErr(t, started); err != nil {
		t.Fatalf("Start = %v", err)
	}
}

// TestHandshakeTimeout drops a remote that never sends its Status.
func TestHandshakeTimeout(t *testing.T) {
	cfg := testConfig("p", newFakeChain(2), nil)
	cfg.HandshakeTimeout = 100 * time.Millisecond
	start := time.Now()
	p, r, started := newRaw(t, cfg, true)
	err := startErr(t, started)
	if !errors.Is(err, ErrHandshakeTimeout) {
		t.Fatalf("Start = %v, want ErrHandshakeTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	r.next() // our Status
	if d, ok := r.next().(*ethwire.Disconnect); !ok || d.Reason != ethwire.DiscReadTimeout {
		t.Fatalf("remote got %+v", d)
	}
	waitDone(t, p)
}

// TestHandshakeFirstMessage rejects a first message other than Status, and
// reports a Disconnect received instead of a Status.
func TestHandshakeFirstMessage(t *testing.T) {
	t.Run("not status", func(t *testing.T) {
		_, r, started := newRaw(t, testConfig("p", newFakeChain(2), nil), true)
		r.next()
		r.write(&ethwire.GetBlockBodies{RequestID: 1})
		if err := startErr(t, started); !errors.Is(err, ErrProtocol) {
			t.Fatalf("Start = %v, want ErrProtocol", err)
		}
	})
	t.Run("disconnect", func(t *testing.T) {
		_, r, started := newRaw(t, testConfig("p", newFakeChain(2), nil), true)
		r.next()
		r.write(&ethwire.Disconnect{Reason: ethwire.DiscTooManyPeers, Text: "full"})
		if err := startErr(t, started); !errors.Is(err, ErrRemoteDisconnect) || !strings.Contains(err.Error(), "too many peers: full") {
			t.Fatalf("Start = %v, want ErrRemoteDisconnect", err)
		}
	})
	t.Run("malformed status", func(t *testing.T) {
		_, r, started := newRaw(t, testConfig("p", newFakeChain(2), nil), true)
		r.next()
		r.writeFrame(ethwire.AppendFrame(nil, ethwire.StatusCode, []byte{0xc0}))
		if err := startErr(t, started); !errors.Is(err, ErrProtocol) {
			t.Fatalf("Start = %v, want ErrProtocol", err)
		}
	})
}

// TestBackendRejects disconnects a peer whose PeerReady fails.
func TestBackendRejects(t *testing.T) {
	chain := newFakeChain(3)
	be := newRecBackend()
	be.readyErr = errors.New("too many eth peers")
	cfg := testConfig("p", chain, be)
	_, r, started := newRaw(t, cfg, true)
	r.next()
	r.write(status(cfg))
	if err := startErr(t, started); !errors.Is(err, ErrRejected) {
		t.Fatalf("Start = %v, want ErrRejected", err)
	}
	if d, ok := r.next().(*ethwire.Disconnect); !ok || d.Text != "too many eth peers" {
		t.Fatalf("remote got %+v", d)
	}
	if len(be.gone) != 0 {
		t.Fatal("PeerGone after a failed PeerReady")
	}
}

// TestSecondStatus is a protocol error.
func TestSecondStatus(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	r.write(status(cfg))
	waitDone(t, p)
	if err := p.Err(); !errors.Is(err, ErrProtocol) {
		t.Fatalf("Err = %v", err)
	}
}
