package ethrawdb

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/testdata"
)

// vectorBlocks returns the BlockchainTests blocks when the shared test data
// is present (fuzz seeds only; the fuzz tests run without it).
func vectorBlocks(f *testing.F) []*ethtypes.Block {
	root, err := testdata.Locate()
	if err != nil {
		return nil
	}
	var out []*ethtypes.Block
	for _, enc := range blockchainTestBlocks(f, filepath.Join(root, "ethereum-tests", "BlockchainTests")) {
		if b, err := ethtypes.DecodeBlock(enc); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// FuzzDecodeBody checks that DecodeBody never panics and that a body it
// accepts re-encodes to its input.
func FuzzDecodeBody(f *testing.F) {
	for _, b := range vectorBlocks(f) {
		f.Add(BodyOf(b).AppendRLP(nil))
	}
	b, _ := testBlock(f, ethtypes.Hash{}, 2, 6, 0, 0, ethtypes.EmptyRootHash)
	f.Add(BodyOf(b).AppendRLP(nil))
	f.Add((&Body{}).AppendRLP(nil))
	f.Add([]byte{0xc2, 0xc0, 0xc0})
	f.Fuzz(func(t *testing.T, enc []byte) {
		body, err := DecodeBody(enc)
		if err != nil {
			return
		}
		if got := body.AppendRLP(nil); !bytes.Equal(got, enc) {
			t.Fatalf("re-encoding differs:\n in  %x\n out %x", enc, got)
		}
	})
}

// FuzzDecodeStoredReceipts checks that DecodeStoredReceipts never panics
// and that receipts it accepts re-encode to the input.
func FuzzDecodeStoredReceipts(f *testing.F) {
	_, rs := testBlock(f, ethtypes.Hash{}, 2, 9, 0, 0, ethtypes.EmptyRootHash)
	f.Add(AppendStoredReceipts(nil, rs))
	f.Add(AppendStoredReceipts(nil, ethtypes.Receipts{{PostState: make([]byte, 32), CumulativeGasUsed: 1}}))
	f.Add(AppendStoredReceipts(nil, nil))
	f.Fuzz(func(t *testing.T, enc []byte) {
		rs, err := DecodeStoredReceipts(enc)
		if err != nil {
			return
		}
		if got := AppendStoredReceipts(nil, rs); !bytes.Equal(got, enc) {
			t.Fatalf("re-encoding differs:\n in  %x\n out %x", enc, got)
		}
	})
}

// FuzzPruneNodeWalk feeds arbitrary blobs to the pruner's node decoder as
// a stored root node: it must return an error or walk, never panic.
func FuzzPruneNodeWalk(f *testing.F) {
	tr := trie.NewEmpty()
	for i := range 20 {
		_ = tr.Update([]byte{byte(i), 1, 2}, bytes.Repeat([]byte{byte(i)}, 1+i*3))
	}
	_, set := tr.Commit()
	for i := range set.Len() {
		_, blob := set.Node(i)
		f.Add(blob)
	}
	f.Add(encodeAccount(1, trie.EmptyRoot))
	f.Fuzz(func(t *testing.T, blob []byte) {
		db := memdb.New()
		root := trie.Hash{1}
		if err := db.Put(root[:], blob); err != nil {
			t.Fatal(err)
		}
		ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: -1})
		_, _ = ns.Prune([]trie.Hash{root})
	})
}
