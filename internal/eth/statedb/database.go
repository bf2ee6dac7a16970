package statedb

import (
	"encoding/hex"
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// Database is the storage behind a StateDB: trie nodes (of the account trie
// and every storage trie) and contract code, both keyed by their
// Keccak-256 hash. internal/node adapts the chain database to it;
// MemoryDatabase is an in-memory implementation.
//
// Node and Code must return an error, never an empty result, for a hash
// they do not hold. Returned slices are kept by the caller and must not be
// modified afterwards; slices passed to PutNode and PutCode may be kept by
// the Database and are not modified afterwards by the caller.
type Database interface {
	// Node returns the encoding of the trie node with the given hash.
	Node(hash trie.Hash) ([]byte, error)
	// PutNode stores a trie node.
	PutNode(hash trie.Hash, blob []byte) error
	// Code returns the contract code with the given hash.
	Code(hash ethtypes.Hash) ([]byte, error)
	// PutCode stores contract code.
	PutCode(hash ethtypes.Hash, code []byte) error
}

// MemoryDatabase is a Database held in memory, for tests and tools. It is
// safe for concurrent use.
type MemoryDatabase struct {
	*trie.MemoryDB
	mu   sync.RWMutex
	code map[ethtypes.Hash][]byte
}

// NewMemoryDatabase returns an empty MemoryDatabase.
//
// This function is safe for concurrent access.
func NewMemoryDatabase() *MemoryDatabase {
	return &MemoryDatabase{MemoryDB: trie.NewMemoryDB(), code: make(map[ethtypes.Hash][]byte)}
}

// Code returns the stored code, or an error of kind ErrMissingCode.
//
// This function is safe for concurrent access.
func (db *MemoryDatabase) Code(hash ethtypes.Hash) ([]byte, error) {
	db.mu.RLock()
	c, ok := db.code[hash]
	db.mu.RUnlock()
	if !ok {
		return nil, &Error{Err: ErrMissingCode, Description: "code hash " + hex.EncodeToString(hash[:])}
	}
	return c, nil
}

// PutCode stores code under hash, keeping the slice.
//
// This function is safe for concurrent access.
func (db *MemoryDatabase) PutCode(hash ethtypes.Hash, code []byte) error {
	db.mu.Lock()
	db.code[hash] = code
	db.mu.Unlock()
	return nil
}

// DeleteCode removes the code with the given hash (to simulate missing
// data in tests).
//
// This function is safe for concurrent access.
func (db *MemoryDatabase) DeleteCode(hash ethtypes.Hash) {
	db.mu.Lock()
	delete(db.code, hash)
	db.mu.Unlock()
}
