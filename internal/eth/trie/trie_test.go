package trie

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestEmptyRoot(t *testing.T) {
	if got := HashKey([]byte{0x80}); got != EmptyRoot {
		t.Fatalf("keccak(0x80) = %x, EmptyRoot = %x", got, EmptyRoot)
	}
	if NewEmpty().Hash() != EmptyRoot {
		t.Fatal("empty trie root")
	}
	if NewStackTrie(nil).Hash() != EmptyRoot {
		t.Fatal("empty stack trie root")
	}
	root, set := NewEmpty().Commit()
	if root != EmptyRoot || set.Len() != 0 {
		t.Fatal("empty commit")
	}
	for _, r := range []Hash{{}, EmptyRoot} {
		tr, err := New(r, nil)
		if err != nil || tr.Hash() != EmptyRoot {
			t.Fatalf("New(%x): %v", r, err)
		}
	}
}

// randomKey returns a key of 1-6 random bytes from a small alphabet, so keys
// share prefixes and some are prefixes of others.
func randomKey(rng *rand.Rand) []byte {
	k := make([]byte, 1+rng.IntN(6))
	for i := range k {
		k[i] = byte(rng.IntN(4)) * 0x11
	}
	return k
}

func randomValue(rng *rand.Rand) []byte {
	v := make([]byte, 1+rng.IntN(40)) // both embedded and hashed leaves
	for i := range v {
		v[i] = byte(rng.Uint32())
	}
	return v
}

// TestRandomOrderProperty checks that random updates and deletes give the
// same root as inserting the final contents in sorted order, that Get,
// iteration, NextKey/PrevKey and proofs agree with a map, and that the
// committed nodes reload.
func TestRandomOrderProperty(t *testing.T) {
	for run := range 40 {
		seed := uint64(run)
		rng := rand.New(rand.NewPCG(seed, 99))
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			tr := NewEmpty()
			ref := map[string][]byte{}
			for range 300 {
				k := randomKey(rng)
				if rng.IntN(3) == 0 {
					if err := tr.Delete(k); err != nil {
						t.Fatal(err)
					}
					delete(ref, string(k))
				} else {
					v := randomValue(rng)
					if err := tr.Update(k, v); err != nil {
						t.Fatal(err)
					}
					ref[string(k)] = v
				}
				if rng.IntN(50) == 0 {
					tr.Hash() // interleave hashing with updates
				}
			}
			keys := make([]string, 0, len(ref))
			for k := range ref {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			sorted := NewEmpty()
			for _, k := range keys {
				if err := sorted.Update([]byte(k), ref[k]); err != nil {
					t.Fatal(err)
				}
			}
			root := tr.Hash()
			if sorted.Hash() != root {
				t.Fatalf("seed %d: random order root %x != sorted root %x", seed, root, sorted.Hash())
			}
			// Iteration yields exactly the sorted keys.
			var got []string
			it := tr.NewIterator(nil)
			for it.Next() {
				got = append(got, string(it.Key()))
				if !bytes.Equal(it.Value(), ref[string(it.Key())]) {
					t.Fatalf("iterator value for %x", it.Key())
				}
			}
			if it.Err() != nil || !slices.Equal(got, keys) {
				t.Fatalf("iteration = %x (err %v), want %x", got, it.Err(), keys)
			}
			// Commit and reload; check Get, NextKey, PrevKey and proofs for
			// present and absent keys.
			croot, set := tr.Commit()
			if croot != root {
				t.Fatal("commit root differs from Hash")
			}
			db := NewMemoryDB()
			if err := set.WriteTo(db); err != nil {
				t.Fatal(err)
			}
			re, err := New(root, db)
			if err != nil {
				t.Fatal(err)
			}
			for range 50 {
				k := randomKey(rng)
				want := ref[string(k)]
				v, err := re.Get(k)
				if err != nil || !bytes.Equal(v, want) {
					t.Fatalf("Get(%x) = %x, %v; want %x", k, v, err, want)
				}
				proof, err := re.Prove(k)
				if err != nil {
					t.Fatal(err)
				}
				pv, err := VerifyProof(root, k, proof)
				if err != nil || !bytes.Equal(pv, want) {
					t.Fatalf("VerifyProof(%x) = %x, %v; want %x", k, pv, err, want)
				}
				i, _ := slices.BinarySearch(keys, string(k))
				next, _, found, err := re.NextKey(k)
				j := i
				if j < len(keys) && keys[j] == string(k) {
					j++
				}
				if err != nil || found != (j < len(keys)) || (found && string(next) != keys[j]) {
					t.Fatalf("NextKey(%x) = %x %v %v", k, next, found, err)
				}
				prev, _, found, err := re.PrevKey(k)
				if err != nil || found != (i > 0) || (found && string(prev) != keys[i-1]) {
					t.Fatalf("PrevKey(%x) = %x %v %v", k, prev, found, err)
				}
			}
		})
	}
}

