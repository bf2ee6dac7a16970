package ethrawdb

import (
	"bytes"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// op is one recorded write.
type op struct {
	key, val []byte
	del      bool
}

// recorder is a kv.Writer that records writes in order.
type recorder struct{ ops []op }

func (r *recorder) Put(k, v []byte) error {
	r.ops = append(r.ops, op{key: bytes.Clone(k), val: bytes.Clone(v)})
	return nil
}

func (r *recorder) Delete(k []byte) error {
	r.ops = append(r.ops, op{key: bytes.Clone(k), del: true})
	return nil
}

func apply(t testing.TB, w kv.Writer, ops []op) {
	t.Helper()
	for _, o := range ops {
		var err error
		if o.del {
			err = w.Delete(o.key)
		} else {
			err = w.Put(o.key, o.val)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// repairFixture is a chain of blocks 0..n-1 whose headers carry real state
// roots, and the write sets that insert each block (state nodes, block
// data, canonical entry, lookups, head pointers last).
type repairFixture struct {
	blocks []*ethtypes.Block
	writes [][]op
}

func newRepairFixture(t testing.TB, n int) repairFixture {
	t.Helper()
	scratch := memdb.New()
	ns := NewNodeStore(scratch, NodeStoreConfig{})
	model := stateModel{}
	root := trie.EmptyRoot
	var f repairFixture
	parent := ethtypes.Hash{}
	for i := range n {
		rec := &recorder{}
		if i > 0 {
			addr := string(rune('a' + i))
			model[addr] = map[string]string{"k": addr}
			root = commitState(t, ns, ns.NewBatchWriter(rec), root, model, []string{addr})
		}
		b, rs := testBlock(t, parent, uint64(i), 1+i%3, uint64(i)*10, 0, ethtypes.Hash(root))
		if err := WriteBlockWithReceipts(rec, b, rs, uint256.NewInt(uint64(i+1))); err != nil {
			t.Fatal(err)
		}
		if err := WriteCanonicalHead(rec, b); err != nil {
			t.Fatal(err)
		}
		apply(t, scratch, rec.ops)
		f.blocks = append(f.blocks, b)
		f.writes = append(f.writes, rec.ops)
		parent = b.Hash()
	}
	return f
}

// build returns a new memdb holding blocks 0..upto.
func (f repairFixture) build(t testing.TB, upto int) *memdb.DB {
	db := memdb.New()
	for i := 0; i <= upto; i++ {
		apply(t, db, f.writes[i])
	}
	return db
}

// TestRepairCrashPrefixes simulates a SIGKILL after every write of a block
// insertion done without a batch, in the documented order and with the
// head pointers first (as a buggy writer would): Repair must always open
// at a complete, canonical head, the old one or the new one.
func TestRepairCrashPrefixes(t *testing.T) {
	f := newRepairFixture(t, 7)
	last := len(f.blocks) - 1
	newOps := f.writes[last]
	// The buggy order writes the block records in reverse (head pointers
	// first), then the state nodes — still children before parents, as a
	// NodeSet lists them: HasState trusts the root node to imply the rest.
	var reversed, nodes []op
	for i := len(newOps) - 1; i >= 0; i-- {
		if len(newOps[i].key) == nodeKeyLen {
			continue
		}
		reversed = append(reversed, newOps[i])
	}
	for _, o := range newOps {
		if len(o.key) == nodeKeyLen {
			nodes = append(nodes, o)
		}
	}
	reversed = append(reversed, nodes...)
	cases := 0
	for name, ops := range map[string][]op{"documented order": newOps, "head first": reversed} {
		for k := 0; k <= len(ops); k++ {
			db := f.build(t, last-1)
			apply(t, db, ops[:k])
			ns := NewNodeStore(db, NodeStoreConfig{})
			res, err := Repair(db, ns)
			if err != nil {
				t.Fatalf("%s, %d writes: %v", name, k, err)
			}
			if err := CheckHead(db, ns); err != nil {
				t.Fatalf("%s, %d writes: after repair: %v", name, k, err)
			}
			want := f.blocks[last-1]
			if k == len(ops) {
				want = f.blocks[last]
			}
			if res.Head != want.Hash() || res.Number != want.Number() {
				t.Fatalf("%s, %d writes: head #%d, want #%d (%+v)", name, k, res.Number, want.Number(), res)
			}
			if name == "documented order" && res.Rewound {
				t.Fatalf("%d writes: documented order needed a rewind: %+v", k, res)
			}
			// The head block reads back whole, with its state.
			blk, err := ReadCanonicalBlock(db, res.Number)
			if err != nil || blk.Hash() != want.Hash() {
				t.Fatalf("%s, %d writes: canonical head block: %v", name, k, err)
			}
			checkStateRoot(t, ns, trie.Hash(blk.Header.Root))
			if _, err := ReadCanonicalHash(db, res.Number+1); !errors.Is(err, ErrNotFound) {
				t.Fatalf("%s, %d writes: canonical entry above head: %v", name, k, err)
			}
			cases++
		}
	}
	t.Logf("%d crash points checked", cases)
}

// checkStateRoot walks every node of an account trie.
func checkStateRoot(t testing.TB, ns trie.NodeReader, root trie.Hash) {
	t.Helper()
	tr, err := trie.New(root, ns)
	if err != nil {
		t.Fatal(err)
	}
	it := tr.NewIterator(nil)
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestRepairCases(t *testing.T) {
	f := newRepairFixture(t, 6)
	head := f.blocks[5]
	for _, tc := range []struct {
		name    string
		damage  func(t *testing.T, db *memdb.DB)
		want    int // expected head number, -1 for an error
		rewound bool
		err     error
	}{
		{name: "consistent", damage: func(*testing.T, *memdb.DB) {}, want: 5},
		{name: "head header pointer missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, headHeaderKey)
		}, want: 5},
		{name: "head body missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, blockBodyKey(5, head.Hash()))
		}, want: 4, rewound: true},
		{name: "head receipts missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, receiptsKey(5, head.Hash()))
		}, want: 4, rewound: true},
		{name: "head and parent state missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, f.blocks[5].Header.Root[:])
			mustDel(t, db, f.blocks[4].Header.Root[:])
		}, want: 3, rewound: true},
		{name: "head header missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, headerKey(5, head.Hash()))
		}, want: 4, rewound: true},
		{name: "head number index and header missing", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, headerKey(5, head.Hash()))
			mustDel(t, db, headerNumberKey(head.Hash()))
		}, want: 4, rewound: true},
		{name: "head not canonical", damage: func(t *testing.T, db *memdb.DB) {
			mustDel(t, db, headerHashKey(5))
			mustDel(t, db, headerHashKey(4))
		}, want: 5, rewound: true},
		{name: "nothing complete", damage: func(t *testing.T, db *memdb.DB) {
			for _, b := range f.blocks {
				mustDel(t, db, blockBodyKey(b.Number(), b.Hash()))
			}
		}, want: -1, err: ErrNoConsistentHead},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := f.build(t, 5)
			tc.damage(t, db)
			ns := NewNodeStore(db, NodeStoreConfig{})
			res, err := Repair(db, ns)
			if tc.want < 0 {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Number != uint64(tc.want) || res.Head != f.blocks[tc.want].Hash() || res.Rewound != tc.rewound {
				t.Fatalf("result %+v, want #%d rewound=%v", res, tc.want, tc.rewound)
			}
			if err := CheckHead(db, ns); err != nil {
				t.Fatal(err)
			}
			if h, err := ReadHeadHeaderHash(db); err != nil || h != res.Head {
				t.Fatalf("head header %x %v", h, err)
			}
			for n := 0; n <= tc.want; n++ {
				if h, err := ReadCanonicalHash(db, uint64(n)); err != nil || h != f.blocks[n].Hash() {
					t.Fatalf("canonical #%d: %v", n, err)
				}
			}
			// Transactions of discarded blocks are not found; their lookups
			// are gone unless the body was unreadable.
			for _, b := range f.blocks[tc.want+1:] {
				hasBody, _ := HasBody(db, b.Hash(), b.Number())
				for _, tx := range b.Txs {
					if _, _, err := ReadTransaction(db, tx.Hash()); !errors.Is(err, ErrNotFound) {
						t.Fatalf("tx of discarded #%d: %v", b.Number(), err)
					}
					if _, err := ReadTxLookupEntry(db, tx.Hash()); hasBody && !errors.Is(err, ErrNotFound) {
						t.Fatalf("lookup of discarded #%d: %v", b.Number(), err)
					}
				}
			}
		})
	}
}

