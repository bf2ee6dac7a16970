package precompile

import (
	"crypto/sha256"

	"github.com/decred/dcrd/crypto/ripemd160"
)

// Prices of the hashing contracts and identity (Yellow Paper, appendix E):
// a base plus a price per 32-byte word of input, rounded up.
const (
	sha256BaseGas       = 60
	sha256PerWordGas    = 12
	ripemd160BaseGas    = 600
	ripemd160PerWordGas = 120
	identityBaseGas     = 15
	identityPerWordGas  = 3
)

// wordGas returns base + perWord * ceil(len(input)/32). No overflow is
// possible: an input long enough to overflow could not exist in memory.
func wordGas(input []byte, base, perWord uint64) uint64 {
	return base + perWord*((uint64(len(input))+31)/32)
}

// SHA256 is the contract at 0x02: the SHA-256 digest of the input (32
// bytes). 60 gas plus 12 per word.
type SHA256 struct{}

// RequiredGas returns 60 + 12 * ceil(len(input)/32).
//
// This function is safe for concurrent access and does not allocate.
func (SHA256) RequiredGas(input []byte) uint64 {
	return wordGas(input, sha256BaseGas, sha256PerWordGas)
}

// Run returns sha256(input). It never fails.
//
// This function is safe for concurrent access.
func (SHA256) Run(input []byte) ([]byte, error) {
	h := sha256.Sum256(input)
	return h[:], nil
}

// RIPEMD160 is the contract at 0x03: the RIPEMD-160 digest of the input,
// left-padded with zeros to 32 bytes. 600 gas plus 120 per word.
type RIPEMD160 struct{}

// RequiredGas returns 600 + 120 * ceil(len(input)/32).
//
// This function is safe for concurrent access and does not allocate.
func (RIPEMD160) RequiredGas(input []byte) uint64 {
	return wordGas(input, ripemd160BaseGas, ripemd160PerWordGas)
}

// Run returns 12 zero bytes followed by ripemd160(input). It never fails.
//
// This function is safe for concurrent access.
func (RIPEMD160) Run(input []byte) ([]byte, error) {
	h := ripemd160.New()
	h.Write(input)
	out := make([]byte, 12, 32)
	return h.Sum(out), nil
}

// Identity is the contract at 0x04: it returns a copy of its input. 15 gas
// plus 3 per word.
type Identity struct{}

// RequiredGas returns 15 + 3 * ceil(len(input)/32).
//
// This function is safe for concurrent access and does not allocate.
func (Identity) RequiredGas(input []byte) uint64 {
	return wordGas(input, identityBaseGas, identityPerWordGas)
}

// Run returns a copy of input (never input itself, which usually aliases
// EVM memory). It never fails.
//
// This function is safe for concurrent access.
func (Identity) Run(input []byte) ([]byte, error) {
	return append([]byte{}, input...), nil
}
