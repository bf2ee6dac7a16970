package primitives

import "testing"

// BenchmarkDecodeBlock413567 decodes mainnet block 413567 (1557 txs) and
// computes every txid, as Core's DeserializeBlock does (CTransaction hashes
// itself on construction).
func BenchmarkDecodeBlock413567(b *testing.B) {
	raw := readFile(b, "bitcoin-core", "block413567.raw")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		blk, err := DecodeBlock(raw)
		if err != nil {
			b.Fatal(err)
		}
		_ = blk.TxHashes()
	}
}

// BenchmarkDecodeBlock413567NoTxids decodes the block without hashing.
func BenchmarkDecodeBlock413567NoTxids(b *testing.B) {
	raw := readFile(b, "bitcoin-core", "block413567.raw")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeBlock(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeBlock413567(b *testing.B) {
	raw := readFile(b, "bitcoin-core", "block413567.raw")
	blk, err := DecodeBlock(raw)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, len(raw))
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		buf = blk.AppendTo(buf[:0])
	}
}
