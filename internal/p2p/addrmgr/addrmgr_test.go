package addrmgr

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// seededReader is a deterministic randomness source for tests.
type seededReader struct{ r *rand.ChaCha8 }

func (s seededReader) Read(p []byte) (int, error) { return s.r.Read(p) }

func newSeeded(seed byte) seededReader {
	var s [32]byte
	s[0] = seed
	return seededReader{rand.NewChaCha8(s)}
}

// coreDeterministicKey is the key of Core's DETERMINISTIC AddrMan,
// uint256{1}: first byte 1, rest zero.
var coreDeterministicKey = [32]byte{1}

var testStart = time.Unix(1_700_000_000, 0)

// timeInit is Core's CAddress::TIME_INIT, the time of an address built
// without one.
var timeInit = time.Unix(100_000_000, 0)

// newDeterministic returns a manager like Core's DETERMINISTIC AddrMan,
// with a settable clock.
func newDeterministic(t testing.TB) (*Manager, *testClock) {
	t.Helper()
	clk := &testClock{t: testStart}
	m := New(Config{Rand: newSeeded(1), Now: clk.Now})
	if !m.SetKey(coreDeterministicKey) {
		t.Fatal("SetKey on an empty manager failed")
	}
	return m, clk
}

func addr1(a Addr, tm time.Time) []Address { return []Address{{Addr: a, Time: tm}} }

// checkInvariants verifies the tables and counters agree.
func checkInvariants(t testing.TB, m *Manager) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	refs := map[int32]int{}
	for b := range m.newTbl {
		for p, id := range m.newTbl[b] {
			if id == -1 {
				continue
			}
			e := &m.entries[id]
			if !e.used || e.inTried {
				t.Fatalf("new[%d][%d] holds a dead or tried entry", b, p)
			}
			if bucketPosition(&m.key, true, b, e.addr) != p {
				t.Fatalf("new[%d][%d] holds %v at a wrong position", b, p, e.addr)
			}
			refs[id]++
		}
	}
	nTried := 0
	for b := range m.triedTbl {
		for p, id := range m.triedTbl[b] {
			if id == -1 {
				continue
			}
			e := &m.entries[id]
			if !e.inTried || triedBucket(&m.key, e.addr) != b || bucketPosition(&m.key, false, b, e.addr) != p {
				t.Fatalf("tried[%d][%d] inconsistent", b, p)
			}
			nTried++
		}
	}
	if nTried != m.nTried {
		t.Fatalf("nTried %d, tables hold %d", m.nTried, nTried)
	}
	if len(refs) != m.nNew {
		t.Fatalf("nNew %d, tables hold %d", m.nNew, len(refs))
	}
	for id, n := range refs {
		if int(m.entries[id].refCount) != n {
			t.Fatalf("entry %d refCount %d, tables hold %d", id, m.entries[id].refCount, n)
		}
	}
	if len(m.random) != m.nNew+m.nTried || len(m.byAddr) != len(m.random) {
		t.Fatalf("random %d, byAddr %d, new+tried %d", len(m.random), len(m.byAddr), m.nNew+m.nTried)
	}
	for i, id := range m.random {
		if m.entries[id].randomPos != int32(i) {
			t.Fatalf("randomPos of %d wrong", id)
		}
	}
}

func TestAddBasics(t *testing.T) {
	m, clk := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	now := clk.Now()
	tests := []struct {
		name string
		a    Addr
		want int
	}{
		{"routable", ip4(t, "250.1.1.1", 8333), 1},
		{"duplicate", ip4(t, "250.1.1.1", 8333), 0},
		{"other port", ip4(t, "250.1.1.1", 8334), 1},
		{"private", ip4(t, "10.0.0.1", 8333), 0},
		{"loopback", ip4(t, "127.0.0.1", 8333), 0},
		{"invalid", Addr{}, 0},
		{"ipv6", ip4(t, "2a01:4f8::1", 8333), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Add(addr1(tc.a, now), src, 0); got != tc.want {
				t.Errorf("Add = %d, want %d", got, tc.want)
			}
		})
	}
	if got := m.Size(0, TableAll); got != 3 {
		t.Errorf("Size = %d, want 3", got)
	}
	if got := m.Size(NetIPv6, TableNew); got != 1 {
		t.Errorf("Size(ipv6,new) = %d, want 1", got)
	}
	checkInvariants(t, m)
}

