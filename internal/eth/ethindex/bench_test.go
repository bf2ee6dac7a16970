package ethindex

import (
	"testing"

	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// BenchmarkCatchUp indexes a 20-block dev chain (12 transactions per block,
// a third of them token creations with a Transfer log) from scratch.
func BenchmarkCatchUp(b *testing.B) {
	e := newEnv(b)
	e.extend(e.bc.Genesis(), 20, 12)
	b.ResetTimer()
	for b.Loop() {
		ix, err := Open(Config{Chain: e.bc, Signer: e.signer(), Store: memdb.New()})
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
	b.ReportMetric(21, "blocks/op")
}
