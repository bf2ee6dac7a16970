package node

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// TestP2PAddrRelay connects a bare peer to a node: its unsolicited addr is
// rate limited to one address (Core's initial token), its first getaddr is
// answered from the address manager in addrv2, the second is ignored.
func TestP2PAddrRelay(t *testing.T) {
	port := freePort(t)
	n, _ := startNode(t, loadConfig(t, t.TempDir(), "-port="+port, "-disablewallet"))
	s := p2pOf(t, n)
	src := addrmgr.AddrFromAddrPort(netip.MustParseAddrPort("93.184.1.1:18444"))
	var seed []addrmgr.Address
	for i := range 50 {
		ap := netip.AddrPortFrom(netip.AddrFrom4([4]byte{93, byte(10 + i), 1, 1}), 18444)
		seed = append(seed, addrmgr.Address{Addr: addrmgr.AddrFromAddrPort(ap), Services: 9, Time: time.Now().Add(-time.Hour)})
	}
	s.addrs.Add(seed, src, 0)
	before := s.addrs.Size(0, addrmgr.TableAll)

	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []*wire.MsgAddrV2
	p := peer.New(conn, peer.Config{
		Magic:     n.params.NetMagic,
		Services:  wire.NodeNetwork | wire.NodeWitness,
		UserAgent: "/test/",
		ConnType:  peer.OutboundFullRelay,
		Handler: peer.HandlerFunc(func(_ *peer.Peer, msg wire.Message) {
			if m, ok := msg.(*wire.MsgAddrV2); ok {
				mu.Lock()
				got = append(got, m)
				mu.Unlock()
			}
		}),
	}, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer p.Disconnect("test done")

	msg := &wire.MsgAddrV2{}
	for i := range 5 {
		msg.Addrs = append(msg.Addrs, wire.NetAddressV2{Time: uint32(time.Now().Unix()), Services: 9,
			Net: wire.NetIPv4, Addr: []byte{94, byte(i + 1), 2, 2}, Port: 18444})
	}
	if err := p.QueueMessage(msg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the address to be added", func() bool {
		return s.addrs.Size(0, addrmgr.TableAll) > before
	})
	time.Sleep(100 * time.Millisecond)
	if added := s.addrs.Size(0, addrmgr.TableAll) - before; added != 1 {
		t.Fatalf("%d addresses added from an unsolicited addr, want 1 (rate limit)", added)
	}

	for range 2 {
		if err := p.QueueMessage(&wire.MsgGetAddr{}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 5*time.Second, "an addrv2 answer", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) > 0
	})
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d answers to two getaddr, want 1", len(got))
	}
	// 23% of 51 known addresses.
	if k := len(got[0].Addrs); k == 0 || k > 51*23/100+1 {
		t.Fatalf("getaddr answered %d addresses", k)
	}
}

