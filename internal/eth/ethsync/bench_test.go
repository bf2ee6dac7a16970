package ethsync

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkSync300 syncs 300 blocks of one transfer each from three
// in-memory peers into a fresh chain (download, body checks, execution).
func BenchmarkSync300(b *testing.B) {
	src := newTestChain(b, 1)
	src.mine(b, 300, true)
	want := src.bc.CurrentHeader().Hash()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		local := newTestChain(b, 2)
		s := New(Config{Chain: local.bc, RequestTimeout: time.Minute})
		var peers []*fakePeer
		for i := range 3 {
			p := newFakePeer(fmt.Sprintf("p%d", i), src.bc)
			peers = append(peers, p)
			s.AddPeer(p)
		}
		b.StartTimer()
		if err := s.syncWith(peers[0]); err != nil {
			b.Fatal(err)
		}
		if local.bc.CurrentHeader().Hash() != want {
			b.Fatal("not synced")
		}
	}
}
