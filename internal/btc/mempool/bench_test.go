package mempool

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// BenchmarkAcceptP2WPKH measures AcceptTransaction for one-input,
// two-output P2WPKH spends of confirmed coins (signatures verified, no
// signature cache), reported as transactions per second.
func BenchmarkAcceptP2WPKH(b *testing.B) {
	h := newHarness(b, nil)
	txs := make([]*primitives.Tx, b.N)
	for i := range txs {
		txs[i] = h.spend([]utxo{h.fund(1_000_000)}, 500_000, 490_000)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range txs {
		if _, err := h.pool.AcceptTransaction(txs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// BenchmarkAcceptChained measures acceptance of transactions spending
// in-pool parents (chains of 20), which exercises the ancestor and
// descendant bookkeeping.
func BenchmarkAcceptChained(b *testing.B) {
	h := newHarness(b, nil)
	txs := make([]*primitives.Tx, b.N)
	var u utxo
	for i := range txs {
		if i%20 == 0 {
			u = h.fund(10_000_000)
		}
		txs[i] = h.spend([]utxo{u}, u.out.Value-1000)
		u = h.outOf(txs[i], 0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range txs {
		if _, err := h.pool.AcceptTransaction(txs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}
