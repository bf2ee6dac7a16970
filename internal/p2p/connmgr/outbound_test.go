package connmgr

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

func TestOutboundTargets(t *testing.T) {
	var addrs []addrmgr.Addr
	for i := range 16 {
		addrs = append(addrs, newServer(t).addr(byte(i+1), 0))
	}
	book := newBook(t, addrs...)
	r := &recorder{}
	cfg := testConfig(book, r)
	cfg.FeelerInterval = 20 * time.Millisecond
	m := start(t, cfg)
	waitFor(t, "8 full-relay and 2 block-relay-only connections", func() bool {
		return countType(m, OutboundFullRelay) == 8 && countType(m, BlockRelay) == 2
	})
	groups := map[string]bool{}
	for _, p := range m.Peers() {
		if p.Type == OutboundFullRelay || p.Type == BlockRelay {
			g := NetGroup(p.Addr)
			if groups[g] {
				t.Fatalf("two outbound connections in group %x", g)
			}
			groups[g] = true
			if info, ok := book.Lookup(p.Addr); !ok || !info.InTried {
				t.Fatalf("%v not moved to tried after the handshake", p.Addr)
			}
		}
	}
	waitFor(t, "a feeler connection", func() bool { return r.seen(Feeler) > 0 })
	// The feeler's address moved to tried too.
	waitFor(t, "11 tried addresses", func() bool { return book.Size(0, addrmgr.TableTried) >= 11 })
	// Targets hold: no more than 8 + 2 automatic connections.
	time.Sleep(50 * time.Millisecond)
	if n := m.ConnectionCount(DirOut); n > 10 {
		t.Fatalf("%d outbound connections", n)
	}
	if m.ConnectionCount(DirIn) != 0 {
		t.Fatal("inbound connections")
	}
	if err := m.Stop(); err != nil {
		t.Fatal(err)
	}
	if m.ConnectionCount(DirAll) != 0 {
		t.Fatal("connections left after Stop")
	}
}

func TestOutboundNetGroupRule(t *testing.T) {
	var addrs []addrmgr.Addr
	for i := range 5 {
		addrs = append(addrs, newServer(t).addr(1, byte(i+1))) // all in 1.1.0.0/16
	}
	t.Run("one per /16", func(t *testing.T) {
		m := start(t, testConfig(newBook(t, addrs...), &recorder{}))
		waitFor(t, "one outbound connection", func() bool { return m.ConnectionCount(DirOut) == 1 })
		time.Sleep(100 * time.Millisecond)
		if n := m.ConnectionCount(DirOut); n != 1 {
			t.Fatalf("%d outbound connections to one /16", n)
		}
	})
	t.Run("injected groups", func(t *testing.T) {
		cfg := testConfig(newBook(t, addrs...), &recorder{})
		cfg.NetGroup = func(a addrmgr.Addr) string { return a.String() }
		m := start(t, cfg)
		waitFor(t, "five outbound connections", func() bool { return m.ConnectionCount(DirOut) == 5 })
	})
}

func TestConnectOnly(t *testing.T) {
	auto, target := newServer(t), newServer(t)
	cfg := testConfig(newBook(t, auto.addr(1, 0)), &recorder{})
	cfg.Connect = []string{hostPort(target)}
	m := start(t, cfg)
	waitFor(t, "the -connect peer", func() bool { return countType(m, Manual) == 1 })
	time.Sleep(100 * time.Millisecond)
	if m.ConnectionCount(DirOut) != 1 || auto.accepted.Load() != 0 {
		t.Fatalf("automatic connections with -connect: %v", m.Peers())
	}
	if p := m.Peers()[0]; p.Name != hostPort(target) || p.Type.String() != "manual" {
		t.Fatalf("peer %+v", p)
	}

	// Without an address book.
	cfg = testConfig(nil, &recorder{})
	cfg.Connect = []string{hostPort(target)}
	m2 := start(t, cfg)
	waitFor(t, "the -connect peer without an address book", func() bool { return countType(m2, Manual) == 1 })
	if _, err := New(testConfig(nil, &recorder{})); err == nil {
		t.Fatal("New without an address book or -connect")
	}
	if _, err := New(Config{AddrBook: newBook(t)}); err == nil {
		t.Fatal("New without a handler")
	}
}

