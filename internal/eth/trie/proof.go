package trie

import (
	"bytes"
	"encoding/hex"
)

// Prove returns a Merkle proof that key has its current value in the trie
// (or is absent): the encodings of the nodes on the path from the root to
// the key's position, root first. Nodes embedded in their parent (under 32
// bytes) are not listed separately; they are inside the parent's encoding.
// The root node is always included, so the proof of an empty trie is empty.
//
// This function is not safe for concurrent access.
func (t *Trie) Prove(key []byte) ([][]byte, error) {
	h := t.hasher()
	h.rootHash(t.root) // fills the hash caches the encodings need
	k := keybytesToHex(key)
	var path []node
	n := t.root
	pos := 0
	if hn, ok := n.(hashNode); ok {
		r, err := t.resolveHash(hn, nil)
		if err != nil {
			return nil, err
		}
		t.root, n = r, r
	}
walk:
	for n != nil {
		switch nn := n.(type) {
		case *shortNode:
			path = append(path, nn)
			if len(k)-pos < len(nn.key) || !bytes.Equal(nn.key, k[pos:pos+len(nn.key)]) {
				break walk
			}
			pos += len(nn.key)
			if hn, ok := nn.val.(hashNode); ok {
				r, err := t.resolveHash(hn, k[:pos])
				if err != nil {
					return nil, err
				}
				nn.val = r
			}
			n = nn.val
		case *fullNode:
			path = append(path, nn)
			c := k[pos]
			pos++
			if hn, ok := nn.children[c].(hashNode); ok {
				r, err := t.resolveHash(hn, k[:pos])
				if err != nil {
					return nil, err
				}
				nn.children[c] = r
			}
			n = nn.children[c]
		default: // valueNode: the end of the path
			break walk
		}
	}
	proof := make([][]byte, 0, len(path))
	for i, pn := range path {
		enc := h.appendNode(h.buf[:0], pn)
		h.buf = enc
		if i == 0 || len(enc) >= 32 {
			proof = append(proof, bytes.Clone(enc))
		}
	}
	return proof, nil
}

// VerifyProof checks a proof made by Prove against root and returns the
// value it proves for key, or nil if it proves the key absent. The proof's
// nodes are looked up by hash, so their order does not matter and extra
// nodes are ignored. A proof missing a node the path needs, or holding an
// invalid node, fails with ErrInvalidProof.
//
// This function is safe for concurrent access.
func VerifyProof(root Hash, key []byte, proof [][]byte) ([]byte, error) {
	if root == EmptyRoot {
		return nil, nil
	}
	sha := newKeccak()
	hashes := make([]Hash, len(proof))
	for i, p := range proof {
		keccak256(sha, hashes[i][:], p)
	}
	lookup := func(h []byte) (node, error) {
		for i := range hashes {
			if bytes.Equal(hashes[i][:], h) {
				n, err := decodeNode(hashes[i][:], proof[i])
				if err != nil {
					return nil, &Error{Err: ErrInvalidProof, Description: err.Error()}
				}
				return n, nil
			}
		}
		return nil, &Error{Err: ErrInvalidProof, Description: "no node with hash " + hex.EncodeToString(h)}
	}
	k := keybytesToHex(key)
	n, err := lookup(root[:])
	if err != nil {
		return nil, err
	}
	pos := 0
	for {
		switch nn := n.(type) {
		case nil:
			return nil, nil
		case valueNode:
			return nn, nil
		case hashNode:
			if n, err = lookup(nn); err != nil {
				return nil, err
			}
		case *shortNode:
			if len(k)-pos < len(nn.key) || !bytes.Equal(nn.key, k[pos:pos+len(nn.key)]) {
				return nil, nil
			}
			pos += len(nn.key)
			n = nn.val
		case *fullNode:
			n = nn.children[k[pos]]
			pos++
		default:
			return nil, &Error{Err: ErrInvalidProof, Description: "unexpected node"}
		}
	}
}
