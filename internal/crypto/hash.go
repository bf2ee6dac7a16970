package crypto

import (
	"crypto/sha256"
	"hash"

	"github.com/decred/dcrd/crypto/ripemd160"
	"golang.org/x/crypto/sha3"
)

// Hash160Size is the size of a HASH160 digest.
const Hash160Size = 20

// Hash160 returns RIPEMD160(SHA256(b)), the hash behind P2PKH, P2SH and
// P2WPKH.
//
// This function is safe for concurrent access.
func Hash160(b []byte) [Hash160Size]byte {
	s := sha256.Sum256(b)
	r := ripemd160.New()
	r.Write(s[:])
	var out [Hash160Size]byte
	r.Sum(out[:0])
	return out
}

// KeccakState is a Keccak-256 sponge that can be reset and reused, so hot
// code (the Merkle-Patricia trie) can hash without allocating a new state
// per node. Read squeezes the digest without the copy Sum makes; after Read
// the state must be Reset before writing again.
//
// A KeccakState is not safe for concurrent use.
type KeccakState interface {
	hash.Hash
	Read(out []byte) (int, error)
}

// NewKeccakState returns a fresh legacy Keccak-256 (Ethereum's, not
// SHA3-256) state.
//
// This function is safe for concurrent access.
func NewKeccakState() KeccakState {
	return sha3.NewLegacyKeccak256().(KeccakState)
}

// Keccak256 returns the legacy Keccak-256 of the concatenation of data.
//
// This function is safe for concurrent access.
func Keccak256(data ...[]byte) [32]byte {
	d := NewKeccakState()
	for _, b := range data {
		d.Write(b)
	}
	var out [32]byte
	d.Read(out[:])
	return out
}
