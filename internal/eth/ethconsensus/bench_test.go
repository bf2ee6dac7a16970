package ethconsensus

import (
	"context"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// benchSizes is a small dev-network size: 64 KiB cache, 4 MiB dataset.
const (
	benchCacheBytes   = 64 * 1021
	benchDatasetBytes = 128 * 32749
)

func BenchmarkHashimotoLight(b *testing.B) {
	cache := MakeCache(benchCacheBytes, SeedHash(0))
	seal := ethtypes.Hash{1}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		HashimotoLight(benchDatasetBytes, cache, seal, uint64(i))
	}
}

func BenchmarkHashimotoFull(b *testing.B) {
	cache := MakeCache(benchCacheBytes, SeedHash(0))
	dataset := MakeDataset(benchDatasetBytes, cache, 2)
	seal := ethtypes.Hash{1}
	sc := newScratch() // as each mining goroutine
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sc.hashimoto(&seal, uint64(i), benchDatasetBytes, nil, dataset)
	}
}

// BenchmarkSeal mines blocks of difficulty 10000 on the bench dataset
// (already built) with two goroutines.
func BenchmarkSeal(b *testing.B) {
	e, err := New(Config{CacheBytes: benchCacheBytes, DatasetBytes: benchDatasetBytes, Threads: 2})
	if err != nil {
		b.Fatal(err)
	}
	h := &ethtypes.Header{Number: 1, Time: 10, UncleHash: ethtypes.EmptyUncleHash}
	h.Difficulty.SetUint64(10000)
	e.dataset(0)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h.Time = uint64(i)
		if _, err := e.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(e.Hashes())/b.Elapsed().Seconds(), "hashes/s")
}

func BenchmarkMakeCache(b *testing.B) {
	b.SetBytes(benchCacheBytes)
	b.ReportAllocs()
	for b.Loop() {
		MakeCache(benchCacheBytes, SeedHash(0))
	}
}

func BenchmarkMakeDataset(b *testing.B) {
	cache := MakeCache(benchCacheBytes, SeedHash(0))
	b.SetBytes(benchDatasetBytes)
	for b.Loop() {
		MakeDataset(benchDatasetBytes, cache, 2)
	}
}

// BenchmarkVerifySeal measures one header's seal check (seal hash and
// light hashimoto, cache already built), the cost of verifying a block.
func BenchmarkVerifySeal(b *testing.B) {
	e, err := New(Config{CacheBytes: benchCacheBytes, DatasetBytes: benchDatasetBytes})
	if err != nil {
		b.Fatal(err)
	}
	h := &ethtypes.Header{Number: 1, Time: 10, UncleHash: ethtypes.EmptyUncleHash, Extra: []byte("bench")}
	h.Difficulty.SetUint64(1)
	digest, _, err := e.HashimotoLight(h)
	if err != nil {
		b.Fatal(err)
	}
	h.MixDigest = digest
	b.ReportAllocs()
	for b.Loop() {
		if err := e.VerifySeal(h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSealHash(b *testing.B) {
	h := &ethtypes.Header{Number: 1, Time: 10, Extra: []byte("bench")}
	b.ReportAllocs()
	for b.Loop() {
		SealHash(h)
	}
}

func BenchmarkCalcDifficulty(b *testing.B) {
	cfg := forkConfig(b, "GrayGlacier")
	p := &ethtypes.Header{Number: 15_000_000, Time: 100, UncleHash: ethtypes.EmptyUncleHash}
	p.Difficulty.SetUint64(1 << 54)
	b.ReportAllocs()
	for b.Loop() {
		CalcDifficulty(cfg, false, 110, p)
	}
}
