package trie

import (
	"encoding/hex"
	"fmt"
)

// ErrorKind identifies a kind of trie error. Compare with errors.Is.
type ErrorKind string

// Error returns the description of the kind.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors returned by this package.
const (
	// ErrMissingNode: a node the trie needed is not in the NodeReader (or
	// the reader failed). The error is a *MissingNodeError carrying the hash,
	// the path and the reader's own error.
	ErrMissingNode = ErrorKind("trie: missing trie node")

	// ErrInvalidNode: a stored node blob is not a valid trie node encoding
	// (bad RLP, wrong element count, a child reference that is neither a
	// 32-byte hash nor an embedded node under 32 bytes, a bad hex-prefix
	// key).
	ErrInvalidNode = ErrorKind("trie: invalid node encoding")

	// ErrInvalidProof: a Merkle proof does not contain a node the path needs
	// or contains an invalid node.
	ErrInvalidProof = ErrorKind("trie: invalid proof")

	// ErrKeyOrder: keys given to a StackTrie are not strictly increasing, or
	// one key is a prefix of another.
	ErrKeyOrder = ErrorKind("trie: stack trie keys not in strictly increasing prefix-free order")

	// ErrEmptyValue: an empty value given to a StackTrie (which cannot
	// delete).
	ErrEmptyValue = ErrorKind("trie: stack trie value is empty")

	// ErrStackTrieDone: a StackTrie was updated after Hash without Reset.
	ErrStackTrieDone = ErrorKind("trie: stack trie already hashed")
)

// Error is a trie error with a description; it unwraps to its kind.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the kind's text followed by the description.
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Description
}

// Unwrap returns the error kind.
func (e *Error) Unwrap() error { return e.Err }

// MissingNodeError reports a node that could not be loaded. It matches
// ErrMissingNode with errors.Is and unwraps to the reader's error (Err), so
// callers can also test for their storage's not-found error.
type MissingNodeError struct {
	Hash Hash   // hash of the missing node
	Path []byte // nibble path from the root to the node
	Err  error  // the reader's error (ErrMissingNode if the reader gave none)
}

// Error describes the missing node.
func (e *MissingNodeError) Error() string {
	return fmt.Sprintf("trie: missing trie node %s (path %s): %v",
		hex.EncodeToString(e.Hash[:]), hex.EncodeToString(e.Path), e.Err)
}

// Is reports whether target is ErrMissingNode.
func (e *MissingNodeError) Is(target error) bool { return target == ErrMissingNode }

// Unwrap returns the reader's error.
func (e *MissingNodeError) Unwrap() error { return e.Err }

func invalidNode(format string, args ...any) error {
	return &Error{Err: ErrInvalidNode, Description: fmt.Sprintf(format, args...)}
}