func TestRepairEmptyAndIOErrors(t *testing.T) {
	db := memdb.New()
	res, err := Repair(db, NewNodeStore(db, NodeStoreConfig{}))
	if err != nil || !res.Empty {
		t.Fatalf("empty db: %+v %v", res, err)
	}
	if err := CheckHead(db, NewNodeStore(db, NodeStoreConfig{})); !errors.Is(err, ErrNotFound) {
		t.Fatalf("check empty: %v", err)
	}

	f := newRepairFixture(t, 3)
	base := f.build(t, 2)
	ioErr := errors.New("disk on fire")
	fs := &failStore{Store: base, failKey: blockBodyKey(2, f.blocks[2].Hash()), err: ioErr}
	before := base.Len()
	if _, err := Repair(fs, NewNodeStore(fs, NodeStoreConfig{})); !errors.Is(err, ioErr) {
		t.Fatalf("I/O error: %v", err)
	}
	if base.Len() != before {
		t.Fatal("repair wrote despite an I/O error")
	}
	if err := CheckHead(fs, NewNodeStore(fs, NodeStoreConfig{})); !errors.Is(err, ioErr) {
		t.Fatalf("check I/O error: %v", err)
	}
}

// failStore fails Get and Has of one key.
type failStore struct {
	kv.Store
	failKey []byte
	err     error
}

func (s *failStore) Get(k []byte) ([]byte, error) {
	if bytes.Equal(k, s.failKey) {
		return nil, s.err
	}
	return s.Store.Get(k)
}

func (s *failStore) Has(k []byte) (bool, error) {
	if bytes.Equal(k, s.failKey) {
		return false, s.err
	}
	return s.Store.Has(k)
}

func mustDel(t testing.TB, db kv.Writer, key []byte) {
	t.Helper()
	if err := db.Delete(key); err != nil {
		t.Fatal(err)
	}
}
