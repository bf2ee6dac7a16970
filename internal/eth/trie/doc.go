// Package trie implements Ethereum's Merkle-Patricia trie (Yellow Paper
// appendix D): the authenticated key-value map behind the state root,
// storage roots and the transaction, receipt and withdrawal roots.
//
// # Model
//
// Keys are walked nibble by nibble. A node is a branch (16 children, one per
// nibble, plus a value slot), an extension (a run of nibbles shared by all
// keys below it, then one child) or a leaf (the rest of a key and its
// value); extensions and leaves carry their nibbles in hex-prefix ("compact")
// encoding. A node is stored as RLP; a parent refers to a child by the
// Keccak-256 of the child's encoding, except that a child whose encoding is
// shorter than 32 bytes is embedded in the parent. The root hash is the
// Keccak-256 of the root node's encoding, whatever its size; the empty trie's
// root is EmptyRoot, keccak(0x80) = 56e81f17...b421.
//
// # Types
//
//   - Trie: Get, Update (an empty value deletes), Delete, Hash, Commit,
//     Prove, NextKey/PrevKey and an ordered Iterator. A trie opened with New
//     loads nodes lazily by hash from a NodeReader and caches them. Commit
//     returns the root and a NodeSet of the new and changed nodes (32 bytes
//     or longer, plus the root), children before parents, which the caller
//     writes to storage through a NodeWriter; the trie stays usable.
//   - SecureTrie: a Trie keyed by keccak(key), as the account and storage
//     tries are.
//   - VerifyProof checks a proof made by Prove against a root, proving a
//     value or the absence of a key.
//   - StackTrie computes the root of keys inserted in increasing order in
//     memory proportional to the trie's depth; DeriveSha uses it for the root
//     of an ordered list (key rlp(i)), as block headers need.
//   - MemoryDB is an in-memory NodeReader/NodeWriter for tests and tools.
//
// Hash is an alias of [32]byte, so hash types of other packages convert
// freely.
//
// # Storage and errors
//
// This package does no I/O of its own: the caller supplies a NodeReader (a
// consumer-defined interface; internal/node adapts the database). A node the
// trie needs but cannot load is always an error — a *MissingNodeError that
// matches ErrMissingNode and unwraps to the reader's error — never an empty
// result. A stored node that does not decode is reported the same way, with
// an Err matching ErrInvalidNode (the reader is trusted to return the blob
// of the hash asked for; blobs are not re-hashed on load). Other kinds:
// ErrInvalidProof, ErrKeyOrder, ErrEmptyValue and ErrStackTrieDone (stack
// trie misuse). Compare with errors.Is.
//
// # Performance
//
// Hashing reuses one Keccak state and one encoding buffer per trie and
// encodes children in place into the parent's buffer; each node caches its
// hash, so rehashing after a few updates touches only the changed paths.
// Values and loaded node blobs are kept, not copied: callers must not modify
// a value after Update or a slice returned by Get.
//
// # Concurrency
//
// A Trie, SecureTrie, StackTrie or Iterator is not safe for concurrent use,
// and even Get mutates a Trie (it caches loaded nodes). VerifyProof,
// HashKey and MemoryDB are safe for concurrent use.
package trie
