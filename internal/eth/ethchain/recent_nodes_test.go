package ethchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/eth/trie"
)

// TestRecentNodes keeps the nodes of the last recentNodeBlocks blocks and
// drops older ones, except a node written again since.
func TestRecentNodes(t *testing.T) {
	r := newRecentNodes()
	block := func(hs ...byte) *capturingWriter {
		w := &capturingWriter{}
		for _, h := range hs {
			w.hashes = append(w.hashes, trie.Hash{h})
			w.blobs = append(w.blobs, []byte{h})
		}
		return w
	}
	r.add(block(1, 2))
	r.add(block()) // a block without nodes is not a generation
	for i := range recentNodeBlocks - 1 {
		r.add(block(byte(10 + i)))
	}
	if blob, ok := r.get(trie.Hash{1}); !ok || blob[0] != 1 {
		t.Fatal("node of the oldest kept block missing")
	}
	r.add(block(2, 100)) // evicts block 1's nodes, but 2 is rewritten
	if _, ok := r.get(trie.Hash{1}); ok {
		t.Fatal("node of an evicted block still kept")
	}
	for _, h := range []byte{2, 10, 100} {
		if _, ok := r.get(trie.Hash{h}); !ok {
			t.Fatalf("node %d missing", h)
		}
	}
	if len(r.nodes) != recentNodeBlocks+1 {
		t.Fatalf("%d nodes kept, want %d", len(r.nodes), recentNodeBlocks+1)
	}
}
