package ethrpc

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// BenchmarkSendRawTransactionAutomine measures eth_sendRawTransaction with
// automine (one block per transaction) in process: transfers per second.
func BenchmarkSendRawTransactionAutomine(b *testing.B) {
	e := newEnv(b)
	to := ethtypes.Address{0x77}
	raws := make([]json.RawMessage, b.N)
	for i := range raws {
		tx := e.signedTx(b, 0, uint64(i), to, 1, 21000, nil)
		raws[i], _ = json.Marshal(rawHex(b, tx))
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.Call(ctx, "eth_sendRawTransaction", raws[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "txs/s")
}

// BenchmarkCall measures a simple eth_call.
func BenchmarkCall(b *testing.B) {
	e := newEnv(b)
	p, _ := json.Marshal(map[string]any{"to": hexAddr(addrRet42)})
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.Call(ctx, "eth_call", p); err != nil {
			b.Fatal(err)
		}
	}
}
