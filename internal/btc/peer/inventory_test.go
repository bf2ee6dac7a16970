package peer

import (
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TestTrickleBatchGrows checks Core's broadcast_max: 35 per trickle plus 5
// per 1,000 waiting.
func TestTrickleBatchGrows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		recB := newRecorder()
		cfgB := testConfig(2)
		cfgB.Handler = recB
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, testConfig(1), cfgB)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		defer stop(t, a, b)
		for i := range 5000 {
			var h chainhash.Hash
			h[0], h[1], h[2] = byte(i), byte(i>>8), 0xee
			a.QueueInventory(wire.InvVect{Type: wire.InvTx, Hash: h})
		}
		m := (<-recB.ch).(*wire.MsgInv)
		if want := InventoryBroadcastTarget + 5*5; len(m.List) != want {
			t.Errorf("first trickle announced %d, want %d", len(m.List), want)
		}
		if a.PendingTxInventory() != 5000-len(m.List) {
			t.Errorf("pending %d", a.PendingTxInventory())
		}
	})
}

func TestKnownSetBounded(t *testing.T) {
	var v inventory
	v.init(100)
	for i := range 1000 {
		h := txHash(i)
		v.addKnownLocked(invKey(&h))
	}
	if len(v.cur)+len(v.old) > 100 {
		t.Errorf("known set holds %d entries, bound 100", len(v.cur)+len(v.old))
	}
	for i := 950; i < 1000; i++ { // the most recent half is always kept
		h := txHash(i)
		if !v.knownLocked(invKey(&h)) {
			t.Errorf("recent hash %d forgotten", i)
		}
	}
	h := txHash(0)
	if v.knownLocked(invKey(&h)) {
		t.Error("oldest hash still known")
	}
}

func TestPendingTxBounded(t *testing.T) {
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	cfg := testConfig(1)
	cfg.MaxPendingTx = 10
	p := New(c1, cfg, false)
	queued := 0
	for i := range 20 {
		if p.QueueInventory(wire.InvVect{Type: wire.InvTx, Hash: txHash(i)}) {
			queued++
		}
	}
	if queued != 10 || p.PendingTxInventory() != 10 {
		t.Errorf("queued %d, pending %d; want 10", queued, p.PendingTxInventory())
	}
	if p.QueueInventory(wire.InvVect{Type: wire.InvError, Hash: txHash(99)}) {
		t.Error("queued an error inventory")
	}
}

func TestHandlerMayDisconnect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := testConfig(1)
		cfg.Handler = HandlerFunc(func(p *Peer, m wire.Message) {
			switch m.(type) {
			case *wire.MsgGetAddr:
				p.QueueMessage(&wire.MsgAddrV2{})
			case *wire.MsgBlock, *wire.MsgHeaders:
				p.Misbehaving(100, "invalid header")
			}
		})
		p, f := startInbound(t, t.Context(), cfg)
		f.send(&wire.MsgGetAddr{})
		f.expect(wire.CmdAddrV2)
		f.send(&wire.MsgHeaders{})
		<-p.Done()
		if !p.ShouldDiscourage() {
			t.Error("not discouraged")
		}
		f.conn.Close()
		time.Sleep(time.Second)
	})
}

func TestAddrV1ToV2(t *testing.T) {
	tests := []struct {
		name string
		ip   [16]byte
		net  wire.NetworkID
		addr string
	}{
		{"ipv4", wire.IPv4Mapped([4]byte{10, 0, 0, 1}), wire.NetIPv4, "\x0a\x00\x00\x01"},
		{"ipv6", [16]byte{0: 0x20, 1: 0x01, 2: 0x0d, 3: 0xb8, 15: 7}, wire.NetIPv6, "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x07"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := &wire.MsgAddr{Addrs: []wire.NetAddress{{Time: 1, NetAddr: wire.NetAddr{Services: 9, IP: tc.ip, Port: 8333}}}}
			out := AddrV1ToV2(in)
			a := out.Addrs[0]
			if a.Net != tc.net || string(a.Addr) != tc.addr || a.Port != 8333 || a.Services != 9 || a.Time != 1 || !a.Known() {
				t.Errorf("got %+v", a)
			}
			// The result encodes and decodes as a valid addrv2.
			var back wire.MsgAddrV2
			if err := back.Decode(out.Encode(nil)); err != nil {
				t.Errorf("decode: %v", err)
			}
		})
	}
}
