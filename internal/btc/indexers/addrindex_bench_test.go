package indexers

import (
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// BenchmarkAddrIndexCatchUp indexes a 120-block regtest chain (8
// transactions per block) from scratch into an in-memory store.
func BenchmarkAddrIndexCatchUp(b *testing.B) {
	g := generated(b)
	c := openChain(b)
	process(b, c, g.Blocks)
	b.ResetTimer()
	for b.Loop() {
		ix, err := OpenAddrIndex(AddrConfig{Chain: addrTestChain{c}, Store: memdb.New()})
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

// FuzzAddrRecords decodes arbitrary address index records: never a panic,
// and a decoded record encodes back to the same bytes.
func FuzzAddrRecords(f *testing.F) {
	f.Add(historyKey(nil, ScriptHash{1}, 5, 2), encodeHistory(nil, chainhash.Hash{3}, 10, 0))
	f.Add(unspentKey(nil, ScriptHash{1}, 5, chainhash.Hash{3}, 1), []byte{1, 0, 0, 0, 0, 0, 0, 0})
	f.Add(spentByKey(nil, chainhash.Hash{3}, 1), encodeSpentBy(nil, SpentBy{Input: 1, Height: 3}))
	f.Add([]byte{}, encodeStats(AddrStats{TxCount: 1, FundedCount: 1, FundedSum: 5}))
	f.Fuzz(func(t *testing.T, k, v []byte) {
		if e, err := decodeHistory(k, v); err == nil {
			if string(encodeHistory(nil, e.TxID, e.Funded, e.Spent)) != string(v) {
				t.Fatal("history round trip")
			}
		}
		if u, err := decodeUnspent(k, v); err == nil {
			if u.Value < 0 || u.Height < 0 {
				t.Fatal("negative unspent")
			}
		}
		if s, err := decodeSpentBy(v); err == nil {
			if string(encodeSpentBy(nil, s)) != string(v) {
				t.Fatal("spent-by round trip")
			}
		}
		if s, err := decodeStats(v); err == nil {
			if string(encodeStats(s)) != string(v) {
				t.Fatal("stats round trip")
			}
		}
	})
}
