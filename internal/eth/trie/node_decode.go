package trie

import (
	"github.com/twinchain/twinchain/internal/rlp"
)

// decodeNode decodes the stored encoding of a node. hash is the hash the
// node was loaded by (nil for an embedded node); it is cached in the node
// when the blob is 32 bytes or longer. Values and hashes in the result alias
// blob.
func decodeNode(hash []byte, blob []byte) (node, error) {
	k, content, err := rlp.Single(blob)
	if err != nil {
		return nil, invalidNode("%v", err)
	}
	if k != rlp.KindList {
		return nil, invalidNode("node is not a list")
	}
	var flags nodeFlag
	if len(blob) >= 32 {
		flags.hash = hash
	}
	n, err := rlp.CountValues(content)
	if err != nil {
		return nil, invalidNode("%v", err)
	}
	switch n {
	case 2:
		return decodeShort(content, flags)
	case 17:
		return decodeFull(content, flags)
	}
	return nil, invalidNode("list of %d elements", n)
}

func decodeShort(content []byte, flags nodeFlag) (node, error) {
	compact, rest, err := rlp.SplitString(content)
	if err != nil {
		return nil, invalidNode("short node key: %v", err)
	}
	key, ok := compactToHex(compact)
	if !ok {
		return nil, invalidNode("bad hex-prefix key %x", compact)
	}
	if hasTerm(key) {
		val, _, err := rlp.SplitString(rest)
		if err != nil {
			return nil, invalidNode("leaf value: %v", err)
		}
		return &shortNode{key: key, val: valueNode(val), flags: flags}, nil
	}
	if len(key) == 0 {
		return nil, invalidNode("extension with an empty key")
	}
	child, _, err := decodeRef(rest)
	if err != nil {
		return nil, err
	}
	if child == nil {
		return nil, invalidNode("extension with an empty child")
	}
	return &shortNode{key: key, val: child, flags: flags}, nil
}

func decodeFull(content []byte, flags nodeFlag) (node, error) {
	n := &fullNode{flags: flags}
	for i := range 16 {
		child, rest, err := decodeRef(content)
		if err != nil {
			return nil, err
		}
		n.children[i] = child
		content = rest
	}
	val, _, err := rlp.SplitString(content)
	if err != nil {
		return nil, invalidNode("branch value: %v", err)
	}
	if len(val) > 0 {
		n.children[16] = valueNode(val)
	}
	return n, nil
}

// decodeRef decodes a child reference: an embedded node (a list under 32
// bytes), a 32-byte hash, or the empty string for no child.
func decodeRef(b []byte) (node, []byte, error) {
	k, content, rest, err := rlp.Split(b)
	if err != nil {
		return nil, b, invalidNode("child reference: %v", err)
	}
	switch {
	case k == rlp.KindList:
		size := len(b) - len(rest)
		if size >= 32 {
			return nil, b, invalidNode("embedded node of %d bytes (must be under 32)", size)
		}
		n, err := decodeNode(nil, b[:size])
		return n, rest, err
	case len(content) == 0:
		return nil, rest, nil
	case len(content) == 32:
		return hashNode(content), rest, nil
	}
	return nil, b, invalidNode("child reference of %d bytes", len(content))
}
