package ethrawdb

import (
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// countNodes returns the number of 32-byte keys in db.
func countNodes(t testing.TB, db kv.Iteratee) int {
	t.Helper()
	it := db.NewIterator(nil, nil)
	defer it.Release()
	n := 0
	for it.Next() {
		if len(it.Key()) == nodeKeyLen {
			n++
		}
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPruneKeepsRetainedStates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db kv.Store) {
		ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: 1 << 20})
		roots, models := randomStates(t, db, ns, 12, 3)
		// Non-node records must survive the sweep.
		b, rs := testBlock(t, ethtypes.Hash{}, 1, 3, 0, 0, ethtypes.EmptyRootHash)
		if err := WriteBlockWithReceipts(db, b, rs, uint256.NewInt(1)); err != nil {
			t.Fatal(err)
		}
		if err := ns.PutCode(ethtypes.Hash{7}, []byte{1}); err != nil {
			t.Fatal(err)
		}
		before := countNodes(t, db)

		keep := roots[len(roots)-4:]
		st, err := ns.Prune(keep)
		if err != nil {
			t.Fatal(err)
		}
		after := countNodes(t, db)
		t.Logf("nodes %d -> %d, stats %+v", before, after, st)
		if st.Deleted == 0 || after != before-st.Deleted || after != st.Reachable || st.Scanned != before {
			t.Fatalf("counts: before %d after %d stats %+v", before, after, st)
		}
		for i := len(roots) - 4; i < len(roots); i++ {
			checkState(t, ns, roots[i], models[i])
			checkState(t, NewNodeStore(db, NodeStoreConfig{CacheBytes: -1}), roots[i], models[i])
		}
		for _, r := range roots[:len(roots)-4] {
			if ok, err := ns.HasState(r); err != nil || ok {
				t.Fatalf("pruned root %x still present (%v)", r, err)
			}
		}
		if _, err := ReadBlock(db, b.Hash(), 1); err != nil {
			t.Fatalf("block lost by prune: %v", err)
		}
		if _, err := ns.Code(ethtypes.Hash{7}); err != nil {
			t.Fatalf("code lost by prune: %v", err)
		}
		// A second prune with the same roots deletes nothing.
		st, err = ns.Prune(keep)
		if err != nil || st.Deleted != 0 {
			t.Fatalf("second prune: %+v %v", st, err)
		}
		// Pruning down to nothing but the empty state deletes every node.
		if st, err = ns.Prune([]trie.Hash{trie.EmptyRoot}); err != nil || countNodes(t, db) != 0 {
			t.Fatalf("prune all: %+v %v", st, err)
		}
	})
}

func TestPruneAbortsOnMissingNode(t *testing.T) {
	db := memdb.New()
	ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: -1})
	roots, _ := randomStates(t, db, ns, 3, 5)
	before := countNodes(t, db)
	if _, err := ns.Prune([]trie.Hash{roots[2], {0xba, 0xd}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing retained root: %v", err)
	}
	if err := db.Put(roots[1][:], []byte{0xc2, 0x01}); err != nil { // undecodable root node
		t.Fatal(err)
	}
	if _, err := ns.Prune([]trie.Hash{roots[1]}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("corrupt node: %v", err)
	}
	if countNodes(t, db) != before {
		t.Fatal("an aborted prune deleted nodes")
	}
}

// hookStore calls onIter when an iterator is created: the moment between
// Prune's mark and sweep phases.
type hookStore struct {
	kv.Store
	onIter func()
}

func (h *hookStore) NewIterator(prefix, start []byte) kv.Iterator {
	if h.onIter != nil {
		f := h.onIter
		h.onIter = nil
		f()
	}
	return h.Store.NewIterator(prefix, start)
}

func TestPruneProtectsConcurrentWrites(t *testing.T) {
	hs := &hookStore{Store: memdb.New()}
	ns := NewNodeStore(hs, NodeStoreConfig{})
	roots, models := randomStates(t, hs, ns, 6, 9)
	// While the prune runs, a new state re-creates the nodes of an old,
	// unretained state (same hashes) through a batch and through PutNode.
	hs.onIter = func() {
		if _, err := ns.Prune(nil); !errors.Is(err, ErrPruneActive) {
			t.Errorf("concurrent prune: %v", err)
		}
		batch := hs.NewBatch()
		m := stateModel{}
		var changed []string
		for addr := range models[0] {
			m[addr], changed = models[0][addr], append(changed, addr)
		}
		if r := commitState(t, NewNodeStore(memdb.New(), NodeStoreConfig{}), ns.NewBatchWriter(batch), trie.EmptyRoot, m, changed); r != roots[0] {
			t.Errorf("rebuilt root %x, want %x", r, roots[0])
		}
		if err := batch.Write(false); err != nil {
			t.Error(err)
		}
	}
	if _, err := ns.Prune(roots[5:]); err != nil {
		t.Fatal(err)
	}
	checkState(t, ns, roots[0], models[0])
	checkState(t, ns, roots[5], models[5])
	if ok, _ := ns.HasState(roots[3]); ok {
		t.Fatal("unprotected old state kept")
	}
}