// TestStackTrieMatchesTrie checks stack trie roots (and written nodes)
// against the normal trie for fixed-length keys and for RLP indexes.
func TestStackTrieMatchesTrie(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 15, 16, 17, 100, 127, 128, 129, 300, 1000} {
		for _, keyLen := range []int{1, 2, 4, 32} {
			if keyLen == 1 && n > 256 {
				continue
			}
			rng := rand.New(rand.NewPCG(uint64(n), uint64(keyLen)))
			set := map[string]bool{}
			var keys []string
			for len(keys) < n {
				k := make([]byte, keyLen)
				for i := range k {
					k[i] = byte(rng.Uint32())
				}
				if keyLen <= 2 {
					k[0] &= 0x3f // denser keys, more shared prefixes
				}
				if !set[string(k)] {
					set[string(k)] = true
					keys = append(keys, string(k))
				}
				if keyLen == 1 && len(keys) == 64 {
					break
				}
			}
			slices.Sort(keys)
			tr := NewEmpty()
			db := NewMemoryDB()
			st := NewStackTrie(db)
			for _, k := range keys {
				v := randomValue(rng)
				if err := tr.Update([]byte(k), v); err != nil {
					t.Fatal(err)
				}
				if err := st.Update([]byte(k), v); err != nil {
					t.Fatal(err)
				}
			}
			want, nodes := tr.Commit()
			got, err := st.Commit()
			if err != nil || got != want {
				t.Fatalf("n=%d keyLen=%d: stack root %x, trie root %x (%v)", n, keyLen, got, want, err)
			}
			if db.Len() != nodes.Len() {
				t.Fatalf("n=%d keyLen=%d: stack trie wrote %d nodes, trie committed %d", n, keyLen, db.Len(), nodes.Len())
			}
			for i := range nodes.Len() {
				h, blob := nodes.Node(i)
				if b, err := db.Node(h); err != nil || !bytes.Equal(b, blob) {
					t.Fatalf("node %x differs", h)
				}
			}
		}
	}
}

func TestStackTrieErrors(t *testing.T) {
	st := NewStackTrie(nil)
	if err := st.Update([]byte{2}, []byte{1}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		key   []byte
		value []byte
		err   error
	}{
		{"equal key", []byte{2}, []byte{1}, ErrKeyOrder},
		{"smaller key", []byte{1}, []byte{1}, ErrKeyOrder},
		{"extends previous", []byte{2, 0}, []byte{1}, ErrKeyOrder},
		{"empty value", []byte{3}, nil, ErrEmptyValue},
	} {
		if err := st.Update(tc.key, tc.value); !errors.Is(err, tc.err) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
		}
	}
	st.Hash()
	if err := st.Update([]byte{9}, []byte{1}); !errors.Is(err, ErrStackTrieDone) {
		t.Errorf("after Hash: err = %v", err)
	}
	st.Reset()
	if err := st.Update([]byte{1}, []byte{1}); err != nil {
		t.Errorf("after Reset: %v", err)
	}
	// A failing writer's error surfaces.
	st = NewStackTrie(failWriter{})
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		err = st.Update([]byte{byte(i)}, bytes.Repeat([]byte{1}, 40))
	}
	if _, cerr := st.Commit(); !errors.Is(cerr, errWrite) || !errors.Is(err, errWrite) {
		t.Errorf("writer error not reported: %v / %v", err, cerr)
	}
}

var errWrite = errors.New("write failed")

type failWriter struct{}

func (failWriter) PutNode(Hash, []byte) error { return errWrite }

// txList is a DerivableList of byte strings.
type txList [][]byte

func (l txList) Len() int                             { return len(l) }
func (l txList) AppendIndex(dst []byte, i int) []byte { return append(dst, l[i]...) }

