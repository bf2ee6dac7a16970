package connmgr

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// inboundConfig has no automatic outbound connections, so MaxConnections-1
// (the feeler slot) inbound slots.
func inboundConfig(t *testing.T, maxConn int) Config {
	cfg := testConfig(newBook(t), &recorder{})
	cfg.Listen = []string{"127.0.0.1:0", "127.0.0.1:0"}
	cfg.MaxConnections = maxConn
	cfg.MaxOutboundFull, cfg.MaxBlockRelay = -1, -1
	return cfg
}

func TestInboundLimit(t *testing.T) {
	m := start(t, inboundConfig(t, 3)) // 2 inbound slots
	if len(m.ListenAddrs()) != 2 {
		t.Fatal("listeners")
	}
	for i := range 2 {
		if _, ok := dialFrom(t, m, byte(2+i)); !ok {
			t.Fatalf("connection %d refused", i)
		}
	}
	// Two candidates are always protected: the newcomer is dropped.
	if _, ok := dialFrom(t, m, 4); ok {
		t.Fatal("connection accepted beyond the inbound limit")
	}
	waitFor(t, "two inbound", func() bool { return m.ConnectionCount(DirIn) == 2 })
}

func TestInboundEviction(t *testing.T) {
	m := start(t, inboundConfig(t, 22)) // 21 inbound slots
	for i := range 21 {
		if _, ok := dialFrom(t, m, byte(2+i)); !ok {
			t.Fatalf("connection %d refused", i)
		}
	}
	before := m.Peers()
	// The 22nd connection evicts one of the 21 (20 are protected).
	if _, ok := dialFrom(t, m, 100); !ok {
		t.Fatal("no eviction")
	}
	waitFor(t, "21 inbound after the eviction", func() bool {
		ps := m.Peers()
		return len(ps) == 21 && ps[20].ID == 21
	})
	// The oldest half is protected by uptime.
	after := m.Peers()
	for _, p := range before[:10] {
		if p.ID != after[p.ID].ID {
			t.Fatalf("old peer %d evicted", p.ID)
		}
	}
}

func TestDiscouragedInbound(t *testing.T) {
	m := start(t, inboundConfig(t, 4)) // 3 inbound slots
	bad := addrmgr.AddrFromIP(netip.MustParseAddr("127.0.0.2"), 0)
	m.Discourage(bad)
	if _, ok := dialFrom(t, m, 2); !ok {
		t.Fatal("discouraged peer refused while slots are free")
	}
	if _, ok := dialFrom(t, m, 3); !ok {
		t.Fatal("peer refused")
	}
	if _, ok := dialFrom(t, m, 2); ok {
		t.Fatal("discouraged peer accepted into the last slot")
	}
	if _, ok := dialFrom(t, m, 4); !ok {
		t.Fatal("peer refused")
	}
	cands := m.Candidates()
	n := 0
	for _, c := range cands {
		if c.PreferEvict {
			n++
		}
	}
	if len(cands) != 3 || n != 1 {
		t.Fatalf("%d candidates, %d preferred for eviction", len(cands), n)
	}
	// Discouraging an address disconnects its peers.
	m.Discourage(bad)
	waitFor(t, "the discouraged peer to go", func() bool { return m.ConnectionCount(DirIn) == 2 })
}

