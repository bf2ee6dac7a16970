package peer

import (
	"context"
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

func TestHandshakePipe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, testConfig(1), testConfig(2))
		if errA != nil || errB != nil {
			t.Fatalf("Start: %v / %v", errA, errB)
		}
		checkNegotiated(t, a, b)
		stop(t, a, b)
		if !errors.Is(a.Err(), ErrRequested) {
			t.Errorf("Err = %v, want ErrRequested", a.Err())
		}
	})
}

func TestHandshakeTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback: %v", err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	c1, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c2 := <-accepted
	a, b, errA, errB := startPair(t, t.Context(), c1, c2, testConfig(1), testConfig(2))
	if errA != nil || errB != nil {
		t.Fatalf("Start: %v / %v", errA, errB)
	}
	checkNegotiated(t, a, b)
	// Both directions' pings complete with a measured round trip.
	deadline := time.Now().Add(5 * time.Second)
	for a.Stats().PingTime == 0 || b.Stats().PingTime == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no ping round trip measured")
		}
		time.Sleep(time.Millisecond)
	}
	st := a.Stats()
	if st.MinPing <= 0 || st.MinPing > st.PingTime || st.PingWait != 0 {
		t.Errorf("ping stats: last %v min %v wait %v", st.PingTime, st.MinPing, st.PingWait)
	}
	stop(t, a, b)
}

func checkNegotiated(t *testing.T, a, b *Peer) {
	t.Helper()
	for _, c := range []struct {
		name string
		p    *Peer
		id   int64
	}{{"outbound", a, 2}, {"inbound", b, 1}} {
		r := c.p.Remote()
		if r.Version != wire.ProtocolVersion || r.CommonVersion != wire.ProtocolVersion ||
			r.UserAgent != "/twinchain:test/" || r.StartHeight != 100+int32(c.id) || !r.Relay ||
			!r.WTxIDRelay || !r.WantsAddrV2 || r.Services != wire.NodeNetwork|wire.NodeWitness {
			t.Errorf("%s: remote %+v", c.name, r)
		}
		if !c.p.Connected() || !c.p.RelayTxs() {
			t.Errorf("%s: not connected/relaying", c.name)
		}
	}
	// sendcmpct follows verack; wait for it to arrive.
	for _, p := range []*Peer{a, b} {
		for i := 0; !p.Remote().ProvidesCmpct; i++ {
			if i > 5000 {
				t.Fatal("sendcmpct not received")
			}
			time.Sleep(time.Millisecond)
		}
		if p.Remote().HighBandwidthCmpct {
			t.Error("high-bandwidth requested by default")
		}
	}
	st := a.Stats()
	for _, cmd := range []string{"version", "verack", "wtxidrelay", "sendaddrv2", "sendcmpct"} {
		if st.BytesSentPerMsg[cmd] == 0 || st.BytesRecvPerMsg[cmd] == 0 {
			t.Errorf("no %s bytes counted: sent %v recv %v", cmd, st.BytesSentPerMsg, st.BytesRecvPerMsg)
		}
	}
	if st.BytesSentPerMsg["version"] != wire.HeaderSize+uint64(len((&wire.MsgVersion{UserAgent: "/twinchain:test/"}).Encode(nil))) {
		t.Errorf("version bytes %d", st.BytesSentPerMsg["version"])
	}
	if st.ConnectionType != "outbound-full-relay" || b.Stats().ConnectionType != "inbound" {
		t.Errorf("connection types %q %q", st.ConnectionType, b.Stats().ConnectionType)
	}
}

func TestFeatureNegotiation(t *testing.T) {
	tests := []struct {
		name        string
		version     int32
		wtxid, cmpt bool
		err         ErrorKind
	}{
		{"70016", 70016, true, true, ""},
		{"70015", 70015, false, true, ""},
		{"70014", 70014, false, true, ""},
		{"70013", 70013, false, false, ""},
		{"70001", 70001, false, false, ""},
		{"min 31800", 31800, false, false, ""},
		{"obsolete 31799", 31799, false, false, ErrObsoleteVersion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c1, c2 := net.Pipe()
				cfgB := testConfig(2)
				cfgB.ProtocolVersion = tc.version
				a, b, errA, errB := startPair(t, t.Context(), c1, c2, testConfig(1), cfgB)
				defer stop(t, a, b)
				if tc.err != "" {
					if !errors.Is(errA, tc.err) {
						t.Fatalf("Start = %v, want %v", errA, tc.err)
					}
					if errB == nil {
						t.Fatal("inbound side survived")
					}
					return
				}
				if errA != nil || errB != nil {
					t.Fatalf("Start: %v / %v", errA, errB)
				}
				synctest.Wait()
				r := a.Remote()
				if r.Version != tc.version || r.CommonVersion != tc.version || r.WTxIDRelay != tc.wtxid ||
					r.WantsAddrV2 != tc.wtxid || r.ProvidesCmpct != tc.cmpt {
					t.Errorf("outbound sees %+v", r)
				}
				if rb := b.Remote(); rb.WTxIDRelay != tc.wtxid || rb.ProvidesCmpct != tc.cmpt || rb.CommonVersion != tc.version {
					t.Errorf("inbound sees %+v", rb)
				}
				if sent := a.Stats().BytesSentPerMsg; (sent["wtxidrelay"] != 0) != tc.wtxid || (sent["sendcmpct"] != 0) != tc.cmpt {
					t.Errorf("sent %v", sent)
				}
				if got := a.MaybeSendSendHeaders(); got != (tc.version >= wire.SendHeadersVersion) {
					t.Errorf("MaybeSendSendHeaders = %v", got)
				}
				if a.MaybeSendSendHeaders() {
					t.Error("sendheaders sent twice")
				}
				synctest.Wait()
				if b.PreferHeaders() != (tc.version >= wire.SendHeadersVersion) {
					t.Errorf("PreferHeaders = %v", b.PreferHeaders())
				}
			})
		})
	}
}

