package trie

import (
	"bytes"
)

// Trie is a Merkle-Patricia trie (Yellow Paper appendix D) over byte keys
// and values. Nodes are loaded lazily from a NodeReader by hash; changes
// stay in memory until Commit hands back the new and changed nodes as a
// NodeSet for the caller to store.
//
// Keys are used as given; see SecureTrie for the hashed-key tries of the
// Ethereum state. A Trie is not safe for concurrent use, not even for
// concurrent reads (a Get may cache the nodes it loads).
type Trie struct {
	root   node
	reader NodeReader
	h      *hasher
	keybuf []byte // scratch for the nibbles of a key during Get
}

// NewEmpty returns an empty trie with no backing store.
//
// This function is safe for concurrent access.
func NewEmpty() *Trie {
	return &Trie{}
}

// New returns the trie with the given root, loading nodes from reader. A
// zero root or EmptyRoot gives an empty trie. The root node is loaded at
// once, so a root that is not in the reader is reported here (as a
// *MissingNodeError).
//
// This function is safe for concurrent access.
func New(root Hash, reader NodeReader) (*Trie, error) {
	t := &Trie{reader: reader}
	if root == (Hash{}) || root == EmptyRoot {
		return t, nil
	}
	n, err := t.resolveHash(hashNode(root[:]), nil)
	if err != nil {
		return nil, err
	}
	t.root = n
	return t, nil
}

// resolveHash loads and decodes the node with hash h found at path.
func (t *Trie) resolveHash(h hashNode, path []byte) (node, error) {
	var hh Hash
	copy(hh[:], h)
	if t.reader == nil {
		return nil, &MissingNodeError{Hash: hh, Path: append([]byte(nil), path...), Err: ErrMissingNode}
	}
	blob, err := t.reader.Node(hh)
	if err == nil && len(blob) == 0 {
		err = ErrMissingNode
	}
	if err != nil {
		return nil, &MissingNodeError{Hash: hh, Path: append([]byte(nil), path...), Err: err}
	}
	n, err := decodeNode(h, blob)
	if err != nil {
		return nil, &MissingNodeError{Hash: hh, Path: append([]byte(nil), path...), Err: err}
	}
	return n, nil
}

// Get returns the value stored under key, or nil if there is none. The
// returned slice aliases the trie's memory and must not be modified. A
// missing node is an error, never an empty result.
//
// This function is not safe for concurrent access.
func (t *Trie) Get(key []byte) ([]byte, error) {
	t.keybuf = appendHex(t.keybuf[:0], key)
	v, newroot, err := t.get(t.root, t.keybuf, 0)
	if err != nil {
		return nil, err
	}
	t.root = newroot
	return v, nil
}

// get looks up key[pos:] below n. Hash nodes met on the way are loaded
// and cached in place of the reference (which changes no hash); if n itself
// is a hash node the loaded node is returned for the caller to keep.
func (t *Trie) get(n node, key []byte, pos int) ([]byte, node, error) {
	switch nn := n.(type) {
	case nil:
		return nil, n, nil
	case valueNode:
		return nn, n, nil
	case *shortNode:
		if len(key)-pos < len(nn.key) || !bytes.Equal(nn.key, key[pos:pos+len(nn.key)]) {
			return nil, n, nil
		}
		pos += len(nn.key)
		v, child, err := t.get(nn.val, key, pos)
		nn.val = child
		return v, n, err
	case *fullNode:
		c := key[pos]
		v, child, err := t.get(nn.children[c], key, pos+1)
		nn.children[c] = child
		return v, n, err
	case hashNode:
		r, err := t.resolveHash(nn, key[:pos])
		if err != nil {
			return nil, n, err
		}
		v, _, err := t.get(r, key, pos)
		return v, r, err
	}
	return nil, n, invalidNode("unexpected node type %T", n)
}

// Update stores value under key. An empty value deletes the key. The trie
// keeps value: the caller must not modify it afterwards.
//
// This function is not safe for concurrent access.
func (t *Trie) Update(key, value []byte) error {
	if len(value) == 0 {
		return t.Delete(key)
	}
	k := keybytesToHex(key)
	_, n, err := t.insert(t.root, k[:0], k, valueNode(value))
	if err != nil {
		return err
	}
	t.root = n
	return nil
}

