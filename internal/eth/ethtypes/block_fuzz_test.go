package ethtypes

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// blockFuzzSeeds returns the block RLPs of the shared BlockchainTests
// (when present) plus a sample header's block.
func blockFuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	if dir, err := testdata.Locate(); err == nil {
		seeds, _ = blockVectors(f, filepath.Join(dir, "ethereum-tests", "BlockchainTests"))
	}
	b := &Block{Header: sampleHeader(), Withdrawals: Withdrawals{{Index: 1, Validator: 2, Address: Address{3}, Amount: 4}}}
	return append(seeds, b.AppendRLP(nil))
}

// FuzzDecodeBlock decodes arbitrary bytes as a block; whatever decodes
// must re-encode to the same bytes.
func FuzzDecodeBlock(f *testing.F) {
	for _, s := range blockFuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		blk, err := DecodeBlock(b)
		if err != nil {
			return
		}
		if enc := blk.AppendRLP(nil); !bytes.Equal(enc, b) {
			t.Fatalf("re-encoding %x != input %x", enc, b)
		}
		_ = ethRootsOf(blk)
	})
}

// FuzzDecodeHeader decodes arbitrary bytes as a header; whatever decodes
// must re-encode to the same bytes.
func FuzzDecodeHeader(f *testing.F) {
	for _, s := range blockFuzzSeeds(f) {
		if blk, err := DecodeBlock(s); err == nil {
			f.Add(blk.Header.AppendRLP(nil))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := DecodeHeader(b)
		if err != nil {
			return
		}
		if enc := h.AppendRLP(nil); !bytes.Equal(enc, b) {
			t.Fatalf("re-encoding %x != input %x", enc, b)
		}
	})
}

// FuzzDecodeReceipt decodes arbitrary bytes as a receipt's consensus
// encoding; whatever decodes must re-encode to the same bytes.
func FuzzDecodeReceipt(f *testing.F) {
	logs := []Log{{Address: Address{1}, Topics: []Hash{{2}}, Data: []byte{3}}}
	f.Add((&Receipt{Status: 1, CumulativeGasUsed: 21000}).AppendConsensus(nil))
	f.Add((&Receipt{Type: DynamicFeeTxType, Logs: logs, Bloom: LogsBloom(logs)}).AppendConsensus(nil))
	f.Add((&Receipt{PostState: make([]byte, 32)}).AppendConsensus(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeReceipt(b)
		if err != nil {
			return
		}
		if enc := r.AppendConsensus(nil); !bytes.Equal(enc, b) {
			t.Fatalf("re-encoding %x != input %x", enc, b)
		}
	})
}

// ethRootsOf exercises the encoders of the body lists.
func ethRootsOf(b *Block) int {
	n := 0
	for i := 0; i < b.Txs.Len(); i++ {
		n += len(b.Txs.AppendIndex(nil, i))
	}
	for i := 0; i < b.Withdrawals.Len(); i++ {
		n += len(b.Withdrawals.AppendIndex(nil, i))
	}
	return n + len(UncleHash(b.Uncles).Bytes())
}

// BenchmarkDecodeBlock decodes a Cancun block with one transaction and one
// withdrawal.
func BenchmarkDecodeBlock(b *testing.B) {
	priv := mustPrivKey(b, testKey)
	var txs Transactions
	for _, d := range sampleTxs(b) {
		tx, err := SignTx(NewTx(d), LatestSigner(1), priv)
		if err != nil {
			b.Fatal(err)
		}
		txs = append(txs, tx)
	}
	blk := &Block{Header: sampleHeader(), Txs: txs, Withdrawals: Withdrawals{{Index: 1, Validator: 2, Address: Address{3}, Amount: 4}}}
	enc := blk.AppendRLP(nil)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeBlock(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeaderHash encodes and hashes a Cancun header.
func BenchmarkHeaderHash(b *testing.B) {
	h := sampleHeader()
	b.ReportAllocs()
	for b.Loop() {
		_ = h.Hash()
	}
}
