package chainhash

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// HashSize is the size in bytes of a Hash.
const HashSize = 32

// MaxHashStringSize is the length of a Hash in hex.
const MaxHashStringSize = HashSize * 2

// ErrHashStrSize is returned by NewHashFromStr for a string of the wrong
// length.
var ErrHashStrSize = fmt.Errorf("hash string must be %d hex characters", MaxHashStringSize)

// ErrHashStrHex is returned by NewHashFromStr for a string that is not hex.
var ErrHashStrHex = errors.New("hash string is not hexadecimal")

// Hash is a 32-byte hash in internal byte order.
type Hash [HashSize]byte

// String returns the hash in display (byte-reversed) hex, the way Bitcoin
// Core prints txids and block hashes.
func (h Hash) String() string {
	var r [HashSize]byte
	for i := range HashSize {
		r[i] = h[HashSize-1-i]
	}
	return hex.EncodeToString(r[:])
}

// IsZero reports whether every byte of h is zero.
func (h Hash) IsZero() bool { return h == Hash{} }

// NewHashFromStr parses a hash in display (byte-reversed) hex.
func NewHashFromStr(s string) (Hash, error) {
	var h Hash
	if len(s) != MaxHashStringSize {
		return h, ErrHashStrSize
	}
	var r [HashSize]byte
	if _, err := hex.Decode(r[:], []byte(s)); err != nil {
		return h, ErrHashStrHex
	}
	for i := range HashSize {
		h[i] = r[HashSize-1-i]
	}
	return h, nil
}

// HashFromBytes copies a 32-byte slice in internal order into a Hash.
func HashFromBytes(b []byte) (Hash, error) {
	var h Hash
	if len(b) != HashSize {
		return h, fmt.Errorf("hash must be %d bytes, got %d", HashSize, len(b))
	}
	copy(h[:], b)
	return h, nil
}

// SHA256 returns the single SHA-256 of b.
func SHA256(b []byte) Hash { return sha256.Sum256(b) }

// DoubleSHA256 returns SHA-256(SHA-256(b)), Bitcoin's SHA-256d.
func DoubleSHA256(b []byte) Hash {
	first := sha256.Sum256(b)
	return sha256.Sum256(first[:])
}