// insert puts value at key below n, where prefix is the path to n. It
// returns whether anything changed and the new node; nodes are never
// modified, changed paths are copied.
//
// prefix and key are always the two halves of one buffer (prefix is
// k[:i], key is k[i:]), so append(prefix, key[:j]...) rewrites bytes with
// their own values and neither allocates nor corrupts key.
func (t *Trie) insert(n node, prefix, key []byte, value node) (bool, node, error) {
	if len(key) == 0 {
		if v, ok := n.(valueNode); ok {
			return !bytes.Equal(v, value.(valueNode)), value, nil
		}
		return true, value, nil
	}
	switch n := n.(type) {
	case nil:
		return true, &shortNode{key: key, val: value, flags: nodeFlag{dirty: true}}, nil
	case *shortNode:
		m := prefixLen(key, n.key)
		if m == len(n.key) {
			dirty, nn, err := t.insert(n.val, append(prefix, key[:m]...), key[m:], value)
			if !dirty || err != nil {
				return false, n, err
			}
			return true, &shortNode{key: n.key, val: nn, flags: nodeFlag{dirty: true}}, nil
		}
		// The keys diverge at m: a branch takes both.
		branch := &fullNode{flags: nodeFlag{dirty: true}}
		var err error
		_, branch.children[n.key[m]], err = t.insert(nil, nil, n.key[m+1:], n.val)
		if err != nil {
			return false, n, err
		}
		_, branch.children[key[m]], err = t.insert(nil, nil, key[m+1:], value)
		if err != nil {
			return false, n, err
		}
		if m == 0 {
			return true, branch, nil
		}
		return true, &shortNode{key: key[:m], val: branch, flags: nodeFlag{dirty: true}}, nil
	case *fullNode:
		c := key[0]
		dirty, nn, err := t.insert(n.children[c], append(prefix, c), key[1:], value)
		if !dirty || err != nil {
			return false, n, err
		}
		cp := &fullNode{children: n.children, flags: nodeFlag{dirty: true}}
		cp.children[c] = nn
		return true, cp, nil
	case hashNode:
		r, err := t.resolveHash(n, prefix)
		if err != nil {
			return false, n, err
		}
		dirty, nn, err := t.insert(r, prefix, key, value)
		if !dirty || err != nil {
			return false, r, err
		}
		return true, nn, nil
	case valueNode:
		// A value where the key continues: impossible with terminated keys.
		return false, n, invalidNode("value node on a key path")
	}
	return false, n, invalidNode("unexpected node type %T", n)
}

// Delete removes key from the trie. Deleting an absent key is not an error.
//
// This function is not safe for concurrent access.
func (t *Trie) Delete(key []byte) error {
	k := keybytesToHex(key)
	_, n, err := t.delete(t.root, k[:0], k)
	if err != nil {
		return err
	}
	t.root = n
	return nil
}

// delete removes key below n and returns the new node, restoring the
// canonical shape: no branch with a single entry, no extension pointing at
// a short node. prefix and key share one buffer as in insert.
func (t *Trie) delete(n node, prefix, key []byte) (bool, node, error) {
	switch n := n.(type) {
	case nil:
		return false, nil, nil
	case valueNode:
		return true, nil, nil
	case *shortNode:
		m := prefixLen(key, n.key)
		if m < len(n.key) {
			return false, n, nil // not present
		}
		if m == len(key) {
			return true, nil, nil // the leaf itself
		}
		dirty, child, err := t.delete(n.val, append(prefix, key[:len(n.key)]...), key[len(n.key):])
		if !dirty || err != nil {
			return false, n, err
		}
		switch child := child.(type) {
		case nil:
			return true, nil, nil
		case *shortNode:
			// Merge the two short nodes into one.
			return true, &shortNode{key: concat(n.key, child.key...), val: child.val, flags: nodeFlag{dirty: true}}, nil
		default:
			return true, &shortNode{key: n.key, val: child, flags: nodeFlag{dirty: true}}, nil
		}
	case *fullNode:
		c := key[0]
		dirty, nn, err := t.delete(n.children[c], append(prefix, c), key[1:])
		if !dirty || err != nil {
			return false, n, err
		}
		cp := &fullNode{children: n.children, flags: nodeFlag{dirty: true}}
		cp.children[c] = nn
		if nn != nil {
			return true, cp, nil
		}
		// Count what is left; a branch with one entry collapses.
		pos := -1
		for i, ch := range cp.children {
			if ch != nil {
				if pos >= 0 {
					return true, cp, nil
				}
				pos = i
			}
		}
		if pos < 0 {
			return true, nil, nil // cannot happen in a valid trie
		}
		if pos == 16 {
			return true, &shortNode{key: []byte{terminator}, val: cp.children[16], flags: nodeFlag{dirty: true}}, nil
		}
		child := cp.children[pos]
		if h, ok := child.(hashNode); ok {
			r, err := t.resolveHash(h, concat(prefix, byte(pos)))
			if err != nil {
				return false, n, err
			}
			child = r
		}
		if s, ok := child.(*shortNode); ok {
			return true, &shortNode{key: concat([]byte{byte(pos)}, s.key...), val: s.val, flags: nodeFlag{dirty: true}}, nil
		}
		return true, &shortNode{key: []byte{byte(pos)}, val: child, flags: nodeFlag{dirty: true}}, nil
	case hashNode:
		r, err := t.resolveHash(n, prefix)
		if err != nil {
			return false, n, err
		}
		dirty, nn, err := t.delete(r, prefix, key)
		if !dirty || err != nil {
			return false, r, err
		}
		return true, nn, nil
	}
	return false, n, invalidNode("unexpected node type %T", n)
}

func (t *Trie) hasher() *hasher {
	if t.h == nil {
		t.h = newHasher()
	}
	return t.h
}

// Hash returns the root hash of the trie. It caches the hashes of the nodes
// it computes, so calling it again after a few updates rehashes only the
// changed paths.
//
// This function is not safe for concurrent access.
func (t *Trie) Hash() Hash {
	return t.hasher().rootHash(t.root)
}

// Commit returns the root hash and the set of nodes to persist: every node
// created or changed since the trie was loaded or last committed whose
// encoding is 32 bytes or longer, and the root. The trie stays usable and
// its nodes stay in memory; a second Commit without changes returns an
// empty set. The set for an empty trie is empty (EmptyRoot is never stored).
//
// This function is not safe for concurrent access.
func (t *Trie) Commit() (Hash, *NodeSet) {
	set := &NodeSet{}
	h := t.hasher()
	h.set = set
	root := h.rootHash(t.root)
	h.set = nil
	return root, set
}
