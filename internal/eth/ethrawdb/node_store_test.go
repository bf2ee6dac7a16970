package ethrawdb

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/pebble"
	"github.com/twinchain/twinchain/internal/rlp"
)

// stateModel is the expected content of a state: account -> slot -> value.
type stateModel map[string]map[string]string

func (m stateModel) clone() stateModel {
	out := make(stateModel, len(m))
	for k, v := range m {
		out[k] = maps.Clone(v)
	}
	return out
}

// encodeAccount returns rlp([nonce, balance, root, codeHash]).
func encodeAccount(nonce uint64, root trie.Hash) []byte {
	dst, m := rlp.StartList(nil)
	dst = rlp.AppendUint64(dst, nonce)
	dst = rlp.AppendUint64(dst, nonce*1000)
	dst = rlp.AppendBytes(dst, root[:])
	dst = rlp.AppendBytes(dst, ethtypes.EmptyCodeHash[:])
	return rlp.EndList(dst, m)
}

// accountRoot decodes the storage root of an account encoding.
func accountRoot(t testing.TB, enc []byte) trie.Hash {
	t.Helper()
	r := rlp.NewListReader(enc)
	r.Uint64()
	r.Uint64()
	root := r.Bytes()
	r.Bytes()
	if err := r.Finish(); err != nil || len(root) != 32 {
		t.Fatalf("bad account %x: %v", enc, err)
	}
	return trie.Hash(root)
}