func TestAddNode(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	name := l.Addr().String()
	_ = l.Close() // nobody listens yet: the first attempts fail

	m := start(t, testConfig(newBook(t), &recorder{}))
	errCases := []struct {
		name, node, cmd string
		want            ErrorKind
	}{
		{"add", name, AddNodeAdd, ""},
		{"add again", name, AddNodeAdd, ErrNodeAlreadyAdded},
		{"remove unknown", "127.0.0.1:1", AddNodeRemove, ErrNodeNotAdded},
		{"bad command", name, "bogus", ErrInvalidParameter},
	}
	for _, tc := range errCases {
		err := m.AddNode(tc.node, tc.cmd)
		if tc.want == "" && err != nil || tc.want != "" && !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	var e *Error
	if err := m.AddNode(name, AddNodeAdd); !errors.As(err, &e) || e.Description != "Error: Node already added" || e.RPCCode() != -23 {
		t.Fatalf("already added: %v", err)
	}
	time.Sleep(50 * time.Millisecond)
	if m.ConnectionCount(DirAll) != 0 {
		t.Fatal("connected to nothing?")
	}
	l, err = net.Listen("tcp", name)
	if err != nil {
		t.Skipf("port reused: %v", err)
	}
	serve(t, l)
	waitFor(t, "the added node to connect on retry", func() bool { return countType(m, Manual) == 1 })
	if an := m.AddedNodes(); len(an) != 1 || !an[0].Connected {
		t.Fatalf("AddedNodes %+v", an)
	}
	first := m.Peers()[0].ID
	if err := m.DisconnectNode(name); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "reconnection", func() bool {
		ps := m.Peers()
		return len(ps) == 1 && ps[0].ID != first
	})
	if err := m.DisconnectNode("127.0.0.1:1"); !errors.Is(err, ErrNodeNotConnected) {
		t.Fatalf("disconnect unknown: %v", err)
	}
	if err := m.DisconnectNodeByID(99999); !errors.Is(err, ErrNodeNotConnected) {
		t.Fatalf("disconnect unknown id: %v", err)
	}
	if err := m.AddNode(name, AddNodeRemove); err != nil {
		t.Fatal(err)
	}
	other := newServer(t)
	if err := m.AddNode(hostPort(other), AddNodeOneTry); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the onetry connection", func() bool { return other.accepted.Load() == 1 })
}

func TestSeedNodeAddrFetch(t *testing.T) {
	s := newServer(t)
	r := &recorder{}
	cfg := testConfig(newBook(t), r)
	cfg.SeedNodes = []string{hostPort(s)}
	start(t, cfg)
	waitFor(t, "an addr-fetch connection", func() bool { return r.seen(AddrFetch) == 1 })
}

type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := f[host]; ok {
		return ips, nil
	}
	return nil, errors.New("no such host")
}

func TestSeeds(t *testing.T) {
	seedIPs := []netip.Addr{netip.MustParseAddr("1.2.3.4"), netip.MustParseAddr("5.6.7.8")}
	fixed := []addrmgr.Address{{Addr: addrmgr.AddrFromIP(netip.MustParseAddr("9.9.9.9"), 18444), Services: 1, Time: time.Now()}}
	tests := []struct {
		name   string
		dns    []string
		fixed  []addrmgr.Address
		delay  time.Duration
		want   []string
		absent []string
	}{
		{name: "dns seeds", dns: []string{"seed.test", "missing.test"}, want: []string{"1.2.3.4:18444", "5.6.7.8:18444"}},
		{name: "fixed seeds at once without other sources", fixed: fixed, want: []string{"9.9.9.9:18444"}},
		{name: "fixed seeds after the delay", dns: []string{"missing.test"}, fixed: fixed, delay: 50 * time.Millisecond, want: []string{"9.9.9.9:18444"}},
		{name: "dns before fixed", dns: []string{"seed.test"}, fixed: fixed, delay: time.Hour, want: []string{"1.2.3.4:18444"}, absent: []string{"9.9.9.9:18444"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			book := newBook(t)
			cfg := testConfig(book, &recorder{})
			cfg.Dialer = &loopDialer{fail: true}
			cfg.Resolver = fakeResolver{"seed.test": seedIPs}
			cfg.DNSSeeds, cfg.FixedSeeds = tc.dns, tc.fixed
			if tc.delay > 0 {
				cfg.FixedSeedDelay = tc.delay
			}
			start(t, cfg)
			for _, w := range tc.want {
				ap := netip.MustParseAddrPort(w)
				waitFor(t, w+" in the address book", func() bool {
					_, ok := book.Lookup(addrmgr.AddrFromAddrPort(ap))
					return ok
				})
			}
			time.Sleep(20 * time.Millisecond)
			for _, a := range tc.absent {
				if _, ok := book.Lookup(addrmgr.AddrFromAddrPort(netip.MustParseAddrPort(a))); ok {
					t.Fatalf("%s added", a)
				}
			}
		})
	}
}

