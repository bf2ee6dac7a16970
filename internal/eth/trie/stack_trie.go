package trie

import (
	"bytes"

	"github.com/twinchain/twinchain/internal/rlp"
)

// StackTrie computes the root hash of a trie whose keys arrive in strictly
// increasing order, without building the trie: a subtree is hashed and
// dropped as soon as a key to its right arrives, so memory stays
// proportional to the depth of the trie, not its size. It gives the same
// root as a Trie holding the same keys and values. It serves the
// transaction, receipt and withdrawal roots of a block (see DeriveSha) and
// building tries from sorted data.
//
// Keys must be strictly increasing and no key may be a prefix of another
// (RLP-encoded indexes and fixed-length hashes satisfy both); values must be
// non-empty. With a NodeWriter, every node that a Trie would store is
// written as soon as it is final.
//
// A StackTrie is not safe for concurrent use.
type StackTrie struct {
	root   *stNode
	writer NodeWriter
	sha    keccakState
	buf    []byte
	hbuf   Hash   // digest scratch (a local would escape through the hash interface)
	last   []byte // previous key, for the order check
	keybuf []byte // nibbles of the current key
	free   []*stNode
	has    bool  // a key has been inserted
	done   bool  // Hash or Commit was called
	err    error // first writer error
}

const (
	stEmpty uint8 = iota
	stLeaf
	stExt
	stBranch
	stHashed
)

// stNode is a node of a StackTrie. For a leaf, key holds the remaining
// nibbles (no terminator) and val the value; an extension keeps its key and
// its child in children[0]; a branch uses children (a stack trie never has
// a value in a branch). Once hashed, val holds the node's reference: its
// 32-byte hash or, when its encoding is shorter than 32 bytes, the encoding
// itself, embedded in the parent.
type stNode struct {
	kind     uint8
	key      []byte
	val      []byte
	children [16]*stNode
}

// NewStackTrie returns an empty StackTrie. writer may be nil.
//
// This function is safe for concurrent access.
func NewStackTrie(writer NodeWriter) *StackTrie {
	t := &StackTrie{writer: writer, sha: newKeccak()}
	t.root = t.newNode(stEmpty)
	return t
}

// Reset empties the StackTrie for reuse, keeping its buffers and writer.
//
// This function is not safe for concurrent access.
func (t *StackTrie) Reset() {
	t.release(t.root)
	t.root = t.newNode(stEmpty)
	t.last = t.last[:0]
	t.has, t.done, t.err = false, false, nil
}

func (t *StackTrie) newNode(kind uint8) *stNode {
	var n *stNode
	if k := len(t.free); k > 0 {
		n = t.free[k-1]
		t.free = t.free[:k-1]
	} else {
		n = new(stNode)
	}
	n.kind = kind
	n.key = n.key[:0]
	n.val = n.val[:0]
	return n
}

func (t *StackTrie) newLeaf(key, value []byte) *stNode {
	n := t.newNode(stLeaf)
	n.key = append(n.key, key...)
	n.val = append(n.val, value...)
	return n
}

// release returns n and its subtree to the free list.
func (t *StackTrie) release(n *stNode) {
	for i, c := range n.children {
		if c != nil {
			t.release(c)
			n.children[i] = nil
		}
	}
	t.free = append(t.free, n)
}

// Update inserts key with value. The StackTrie copies both. It returns
// ErrKeyOrder if key is not greater than the previous key or extends it,
// ErrEmptyValue for an empty value, ErrStackTrieDone after Hash or Commit,
// and the first error the NodeWriter returned.
//
// This function is not safe for concurrent access.
func (t *StackTrie) Update(key, value []byte) error {
	switch {
	case t.done:
		return ErrStackTrieDone
	case t.err != nil:
		return t.err
	case len(value) == 0:
		return ErrEmptyValue
	case t.has && (bytes.Compare(key, t.last) <= 0 || bytes.HasPrefix(key, t.last)):
		return ErrKeyOrder
	}
	t.has = true
	t.last = append(t.last[:0], key...)
	t.keybuf = t.keybuf[:0]
	for _, b := range key {
		t.keybuf = append(t.keybuf, b>>4, b&0x0f)
	}
	t.insert(t.root, t.keybuf, value)
	return t.err
}