func TestP2PListen(t *testing.T) {
	tests := []struct {
		name string
		cfg  config.Config
		want []string
	}{
		{"dev regtest loopback", config.Config{Chain: config.ChainRegTest, Listen: true, Port: 18444}, []string{"127.0.0.1:18444"}},
		{"main all interfaces", config.Config{Chain: config.ChainMain, Listen: true, Port: 8333}, []string{"0.0.0.0:8333", "[::]:8333"}},
		{"listen off", config.Config{Chain: config.ChainMain, Port: 8333}, nil},
		{"bind adds port", config.Config{Chain: config.ChainMain, Port: 8333, Bind: []string{"10.0.0.1", "[::1]:9000"}}, []string{"10.0.0.1:8333", "[::1]:9000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := p2pListen(&tc.cfg); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if got := nodeNames([]string{"0", "", "1.2.3.4:5"}); !slices.Equal(got, []string{"1.2.3.4:5"}) {
		t.Fatalf("nodeNames %v", got)
	}
}

// TestP2PGetAddrEmpty: with an empty address manager a getaddr gets no
// answer at all, since btcd disconnects a peer that sends an addr or addrv2
// message without addresses (seen in the e2e/btcd interop test).
func TestP2PGetAddrEmpty(t *testing.T) {
	port := freePort(t)
	n, _ := startNode(t, loadConfig(t, t.TempDir(), "-port="+port, "-disablewallet"))
	if size := p2pOf(t, n).addrs.Size(0, addrmgr.TableAll); size != 0 {
		t.Fatalf("a fresh node knows %d addresses", size)
	}
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []wire.Message
	p := peer.New(conn, peer.Config{
		Magic:     n.params.NetMagic,
		Services:  wire.NodeNetwork | wire.NodeWitness,
		UserAgent: "/test/",
		ConnType:  peer.OutboundFullRelay,
		Handler: peer.HandlerFunc(func(_ *peer.Peer, msg wire.Message) {
			switch msg.(type) {
			case *wire.MsgAddrV2, *wire.MsgAddr:
				mu.Lock()
				got = append(got, msg)
				mu.Unlock()
			}
		}),
	}, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer p.Disconnect("test done")
	if err := p.QueueMessage(&wire.MsgGetAddr{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 0 {
		t.Fatalf("getaddr to a node without addresses answered %d messages (%T), want none", len(got), got[0])
	}
}

// TestP2PAddrRelayOn: a fresh routable address in a small addr message from
// one peer is relayed to the node's other two peers (Core relays to two),
// never back to its source; an address from a big message, a stale one and
// an unroutable one are not relayed.
func TestP2PAddrRelayOn(t *testing.T) {
	port := freePort(t)
	n, _ := startNode(t, loadConfig(t, t.TempDir(), "-port="+port, "-disablewallet"))
	s := p2pOf(t, n)
	s.addrMean.Store(int64(50 * time.Millisecond))

	type bare struct {
		p   *peer.Peer
		mu  sync.Mutex
		got []wire.NetAddressV2
	}
	connect := func() *bare {
		b := &bare{}
		conn, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			t.Fatal(err)
		}
		b.p = peer.New(conn, peer.Config{
			Magic: n.params.NetMagic, Services: wire.NodeNetwork | wire.NodeWitness, UserAgent: "/test/",
			ConnType: peer.OutboundFullRelay,
			Handler: peer.HandlerFunc(func(_ *peer.Peer, msg wire.Message) {
				if m, ok := msg.(*wire.MsgAddrV2); ok {
					b.mu.Lock()
					b.got = append(b.got, m.Addrs...)
					b.mu.Unlock()
				}
			}),
		}, false)
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		if err := b.p.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.p.Disconnect("test done") })
		return b
	}
	src, r1, r2 := connect(), connect(), connect()
	waitFor(t, 5*time.Second, "three peers", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.peers) == 3
	})
	now := uint32(time.Now().Unix())
	fresh := wire.NetAddressV2{Time: now, Services: 9, Net: wire.NetIPv4, Addr: []byte{95, 1, 2, 3}, Port: 8333}
	// The source's token bucket starts at one address: send one per message.
	if err := src.p.QueueMessage(&wire.MsgAddrV2{Addrs: []wire.NetAddressV2{fresh}}); err != nil {
		t.Fatal(err)
	}
	has := func(b *bare, a []byte) bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, e := range b.got {
			if net.IP(e.Addr).Equal(net.IP(a)) {
				return true
			}
		}
		return false
	}
	waitFor(t, 10*time.Second, "the address relayed to both other peers", func() bool {
		return has(r1, fresh.Addr) && has(r2, fresh.Addr)
	})

	// Not relayed: stale, unroutable (sent through r1, after the bucket
	// refills are not needed: the relay decision comes after the check).
	s.relayAddrs(nil, []wire.NetAddressV2{
		{Time: now - 3600, Services: 9, Net: wire.NetIPv4, Addr: []byte{95, 9, 9, 9}, Port: 8333},
		{Time: now, Services: 9, Net: wire.NetIPv4, Addr: []byte{10, 0, 0, 1}, Port: 8333},
	}, time.Now())
	big := make([]wire.NetAddressV2, addrRelayMaxEntries+1)
	for i := range big {
		big[i] = wire.NetAddressV2{Time: now, Services: 9, Net: wire.NetIPv4, Addr: []byte{96, byte(i), 1, 1}, Port: 8333}
	}
	s.relayAddrs(nil, big, time.Now())
	time.Sleep(500 * time.Millisecond)
	for _, b := range []*bare{src, r1, r2} {
		for _, a := range [][]byte{{95, 9, 9, 9}, {10, 0, 0, 1}, {96, 0, 1, 1}} {
			if has(b, a) {
				t.Errorf("address %v was relayed", net.IP(a))
			}
		}
	}
	if has(src, fresh.Addr) {
		t.Errorf("the address went back to its source")
	}
}
