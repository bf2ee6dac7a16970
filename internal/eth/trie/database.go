package trie

import (
	"encoding/hex"
	"sync"
)

// NodeReader loads trie nodes by hash. It is the storage the trie package
// needs; internal/node adapts the real database to it.
//
// Node returns the node's encoding, or an error when the node is absent or
// cannot be read (the trie wraps it in a *MissingNodeError). It must never
// return an empty blob with a nil error for a missing node. The trie keeps
// the returned slice, so the reader must not modify it afterwards.
type NodeReader interface {
	Node(hash Hash) ([]byte, error)
}

// NodeWriter stores trie nodes by hash. PutNode may keep blob; the trie does
// not modify it after the call.
type NodeWriter interface {
	PutNode(hash Hash, blob []byte) error
}

// NodeSet holds the nodes a Commit produced (every node created or changed
// since the trie was loaded whose encoding is 32 bytes or longer, plus the
// root), keyed by hash, for the caller to persist with WriteTo. Node blobs
// are packed into large shared chunks, so a commit allocates little beyond
// the bytes it stores.
type NodeSet struct {
	hashes []Hash
	blobs  [][]byte
	chunk  []byte // current chunk blobs are appended to
	size   int
}

// nodeSetChunk is the size of the chunks blobs are packed into.
const nodeSetChunk = 64 << 10

func (s *NodeSet) add(h Hash, blob []byte) {
	if cap(s.chunk)-len(s.chunk) < len(blob) {
		s.chunk = make([]byte, 0, max(nodeSetChunk, len(blob)))
	}
	start := len(s.chunk)
	s.chunk = append(s.chunk, blob...)
	s.hashes = append(s.hashes, h)
	s.blobs = append(s.blobs, s.chunk[start:len(s.chunk):len(s.chunk)])
	s.size += len(blob)
}

// Len returns the number of nodes in the set.
func (s *NodeSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.hashes)
}

// Size returns the total size of the node blobs in bytes.
func (s *NodeSet) Size() int {
	if s == nil {
		return 0
	}
	return s.size
}

// Node returns the i-th node (0 <= i < Len), children before parents: the
// root comes last.
func (s *NodeSet) Node(i int) (Hash, []byte) {
	return s.hashes[i], s.blobs[i]
}

// WriteTo writes every node of the set to w in order (children before
// parents), stopping at the first error.
func (s *NodeSet) WriteTo(w NodeWriter) error {
	for i := range s.Len() {
		h, blob := s.Node(i)
		if err := w.PutNode(h, blob); err != nil {
			return err
		}
	}
	return nil
}

// MemoryDB is an in-memory NodeReader and NodeWriter, for tests and tools.
// It is safe for concurrent use.
type MemoryDB struct {
	mu    sync.RWMutex
	nodes map[Hash][]byte
}

// NewMemoryDB returns an empty MemoryDB.
func NewMemoryDB() *MemoryDB {
	return &MemoryDB{nodes: make(map[Hash][]byte)}
}

// Node returns the stored blob for hash, or an error wrapping
// ErrMissingNode.
//
// This function is safe for concurrent access.
func (db *MemoryDB) Node(hash Hash) ([]byte, error) {
	db.mu.RLock()
	blob, ok := db.nodes[hash]
	db.mu.RUnlock()
	if !ok {
		return nil, &Error{Err: ErrMissingNode, Description: "memorydb: no node " + hex.EncodeToString(hash[:])}
	}
	return blob, nil
}

// PutNode stores blob under hash (keeping the slice).
//
// This function is safe for concurrent access.
func (db *MemoryDB) PutNode(hash Hash, blob []byte) error {
	db.mu.Lock()
	db.nodes[hash] = blob
	db.mu.Unlock()
	return nil
}

// Delete removes the node with the given hash (to simulate missing data).
//
// This function is safe for concurrent access.
func (db *MemoryDB) Delete(hash Hash) {
	db.mu.Lock()
	delete(db.nodes, hash)
	db.mu.Unlock()
}

// Len returns the number of stored nodes.
//
// This function is safe for concurrent access.
func (db *MemoryDB) Len() int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.nodes)
}