// commitState applies the model's changed accounts on top of prev and
// writes the new nodes through w. It returns the new root.
func commitState(t testing.TB, ns *NodeStore, w trie.NodeWriter, prev trie.Hash, model stateModel, changed []string) trie.Hash {
	t.Helper()
	at, err := trie.NewSecure(prev, ns)
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range changed {
		sroot := trie.EmptyRoot
		if enc, err := at.Get([]byte(addr)); err != nil {
			t.Fatal(err)
		} else if enc != nil {
			sroot = accountRoot(t, enc)
		}
		slots, ok := model[addr]
		if !ok {
			if err := at.Delete([]byte(addr)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		st, err := trie.NewSecure(sroot, ns)
		if err != nil {
			t.Fatal(err)
		}
		// Rewrite every slot (deleting vanished ones is not needed: models only grow or change values).
		for k, v := range slots {
			if err := st.Update([]byte(k), []byte(v)); err != nil {
				t.Fatal(err)
			}
		}
		sroot, set := st.Commit()
		if err := set.WriteTo(w); err != nil {
			t.Fatal(err)
		}
		if err := at.Update([]byte(addr), encodeAccount(uint64(len(slots)), sroot)); err != nil {
			t.Fatal(err)
		}
	}
	root, set := at.Commit()
	if err := set.WriteTo(w); err != nil {
		t.Fatal(err)
	}
	return root
}

// checkState verifies that the state at root holds exactly the model and
// that every node of it loads.
func checkState(t testing.TB, ns trie.NodeReader, root trie.Hash, model stateModel) {
	t.Helper()
	at, err := trie.NewSecure(root, ns)
	if err != nil {
		t.Fatalf("open state %x: %v", root, err)
	}
	n := 0
	it := at.Trie().NewIterator(nil)
	for it.Next() {
		n++
		sroot := accountRoot(t, it.Value())
		st, err := trie.New(sroot, ns)
		if err != nil {
			t.Fatalf("open storage %x: %v", sroot, err)
		}
		sit := st.NewIterator(nil)
		for sit.Next() {
		}
		if err := sit.Err(); err != nil {
			t.Fatalf("storage %x: %v", sroot, err)
		}
	}
	if err := it.Err(); err != nil {
		t.Fatalf("state %x: %v", root, err)
	}
	if n != len(model) {
		t.Fatalf("state %x has %d accounts, want %d", root, n, len(model))
	}
	for addr, slots := range model {
		enc, err := at.Get([]byte(addr))
		if err != nil || enc == nil {
			t.Fatalf("account %q: %v", addr, err)
		}
		st, err := trie.NewSecure(accountRoot(t, enc), ns)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range slots {
			got, err := st.Get([]byte(k))
			if err != nil || string(got) != v {
				t.Fatalf("account %q slot %q = %q, %v; want %q", addr, k, got, err, v)
			}
		}
	}
}

// randomStates builds n successive states with a seeded generator and
// returns their roots and models. Nodes go through one batch per state.
func randomStates(t testing.TB, db kv.Store, ns *NodeStore, n int, seed uint64) ([]trie.Hash, []stateModel) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	model := stateModel{}
	root := trie.EmptyRoot
	var roots []trie.Hash
	var models []stateModel
	for i := range n {
		var changed []string
		seen := map[string]bool{}
		for range 8 {
			addr := fmt.Sprintf("acct-%d", rng.IntN(40))
			if seen[addr] {
				continue // each account once per state (batched nodes are not readable yet)
			}
			seen[addr] = true
			if model[addr] == nil {
				model[addr] = map[string]string{}
			}
			for range 1 + rng.IntN(4) {
				model[addr][fmt.Sprintf("slot-%d", rng.IntN(30))] = fmt.Sprintf("v%d-%d", i, rng.IntN(1000))
			}
			changed = append(changed, addr)
		}
		batch := db.NewBatch()
		root = commitState(t, ns, ns.NewBatchWriter(batch), root, model, changed)
		if err := batch.Write(false); err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
		models = append(models, model.clone())
	}
	return roots, models
}

func TestNodeStoreRealTrie(t *testing.T) {
	dir := t.TempDir()
	db, err := pebble.Open(dir, pebble.Options{CacheSize: 1 << 20, MemTableSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: 1 << 16})
	roots, models := randomStates(t, db, ns, 5, 7)
	// Direct PutNode too.
	tr := trie.NewEmpty()
	for i := range 300 {
		if err := tr.Update([]byte(fmt.Sprintf("key-%04d", i)), bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
			t.Fatal(err)
		}
	}
	plainRoot, set := tr.Commit()
	if err := set.WriteTo(ns); err != nil {
		t.Fatal(err)
	}
	for i, r := range roots {
		checkState(t, ns, r, models[i])
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopen: everything is read back from disk through a fresh store.
	db, err = pebble.Open(dir, pebble.Options{CacheSize: 1 << 20, MemTableSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, size := range []int{-1, 1 << 12, 0} {
		ns := NewNodeStore(db, NodeStoreConfig{CacheBytes: size})
		for i, r := range roots {
			checkState(t, ns, r, models[i])
			if ok, err := ns.HasState(r); err != nil || !ok {
				t.Fatalf("HasState(%x) = %v, %v", r, ok, err)
			}
		}
		tr, err := trie.New(plainRoot, ns)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 300 {
			v, err := tr.Get([]byte(fmt.Sprintf("key-%04d", i)))
			if err != nil || !bytes.Equal(v, bytes.Repeat([]byte{byte(i)}, 40)) {
				t.Fatalf("key %d: %x %v", i, v, err)
			}
		}
		hits, misses, entries, used := ns.CacheStats()
		t.Logf("cache %d: hits %d misses %d entries %d bytes %d", size, hits, misses, entries, used)
		if size > 0 && used > size {
			t.Fatalf("cache uses %d bytes, budget %d", used, size)
		}
		if size < 0 && (hits != 0 || entries != 0) {
			t.Fatal("disabled cache used")
		}
		if size == 0 && hits == 0 {
			t.Fatal("default cache never hit")
		}
	}

	// Missing nodes are errors, never empty results.
	ns = NewNodeStore(db, NodeStoreConfig{})
	if _, err := ns.Node(trie.Hash{1}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing node: %v", err)
	}
	if _, err := trie.New(trie.Hash{1}, ns); !errors.Is(err, trie.ErrMissingNode) {
		t.Fatalf("missing root: %v", err)
	}
	if ok, err := ns.HasState(trie.EmptyRoot); !ok || err != nil {
		t.Fatal("empty root must always be present")
	}
	// Code.
	code := []byte{0x60, 0x01}
	if err := ns.PutCode(ethtypes.Keccak256Hash(code), code); err != nil {
		t.Fatal(err)
	}
	if got, err := ns.Code(ethtypes.Keccak256Hash(code)); err != nil || !bytes.Equal(got, code) {
		t.Fatalf("code %x %v", got, err)
	}
	if _, err := ns.Code(ethtypes.Hash{2}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing code: %v", err)
	}
}

func TestNodeCacheLRU(t *testing.T) {
	blob := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 104) } // cost 200 each
	c := newNodeCache(1000)                                                  // room for 5
	for i := range 5 {
		c.add(trie.Hash{byte(i)}, blob(i))
	}
	if n, size := c.stats(); n != 5 || size != 1000 {
		t.Fatalf("entries %d size %d", n, size)
	}
	c.get(trie.Hash{0})                     // 0 becomes most recent; 1 is the oldest
	c.add(trie.Hash{9}, blob(9))            // evicts 1
	c.add(trie.Hash{9}, blob(9))            // refresh, no growth
	c.add(trie.Hash{8}, make([]byte, 2000)) // larger than the budget: not cached
	for i, want := range map[int]bool{0: true, 1: false, 2: true, 3: true, 4: true, 9: true, 8: false} {
		if _, ok := c.get(trie.Hash{byte(i)}); ok != want {
			t.Errorf("entry %d cached = %v, want %v", i, ok, want)
		}
	}
	c.remove(trie.Hash{2})
	if _, ok := c.get(trie.Hash{2}); ok {
		t.Fatal("removed entry still cached")
	}
	if n, size := c.stats(); n != 4 || size != 800 {
		t.Fatalf("after remove: entries %d size %d", n, size)
	}
	// Reuse of freed entries keeps the list consistent.
	for i := range 50 {
		c.add(trie.Hash{byte(100 + i)}, blob(i))
	}
	if n, size := c.stats(); n != 5 || size != 1000 {
		t.Fatalf("after churn: entries %d size %d", n, size)
	}
	off := newNodeCache(0)
	off.add(trie.Hash{1}, blob(1))
	if _, ok := off.get(trie.Hash{1}); ok {
		t.Fatal("disabled cache stored an entry")
	}
}
