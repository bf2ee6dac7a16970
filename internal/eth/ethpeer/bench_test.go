package ethpeer

import (
	"context"
	"testing"
)

// BenchmarkRequestHeaders measures a 64-header request round trip between
// two peers over a pipe (encode, frame, serve, decode, shape check).
func BenchmarkRequestHeaders(b *testing.B) {
	chain := newFakeChain(256)
	a, _, errA, errB := startPairB(b, testConfig("a", newFakeChain(2), nil), testConfig("b", chain, nil))
	if errA != nil || errB != nil {
		b.Fatal(errA, errB)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		hs, err := a.RequestHeadersByNumber(ctx, 100, 64, 0, false)
		if err != nil || len(hs) != 64 {
			b.Fatal(err)
		}
	}
}

func BenchmarkKnownSet(b *testing.B) {
	s := newKnownSet(DefaultKnownTxs)
	tx := testTx(1)
	h := tx.Hash()
	b.ReportAllocs()
	for b.Loop() {
		s.add(h)
		if !s.contains(h) {
			b.Fatal("lost")
		}
	}
}