func TestDeriveSha(t *testing.T) {
	// The receipts root of a block with no receipts, and a known
	// two-element list checked against the normal trie.
	if DeriveSha(txList{}, nil) != EmptyRoot {
		t.Fatal("empty list root")
	}
	st := NewStackTrie(nil)
	for _, n := range []int{1, 2, 127, 128, 129, 300} {
		list := make(txList, n)
		for i := range list {
			list[i] = fmt.Appendf(nil, "transaction number %d with some padding to exceed 32 bytes", i)
		}
		tr := NewEmpty()
		for i := range list {
			var k []byte
			k = appendRLPUint(k, uint64(i))
			if err := tr.Update(k, list[i]); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := DeriveSha(list, st), tr.Hash(); got != want {
			t.Fatalf("n=%d: DeriveSha %x, trie %x", n, got, want)
		}
	}
}

func appendRLPUint(dst []byte, x uint64) []byte {
	switch {
	case x == 0:
		return append(dst, 0x80)
	case x < 0x80:
		return append(dst, byte(x))
	case x < 0x100:
		return append(dst, 0x81, byte(x))
	default:
		return append(dst, 0x82, byte(x>>8), byte(x))
	}
}

func TestMissingNode(t *testing.T) {
	tr := NewEmpty()
	for i := range 200 {
		k := HashKey([]byte{byte(i)})
		if err := tr.Update(k[:], bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
			t.Fatal(err)
		}
	}
	root, set := tr.Commit()
	db := NewMemoryDB()
	if err := set.WriteTo(db); err != nil {
		t.Fatal(err)
	}
	// Unknown root.
	if _, err := New(Hash{1}, db); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("New(unknown root) err = %v", err)
	}
	// Remove one inner node: operations through it fail, never return
	// empty results.
	var victim Hash
	for i := range set.Len() {
		h, _ := set.Node(i)
		if h != root {
			victim = h
			break
		}
	}
	db.Delete(victim)
	var sawGet, sawUpdate, sawDelete, sawProve, sawIter bool
	for i := range 200 {
		k := HashKey([]byte{byte(i)})
		re, err := New(root, db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := re.Get(k[:]); err != nil {
			var me *MissingNodeError
			if !errors.Is(err, ErrMissingNode) || !errors.As(err, &me) || me.Hash != victim {
				t.Fatalf("Get err = %v", err)
			}
			sawGet = true
		}
		if err := re.Update(k[:], []byte{1}); err != nil {
			sawUpdate = errors.Is(err, ErrMissingNode)
		}
		re, _ = New(root, db)
		if err := re.Delete(k[:]); err != nil {
			sawDelete = errors.Is(err, ErrMissingNode)
		}
		re, _ = New(root, db)
		if _, err := re.Prove(k[:]); err != nil {
			sawProve = errors.Is(err, ErrMissingNode)
		}
	}
	re, _ := New(root, db)
	it := re.NewIterator(nil)
	for it.Next() {
	}
	sawIter = errors.Is(it.Err(), ErrMissingNode)
	if !sawGet || !sawUpdate || !sawDelete || !sawProve || !sawIter {
		t.Fatalf("missing node not reported: get %v update %v delete %v prove %v iter %v",
			sawGet, sawUpdate, sawDelete, sawProve, sawIter)
	}
	// A trie with no reader reports hash nodes as missing too.
	if _, err := New(root, nil); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("New without reader err = %v", err)
	}
}

func TestIncrementalCommit(t *testing.T) {
	db := NewMemoryDB()
	tr := NewEmpty()
	for i := range 500 {
		k := HashKey([]byte(fmt.Sprint(i)))
		_ = tr.Update(k[:], bytes.Repeat([]byte{1}, 33))
	}
	root1, set1 := tr.Commit()
	if err := set1.WriteTo(db); err != nil {
		t.Fatal(err)
	}
	// A second commit without changes writes nothing.
	if r, s := tr.Commit(); r != root1 || s.Len() != 0 {
		t.Fatalf("no-op commit wrote %d nodes", s.Len())
	}
	// Reload, change one key: only the path to it is new.
	tr2, err := New(root1, db)
	if err != nil {
		t.Fatal(err)
	}
	k := HashKey([]byte("7"))
	if err := tr2.Update(k[:], []byte("new value, long enough to be hashed.")); err != nil {
		t.Fatal(err)
	}
	tr2.Hash()
	root2, set2 := tr2.Commit()
	if set2.Len() == 0 || set2.Len() > 5 {
		t.Fatalf("commit after one change wrote %d nodes", set2.Len())
	}
	if h, _ := set2.Node(set2.Len() - 1); h != root2 {
		t.Fatal("root is not the last node")
	}
	if err := set2.WriteTo(db); err != nil {
		t.Fatal(err)
	}
	tr3, err := New(root2, db)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tr3.Get(k[:])
	if err != nil || string(v) != "new value, long enough to be hashed." {
		t.Fatalf("Get = %q, %v", v, err)
	}
	// The old root still reads its old value.
	tr1, _ := New(root1, db)
	if v, _ := tr1.Get(k[:]); !bytes.Equal(v, bytes.Repeat([]byte{1}, 33)) {
		t.Fatal("old root changed")
	}
	if set2.Size() == 0 {
		t.Fatal("Size")
	}
}

