package primitives

import (
	"bytes"
	"testing"
)

func FuzzDecodeTx(f *testing.F) {
	f.Add(mustHex(f, bip143SignedTx))
	f.Add(mustHex(f, "01000000000000000000"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, err := DecodeTx(b)
		if err != nil {
			return
		}
		// Core's serializer writes the marker only when a witness exists, so
		// a witness-decoded tx re-encodes to the same bytes.
		if got := tx.Bytes(); !bytes.Equal(got, b) {
			t.Fatalf("round trip: %x -> %x", b, got)
		}
		if tx.SerializeSize() != len(b) {
			t.Fatal("SerializeSize")
		}
	})
}

func FuzzDecodeBlock(f *testing.F) {
	f.Add(mustHex(f, genesisHex))
	f.Fuzz(func(t *testing.T, b []byte) {
		blk, err := DecodeBlock(b)
		if err != nil {
			return
		}
		if got := blk.Bytes(); !bytes.Equal(got, b) {
			t.Fatalf("round trip mismatch")
		}
		for i, tx := range blk.Txs {
			if tx.TxHash() != blk.TxHashes()[i] || tx.WitnessHash() != blk.WitnessHashes()[i] {
				t.Fatalf("tx %d hashes", i)
			}
		}
		blk.MerkleRoot()
		blk.WitnessMerkleRoot()
	})
}

// The mainnet genesis block.
const genesisHex = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000"
