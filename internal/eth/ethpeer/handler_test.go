package ethpeer

import (
	"context"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// waitFor polls cond (a guard for asynchronous connection set-up; the
// deadline only fires on a bug).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestHandlerConnmgr runs the protocol through two connection managers on
// loopback TCP: a listener and a -connect node. A misbehaving peer is
// disconnected and its address discouraged through the manager.
func TestHandlerConnmgr(t *testing.T) {
	chainA, chainB := newFakeChain(20), newFakeChain(5)
	beA, beB := newRecBackend(), newRecBackend()
	ha := NewHandler(testConfig("", chainA, beA))
	hb := NewHandler(testConfig("", chainB, beB))

	ma, err := connmgr.New(connmgr.Config{Listen: []string{"127.0.0.1:0"}, AddrBook: addrmgr.New(addrmgr.Config{}),
		Handler: ha.Handle, NetGroup: func(a addrmgr.Addr) string { return a.String() }})
	if err != nil {
		t.Fatal(err)
	}
	ha.SetDiscourage(func(cp *connmgr.Peer) { ma.Discourage(cp.Addr()) })
	if err := ma.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer ma.Stop()

	mb, err := connmgr.New(connmgr.Config{Connect: []string{ma.ListenAddrs()[0].String()}, Handler: hb.Handle})
	if err != nil {
		t.Fatal(err)
	}
	if err := mb.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer mb.Stop()

	waitFor(t, "both handshakes", func() bool { return len(ha.Peers()) == 1 && len(hb.Peers()) == 1 })
	<-beA.ready
	<-beB.ready
	pb := hb.Peers()[0]
	hs, err := pb.RequestHeadersByNumber(context.Background(), 15, 5, 0, false)
	if err != nil || len(hs) != 5 || hs[4].Number != 19 {
		t.Fatalf("headers over connmgr: %d, %v", len(hs), err)
	}
	if infos := ma.Peers(); len(infos) != 1 || !infos[0].Established {
		t.Fatalf("manager A peers %+v", infos)
	}
	if p, ok := ha.Peer(ma.Peers()[0].ID); !ok || p.ID() == "" {
		t.Fatal("Handler.Peer lookup")
	}

	remote := ma.Peers()[0].Addr
	pa := ha.Peers()[0]
	pa.Misbehaving(MisbehaviorThreshold, "test misbehaviour")
	waitDone(t, pa)
	<-beA.gone
	waitFor(t, "discouragement", func() bool { return ma.IsDiscouraged(remote) })
}
