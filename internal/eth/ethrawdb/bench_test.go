package ethrawdb

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// BenchmarkBlock200 writes (one batch: block, receipts, td, canonical,
// lookups, head) and reads back a block of 200 transactions (40 of them
// contract creations, whose receipts need a sender recovery) with its
// receipts, on each backend.
func BenchmarkBlock200(b *testing.B) {
	blk, rs := testBlock(b, ethtypes.Hash{1}, 100, 200, 0, 0, ethtypes.EmptyRootHash)
	size := len(blk.AppendRLP(nil)) + len(AppendStoredReceipts(nil, rs))
	td := uint256.NewInt(1)
	for name, open := range backends(b) {
		b.Run(name+"/write", func(b *testing.B) {
			db := open(b)
			batch := db.NewBatch()
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				batch.Reset()
				if err := WriteBlockWithReceipts(batch, blk, rs, td); err != nil {
					b.Fatal(err)
				}
				if err := WriteCanonicalHead(batch, blk); err != nil {
					b.Fatal(err)
				}
				if err := batch.Write(false); err != nil {
					b.Fatal(err)
				}
			}
		})
		db := open(b)
		batch := db.NewBatch()
		if err := WriteBlockWithReceipts(batch, blk, rs, td); err != nil {
			b.Fatal(err)
		}
		if err := WriteCanonicalHead(batch, blk); err != nil {
			b.Fatal(err)
		}
		if err := batch.Write(false); err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/read-block", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadBlock(db, blk.Hash(), blk.Number()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/read-receipts", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadReceipts(db, blk.Hash(), blk.Number(), testSigner); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/read-receipt-by-tx", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, _, err := ReadReceipt(db, blk.Txs[i%len(blk.Txs)].Hash(), testSigner); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(name+"/read-raw-receipts", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadRawReceipts(db, blk.Hash(), blk.Number()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNodeStoreGet reads trie nodes that are cached (hit) or not
// (miss: cache disabled, read from the backend).
func BenchmarkNodeStoreGet(b *testing.B) {
	for name, open := range backends(b) {
		db := open(b)
		tr := trie.NewEmpty()
		for i := range 2000 {
			k := ethtypes.Keccak256Hash([]byte{byte(i), byte(i >> 8)})
			_ = tr.Update(k[:], k[:])
		}
		_, set := tr.Commit()
		ns := NewNodeStore(db, NodeStoreConfig{})
		if err := set.WriteTo(ns.NewBatchWriter(db)); err != nil {
			b.Fatal(err)
		}
		hashes := make([]trie.Hash, set.Len())
		for i := range hashes {
			hashes[i], _ = set.Node(i)
		}
		for _, tc := range []struct {
			name  string
			cache int
		}{{"hit", 0}, {"miss", -1}} {
			b.Run(name+"/"+tc.name, func(b *testing.B) {
				ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: tc.cache})
				for _, h := range hashes {
					if _, err := ns.Node(h); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, err := ns.Node(hashes[i%len(hashes)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}
