package connmgr

import (
	"net/netip"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// BenchmarkIsBanned measures the per-accept ban check with 100 bans.
func BenchmarkIsBanned(b *testing.B) {
	bl := NewBanList(nil)
	until := time.Now().Add(time.Hour)
	for i := range 100 {
		bl.Ban(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16), until)
	}
	a := addrmgr.AddrFromIP(netip.MustParseAddr("11.1.2.3"), 8333)
	b.ReportAllocs()
	for b.Loop() {
		if bl.IsBanned(a) || bl.IsDiscouraged(a) {
			b.Fatal("banned")
		}
	}
}

// BenchmarkSelectNodeToEvict measures an eviction decision over a full
// default inbound set (114 peers).
func BenchmarkSelectNodeToEvict(b *testing.B) {
	base := candidates(114, 1)
	c := make([]EvictionCandidate, len(base))
	b.ReportAllocs()
	for b.Loop() {
		copy(c, base)
		if _, ok := SelectNodeToEvict(c); !ok {
			b.Fatal("no eviction")
		}
	}
}
