package trie

// SecureTrie is a Trie whose keys are the Keccak-256 hashes of the caller's
// keys, as in Ethereum's account trie (key = keccak(address)) and storage
// tries (key = keccak(slot)). Hashing bounds the depth an attacker can force
// and spreads keys evenly. The trie does not record key preimages.
//
// A SecureTrie is not safe for concurrent use.
type SecureTrie struct {
	trie Trie
	sha  keccakState
	hk   Hash
}

// NewSecure returns the secure trie with the given root (zero or EmptyRoot
// for an empty one), loading nodes from reader (which may be nil for a new,
// empty trie).
//
// This function is safe for concurrent access.
func NewSecure(root Hash, reader NodeReader) (*SecureTrie, error) {
	t, err := New(root, reader)
	if err != nil {
		return nil, err
	}
	return &SecureTrie{trie: *t, sha: newKeccak()}, nil
}

// hashKey returns keccak(key) in a buffer reused across calls.
func (t *SecureTrie) hashKey(key []byte) []byte {
	keccak256(t.sha, t.hk[:], key)
	return t.hk[:]
}

// Get returns the value stored under keccak(key), or nil.
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Get(key []byte) ([]byte, error) {
	return t.trie.Get(t.hashKey(key))
}

// Update stores value under keccak(key); an empty value deletes. The trie
// keeps value.
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Update(key, value []byte) error {
	return t.trie.Update(t.hashKey(key), value)
}

// Delete removes keccak(key).
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Delete(key []byte) error {
	return t.trie.Delete(t.hashKey(key))
}

// Hash returns the root hash.
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Hash() Hash { return t.trie.Hash() }

// Commit returns the root hash and the nodes to persist, as Trie.Commit.
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Commit() (Hash, *NodeSet) { return t.trie.Commit() }

// Prove returns a Merkle proof for keccak(key); verify it with
// VerifyProof(root, HashKey(key), proof).
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Prove(key []byte) ([][]byte, error) {
	return t.trie.Prove(t.hashKey(key))
}

// Trie returns the underlying trie, whose keys are the hashed keys (for
// iteration). Changes through it are changes to t.
//
// This function is not safe for concurrent access.
func (t *SecureTrie) Trie() *Trie { return &t.trie }

// HashKey returns Keccak-256 of key: the key under which a SecureTrie
// stores key's value.
//
// This function is safe for concurrent access.
func HashKey(key []byte) Hash {
	var h Hash
	keccak256(newKeccak(), h[:], key)
	return h
}