func TestRetainedRoots(t *testing.T) {
	db := memdb.New()
	ns := NewNodeStore(db, NodeStoreConfig{})
	roots, _ := randomStates(t, db, ns, 10, 11)
	var parent ethtypes.Hash
	for i, r := range roots {
		h := &ethtypes.Header{ParentHash: parent, Number: uint64(i), Root: ethtypes.Hash(r), Difficulty: *uint256.NewInt(1)}
		if err := WriteHeader(db, h); err != nil {
			t.Fatal(err)
		}
		parent = h.Hash()
	}
	// A side block at 8 reusing state 2's root, one at 9 without state, one
	// at 7 with the empty state.
	for _, h := range []*ethtypes.Header{
		{Number: 8, Root: ethtypes.Hash(roots[2]), Extra: []byte{1}},
		{Number: 9, Root: ethtypes.Hash{0xde}, Extra: []byte{2}},
		{Number: 7, Root: ethtypes.Hash(trie.EmptyRoot), Extra: []byte{3}},
	} {
		if err := WriteHeader(db, h); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ns.RetainedRoots(9, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := map[trie.Hash]bool{roots[7]: true, roots[8]: true, roots[9]: true, roots[2]: true, trie.EmptyRoot: true}
	if len(got) != len(want) {
		t.Fatalf("got %d roots, want %d", len(got), len(want))
	}
	for _, r := range got {
		if !want[r] {
			t.Fatalf("unexpected root %x", r)
		}
	}
	if all, err := ns.RetainedRoots(9, 0); err != nil || len(all) != 11 {
		t.Fatalf("keep all: %d roots, %v", len(all), err)
	}
	if _, err := ns.Prune(got); err != nil {
		t.Fatal(err)
	}
	if ok, _ := ns.HasState(roots[5]); ok {
		t.Fatal("state 5 not pruned")
	}
}

// TestPruneConcurrent reads retained states and commits new states on
// top of the head while PruneRetained runs (run with -race): every
// retained and new state must stay complete, the rest must go.
func TestPruneConcurrent(t *testing.T) {
	hs := &hookStore{Store: memdb.New()}
	ns := NewNodeStore(hs, NodeStoreConfig{CacheBytes: 1 << 14})
	roots, models := randomStates(t, hs, ns, 10, 21)
	var parent ethtypes.Hash
	for i, r := range roots {
		h := &ethtypes.Header{ParentHash: parent, Number: uint64(i), Root: ethtypes.Hash(r)}
		if err := WriteHeader(hs, h); err != nil {
			t.Fatal(err)
		}
		parent = h.Hash()
	}
	head, model := roots[9], models[9].clone()

	done := make(chan struct{})
	var newRoots []trie.Hash
	var newModels []stateModel
	writerDone := make(chan struct{})
	readerDone := make(chan struct{})
	// The first iterator is RetainedRoots', created once protection is on.
	hs.onIter = func() {
		go func() { // writer: new states on top of the head, direct PutNode
			defer close(writerDone)
			for i := range 5 {
				addr := "new-" + string(rune('a'+i))
				model[addr] = map[string]string{"k": addr}
				head = commitState(t, ns, ns, head, model, []string{addr})
				newRoots = append(newRoots, head)
				newModels = append(newModels, model.clone())
			}
		}()
		go func() { // reader: walk retained states until the prune ends
			defer close(readerDone)
			for {
				select {
				case <-done:
					return
				default:
				}
				for i := 7; i < 10; i++ {
					checkState(t, ns, roots[i], models[i])
				}
			}
		}()
	}
	st, err := ns.PruneRetained(9, 3)
	if err != nil {
		t.Error(err)
	}
	close(done)
	<-writerDone
	<-readerDone
	if st.Deleted == 0 {
		t.Fatalf("nothing pruned: %+v", st)
	}
	fresh := NewNodeStore(hs, NodeStoreConfig{CacheBytes: -1})
	for i := 7; i < 10; i++ {
		checkState(t, fresh, roots[i], models[i])
	}
	for i, r := range newRoots {
		checkState(t, fresh, r, newModels[i])
	}
	if ok, _ := fresh.HasState(roots[2]); ok {
		t.Fatal("old state kept")
	}
}