func TestRelayFlag(t *testing.T) {
	tests := []struct {
		name      string
		mutate    func(*Config)
		wantRelay bool
	}{
		{"full relay", func(*Config) {}, true},
		{"blocksonly", func(c *Config) { c.BlocksOnly = true }, false},
		{"block-relay-only", func(c *Config) { c.ConnType = BlockRelayOnly }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c1, c2 := net.Pipe()
				cfgA := testConfig(1)
				cfgA.FeeFilter = 1000
				tc.mutate(&cfgA)
				a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, testConfig(2))
				defer stop(t, a, b)
				if errA != nil || errB != nil {
					t.Fatalf("Start: %v / %v", errA, errB)
				}
				synctest.Wait()
				if got := b.Remote().Relay; got != tc.wantRelay {
					t.Errorf("relay flag = %v", got)
				}
				wantFilter := int64(0)
				if tc.wantRelay {
					wantFilter = 1000
				}
				if got := b.Remote().FeeFilter; got != wantFilter {
					t.Errorf("feefilter = %d, want %d", got, wantFilter)
				}
			})
		})
	}
}

func TestSelfConnection(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nonces := &LocalNonces{}
		cfgA, cfgB := testConfig(1), testConfig(2)
		cfgA.Nonces, cfgB.Nonces = nonces, nonces
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, cfgB)
		if !errors.Is(errB, ErrSelfConnection) {
			t.Errorf("inbound Start = %v, want ErrSelfConnection", errB)
		}
		if errA == nil {
			t.Error("outbound side survived")
		}
		stop(t, a, b)
		if nonces.Contains(a.nonce) {
			t.Error("nonce not removed after disconnect")
		}
	})
}

func TestNonceRemovedAfterHandshake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nonces := &LocalNonces{}
		cfgA := testConfig(1)
		cfgA.Nonces = nonces
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, testConfig(2))
		if errA != nil || errB != nil {
			t.Fatalf("Start: %v / %v", errA, errB)
		}
		if nonces.Contains(a.nonce) {
			t.Error("nonce still pending after verack")
		}
		stop(t, a, b)
	})
}

func TestRequiredServices(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfgA, cfgB := testConfig(1), testConfig(2)
		cfgA.RequiredServices = wire.NodeNetwork | wire.NodeWitness | wire.NodeCompactFilters
		c1, c2 := net.Pipe()
		a, b, errA, _ := startPair(t, t.Context(), c1, c2, cfgA, cfgB)
		if !errors.Is(errA, ErrMissingServices) {
			t.Errorf("Start = %v, want ErrMissingServices", errA)
		}
		stop(t, a, b)
	})
}

func TestHandshakeTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		cfg := testConfig(1)
		cfg.HandshakeTimeout = 5 * time.Second
		p := New(c1, cfg, false)
		f := newFake(t, c2)
		f.startReading() // reads our version, never answers
		start := time.Now()
		err := p.Start(t.Context())
		if !errors.Is(err, ErrHandshakeTimeout) {
			t.Fatalf("Start = %v, want ErrHandshakeTimeout", err)
		}
		if d := time.Since(start); d < 5*time.Second || d > 6*time.Second {
			t.Errorf("timed out after %v", d)
		}
		<-p.Done()
		c2.Close()
	})
}

func TestStartContextCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		defer c2.Close()
		p := New(c1, testConfig(1), true)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		err := p.Start(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrRequested) {
			t.Fatalf("Start = %v", err)
		}
		<-p.Done()
		if err := p.Start(ctx); !errors.Is(err, ErrAlreadyStarted) {
			t.Errorf("second Start = %v", err)
		}
	})
}

func TestPreVerackMessagesIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		rec := newRecorder()
		cfg := testConfig(1)
		cfg.Handler = rec
		p := New(c1, cfg, true)
		f := newFake(t, c2)
		f.startReading()
		errc := make(chan error, 1)
		go func() { errc <- p.Start(t.Context()) }()
		// Before version, and between version and verack: ignored.
		f.send(&wire.MsgInv{List: []wire.InvVect{{Type: wire.InvTx}}})
		f.send(&wire.MsgVerAck{})
		f.send(fakeVersion(wire.ProtocolVersion, 9))
		f.send(&wire.MsgGetAddr{})
		f.send(&wire.MsgPing{Nonce: 5})
		f.send(fakeVersion(wire.ProtocolVersion, 10)) // redundant
		f.send(&wire.MsgVerAck{})
		if err := <-errc; err != nil {
			t.Fatalf("Start: %v", err)
		}
		synctest.Wait()
		if got := rec.all(); len(got) != 0 {
			t.Errorf("handler got %d pre-verack messages", len(got))
		}
		// The first pong is for a post-verack ping only.
		f.send(&wire.MsgPing{Nonce: 6})
		if m := f.expect(wire.CmdPong).(*wire.MsgPong); m.Nonce != 6 {
			t.Errorf("pong nonce %d, want 6", m.Nonce)
		}
		if p.Remote().WTxIDRelay {
			t.Error("wtxidrelay recorded without being sent")
		}
		stop(t, p)
	})
}
