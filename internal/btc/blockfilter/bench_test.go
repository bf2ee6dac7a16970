package blockfilter

import (
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

// benchBlock returns mainnet block 413567 (1557 transactions). Its spent
// prevout scripts are not available (no undo data), so the benchmarks build
// the basic filter from the block's own output scripts only.
func benchBlock(b *testing.B) *primitives.Block {
	b.Helper()
	raw, err := os.ReadFile(testdata.Path(b, "bitcoin-core", "block413567.raw"))
	if err != nil {
		b.Fatal(err)
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		b.Fatal(err)
	}
	return blk
}

// BenchmarkBuildBasicFilter413567 builds the basic filter of block 413567
// from its output scripts (no prevout scripts).
func BenchmarkBuildBasicFilter413567(b *testing.B) {
	blk := benchBlock(b)
	fl, err := NewBasicFilter(blk, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewBasicFilter(blk, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fl.N()), "elements")
	b.ReportMetric(float64(len(fl.Bytes())), "filter-bytes")
}

// BenchmarkDecodeBasicFilter413567 decodes (and validates) that filter.
func BenchmarkDecodeBasicFilter413567(b *testing.B) {
	blk := benchBlock(b)
	fl, _ := NewBasicFilter(blk, nil)
	hash := blk.BlockHash()
	enc := fl.Bytes()
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeBlockFilter(Basic, hash, enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatchAny100 queries the filter of block 413567 with 100 scripts
// that are not in it, so the whole filter is decoded.
func BenchmarkMatchAny100(b *testing.B) {
	blk := benchBlock(b)
	fl, _ := NewBasicFilter(blk, nil)
	queries := randomElements(42, 100)
	for i := range queries {
		queries[i] = queries[i][:25] // P2PKH-sized
	}
	if fl.MatchAny(queries) {
		b.Fatal("unexpected false positive")
	}
	b.ReportAllocs()
	for b.Loop() {
		fl.MatchAny(queries)
	}
}

// BenchmarkMatch1 queries the same filter with one absent script.
func BenchmarkMatch1(b *testing.B) {
	blk := benchBlock(b)
	fl, _ := NewBasicFilter(blk, nil)
	q := randomElements(43, 1)[0][:25]
	b.ReportAllocs()
	for b.Loop() {
		fl.Match(q)
	}
}

func BenchmarkSipHash24Script(b *testing.B) {
	msg := make([]byte, 25)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		sipHash24(1, 2, msg)
	}
}
