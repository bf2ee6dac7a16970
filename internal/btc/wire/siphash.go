package wire

import (
	"encoding/binary"
	"math/bits"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// SipHash-2-4 (Aumasson and Bernstein), as Core's CSipHasher: 64-bit output,
// keyed by two little-endian 64-bit words.

const (
	sipC0 = 0x736f6d6570736575
	sipC1 = 0x646f72616e646f6d
	sipC2 = 0x6c7967656e657261
	sipC3 = 0x7465646279746573
)

type sipState struct{ v0, v1, v2, v3 uint64 }

func newSip(k0, k1 uint64) sipState {
	return sipState{k0 ^ sipC0, k1 ^ sipC1, k0 ^ sipC2, k1 ^ sipC3}
}

func (s *sipState) round() {
	s.v0 += s.v1
	s.v1 = bits.RotateLeft64(s.v1, 13)
	s.v1 ^= s.v0
	s.v0 = bits.RotateLeft64(s.v0, 32)
	s.v2 += s.v3
	s.v3 = bits.RotateLeft64(s.v3, 16)
	s.v3 ^= s.v2
	s.v0 += s.v3
	s.v3 = bits.RotateLeft64(s.v3, 21)
	s.v3 ^= s.v0
	s.v2 += s.v1
	s.v1 = bits.RotateLeft64(s.v1, 17)
	s.v1 ^= s.v2
	s.v2 = bits.RotateLeft64(s.v2, 32)
}

func (s *sipState) word(m uint64) {
	s.v3 ^= m
	s.round()
	s.round()
	s.v0 ^= m
}

func (s *sipState) final() uint64 {
	s.v2 ^= 0xff
	s.round()
	s.round()
	s.round()
	s.round()
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3
}

// SipHash24 returns SipHash-2-4 of msg under the key (k0, k1).
//
// This function is safe for concurrent access.
func SipHash24(k0, k1 uint64, msg []byte) uint64 {
	s := newSip(k0, k1)
	n := len(msg)
	for len(msg) >= 8 {
		s.word(binary.LittleEndian.Uint64(msg))
		msg = msg[8:]
	}
	last := uint64(n) << 56
	for i, c := range msg {
		last |= uint64(c) << (8 * i)
	}
	s.word(last)
	return s.final()
}

// SipHashHash returns SipHash-2-4 of the 32 bytes of h, as Core's
// SipHashUint256: the state lives in registers, with no loop or buffer
// (the hot path of compact block reconstruction).
//
// This function is safe for concurrent access.
func SipHashHash(k0, k1 uint64, h *chainhash.Hash) uint64 {
	v0, v1, v2, v3 := k0^sipC0, k1^sipC1, k0^sipC2, k1^sipC3
	for i := 0; i < 5; i++ {
		var m uint64
		if i < 4 {
			m = binary.LittleEndian.Uint64(h[8*i:])
		} else {
			m = 32 << 56
		}
		v3 ^= m
		for range 2 {
			v0 += v1
			v1 = bits.RotateLeft64(v1, 13) ^ v0
			v0 = bits.RotateLeft64(v0, 32)
			v2 += v3
			v3 = bits.RotateLeft64(v3, 16) ^ v2
			v0 += v3
			v3 = bits.RotateLeft64(v3, 21) ^ v0
			v2 += v1
			v1 = bits.RotateLeft64(v1, 17) ^ v2
			v2 = bits.RotateLeft64(v2, 32)
		}
		v0 ^= m
	}
	v2 ^= 0xff
	for range 4 {
		v0 += v1
		v1 = bits.RotateLeft64(v1, 13) ^ v0
		v0 = bits.RotateLeft64(v0, 32)
		v2 += v3
		v3 = bits.RotateLeft64(v3, 16) ^ v2
		v0 += v3
		v3 = bits.RotateLeft64(v3, 21) ^ v0
		v2 += v1
		v1 = bits.RotateLeft64(v1, 17) ^ v2
		v2 = bits.RotateLeft64(v2, 32)
	}
	return v0 ^ v1 ^ v2 ^ v3
}

// ShortIDKey is the BIP152 SipHash key of one compact block: the first two
// little-endian words of SHA256(header || nonce).
type ShortIDKey struct{ K0, K1 uint64 }

// NewShortIDKey derives the short id key of a compact block from its header
// and nonce.
//
// This function is safe for concurrent access.
func NewShortIDKey(h *primitives.Header, nonce uint64) ShortIDKey {
	var buf [primitives.HeaderSize + 8]byte
	b := h.AppendTo(buf[:0])
	b = binary.LittleEndian.AppendUint64(b, nonce)
	sum := chainhash.SHA256(b)
	return ShortIDKey{binary.LittleEndian.Uint64(sum[0:]), binary.LittleEndian.Uint64(sum[8:])}
}

// ShortIDMask keeps the low 48 bits of a SipHash: the 6-byte short id.
const ShortIDMask = 1<<48 - 1

// ShortID returns the BIP152 short id of a transaction: the low 48 bits of
// SipHash-2-4 of its wtxid (compact block version 2).
//
// This function is safe for concurrent access.
func (k ShortIDKey) ShortID(wtxid *chainhash.Hash) uint64 {
	return SipHashHash(k.K0, k.K1, wtxid) & ShortIDMask
}
