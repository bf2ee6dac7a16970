package trie

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// kvOp is one step of a trie test: set key to value, or delete it when
// value is nil.
type kvOp struct {
	key, value []byte
}

// decodeTestString decodes a TrieTests key or value: 0x-prefixed strings
// are hex, anything else is the raw string.
func decodeTestString(t *testing.T, s string) []byte {
	t.Helper()
	if strings.HasPrefix(s, "0x") {
		b, err := hex.DecodeString(s[2:])
		if err != nil {
			t.Fatalf("bad hex %q: %v", s, err)
		}
		return b
	}
	return []byte(s)
}

type trieVector struct {
	ops     []kvOp
	ordered bool // "in" was a list applied in order (else an object)
	root    Hash
}

// loadTrieTests reads one TrieTests file. "in" is either a list of
// [key, value] pairs applied in order (a null value deletes) or an object
// whose entries may be applied in any order.
func loadTrieTests(t *testing.T, file string) map[string]trieVector {
	t.Helper()
	data, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "TrieTests", file))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]struct {
		In   json.RawMessage `json:"in"`
		Root string          `json:"root"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]trieVector, len(raw))
	for name, r := range raw {
		var v trieVector
		copy(v.root[:], decodeTestString(t, r.Root))
		if strings.HasPrefix(strings.TrimSpace(string(r.In)), "[") {
			v.ordered = true
			var pairs [][]*string
			if err := json.Unmarshal(r.In, &pairs); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, p := range pairs {
				if len(p) != 2 || p[0] == nil {
					t.Fatalf("%s: bad pair %v", name, p)
				}
				op := kvOp{key: decodeTestString(t, *p[0])}
				if p[1] != nil {
					op.value = decodeTestString(t, *p[1])
				}
				v.ops = append(v.ops, op)
			}
		} else {
			var m map[string]*string
			if err := json.Unmarshal(r.In, &m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for k, val := range m {
				op := kvOp{key: decodeTestString(t, k)}
				if val != nil {
					op.value = decodeTestString(t, *val)
				}
				v.ops = append(v.ops, op)
			}
			slices.SortFunc(v.ops, func(a, b kvOp) int { return bytes.Compare(a.key, b.key) })
		}
		out[name] = v
	}
	return out
}

// updater is what Trie and SecureTrie have in common for these tests.
type updater interface {
	Get([]byte) ([]byte, error)
	Update(k, v []byte) error
	Delete([]byte) error
	Hash() Hash
	Commit() (Hash, *NodeSet)
	Prove([]byte) ([][]byte, error)
}

func applyOps(t *testing.T, tr updater, ops []kvOp) map[string][]byte {
	t.Helper()
	final := map[string][]byte{}
	for _, op := range ops {
		var err error
		if op.value == nil {
			err = tr.Delete(op.key)
			delete(final, string(op.key))
		} else {
			err = tr.Update(op.key, op.value)
			final[string(op.key)] = op.value
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return final
}

// checkVector runs one vector: apply the operations (in every order tried
// for "any order" vectors), compare roots, then commit, reload from the
// node database, read every key back and prove every key.
func checkVector(t *testing.T, v trieVector, secure bool) {
	newTrie := func(root Hash, db NodeReader) updater {
		if secure {
			st, err := NewSecure(root, db)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		tr, err := New(root, db)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	orders := 1
	if !v.ordered {
		orders = 20
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(v.ops))))
	for i := range orders {
		ops := slices.Clone(v.ops)
		if i > 0 {
			rng.Shuffle(len(ops), func(a, b int) { ops[a], ops[b] = ops[b], ops[a] })
		}
		tr := newTrie(Hash{}, nil)
		final := applyOps(t, tr, ops)
		if got := tr.Hash(); got != v.root {
			t.Fatalf("order %d: root %x, want %x", i, got, v.root)
		}
		if i > 0 {
			continue
		}
		root, set := tr.Commit()
		if root != v.root {
			t.Fatalf("commit root %x, want %x", root, v.root)
		}
		db := NewMemoryDB()
		if err := set.WriteTo(db); err != nil {
			t.Fatal(err)
		}
		re := newTrie(root, db)
		for k, want := range final {
			got, err := re.Get([]byte(k))
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("reloaded Get(%x) = %x, %v; want %x", k, got, err, want)
			}
			proof, err := re.Prove([]byte(k))
			if err != nil {
				t.Fatal(err)
			}
			pk := []byte(k)
			if secure {
				h := HashKey(pk)
				pk = h[:]
			}
			pv, err := VerifyProof(root, pk, proof)
			if err != nil || !bytes.Equal(pv, want) {
				t.Fatalf("VerifyProof(%x) = %x, %v; want %x", k, pv, err, want)
			}
		}
		if got := re.Hash(); got != v.root {
			t.Fatalf("reloaded root %x", got)
		}
	}
}

func runTrieFile(t *testing.T, file string, secure bool) {
	vectors := loadTrieTests(t, file)
	passed := 0
	for name, v := range vectors {
		t.Run(name, func(t *testing.T) {
			checkVector(t, v, secure)
			passed++
		})
	}
	t.Logf("%s: %d/%d vectors passed", file, passed, len(vectors))
}

func TestTrieTests(t *testing.T)            { runTrieFile(t, "trietest.json", false) }
func TestTrieAnyOrder(t *testing.T)         { runTrieFile(t, "trieanyorder.json", false) }
func TestTrieTestsSecure(t *testing.T)      { runTrieFile(t, "trietest_secureTrie.json", true) }
func TestTrieAnyOrderSecure(t *testing.T)   { runTrieFile(t, "trieanyorder_secureTrie.json", true) }
func TestTrieHexEncodedSecure(t *testing.T) { runTrieFile(t, "hex_encoded_securetrie_test.json", true) }

func TestTrieNextPrev(t *testing.T) {
	data, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "TrieTests", "trietestnextprev.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]struct {
		In    []string    `json:"in"`
		Tests [][3]string `json:"tests"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	lookups := 0
	for name, v := range raw {
		t.Run(name, func(t *testing.T) {
			tr := NewEmpty()
			for _, k := range v.In {
				if err := tr.Update([]byte(k), []byte(k)); err != nil {
					t.Fatal(err)
				}
			}
			// Run the lookups on the in-memory trie and on one reloaded
			// from its committed nodes.
			root, set := tr.Commit()
			db := NewMemoryDB()
			if err := set.WriteTo(db); err != nil {
				t.Fatal(err)
			}
			re, err := New(root, db)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range []*Trie{tr, re} {
				for _, tc := range v.Tests {
					prev, _, pfound, err := tr.PrevKey([]byte(tc[0]))
					if err != nil {
						t.Fatal(err)
					}
					next, _, nfound, err := tr.NextKey([]byte(tc[0]))
					if err != nil {
						t.Fatal(err)
					}
					if pfound != (tc[1] != "") || string(prev) != tc[1] {
						t.Errorf("PrevKey(%q) = %q, %v; want %q", tc[0], prev, pfound, tc[1])
					}
					if nfound != (tc[2] != "") || string(next) != tc[2] {
						t.Errorf("NextKey(%q) = %q, %v; want %q", tc[0], next, nfound, tc[2])
					}
					lookups++
				}
			}
		})
	}
	t.Logf("trietestnextprev.json: %d vectors, %d prev/next lookup pairs (in memory and reloaded)", len(raw), lookups)
}
