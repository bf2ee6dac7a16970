package peer

import (
	"encoding/binary"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

func TestReadErrors(t *testing.T) {
	badChecksum := frame(wire.CmdPing, make([]byte, 8))
	badChecksum[20] ^= 0xff
	oversized := frame(wire.CmdBlock, nil)
	binary.LittleEndian.PutUint32(oversized[16:], wire.MaxProtocolMessageLength+1)
	badMagic := frame(wire.CmdPing, make([]byte, 8))
	badMagic[0] ^= 1
	badCommand := frame("ping", make([]byte, 8))
	badCommand[9] = 0x01
	tests := []struct {
		name    string
		raw     []byte
		noBan   bool
		err     ErrorKind // "" = the peer survives
		discour bool
	}{
		{"unknown command ignored", frame("foo", []byte{1, 2, 3}), false, "", false},
		{"bad checksum dropped", badChecksum, false, "", false},
		{"bad command field dropped", badCommand, false, "", false},
		{"oversized disconnects", oversized, false, ErrProtocol, false},
		{"bad magic disconnects", badMagic, false, ErrProtocol, false},
		{"malformed inv misbehaves", frame(wire.CmdInv, []byte{2, 1, 0, 0, 0}), false, ErrMisbehaving, true},
		{"malformed ping misbehaves", frame(wire.CmdPing, []byte{1}), false, ErrMisbehaving, true},
		{"too many headers misbehaves", frame(wire.CmdHeaders, []byte{0xfd, 0xd1, 0x07}), false, ErrMisbehaving, true},
		{"malformed with noban survives", frame(wire.CmdInv, []byte{2, 1, 0, 0, 0}), true, "", false},
		{"wtxidrelay after verack", frame(wire.CmdWTxIDRelay, nil), false, ErrProtocol, false},
		{"sendaddrv2 after verack", frame(wire.CmdSendAddrV2, nil), false, ErrProtocol, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := testConfig(1)
				cfg.NoBan = tc.noBan
				p, f := startInbound(t, t.Context(), cfg)
				if tc.err == "" {
					f.sendRaw(tc.raw)
					f.send(&wire.MsgPing{Nonce: 77})
					for {
						m := f.expect(wire.CmdPong).(*wire.MsgPong)
						if m.Nonce == 77 {
							break
						}
					}
					if err := p.Err(); err != nil {
						t.Fatalf("peer ended: %v", err)
					}
					if tc.noBan && p.MisbehaviorScore() == 0 {
						t.Error("misbehaviour not scored")
					}
					if _, ok := p.Stats().BytesRecvPerMsg[otherCommand]; !ok && tc.name == "unknown command ignored" {
						t.Error("unknown bytes not counted as *other*")
					}
					stop(t, p)
					return
				}
				f.conn.Write(tc.raw) // may fail part-way: the peer hangs up
				<-p.Done()
				if !errors.Is(p.Err(), tc.err) {
					t.Errorf("Err = %v, want %v", p.Err(), tc.err)
				}
				if p.ShouldDiscourage() != tc.discour {
					t.Errorf("ShouldDiscourage = %v", p.ShouldDiscourage())
				}
				f.conn.Close()
			})
		})
	}
}

func TestManualPeerNotPunished(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := netPipe()
		cfgA := testConfig(1)
		cfgA.ConnType = Manual
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, testConfig(2))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		a.Misbehaving(100, "test")
		if !a.Connected() || a.ShouldDiscourage() {
			t.Error("manual peer punished")
		}
		b.Misbehaving(1, "test")
		<-b.Done()
		if !b.ShouldDiscourage() || !errors.Is(b.Err(), ErrMisbehaving) || b.MisbehaviorScore() != 1 {
			t.Errorf("inbound: discourage %v err %v score %d", b.ShouldDiscourage(), b.Err(), b.MisbehaviorScore())
		}
		stop(t, a, b)
	})
}

func TestDispatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder()
		cfg := testConfig(1)
		cfg.Handler = rec
		p, f := startInbound(t, t.Context(), cfg)
		f.send(&wire.MsgSendHeaders{})
		f.send(&wire.MsgSendCmpct{Announce: true, Version: 2})
		f.send(&wire.MsgFeeFilter{MinFeeRate: 2500})
		f.send(&wire.MsgAddr{Addrs: []wire.NetAddress{
			{Time: 5, NetAddr: wire.NetAddr{Services: 1, IP: wire.IPv4Mapped([4]byte{1, 2, 3, 4}), Port: 8333}},
			{Time: 6, NetAddr: wire.NetAddr{IP: [16]byte{0: 0x20, 1: 0x01, 15: 1}, Port: 18444}},
		}})
		inv := wire.InvVect{Type: wire.InvWTx, Hash: [32]byte{1, 2, 3}}
		f.send(&wire.MsgInv{List: []wire.InvVect{inv}})
		f.send(&wire.MsgGetAddr{})
		synctest.Wait()
		r := p.Remote()
		if !r.PreferHeaders || !r.ProvidesCmpct || !r.HighBandwidthCmpct || r.FeeFilter != 2500 {
			t.Errorf("remote %+v", r)
		}
		got := rec.all()
		if len(got) != 3 {
			t.Fatalf("handler got %d messages, want 3", len(got))
		}
		a, ok := got[0].(*wire.MsgAddrV2)
		if !ok || len(a.Addrs) != 2 || a.Addrs[0].Net != wire.NetIPv4 || string(a.Addrs[0].Addr) != "\x01\x02\x03\x04" ||
			a.Addrs[0].Port != 8333 || a.Addrs[0].Time != 5 || a.Addrs[1].Net != wire.NetIPv6 || len(a.Addrs[1].Addr) != 16 {
			t.Errorf("addr not normalised: %#v", got[0])
		}
		if _, ok := got[1].(*wire.MsgInv); !ok {
			t.Errorf("second message %T", got[1])
		}
		if !p.KnowsInventory(inv.Hash) {
			t.Error("announced hash not known")
		}
		if p.QueueInventory(inv) {
			t.Error("queued a hash the peer announced")
		}
		stop(t, p)
	})
}

func TestPingTimeoutAndIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := testConfig(1)
		cfg.PingInterval = 10 * time.Second
		cfg.IdleTimeout = time.Minute
		p, f := startInbound(t, t.Context(), cfg)
		// The first ping goes out right after the handshake.
		ping := f.expect(wire.CmdPing).(*wire.MsgPing)
		time.Sleep(3 * time.Second)
		f.send(&wire.MsgPong{Nonce: ping.Nonce + 1}) // mismatch: ignored
		synctest.Wait()
		if st := p.Stats(); st.PingTime != 0 || st.PingWait != 3*time.Second {
			t.Errorf("after mismatched pong: %v / wait %v", st.PingTime, st.PingWait)
		}
		time.Sleep(2 * time.Second)
		f.send(&wire.MsgPong{Nonce: ping.Nonce})
		synctest.Wait()
		if st := p.Stats(); st.PingTime != 5*time.Second || st.MinPing != 5*time.Second || st.PingWait != 0 {
			t.Errorf("ping stats %v %v %v", st.PingTime, st.MinPing, st.PingWait)
		}
		// Next ping 10 s after the first; cancel it with nonce zero.
		ping2 := f.expect(wire.CmdPing).(*wire.MsgPing)
		if ping2.Nonce == ping.Nonce {
			t.Error("ping nonce reused")
		}
		f.send(&wire.MsgPong{})
		synctest.Wait()
		if p.Stats().PingWait != 0 {
			t.Error("nonce-zero pong did not cancel the ping")
		}
		// Now never answer: pings keep coming, and after a minute without a
		// pong (or anything else) from the fake, the peer gives up.
		start := time.Now()
		<-p.Done()
		if !errors.Is(p.Err(), ErrTimeout) {
			t.Errorf("Err = %v, want ErrTimeout", p.Err())
		}
		if d := time.Since(start); d < 50*time.Second || d > 62*time.Second {
			t.Errorf("timed out after %v", d)
		}
		f.conn.Close()
	})
}

func TestRequestPing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, f := startInbound(t, t.Context(), testConfig(1))
		first := f.expect(wire.CmdPing).(*wire.MsgPing)
		f.send(&wire.MsgPong{Nonce: first.Nonce})
		synctest.Wait()
		p.RequestPing()
		second := f.expect(wire.CmdPing).(*wire.MsgPing)
		if second.Nonce == first.Nonce {
			t.Error("same nonce")
		}
		stop(t, p)
	})
}
