package addrmgr

import (
	"net/netip"
	"testing"
	"time"
)

func benchAddrs(n int) []Address {
	out := make([]Address, n)
	now := time.Unix(1_700_000_000, 0)
	for i := range out {
		ip := netip.AddrFrom4([4]byte{byte(1 + i%200), byte(i >> 8), byte(i), 1})
		out[i] = Address{Addr: AddrFromIP(ip, 8333), Services: 9, Time: now}
	}
	return out
}

// BenchmarkAdd10000 adds 10,000 addresses from 100 sources to a fresh
// manager.
func BenchmarkAdd10000(b *testing.B) {
	addrs := benchAddrs(10000)
	now := time.Unix(1_700_000_000, 0)
	b.ReportAllocs()
	for b.Loop() {
		m := New(Config{Now: func() time.Time { return now }})
		for i := 0; i < len(addrs); i += 100 {
			src := AddrFromIP(netip.AddrFrom4([4]byte{100, byte(i >> 8), byte(i), 7}), 0)
			m.Add(addrs[i:i+100], src, 2*time.Hour)
		}
	}
}

func BenchmarkSelect(b *testing.B) {
	now := time.Unix(1_700_000_000, 0)
	m := New(Config{Now: func() time.Time { return now }})
	addrs := benchAddrs(10000)
	m.Add(addrs, AddrFromIP(netip.MustParseAddr("100.1.2.3"), 0), 0)
	for i := 0; i < len(addrs); i += 10 {
		m.Good(addrs[i].Addr)
	}
	b.Logf("new %d tried %d", m.Size(0, TableNew), m.Size(0, TableTried))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := m.Select(false); !ok {
			b.Fatal("nothing selected")
		}
	}
}

func BenchmarkGetAddr(b *testing.B) {
	now := time.Unix(1_700_000_000, 0)
	m := New(Config{Now: func() time.Time { return now }})
	m.Add(benchAddrs(10000), AddrFromIP(netip.MustParseAddr("100.1.2.3"), 0), 0)
	b.ReportAllocs()
	for b.Loop() {
		m.GetAddr(MaxGetAddr, MaxPctGetAddr, 0, true)
	}
}

func BenchmarkLoad(b *testing.B) {
	data := populated(b).Serialize(regtestMagic)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data, regtestMagic, Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = New(Config{})
	}
}