func TestAddPenalty(t *testing.T) {
	m, clk := newDeterministic(t)
	now := clk.Now()
	a := ip4(t, "250.1.1.1", 8333)
	b := ip4(t, "250.2.2.2", 8333)
	m.Add(addr1(a, now), ip4(t, "252.2.2.2", 0), 2*time.Hour)
	m.Add(addr1(b, now), b.WithPort(0), 2*time.Hour) // self-announcement
	ia, _ := m.Lookup(a)
	ib, _ := m.Lookup(b)
	if got := now.Sub(ia.Time); got != 2*time.Hour {
		t.Errorf("relayed address time penalty %v, want 2h", got)
	}
	if !ib.Time.Equal(now) {
		t.Errorf("self-announced address time %v, want %v", ib.Time, now)
	}
}

func TestAddRefCountLimit(t *testing.T) {
	m, clk := newDeterministic(t)
	a := ip4(t, "250.1.1.1", 8333)
	// Each re-announcement must carry a newer time and come from another
	// source group to earn a new reference.
	for i := range 2000 {
		tm := clk.Now().Add(time.Duration(i) * time.Second)
		m.Add(addr1(a, tm), ip4(t, fmt.Sprintf("%d.%d.1.1", 1+i/200, i%200), 0), 0)
	}
	info, ok := m.Lookup(a)
	if !ok {
		t.Fatal("address lost")
	}
	if info.RefCount < 2 || info.RefCount > newBucketsPerAddress {
		t.Errorf("refCount %d, want in [2, %d]", info.RefCount, newBucketsPerAddress)
	}
	checkInvariants(t, m)
}

// TestCoreNoEvict follows Core's addrman_noevict.
func TestCoreNoEvict(t *testing.T) {
	m, _ := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("collision on an empty manager")
	}
	for i := 1; i < 36; i++ {
		a := ip4(t, fmt.Sprintf("250.1.1.%d", i), 0)
		if m.Add(addr1(a, timeInit), src, 0) != 1 {
			t.Fatalf("Add %v failed", a)
		}
		if !m.Good(a) {
			t.Fatalf("Good %v failed", a)
		}
	}
	a36 := ip4(t, "250.1.1.36", 0)
	if m.Add(addr1(a36, timeInit), src, 0) != 1 {
		t.Fatal("Add 36 failed")
	}
	if m.Good(a36) {
		t.Fatal("Good 36 should collide")
	}
	c, _, ok := m.SelectTriedCollision()
	if !ok || c.Addr.String() != "250.1.1.19:0" {
		t.Fatalf("collision with %v, want 250.1.1.19:0 (Core)", c.Addr)
	}
	m.ResolveCollisions() // 19 connected just now: 36 is dropped
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("collision not resolved")
	}
	for i := 37; i < 59; i++ {
		a := ip4(t, fmt.Sprintf("250.1.1.%d", i), 0)
		if m.Add(addr1(a, timeInit), src, 0) != 1 || !m.Good(a) {
			t.Fatalf("Add/Good %v failed", a)
		}
	}
	a59 := ip4(t, "250.1.1.59", 0)
	if m.Add(addr1(a59, timeInit), src, 0) != 1 || m.Good(a59) {
		t.Fatal("59 should collide")
	}
	if c, _, _ := m.SelectTriedCollision(); c.Addr.String() != "250.1.1.10:0" {
		t.Fatalf("collision with %v, want 250.1.1.10:0 (Core)", c.Addr)
	}
	if m.Add(addr1(a36, timeInit), src, 0) != 0 {
		t.Fatal("re-adding 36 should not add")
	}
	if m.Good(a36) {
		t.Fatal("36 still collides")
	}
	m.ResolveCollisions()
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("collisions not resolved")
	}
	checkInvariants(t, m)
}

