package consensus

import (
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

func BenchmarkCheckBlock413567(b *testing.B) {
	raw, err := os.ReadFile(testdata.Path(b, "bitcoin-core", "block413567.raw"))
	if err != nil {
		b.Fatal(err)
	}
	p := chaincfg.MainNet()
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		blk, err := primitives.DecodeBlock(raw) // fresh, so txids are hashed every time
		if err != nil {
			b.Fatal(err)
		}
		if err := CheckBlock(blk, p, BFNone); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckProofOfWork(b *testing.B) {
	p := chaincfg.MainNet()
	h := p.GenesisHash
	b.ReportAllocs()
	for b.Loop() {
		if !CheckProofOfWork(h, 0x1d00ffff, p) {
			b.Fatal("fails")
		}
	}
}

func BenchmarkCalcWork(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = CalcWork(0x1703a30c)
	}
}

func BenchmarkGetNextWorkRequired(b *testing.B) {
	p := chaincfg.MainNet()
	c := newTestChain(4032, 0x1703a30c, 1_600_000_000, 600)
	mid, boundary := c.nodes[4000], c.nodes[4031]
	b.Run("mid-period", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = GetNextWorkRequired(p, mid, mid.time+600)
		}
	})
	b.Run("boundary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = GetNextWorkRequired(p, boundary, boundary.time+600)
		}
	})
}

func BenchmarkMedianTimePast(b *testing.B) {
	c := newTestChain(100, 0x1703a30c, 1_600_000_000, 600)
	tip := c.tip()
	b.ReportAllocs()
	for b.Loop() {
		_ = MedianTimePast(tip)
	}
}

func BenchmarkContextualCheckBlock(b *testing.B) {
	blocks := kernelBlocks(b)
	p := chaincfg.RegTest()
	c := &testChain{}
	c.add(p.GenesisBlock.Header.Bits, int64(p.GenesisBlock.Header.Timestamp))
	for _, blk := range blocks {
		c.add(blk.Header.Bits, int64(blk.Header.Timestamp))
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, blk := range blocks {
			if err := ContextualCheckBlock(blk, c.nodes[i], p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
