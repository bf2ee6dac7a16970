package trie

import (
	"golang.org/x/crypto/sha3"
	"hash"
)

// Hash is a 32-byte Keccak-256 digest. It is an alias of [32]byte, so any
// named 32-byte hash type in other packages converts without ceremony.
type Hash = [32]byte

// EmptyRoot is the root hash of an empty trie: Keccak-256 of the RLP of the
// empty string (0x80).
var EmptyRoot = Hash{
	0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
	0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
}

// The in-memory node kinds. A node is one of:
//
//   - nil: the empty trie / an empty child slot;
//   - *fullNode: a branch with 16 children and a value slot (index 16);
//   - *shortNode: an extension (key without terminator, val a child node)
//     or a leaf (key ending with the terminator, val a valueNode);
//   - hashNode: a reference to a node not loaded yet (32-byte hash);
//   - valueNode: a value stored at a leaf or in a branch's value slot.
type node any

type (
	fullNode struct {
		children [17]node
		flags    nodeFlag
	}
	shortNode struct {
		key   []byte // nibbles, with terminator for a leaf
		val   node
		flags nodeFlag
	}
	hashNode  []byte
	valueNode []byte
)

// nodeFlag holds a node's cached state. hash is set once the node has been
// hashed and its encoding is 32 bytes or more (nodes under 32 bytes are
// embedded in their parent and never referenced by hash). dirty marks a
// node created or changed since it was loaded or last committed.
type nodeFlag struct {
	hash  hashNode
	dirty bool
}

// keccakState is a Keccak-256 sponge that can squeeze the digest with Read
// (no copy or allocation, unlike Sum).
type keccakState interface {
	hash.Hash
	Read([]byte) (int, error)
}

func newKeccak() keccakState {
	return sha3.NewLegacyKeccak256().(keccakState)
}

// keccak256 hashes data into out with the reusable state d.
func keccak256(d keccakState, out []byte, data []byte) {
	d.Reset()
	d.Write(data)
	d.Read(out[:32])
}
