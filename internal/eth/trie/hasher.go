package trie

import (
	"github.com/twinchain/twinchain/internal/rlp"
)

// hasher encodes and hashes nodes. It owns a reusable Keccak state and an
// encoding buffer, so hashing a trie allocates only the 32-byte hashes it
// caches in the nodes. A hasher is not safe for concurrent use.
type hasher struct {
	sha keccakState
	buf []byte
	out Hash     // digest scratch (a local would escape through the hash interface)
	set *NodeSet // when non-nil, dirty nodes are collected here (commit)
}

func newHasher() *hasher {
	return &hasher{sha: newKeccak(), buf: make([]byte, 0, 1024)}
}

// rootHash returns the hash of the trie rooted at n. The root is hashed even
// when its encoding is under 32 bytes. With h.set non-nil, dirty nodes are
// collected into the set and marked clean.
func (h *hasher) rootHash(n node) Hash {
	out := &h.out
	switch n := n.(type) {
	case nil:
		return EmptyRoot
	case hashNode:
		copy(out[:], n)
		return *out
	case *shortNode:
		if n.flags.hash != nil && !(h.set != nil && n.flags.dirty) {
			copy(out[:], n.flags.hash)
			return *out
		}
	case *fullNode:
		if n.flags.hash != nil && !(h.set != nil && n.flags.dirty) {
			copy(out[:], n.flags.hash)
			return *out
		}
	}
	h.buf = h.appendNode(h.buf[:0], n)
	enc := h.buf
	if len(enc) >= 32 {
		// appendNode does not hash the node itself; hash and cache here.
		h.finish(n, enc)
		return *out
	}
	keccak256(h.sha, out[:], enc)
	if h.set != nil {
		h.set.add(*out, enc)
		setClean(n)
	}
	return *out
}

// finish hashes enc (the encoding of n, 32 bytes or longer) into h.out,
// caching the hash in n and collecting n when committing.
func (h *hasher) finish(n node, enc []byte) {
	f := flagsOf(n)
	if f.hash != nil {
		copy(h.out[:], f.hash)
	} else {
		keccak256(h.sha, h.out[:], enc)
		f.hash = hashNode(append([]byte(nil), h.out[:]...))
	}
	if h.set != nil && f.dirty {
		h.set.add(h.out, enc)
		f.dirty = false
	}
}

func flagsOf(n node) *nodeFlag {
	switch n := n.(type) {
	case *shortNode:
		return &n.flags
	case *fullNode:
		return &n.flags
	}
	return nil
}

func setClean(n node) {
	if f := flagsOf(n); f != nil {
		f.dirty = false
	}
}

// appendNode appends the RLP encoding of n (a *shortNode or *fullNode) to
// dst. Children are appended as references (see appendRef).
func (h *hasher) appendNode(dst []byte, n node) []byte {
	switch n := n.(type) {
	case *shortNode:
		dst, mark := rlp.StartList(dst)
		dst = appendCompactString(dst, n.key)
		dst = h.appendRef(dst, n.val)
		return rlp.EndList(dst, mark)
	case *fullNode:
		dst, mark := rlp.StartList(dst)
		for _, c := range n.children[:16] {
			dst = h.appendRef(dst, c)
		}
		if v, ok := n.children[16].(valueNode); ok {
			dst = rlp.AppendBytes(dst, v)
		} else {
			dst = append(dst, 0x80)
		}
		return rlp.EndList(dst, mark)
	}
	panic("trie: appendNode on a non-structural node")
}

// appendRef appends the reference to child n as it appears inside its
// parent: the empty string for nil, the value for a valueNode, the 32-byte
// hash for a hashNode or a node whose encoding is 32 bytes or more, and the
// node's own encoding, embedded, when it is shorter.
func (h *hasher) appendRef(dst []byte, n node) []byte {
	var f *nodeFlag
	switch n := n.(type) {
	case nil:
		return append(dst, 0x80)
	case valueNode:
		return rlp.AppendBytes(dst, n)
	case hashNode:
		return rlp.AppendBytes(dst, n)
	case *shortNode:
		f = &n.flags
	case *fullNode:
		f = &n.flags
	}
	if f.hash != nil && !(h.set != nil && f.dirty) {
		return rlp.AppendBytes(dst, f.hash)
	}
	start := len(dst)
	dst = h.appendNode(dst, n)
	if len(dst)-start < 32 {
		if h.set != nil {
			f.dirty = false // embedded: persisted as part of the parent
		}
		return dst
	}
	h.finish(n, dst[start:])
	dst = append(dst[:start], 0xa0)
	return append(dst, h.out[:]...)
}
