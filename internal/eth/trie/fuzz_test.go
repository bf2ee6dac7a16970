package trie

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzDecodeNode feeds arbitrary blobs to the node decoder: it must not
// panic, a node it accepts must re-encode to the same bytes, and proof
// verification and trie operations over a database holding the blob must
// not panic either.
func FuzzDecodeNode(f *testing.F) {
	// Seeds: real nodes from a small trie, plus edge cases.
	tr := NewEmpty()
	for _, kv := range [][2]string{{"do", "verb"}, {"dog", "puppy"}, {"doge", "coin"}, {"horse", "stallion"},
		{"a", "b"}, {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "long value to force hashing of leaves"}} {
		_ = tr.Update([]byte(kv[0]), []byte(kv[1]))
	}
	_, set := tr.Commit()
	for i := range set.Len() {
		_, blob := set.Node(i)
		f.Add(blob, []byte("dog"))
	}
	for _, s := range []string{"", "80", "c0", "c180", "c22080", "c2208180", "c3820000", "c50080c20080"} {
		f.Add(mustHex(s), []byte{})
	}
	f.Fuzz(func(t *testing.T, blob, key []byte) {
		n, err := decodeNode(nil, blob)
		if err == nil {
			h := newHasher()
			if enc := h.appendNode(nil, n); !bytes.Equal(enc, blob) {
				t.Fatalf("round trip %x -> %x", blob, enc)
			}
		}
		root := HashKey(blob)
		_, _ = VerifyProof(root, key, [][]byte{blob})
		db := NewMemoryDB()
		_ = db.PutNode(root, blob)
		tr, err := New(root, db)
		if err != nil {
			return
		}
		_, _ = tr.Get(key)
		_, _ = tr.Prove(key)
		_, _, _, _ = tr.NextKey(key)
		_, _, _, _ = tr.PrevKey(key)
		_ = tr.Update(key, []byte("v"))
		_ = tr.Delete(key)
		tr.Hash()
	})
}

// FuzzTrieOps interprets the input as a sequence of updates and deletes and
// checks the root against a trie built from the final contents in sorted
// order, and against the stack trie when the keys are prefix-free.
func FuzzTrieOps(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x00do\x01verb\x00dog\x02puppy"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := NewEmpty()
		ref := map[string][]byte{}
		for len(data) >= 3 {
			op, kl, vl := data[0], int(data[1]%4), int(data[2]%40)
			data = data[3:]
			if kl > len(data) {
				break
			}
			k := data[:kl]
			data = data[kl:]
			if op&1 == 1 {
				_ = tr.Delete(k)
				delete(ref, string(k))
				continue
			}
			if vl > len(data) {
				vl = len(data)
			}
			v := data[:vl]
			data = data[vl:]
			if err := tr.Update(k, v); err != nil {
				t.Fatal(err)
			}
			if len(v) == 0 {
				delete(ref, string(k))
			} else {
				ref[string(k)] = v
			}
		}
		keys := make([]string, 0, len(ref))
		for k := range ref {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		sorted := NewEmpty()
		st := NewStackTrie(nil)
		prefixFree := true
		for i, k := range keys {
			_ = sorted.Update([]byte(k), ref[k])
			if i > 0 && bytes.HasPrefix([]byte(k), []byte(keys[i-1])) {
				prefixFree = false
			}
			if prefixFree {
				if err := st.Update([]byte(k), ref[k]); err != nil {
					t.Fatal(err)
				}
			}
		}
		root := tr.Hash()
		if sorted.Hash() != root {
			t.Fatalf("root %x != sorted root %x", root, sorted.Hash())
		}
		if prefixFree && st.Hash() != root {
			t.Fatalf("stack root %x != root %x", st.Hash(), root)
		}
		for k, v := range ref {
			got, err := tr.Get([]byte(k))
			if err != nil || !bytes.Equal(got, v) {
				t.Fatalf("Get(%x) = %x, want %x", k, got, v)
			}
		}
	})
}