// TestCoreEvictionWorks follows Core's addrman_evictionworks.
func TestCoreEvictionWorks(t *testing.T) {
	m, clk := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	for i := 1; i < 36; i++ {
		a := ip4(t, fmt.Sprintf("250.1.1.%d", i), 0)
		if m.Add(addr1(a, timeInit), src, 0) != 1 || !m.Good(a) {
			t.Fatalf("Add/Good %v failed", a)
		}
	}
	a36 := ip4(t, "250.1.1.36", 0)
	a19 := ip4(t, "250.1.1.19", 0)
	m.Add(addr1(a36, timeInit), src, 0)
	if m.Good(a36) {
		t.Fatal("36 should collide")
	}
	if c, _, _ := m.SelectTriedCollision(); c.Addr != a19 {
		t.Fatalf("collision with %v, want 19", c.Addr)
	}
	// 19's last success in the deep past, last try a failure 61 s ago.
	now := clk.Now()
	clk.Set(time.Unix(1, 0))
	if m.Good(a19) {
		t.Fatal("Good of a tried address returned true")
	}
	clk.Set(now.Add(-61 * time.Second))
	m.Attempt(a19, false)
	clk.Set(now)
	m.ResolveCollisions()
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("collision not resolved")
	}
	if i, _ := m.Lookup(a36); !i.InTried {
		t.Fatal("36 did not replace 19")
	}
	if i, _ := m.Lookup(a19); i.InTried || i.RefCount != 1 {
		t.Fatalf("19 not back in new: %+v", i)
	}
	if m.Good(a36) {
		t.Fatal("Good of tried 36 returned true")
	}
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("duplicate recorded as collision")
	}
	if m.Good(a19) {
		t.Fatal("19 should collide with 36")
	}
	if c, _, _ := m.SelectTriedCollision(); c.Addr != a36 {
		t.Fatalf("collision with %v, want 36", c.Addr)
	}
	clk.Add(4 * time.Hour)
	m.ResolveCollisions()
	if _, _, ok := m.SelectTriedCollision(); ok {
		t.Fatal("collision not resolved after 4h")
	}
	if i, _ := m.Lookup(a19); !i.InTried {
		t.Fatal("19 not back in tried")
	}
	if i, _ := m.Lookup(a36); i.InTried {
		t.Fatal("36 still in tried")
	}
	checkInvariants(t, m)
}

// TestCoreGetAddr follows Core's addrman_getaddr, including its exact
// counts (2006 addresses kept, 461 returned).
func TestCoreGetAddr(t *testing.T) {
	m, clk := newDeterministic(t)
	if got := m.GetAddr(0, 0, 0, true); len(got) != 0 {
		t.Fatalf("empty manager returned %d", len(got))
	}
	now := clk.Now()
	mk := func(s string, port uint16) Address { return Address{Addr: ip4(t, s, port), Time: now} }
	a1, a2, a3 := mk("250.250.2.1", 8333), mk("250.251.2.2", 9999), mk("251.252.2.3", 8333)
	a4, a5 := mk("252.253.3.4", 8333), mk("252.254.4.5", 8333)
	if m.Add([]Address{a1, a3, a5}, ip4(t, "250.1.2.1", 0), 0) == 0 ||
		m.Add([]Address{a2, a4}, ip4(t, "250.2.3.3", 0), 0) == 0 {
		t.Fatal("Add failed")
	}
	if got := len(m.GetAddr(0, 0, 0, true)); got != 5 {
		t.Fatalf("GetAddr all = %d, want 5", got)
	}
	if got := len(m.GetAddr(2500, MaxPctGetAddr, 0, true)); got != 1 {
		t.Fatalf("GetAddr 23%% = %d, want 1", got)
	}
	if !m.Good(a1.Addr) || !m.Good(a2.Addr) {
		t.Fatal("Good failed")
	}
	if got := len(m.GetAddr(0, 0, 0, true)); got != 5 {
		t.Fatalf("GetAddr all = %d, want 5", got)
	}
	for i := 1; i < 8*256; i++ {
		s := fmt.Sprintf("%d.%d.1.23", i%256, i>>8)
		a := Address{Addr: ip4(t, s, 0), Time: now}
		m.Add([]Address{a}, a.Addr, 0)
		if i%8 == 0 {
			m.Good(a.Addr)
		}
	}
	got := m.GetAddr(2500, MaxPctGetAddr, 0, true)
	if size := m.Size(0, TableAll); size != 2006 {
		t.Errorf("Size = %d, want 2006 (Core)", size)
	}
	if len(got) != 461 {
		t.Errorf("GetAddr 23%% = %d, want 461 (Core)", len(got))
	}
	if got := len(m.GetAddr(10, 0, 0, true)); got != 10 {
		t.Errorf("GetAddr max 10 = %d", got)
	}
	if got := len(m.GetAddr(0, 0, NetIPv6, true)); got != 0 {
		t.Errorf("GetAddr ipv6 = %d, want 0", got)
	}
	seen := map[Addr]bool{}
	for _, a := range got {
		if seen[a.Addr] {
			t.Fatalf("GetAddr returned %v twice", a.Addr)
		}
		seen[a.Addr] = true
	}
	checkInvariants(t, m)
}