func (t *StackTrie) insert(st *stNode, key, value []byte) {
	switch st.kind {
	case stEmpty:
		st.kind = stLeaf
		st.key = append(st.key[:0], key...)
		st.val = append(st.val[:0], value...)

	case stBranch:
		idx := int(key[0])
		// Everything left of idx is final: hash the nearest sibling (the
		// ones before it were hashed when idx moved past them).
		for i := idx - 1; i >= 0; i-- {
			if c := st.children[i]; c != nil {
				if c.kind != stHashed {
					t.hash(c, false)
				}
				break
			}
		}
		if c := st.children[idx]; c == nil {
			st.children[idx] = t.newLeaf(key[1:], value)
		} else {
			t.insert(c, key[1:], value)
		}

	case stExt:
		d := prefixLen(key, st.key)
		if d == len(st.key) {
			t.insert(st.children[0], key[d:], value)
			return
		}
		// The new key leaves the extension at d: everything under the
		// extension is final.
		var old *stNode
		if d < len(st.key)-1 {
			old = t.newNode(stExt)
			old.key = append(old.key, st.key[d+1:]...)
			old.children[0] = st.children[0]
		} else {
			old = st.children[0]
		}
		t.hash(old, false)
		oldIdx := st.key[d]
		branch := st
		if d > 0 {
			branch = t.newNode(stBranch)
			st.key = st.key[:d]
			st.children[0] = branch
		} else {
			st.kind = stBranch
			st.key = st.key[:0]
			st.children[0] = nil
		}
		branch.children[oldIdx] = old
		branch.children[key[d]] = t.newLeaf(key[d+1:], value)

	case stLeaf:
		// Keys are prefix-free, so they differ at some d inside both.
		d := prefixLen(key, st.key)
		old := t.newLeaf(st.key[d+1:], st.val)
		t.hash(old, false)
		oldIdx := st.key[d]
		branch := st
		if d > 0 {
			branch = t.newNode(stBranch)
			st.kind = stExt
			st.key = st.key[:d]
			st.children[0] = branch
		} else {
			st.kind = stBranch
			st.key = st.key[:0]
		}
		st.val = st.val[:0]
		branch.children[oldIdx] = old
		branch.children[key[d]] = t.newLeaf(key[d+1:], value)

	default:
		// stHashed: unreachable with ordered, prefix-free keys.
		panic("trie: stack trie insert into a hashed node")
	}
}

// hash turns st into a hashed node holding its reference, hashing its
// children first and releasing them. With force (the root) the node is
// hashed even when its encoding is under 32 bytes, and its hash is stored
// in st.val.
func (t *StackTrie) hash(st *stNode, force bool) {
	if st.kind == stHashed {
		return
	}
	for _, c := range st.children {
		if c != nil && c.kind != stHashed {
			t.hash(c, false)
		}
	}
	buf := t.buf[:0]
	switch st.kind {
	case stEmpty:
		buf = append(buf, 0x80)
	case stLeaf:
		var mark int
		buf, mark = rlp.StartList(buf)
		buf = appendCompactStringFlags(buf, st.key, true)
		buf = rlp.AppendBytes(buf, st.val)
		buf = rlp.EndList(buf, mark)
	case stExt:
		var mark int
		buf, mark = rlp.StartList(buf)
		buf = appendCompactStringFlags(buf, st.key, false)
		buf = appendStackRef(buf, st.children[0].val)
		buf = rlp.EndList(buf, mark)
	case stBranch:
		var mark int
		buf, mark = rlp.StartList(buf)
		for _, c := range st.children {
			if c == nil {
				buf = append(buf, 0x80)
			} else {
				buf = appendStackRef(buf, c.val)
			}
		}
		buf = append(buf, 0x80)
		buf = rlp.EndList(buf, mark)
	}
	t.buf = buf
	for i, c := range st.children {
		if c != nil {
			t.release(c)
			st.children[i] = nil
		}
	}
	st.kind = stHashed
	st.key = st.key[:0]
	if len(buf) < 32 && !force {
		st.val = append(st.val[:0], buf...)
		return
	}
	keccak256(t.sha, t.hbuf[:], buf)
	st.val = append(st.val[:0], t.hbuf[:]...)
	if t.writer != nil && t.err == nil {
		if err := t.writer.PutNode(t.hbuf, bytes.Clone(buf)); err != nil {
			t.err = err
		}
	}
}

// appendStackRef appends a child reference: a 32-byte hash as an RLP
// string, a shorter embedded encoding as is.
func appendStackRef(dst, ref []byte) []byte {
	if len(ref) == 32 {
		dst = append(dst, 0xa0)
	}
	return append(dst, ref...)
}

// Hash returns the root hash of the keys inserted so far (EmptyRoot if
// none). After Hash the StackTrie accepts no more keys until Reset.
//
// This function is not safe for concurrent access.
func (t *StackTrie) Hash() Hash {
	h, _ := t.Commit()
	return h
}

// Commit returns the root hash, like Hash, and the first error of the
// NodeWriter, which has received every node including the root (except for
// an empty trie, whose root is never stored).
//
// This function is not safe for concurrent access.
func (t *StackTrie) Commit() (Hash, error) {
	if !t.has {
		t.done = true
		return EmptyRoot, t.err
	}
	if !t.done {
		t.hash(t.root, true)
		t.done = true
	}
	var h Hash
	copy(h[:], t.root.val)
	return h, t.err
}
