package peer

import (
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// invsReceived collects the inv entries a recorder got, checking each
// message's size against limit.
func invsReceived(t *testing.T, rec *recorder, limit int) []wire.InvVect {
	t.Helper()
	var out []wire.InvVect
	for _, m := range rec.all() {
		if inv, ok := m.(*wire.MsgInv); ok {
			if len(inv.List) > limit {
				t.Errorf("inv of %d entries, limit %d", len(inv.List), limit)
			}
			out = append(out, inv.List...)
		}
	}
	return out
}

func txHash(i int) chainhash.Hash {
	var h chainhash.Hash
	h[0], h[1], h[31] = byte(i), byte(i>>8), 0x5a
	return h
}

func TestTrickledInventory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		recB := newRecorder()
		cfgA, cfgB := testConfig(1), testConfig(2)
		cfgB.Handler = recB
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, cfgB)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		defer stop(t, a, b)
		const n = 100
		for i := range n {
			if !a.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(i)}) {
				t.Fatalf("tx %d not queued", i)
			}
		}
		if a.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(3)}) {
			t.Error("duplicate pending tx queued")
		}
		synctest.Wait()
		if got := invsReceived(t, recB, InventoryBroadcastTarget); len(got) != 0 {
			t.Fatalf("%d transactions announced before any trickle", len(got))
		}
		// Blocks go out at once.
		blk := wire.InvVect{Type: wire.InvBlock, Hash: txHash(1000)}
		if !a.QueueInventory(blk) {
			t.Fatal("block not queued")
		}
		synctest.Wait()
		if got := invsReceived(t, recB, n); len(got) != 1 || got[0] != blk {
			t.Fatalf("block announcement: %v", got)
		}
		if a.QueueInventory(blk) {
			t.Error("block announced twice")
		}
		// Poisson trickles with a 2 s mean: 100 entries take three or more.
		time.Sleep(2 * time.Minute)
		got := invsReceived(t, recB, InventoryBroadcastTarget)
		if len(got) != n+1 {
			t.Fatalf("announced %d entries, want %d", len(got), n+1)
		}
		seen := map[chainhash.Hash]bool{}
		for _, iv := range got[1:] {
			if seen[iv.Hash] || iv.Type != wire.InvWTx {
				t.Errorf("bad or duplicate entry %v", iv)
			}
			seen[iv.Hash] = true
		}
		if a.PendingTxInventory() != 0 {
			t.Errorf("%d still pending", a.PendingTxInventory())
		}
		// Announced hashes are known: not announced again. Hashes B
		// announced to A are known to A.
		if a.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(5)}) {
			t.Error("re-announced a known tx")
		}
		x := wire.InvVect{Type: wire.InvWTx, Hash: txHash(5000)}
		b.QueueInventory(x)
		time.Sleep(time.Minute)
		if !a.KnowsInventory(x.Hash) || a.QueueInventory(x) {
			t.Error("hash announced by the peer not known")
		}
	})
}

func TestFeeFilterRespected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		recB := newRecorder()
		cfgA, cfgB := testConfig(1), testConfig(2)
		cfgA.FeeRate = func(h chainhash.Hash) (int64, bool) { return int64(h[0]) * 100, h[0] != 99 }
		cfgB.Handler = recB
		cfgB.FeeFilter = 1000
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, cfgB)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		defer stop(t, a, b)
		synctest.Wait()
		if a.Remote().FeeFilter != 1000 {
			t.Fatalf("feefilter %d", a.Remote().FeeFilter)
		}
		for i := range 30 { // fee rates 0, 500, 1000, ... 14500
			a.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(i * 5)})
		}
		a.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: txHash(99)}) // left the mempool
		time.Sleep(time.Minute)
		for _, iv := range invsReceived(t, recB, 1000) {
			if iv.Hash[0] < 10 || iv.Hash[0] == 99 {
				t.Errorf("announced %v below the filter or unknown", iv.Hash[0])
			}
		}
		if got := len(invsReceived(t, recB, 1000)); got != 28 {
			t.Errorf("announced %d, want 28", got)
		}
	})
}

func TestNoTxRelayToBlockRelayOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		recB := newRecorder()
		cfgA, cfgB := testConfig(1), testConfig(2)
		cfgA.ConnType = BlockRelayOnly
		cfgB.Handler = recB
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, cfgB)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		defer stop(t, a, b)
		a.QueueInventory(wire.InvVect{Type: wire.InvTx, Hash: txHash(1)})
		time.Sleep(time.Minute)
		if got := invsReceived(t, recB, 10); len(got) != 0 {
			t.Errorf("tx announced on a block-relay-only connection: %v", got)
		}
		if a.RelayTxs() {
			t.Error("RelayTxs true")
		}
	})
}

func TestSendQueueBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		cfg := testConfig(1)
		cfg.SendQueueSize = 4
		p := New(c1, cfg, true)
		errc := make(chan error, 1)
		go func() { errc <- p.Start(t.Context()) }()
		f := newFake(t, c2)
		f.send(fakeVersion(wire.ProtocolVersion, 1))
		for range 4 { // version, wtxidrelay, sendaddrv2, verack
			if _, _, err := wire.ReadMessage(c2, testMagic); err != nil {
				t.Fatal(err)
			}
		}
		f.send(&wire.MsgWTxIDRelay{})
		f.send(&wire.MsgSendAddrV2{})
		f.send(&wire.MsgVerAck{})
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		// The fake reads no more: the writer blocks on sendcmpct and the
		// normal lane fills.
		synctest.Wait()
		queued := 0
		for ; queued < 10; queued++ {
			if err := p.TryQueueMessage(&wire.MsgGetAddr{}); err != nil {
				if !errors.Is(err, ErrQueueFull) {
					t.Fatalf("TryQueueMessage = %v", err)
				}
				break
			}
		}
		if queued != 4 {
			t.Errorf("queued %d before full, want 4", queued)
		}
		blocked := make(chan error, 1)
		go func() { blocked <- p.QueueMessage(&wire.MsgGetAddr{}) }()
		synctest.Wait()
		select {
		case err := <-blocked:
			t.Fatalf("QueueMessage returned %v on a full queue", err)
		default:
		}
		p.Disconnect("test")
		if err := <-blocked; !errors.Is(err, ErrDisconnected) {
			t.Errorf("blocked QueueMessage = %v, want ErrDisconnected", err)
		}
		<-p.Done()
		if err := p.QueueMessage(&wire.MsgGetAddr{}); !errors.Is(err, ErrDisconnected) {
			t.Errorf("QueueMessage after disconnect = %v", err)
		}
		c2.Close()
	})
}

func TestSendTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		cfg := testConfig(1)
		cfg.HandshakeTimeout = time.Second
		p := New(c1, cfg, false)
		// Nobody reads: the version write never completes.
		err := p.Start(t.Context())
		if !errors.Is(err, ErrHandshakeTimeout) && !errors.Is(err, ErrTimeout) {
			t.Errorf("Start = %v", err)
		}
		<-p.Done()
		c2.Close()
	})
}

func TestQueueAndFramed(t *testing.T) {
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
		if err := a.QueueMessage(&wire.MsgGetHeaders{Version: 70016}); err != nil {
			t.Fatal(err)
		}
		framed := wire.AppendMessage(nil, testMagic, &wire.MsgGetAddr{})
		if err := a.QueueFramed(wire.CmdGetAddr, framed); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		got := recB.all()
		if len(got) != 2 || got[0].Command() != wire.CmdGetHeaders || got[1].Command() != wire.CmdGetAddr {
			t.Fatalf("received %v", got)
		}
		st := a.Stats()
		if st.BytesSentPerMsg[wire.CmdGetAddr] != wire.HeaderSize {
			t.Errorf("getaddr bytes %d", st.BytesSentPerMsg[wire.CmdGetAddr])
		}
		var sum uint64
		for _, v := range st.BytesSentPerMsg {
			sum += v
		}
		if sum != st.BytesSent || st.BytesSent != b.Stats().BytesRecv {
			t.Errorf("byte counts: per-msg sum %d, sent %d, peer received %d", sum, st.BytesSent, b.Stats().BytesRecv)
		}
		a.SetSyncedHeaders(10)
		a.SetSyncedBlocks(9)
		if st := a.Stats(); st.SyncedHeaders != 10 || st.SyncedBlocks != 9 || st.StartingHeight != 102 ||
			st.SubVer != "/twinchain:test/" || st.Version != wire.ProtocolVersion || st.LastSend.IsZero() {
			t.Errorf("stats %+v", st)
		}
	})
}

// TestDisconnectCleanup checks that Disconnect ends every goroutine: the
// synctest bubble only returns once all of them have exited.
func TestDisconnectCleanup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, testConfig(1), testConfig(2))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		a.QueueInventory(wire.InvVect{Type: wire.InvTx, Hash: txHash(1)})
		a.Disconnect("bye")
		<-a.Done()
		<-b.Done() // the remote sees the connection close
		if !errors.Is(b.Err(), ErrConnection) {
			t.Errorf("remote Err = %v", b.Err())
		}
		a.Disconnect("again") // no-op
		if !errors.Is(a.Err(), ErrRequested) {
			t.Errorf("Err = %v", a.Err())
		}
	})
}

func TestSetFeeFilterAndHighBandwidth(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c1, c2 := net.Pipe()
		cfgA := testConfig(1)
		cfgA.FeeFilter = 1000
		a, b, errA, errB := startPair(t, t.Context(), c1, c2, cfgA, testConfig(2))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		defer stop(t, a, b)
		if a.SetFeeFilter(1000) {
			t.Error("unchanged fee filter re-sent")
		}
		if !a.SetFeeFilter(2000) {
			t.Error("fee filter not sent")
		}
		if !a.SetHighBandwidth(true) {
			t.Error("sendcmpct not sent")
		}
		synctest.Wait()
		if r := b.Remote(); r.FeeFilter != 2000 || !r.HighBandwidthCmpct {
			t.Errorf("remote sees %+v", r)
		}
		if !a.Stats().HighBandwidthTo || !b.Stats().HighBandwidthFrom {
			t.Error("high-bandwidth stats")
		}
		a.SetHighBandwidth(false)
		synctest.Wait()
		if b.Remote().HighBandwidthCmpct {
			t.Error("high-bandwidth not cleared")
		}
	})
}