// TestCoreGetAddrUnfiltered follows Core's getaddr_unfiltered: terrible
// addresses are left out unless unfiltered.
func TestCoreGetAddrUnfiltered(t *testing.T) {
	m, clk := newDeterministic(t)
	now := clk.Now()
	src := ip4(t, "250.1.2.1", 0)
	a1 := Address{Addr: ip4(t, "250.250.2.1", 8333), Time: now}
	a2 := Address{Addr: ip4(t, "250.251.2.2", 9999), Time: timeInit} // too old
	m.Add([]Address{a1, a2}, src, 0)
	a3 := Address{Addr: ip4(t, "250.251.2.3", 9998), Time: now}
	m.Good(a3.Addr) // unknown: only records that a connection succeeded
	m.Add([]Address{a3}, src, 0)
	clk.Set(now.Add(-61 * time.Second))
	for range 3 {
		m.Attempt(a3.Addr, true)
	}
	clk.Set(now)
	if got := len(m.GetAddr(0, 0, 0, true)); got != 1 {
		t.Errorf("filtered GetAddr = %d, want 1", got)
	}
	if got := len(m.GetAddr(0, 0, 0, false)); got != 3 {
		t.Errorf("unfiltered GetAddr = %d, want 3", got)
	}
}

func TestIsTerrible(t *testing.T) {
	now := int64(1_700_000_000)
	day := int64(86400)
	tests := []struct {
		name string
		e    entry
		want bool
	}{
		{"fresh", entry{time: now}, false},
		{"tried in last minute", entry{time: 0, lastTry: now - 30}, false},
		{"future", entry{time: now + 601}, true},
		{"slightly future", entry{time: now + 599}, false},
		{"too old", entry{time: now - 31*day}, true},
		{"never succeeded, 3 failures", entry{time: now, attempts: 3}, true},
		{"succeeded, 3 failures", entry{time: now, attempts: 3, lastSuccess: now - day}, false},
		{"10 failures in a week", entry{time: now, attempts: 10, lastSuccess: now - 8*day}, true},
		{"10 failures, recent success", entry{time: now, attempts: 10, lastSuccess: now - 6*day}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.isTerrible(now); got != tc.want {
				t.Errorf("isTerrible = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTerribleReplaced: a terrible entry in a new slot is overwritten by
// a newcomer for that slot, a healthy one is not.
func TestTerribleReplaced(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tm       time.Time
		replaced bool
	}{{"terrible", timeInit, true}, {"healthy", testStart, false}} {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := newDeterministic(t)
			src := ip4(t, "252.2.2.2", 0)
			first := ip4(t, "250.1.1.1", 0)
			b := newBucket(&m.key, first, src)
			p := bucketPosition(&m.key, true, b, first)
			var rival Addr
			for port := uint16(1); port < 2000 && rival.net == 0; port++ {
				a := first.WithPort(port)
				if bucketPosition(&m.key, true, b, a) == p {
					rival = a
				}
			}
			if rival.net == 0 {
				t.Fatal("no rival for the slot")
			}
			m.Add(addr1(first, tc.tm), src, 0)
			got := m.Add(addr1(rival, clk.Now()), src, 0)
			_, kept := m.Lookup(first)
			if (got == 1) != tc.replaced || kept == tc.replaced {
				t.Errorf("Add rival = %d, first kept %v; want replaced=%v", got, kept, tc.replaced)
			}
			checkInvariants(t, m)
		})
	}
}

// TestCoreUpdateAddress follows Core's addrman_update_address.
func TestCoreUpdateAddress(t *testing.T) {
	m, clk := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	a := ip4(t, "250.1.1.1", 8333)
	start := clk.Now().Add(-10000 * time.Second)
	if m.Add(addr1(a, start), src, 0) != 1 {
		t.Fatal("Add failed")
	}
	other := a.WithPort(8334)
	m.Connected(other)
	m.SetServices(other, 1024)
	got := m.GetAddr(0, 0, 0, true)
	if len(got) != 1 || !got[0].Time.Equal(start) || got[0].Services != 0 {
		t.Fatalf("other port changed the entry: %+v", got)
	}
	m.Connected(a)
	m.SetServices(a, 1024)
	got = m.GetAddr(0, 0, 0, true)
	if !got[0].Time.Equal(clk.Now()) || got[0].Services != 1024 {
		t.Fatalf("Connected/SetServices: %+v", got[0])
	}
	if m.Add([]Address{{Addr: a, Services: 2048, Time: start}}, src, 0) != 0 {
		t.Fatal("re-add added")
	}
	if got = m.GetAddr(0, 0, 0, true); got[0].Services != 2048|1024 {
		t.Fatalf("services not merged: %d", got[0].Services)
	}
	m.SetServices(a, 1)
	if !m.Good(a) {
		t.Fatal("Good failed")
	}
	m.Add([]Address{{Addr: a, Services: 2048, Time: start}}, src, 0)
	if got = m.GetAddr(0, 0, 0, true); got[0].Services != 1|2048 {
		t.Fatalf("services in tried: %d", got[0].Services)
	}
	// Connected within 20 minutes does not move the time.
	before := got[0].Time
	clk.Add(10 * time.Minute)
	m.Connected(a)
	if got = m.GetAddr(0, 0, 0, true); !got[0].Time.Equal(before) {
		t.Fatal("Connected updated the time within 20 minutes")
	}
}

// TestCoreSize follows Core's addrman_size.
func TestCoreSize(t *testing.T) {
	m, clk := newDeterministic(t)
	src := ip4(t, "252.2.2.2", 0)
	now := clk.Now()
	a1, a2 := ip4(t, "250.1.1.1", 8333), ip4(t, "250.1.1.2", 8333)
	m.Add(addr1(a1, now), src, 0)
	m.Good(a1)
	m.Add(addr1(a2, now), src, 0)
	raw, _ := lowerBase32.DecodeString("udhdrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jna")
	i2p, err := NewAddr(NetI2P, raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Add(addr1(i2p, now), src, 0) != 1 {
		t.Fatal("i2p not added")
	}
	tests := []struct {
		net   Network
		table Table
		want  int
	}{
		{0, TableAll, 3}, {NetIPv4, TableAll, 2}, {NetI2P, TableAll, 1}, {NetI2P, TableNew, 1},
		{0, TableNew, 2}, {0, TableTried, 1}, {NetIPv4, TableNew, 1}, {NetIPv4, TableTried, 1},
		{NetTorV3, TableAll, 0},
	}
	for _, tc := range tests {
		if got := m.Size(tc.net, tc.table); got != tc.want {
			t.Errorf("Size(%v, %d) = %d, want %d", tc.net, tc.table, got, tc.want)
		}
	}
}

func TestCounts(t *testing.T) {
	m, clk := newDeterministic(t)
	if got := m.Counts(); len(got) != 0 {
		t.Fatalf("Counts of an empty manager = %v", got)
	}
	src := ip4(t, "252.2.2.2", 0)
	now := clk.Now()
	a1, a2 := ip4(t, "250.1.1.1", 8333), ip4(t, "250.1.1.2", 8333)
	m.Add(addr1(a1, now), src, 0)
	m.Good(a1)
	m.Add(addr1(a2, now), src, 0)
	m.Add(addr1(ip4(t, "2a01:4f8::1", 8333), now), src, 0)
	got := m.Counts()
	tests := []struct {
		name string
		net  Network
		want TableCounts
	}{
		{"ipv4", NetIPv4, TableCounts{New: 1, Tried: 1}},
		{"ipv6", NetIPv6, TableCounts{New: 1}},
		{"onion", NetTorV3, TableCounts{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got[tc.net] != tc.want {
				t.Errorf("Counts()[%v] = %+v, want %+v", tc.net, got[tc.net], tc.want)
			}
			if n := m.Size(tc.net, TableAll); n != tc.want.New+tc.want.Tried {
				t.Errorf("Size(%v) = %d, disagrees with Counts", tc.net, n)
			}
		})
	}
	if len(got) != 2 {
		t.Errorf("Counts has %d networks, want 2: %v", len(got), got)
	}
}

func TestSelect(t *testing.T) {
	m, clk := newDeterministic(t)
	if _, _, ok := m.Select(false); ok {
		t.Fatal("Select on empty manager")
	}
	now := clk.Now()
	src := ip4(t, "252.2.2.2", 0)
	a := ip4(t, "250.1.1.1", 8333)
	m.Add(addr1(a, now), src, 0)
	got, _, ok := m.Select(false)
	if !ok || got.Addr != a {
		t.Fatalf("Select = %v %v", got.Addr, ok)
	}
	if _, _, ok := m.Select(true); !ok {
		t.Fatal("newOnly found nothing")
	}
	if _, _, ok := m.Select(false, NetIPv6); ok {
		t.Fatal("network filter ignored")
	}
	m.Good(a)
	if _, _, ok := m.Select(true); ok {
		t.Fatal("newOnly returned a tried address")
	}
	if got, _, ok := m.Select(false, NetIPv4); !ok || got.Addr != a {
		t.Fatal("tried address not selected")
	}
	// Mixed population: both tables and an onion address are reachable.
	tor, _ := NewAddr(NetTorV3, bytes.Repeat([]byte{7}, 32), 9050)
	m.Add(addr1(tor, now), src, 0)
	for i := range 200 {
		m.Add(addr1(ip4(t, fmt.Sprintf("251.%d.1.1", i), 8333), now), src, 0)
	}
	seen := map[bool]int{}
	for range 400 {
		got, _, ok := m.Select(false)
		if !ok {
			t.Fatal("Select failed")
		}
		info, _ := m.Lookup(got.Addr)
		seen[info.InTried]++
	}
	if seen[true] < 100 || seen[false] < 100 {
		t.Errorf("new/tried split %v, want roughly even", seen)
	}
	if got, _, ok := m.Select(false, NetTorV3); !ok || got.Addr != tor {
		t.Fatalf("onion filter: %v", got.Addr)
	}
	if got, _, ok := m.Select(false, NetTorV3, NetTorV3); !ok || got.Addr != tor {
		t.Fatalf("duplicate network filter: %v", got.Addr)
	}
}

// TestSelectBias: recently failed addresses are chosen far less often.
func TestSelectBias(t *testing.T) {
	m, clk := newDeterministic(t)
	now := clk.Now()
	src := ip4(t, "252.2.2.2", 0)
	good, bad := ip4(t, "250.1.1.1", 8333), ip4(t, "251.1.1.1", 8333)
	m.Add(addr1(good, now), src, 0)
	m.Add(addr1(bad, now), src, 0)
	for range 8 {
		clk.Add(time.Second)
		m.Good(ip4(t, "253.1.1.1", 1)) // unknown: advances lastGood only
		clk.Add(time.Second)
		m.Attempt(bad, true)
	}
	if i, _ := m.Lookup(bad); i.Attempts != 8 {
		t.Fatalf("attempts %d, want 8", i.Attempts)
	}
	clk.Add(time.Hour)
	counts := map[Addr]int{}
	for range 1000 {
		a, _, _ := m.Select(true)
		counts[a.Addr]++
	}
	if counts[bad]*10 > counts[good] {
		t.Errorf("failed address chosen %d times vs %d", counts[bad], counts[good])
	}
}

func TestConcurrentUse(t *testing.T) {
	m := New(Config{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				a := AddrFromIP(netip.AddrFrom4([4]byte{byte(20 + g), byte(i), 1, 1}), 8333)
				m.Add(addr1(a, time.Now()), a, 0)
				if i%3 == 0 {
					m.Good(a)
				}
				m.Select(false)
				m.GetAddr(10, 23, 0, true)
				m.ResolveCollisions()
			}
		}()
	}
	wg.Wait()
	checkInvariants(t, m)
}