func TestDiscouragedOutbound(t *testing.T) {
	bad, good := newServer(t), newServer(t)
	m, err := New(testConfig(newBook(t, bad.addr(1, 0), good.addr(2, 0)), &recorder{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Discourage(bad.addr(1, 0))
	if !m.IsDiscouraged(bad.addr(1, 0).WithPort(1)) || m.IsBanned(bad.addr(1, 0)) {
		t.Fatal("IsDiscouraged / IsBanned")
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Stop() })
	waitFor(t, "the good peer", func() bool { return good.accepted.Load() == 1 })
	time.Sleep(100 * time.Millisecond)
	if bad.accepted.Load() != 0 {
		t.Fatal("connected to a discouraged address")
	}
	if !slices.ContainsFunc(m.Peers(), func(p PeerInfo) bool { return p.Addr == good.addr(2, 0) }) {
		t.Fatal("good peer missing")
	}
}

// countingBook records the address-manager calls.
type countingBook struct {
	*addrmgr.Manager
	mu                            sync.Mutex
	attempts, failures, connected map[addrmgr.Addr]int
}

func (b *countingBook) Attempt(a addrmgr.Addr, countFailure bool) {
	b.mu.Lock()
	b.attempts[a]++
	if countFailure {
		b.failures[a]++
	}
	b.mu.Unlock()
	b.Manager.Attempt(a, countFailure)
}

func (b *countingBook) Connected(a addrmgr.Addr) {
	b.mu.Lock()
	b.connected[a]++
	b.mu.Unlock()
	b.Manager.Connected(a)
}

func (b *countingBook) get(m map[addrmgr.Addr]int, a addrmgr.Addr) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return m[a]
}

func TestAddrBookBookkeeping(t *testing.T) {
	var addrs []addrmgr.Addr
	for i := range 3 {
		addrs = append(addrs, newServer(t).addr(byte(i+1), 0))
	}
	book := &countingBook{Manager: newBook(t, addrs...), attempts: map[addrmgr.Addr]int{}, failures: map[addrmgr.Addr]int{}, connected: map[addrmgr.Addr]int{}}
	cfg := testConfig(book, &recorder{})
	cfg.MaxOutboundFull, cfg.MaxBlockRelay = 2, 1
	m := start(t, cfg)
	waitFor(t, "three outbound connections", func() bool { return m.ConnectionCount(DirOut) == 3 })
	var block, full addrmgr.Addr
	for _, p := range m.Peers() {
		if book.get(book.attempts, p.Addr) != 1 {
			t.Fatalf("%v: %d attempts", p.Addr, book.get(book.attempts, p.Addr))
		}
		if p.Type == BlockRelay {
			block = p.Addr
		} else {
			full = p.Addr
		}
	}
	for _, p := range m.Peers() {
		if err := m.DisconnectNodeByID(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "Connected for the full-relay peer", func() bool { return book.get(book.connected, full) == 1 })
	time.Sleep(20 * time.Millisecond)
	if book.get(book.connected, block) != 0 {
		t.Fatal("Connected called for a block-relay-only peer")
	}
}

func TestMaxAddNode(t *testing.T) {
	a, b := newServer(t), newServer(t)
	cfg := testConfig(newBook(t), &recorder{})
	cfg.AddNodes = []string{hostPort(a), hostPort(b)}
	cfg.MaxAddNode = 1
	m := start(t, cfg)
	waitFor(t, "one manual connection", func() bool { return countType(m, Manual) == 1 })
	time.Sleep(100 * time.Millisecond)
	if n := countType(m, Manual); n != 1 {
		t.Fatalf("%d manual connections, limit 1", n)
	}
}
