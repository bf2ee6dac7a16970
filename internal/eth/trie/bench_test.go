package trie

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// benchKeys returns n hashed keys (as in the state trie) and ~70-byte
// values (the size of an RLP-encoded account).
func benchKeys(n int) (keys [][]byte, vals [][]byte) {
	for i := range n {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(i))
		k := HashKey(b[:])
		keys = append(keys, k[:])
		v := make([]byte, 70)
		copy(v, k[:])
		copy(v[32:], k[:])
		vals = append(vals, v)
	}
	return keys, vals
}

func BenchmarkInsertHash10k(b *testing.B) {
	keys, vals := benchKeys(10_000)
	b.ReportAllocs()
	for b.Loop() {
		tr := NewEmpty()
		for i := range keys {
			_ = tr.Update(keys[i], vals[i])
		}
		tr.Hash()
	}
}

func BenchmarkInsertCommit10k(b *testing.B) {
	keys, vals := benchKeys(10_000)
	b.ReportAllocs()
	for b.Loop() {
		tr := NewEmpty()
		for i := range keys {
			_ = tr.Update(keys[i], vals[i])
		}
		tr.Commit()
	}
}

func BenchmarkStackTrie10k(b *testing.B) {
	keys, vals := benchKeys(10_000)
	sorted := sortedPairs(keys, vals)
	st := NewStackTrie(nil)
	b.ReportAllocs()
	for b.Loop() {
		st.Reset()
		for _, kv := range sorted {
			_ = st.Update(kv[0], kv[1])
		}
		st.Hash()
	}
}

func sortedPairs(keys, vals [][]byte) [][2][]byte {
	tr := NewEmpty()
	for i := range keys {
		_ = tr.Update(keys[i], vals[i])
	}
	var out [][2][]byte
	it := tr.NewIterator(nil)
	for it.Next() {
		out = append(out, [2][]byte{it.Key(), it.Value()})
	}
	return out
}

func BenchmarkGet(b *testing.B) {
	keys, vals := benchKeys(10_000)
	tr := NewEmpty()
	for i := range keys {
		_ = tr.Update(keys[i], vals[i])
	}
	tr.Hash()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := tr.Get(keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkGetFromDB(b *testing.B) {
	keys, vals := benchKeys(10_000)
	tr := NewEmpty()
	for i := range keys {
		_ = tr.Update(keys[i], vals[i])
	}
	root, set := tr.Commit()
	db := NewMemoryDB()
	_ = set.WriteTo(db)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// A fresh trie per 1,000 reads, so most reads load nodes.
		if i%1000 == 0 {
			tr, _ = New(root, db)
		}
		if _, err := tr.Get(keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkUpdateRehash(b *testing.B) {
	// The block-processing pattern: a big trie, a few changes, a new root.
	keys, vals := benchKeys(10_000)
	tr := NewEmpty()
	for i := range keys {
		_ = tr.Update(keys[i], vals[i])
	}
	tr.Hash()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for range 10 {
			// The value changes on every pass over the keys.
			_ = tr.Update(keys[i%len(keys)], vals[(i+1+i/len(keys))%len(vals)])
			i++
		}
		tr.Hash()
	}
}

func BenchmarkProveVerify(b *testing.B) {
	keys, vals := benchKeys(10_000)
	tr := NewEmpty()
	for i := range keys {
		_ = tr.Update(keys[i], vals[i])
	}
	root := tr.Hash()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := keys[i%len(keys)]
		p, err := tr.Prove(k)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := VerifyProof(root, k, p); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDeriveSha compares the stack trie with the normal trie for the
// root of a list (a block's transactions).
func BenchmarkDeriveSha(b *testing.B) {
	for _, n := range []int{200, 2000} {
		list := make(txList, n)
		for i := range list {
			list[i] = make([]byte, 110) // a typical transfer
			binary.BigEndian.PutUint64(list[i], uint64(i))
		}
		b.Run(fmt.Sprintf("stack/%d", n), func(b *testing.B) {
			st := NewStackTrie(nil)
			b.ReportAllocs()
			for b.Loop() {
				DeriveSha(list, st)
			}
		})
		b.Run(fmt.Sprintf("trie/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var kb []byte
			for b.Loop() {
				tr := NewEmpty()
				for i := range list {
					kb = appendRLPUint(kb[:0], uint64(i))
					_ = tr.Update(append([]byte(nil), kb...), list[i])
				}
				tr.Hash()
			}
		})
	}
}
