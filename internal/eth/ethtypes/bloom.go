package ethtypes

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/crypto"
)

// BloomLength is the size of a logs bloom in bytes (2048 bits).
const BloomLength = 256

// Bloom is the 2048-bit logs bloom filter of a receipt or a block header.
// Each log sets 3 bits for its address and 3 for each topic: bits taken
// from the first three pairs of bytes of the keccak256 of the value, modulo
// 2048, counted from the least significant bit of the last byte.
type Bloom [BloomLength]byte

// Add sets the 3 bits of value (an address or a topic) in the bloom.
//
// This method is not safe for concurrent access.
func (b *Bloom) Add(value []byte) {
	h := crypto.Keccak256(value)
	for i := 0; i < 6; i += 2 {
		bit := (uint(h[i])<<8 | uint(h[i+1])) & 2047
		b[BloomLength-1-bit/8] |= 1 << (bit % 8)
	}
}

// Test reports whether the 3 bits of value are all set (a true result may
// be a false positive).
//
// This method is safe for concurrent access.
func (b *Bloom) Test(value []byte) bool {
	h := crypto.Keccak256(value)
	for i := 0; i < 6; i += 2 {
		bit := (uint(h[i])<<8 | uint(h[i+1])) & 2047
		if b[BloomLength-1-bit/8]&(1<<(bit%8)) == 0 {
			return false
		}
	}
	return true
}

// AddLogs adds the address and topics of every log.
//
// This method is not safe for concurrent access.
func (b *Bloom) AddLogs(logs []Log) {
	for i := range logs {
		b.Add(logs[i].Address[:])
		for j := range logs[i].Topics {
			b.Add(logs[i].Topics[j][:])
		}
	}
}

// Or sets in b every bit set in o.
//
// This method is not safe for concurrent access.
func (b *Bloom) Or(o *Bloom) {
	for i := range b {
		b[i] |= o[i]
	}
}

// LogsBloom returns the bloom of a list of logs.
//
// This function is safe for concurrent access.
func LogsBloom(logs []Log) Bloom {
	var b Bloom
	b.AddLogs(logs)
	return b
}

// Hex returns the bloom as 0x-prefixed hex.
func (b Bloom) Hex() string { return "0x" + hex.EncodeToString(b[:]) }