func TestBans(t *testing.T) {
	banFile := filepath.Join(t.TempDir(), "banlist.json")
	cfg := inboundConfig(t, 10)
	cfg.BanFile = banFile
	m := start(t, cfg)
	if _, ok := dialFrom(t, m, 5); !ok {
		t.Fatal("refused before the ban")
	}
	errCases := []struct {
		name     string
		subnet   string
		bantime  int64
		absolute bool
		want     ErrorKind
	}{
		{"ban", "127.0.0.5", 0, false, ""},
		{"already banned", "127.0.0.5", 0, false, ErrAlreadyBanned},
		{"subnet", "10.0.0.0/8", 3600, false, ""},
		{"subnet again", "10.0.0.0/8", 3600, false, ErrAlreadyBanned},
		{"covered address", "10.1.2.3", 3600, false, ErrAlreadyBanned},
		{"invalid", "nonsense", 0, false, ErrInvalidSubnet},
		{"absolute past", "1.2.3.4", 1000, true, ErrInvalidParameter},
		{"absolute future", "1.2.3.4", time.Now().Add(time.Hour).Unix(), true, ""},
	}
	for _, tc := range errCases {
		err := m.Ban(tc.subnet, tc.bantime, tc.absolute)
		if tc.want == "" && err != nil || tc.want != "" && !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	waitFor(t, "the banned peer to be disconnected", func() bool { return m.ConnectionCount(DirIn) == 0 })
	if _, ok := dialFrom(t, m, 5); ok {
		t.Fatal("banned address accepted")
	}
	if _, ok := dialFrom(t, m, 6); !ok {
		t.Fatal("other address refused")
	}
	list := m.ListBanned()
	var got []string
	for _, e := range list {
		got = append(got, e.SubnetString())
	}
	if strings.Join(got, " ") != "1.2.3.4/32 10.0.0.0/8 127.0.0.5/32" {
		t.Fatalf("listbanned %v", got)
	}
	data, err := os.ReadFile(banFile)
	if err != nil || !strings.Contains(string(data), "127.0.0.5/32") {
		t.Fatalf("banlist.json not saved on change: %v\n%s", err, data)
	}
	if err := m.Stop(); err != nil {
		t.Fatal(err)
	}

	// Round trip: a new manager loads the bans.
	m2 := start(t, cfg)
	if n := len(m2.ListBanned()); n != 3 {
		t.Fatalf("%d bans after restart", n)
	}
	if _, ok := dialFrom(t, m2, 5); ok {
		t.Fatal("ban not enforced after restart")
	}
	if err := m2.Unban("127.0.0.5"); err != nil {
		t.Fatal(err)
	}
	if err := m2.Unban("127.0.0.5"); !errors.Is(err, ErrNotBanned) {
		t.Fatalf("second unban: %v", err)
	}
	if _, ok := dialFrom(t, m2, 5); !ok {
		t.Fatal("unbanned address refused")
	}
	m2.ClearBanned()
	if len(m2.ListBanned()) != 0 {
		t.Fatal("clearbanned")
	}
	// A hostile file: the manager starts with an empty list.
	if err := os.WriteFile(banFile, []byte(`{"banned_nets":[{"version":"x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = m2.Stop()
	if err := os.WriteFile(banFile, []byte(`{"banned_nets":[{"version":"x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m3 := start(t, cfg)
	if len(m3.ListBanned()) != 0 {
		t.Fatal("bans from a corrupt file")
	}
}

func TestSetNetworkActiveAndTotals(t *testing.T) {
	m := start(t, inboundConfig(t, 10))
	c, ok := dialFrom(t, m, 2)
	if !ok {
		t.Fatal("refused")
	}
	if _, err := c.Write([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "byte counts", func() bool {
		recv, sent := m.NetTotals()
		ps := m.Peers()
		return recv == 3 && sent == 5 && len(ps) == 1 && ps[0].BytesRecv == 3 && ps[0].BytesSent == 5
	})
	m.SetNetworkActive(false)
	if m.NetworkActive() {
		t.Fatal("still active")
	}
	waitFor(t, "disconnection", func() bool { return m.ConnectionCount(DirAll) == 0 })
	if _, ok := dialFrom(t, m, 2); ok {
		t.Fatal("accepted while inactive")
	}
	m.SetNetworkActive(true)
	if _, ok := dialFrom(t, m, 2); !ok {
		t.Fatal("refused after reactivation")
	}
}

func TestStopLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		var addrs []addrmgr.Addr
		var servers []*server
		for i := range 4 {
			s := newServer(t)
			servers = append(servers, s)
			addrs = append(addrs, s.addr(byte(i+1), 0))
		}
		cfg := inboundConfig(t, 30)
		cfg.AddrBook = newBook(t, addrs...)
		cfg.MaxOutboundFull, cfg.MaxBlockRelay = DefaultMaxOutboundFull, DefaultMaxBlockRelay
		cfg.AddNodes = []string{"127.0.0.1:1"} // never answers: retried
		cfg.DNSSeeds = []string{"seed.test"}
		cfg.Resolver = fakeResolver{}
		cfg.BanFile = filepath.Join(t.TempDir(), "banlist.json")
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "outbound connections", func() bool { return m.ConnectionCount(DirOut) == 4 })
		for i := range 3 {
			if _, ok := dialFrom(t, m, byte(2+i)); !ok {
				t.Fatal("refused")
			}
		}
		if err := m.Stop(); err != nil {
			t.Fatal(err)
		}
		if err := m.Stop(); err != nil { // idempotent
			t.Fatal(err)
		}
		if err := m.AddNode("127.0.0.1:2", AddNodeOneTry); !errors.Is(err, ErrNotRunning) {
			t.Fatalf("onetry after Stop: %v", err)
		}
		for _, s := range servers {
			s.close()
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after Stop:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
