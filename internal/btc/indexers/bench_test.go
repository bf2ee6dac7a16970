package indexers

import (
	"testing"

	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// BenchmarkCatchUp indexes a 120-block regtest chain (8 transactions per
// block) from scratch: filter construction plus the writes.
func BenchmarkCatchUp(b *testing.B) {
	g := generated(b)
	c := openChain(b)
	process(b, c, g.Blocks)
	b.ResetTimer()
	for b.Loop() {
		ix, err := OpenBlockFilterIndex(Config{Chain: c, Store: memdb.New()})
		if err != nil {
			b.Fatal(err)
		}
		ix.mu.Lock()
		for {
			done, err := ix.stepLocked()
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
		}
		ix.mu.Unlock()
		ix.Close()
	}
	b.ReportMetric(float64(len(g.Blocks)+1), "blocks/op")
}