func TestSmallRootCommit(t *testing.T) {
	// A trie whose root encodes in under 32 bytes still stores its root.
	tr := NewEmpty()
	_ = tr.Update([]byte("a"), []byte("b"))
	root, set := tr.Commit()
	if set.Len() != 1 {
		t.Fatalf("set has %d nodes", set.Len())
	}
	db := NewMemoryDB()
	_ = set.WriteTo(db)
	re, err := New(root, db)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := re.Get([]byte("a")); err != nil || string(v) != "b" {
		t.Fatalf("Get = %q %v", v, err)
	}
	if err := re.Update([]byte("c"), []byte("d")); err != nil {
		t.Fatal(err)
	}
	want := NewEmpty()
	_ = want.Update([]byte("a"), []byte("b"))
	_ = want.Update([]byte("c"), []byte("d"))
	if re.Hash() != want.Hash() {
		t.Fatal("root after reload and update")
	}
}

func TestProofErrors(t *testing.T) {
	tr := NewEmpty()
	for i := range 100 {
		k := HashKey([]byte{byte(i)})
		_ = tr.Update(k[:], bytes.Repeat([]byte{byte(i)}, 10))
	}
	root := tr.Hash()
	k := HashKey([]byte{5})
	proof, err := tr.Prove(k[:])
	if err != nil || len(proof) < 2 {
		t.Fatalf("proof: %d nodes, %v", len(proof), err)
	}
	// Proofs are order-independent.
	rev := slices.Clone(proof)
	slices.Reverse(rev)
	if v, err := VerifyProof(root, k[:], rev); err != nil || v == nil {
		t.Fatalf("reversed proof: %x %v", v, err)
	}
	// Dropping a node fails.
	if _, err := VerifyProof(root, k[:], proof[:len(proof)-1]); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("short proof err = %v", err)
	}
	// Wrong root fails.
	if _, err := VerifyProof(Hash{1}, k[:], proof); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("wrong root err = %v", err)
	}
	// An absent key proves absent.
	absent := HashKey([]byte("absent"))
	p2, err := tr.Prove(absent[:])
	if err != nil {
		t.Fatal(err)
	}
	if v, err := VerifyProof(root, absent[:], p2); err != nil || v != nil {
		t.Fatalf("absent: %x %v", v, err)
	}
	// Empty trie.
	if p, err := NewEmpty().Prove([]byte("x")); err != nil || len(p) != 0 {
		t.Fatal("empty trie proof")
	}
	if v, err := VerifyProof(EmptyRoot, []byte("x"), nil); v != nil || err != nil {
		t.Fatal("empty root verify")
	}
}

func TestSecureTrie(t *testing.T) {
	st, err := NewSecure(Hash{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := NewEmpty()
	for i := range 50 {
		k := []byte(fmt.Sprint("key", i))
		hk := HashKey(k)
		_ = st.Update(k, k)
		_ = plain.Update(hk[:], k)
	}
	_ = st.Delete([]byte("key3"))
	h3 := HashKey([]byte("key3"))
	_ = plain.Delete(h3[:])
	if st.Hash() != plain.Hash() {
		t.Fatal("secure root differs from hashed-key trie")
	}
	if v, err := st.Get([]byte("key7")); err != nil || string(v) != "key7" {
		t.Fatalf("Get = %q %v", v, err)
	}
	if st.Trie().Hash() != st.Hash() {
		t.Fatal("Trie()")
	}
	root, set := st.Commit()
	db := NewMemoryDB()
	_ = set.WriteTo(db)
	re, err := NewSecure(root, db)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := re.Get([]byte("key3")); v != nil {
		t.Fatal("deleted key present")
	}
	if _, err := NewSecure(Hash{9}, db); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("NewSecure(unknown) err = %v", err)
	}
}

func TestUpdateSameValueKeepsClean(t *testing.T) {
	tr := NewEmpty()
	_ = tr.Update([]byte("key"), bytes.Repeat([]byte{1}, 40))
	_ = tr.Update([]byte("kez"), bytes.Repeat([]byte{2}, 40))
	_, _ = tr.Commit()
	_ = tr.Update([]byte("key"), bytes.Repeat([]byte{1}, 40)) // same value
	_ = tr.Delete([]byte("absent"))
	if _, set := tr.Commit(); set.Len() != 0 {
		t.Fatalf("unchanged trie committed %d nodes", set.Len())
	}
}
