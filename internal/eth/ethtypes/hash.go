package ethtypes

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/crypto"
)

// HashLength is the size in bytes of a Hash.
const HashLength = 32

// Hash is a 32-byte Keccak-256 digest (a transaction hash, block hash, state
// root, storage key...). Unlike chainhash.Hash, which prints Bitcoin's
// byte-reversed display order, an Ethereum hash prints in its natural order:
// the first byte of the array is the first byte of the hex string.
type Hash [HashLength]byte

// EmptyCodeHash is the Keccak-256 of the empty byte string: the code hash of
// an account without code.
var EmptyCodeHash = Hash{
	0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
	0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
}

// Keccak256Hash returns the Keccak-256 (Ethereum's, not SHA3-256) of the
// concatenation of data.
//
// This function is safe for concurrent access.
func Keccak256Hash(data ...[]byte) Hash {
	return Hash(crypto.Keccak256(data...))
}

// BytesToHash returns b as a Hash. When b is longer than 32 bytes the
// leading bytes are dropped; when shorter it is left-padded with zeros (the
// usual conversion of a big-endian integer to a 32-byte word).
//
// This function is safe for concurrent access.
func BytesToHash(b []byte) Hash {
	var h Hash
	if len(b) > HashLength {
		b = b[len(b)-HashLength:]
	}
	copy(h[HashLength-len(b):], b)
	return h
}

// HexToHash parses a hash written as exactly 64 hex digits, with or without
// a 0x prefix, in either case. Errors have kind ErrInvalidHex.
//
// This function is safe for concurrent access.
func HexToHash(s string) (Hash, error) {
	var h Hash
	if err := decodeFixedHex(h[:], s, "hash"); err != nil {
		return Hash{}, err
	}
	return h, nil
}

// Bytes returns the hash as a new byte slice.
func (h Hash) Bytes() []byte { return append([]byte(nil), h[:]...) }

// IsZero reports whether every byte of h is zero.
func (h Hash) IsZero() bool { return h == Hash{} }

// Hex returns the hash as 0x followed by 64 lower-case hex digits, in
// natural byte order.
func (h Hash) Hex() string {
	var buf [2 + 2*HashLength]byte
	buf[0], buf[1] = '0', 'x'
	hex.Encode(buf[2:], h[:])
	return string(buf[:])
}

// String returns h.Hex().
func (h Hash) String() string { return h.Hex() }

// MarshalText implements encoding.TextMarshaler (0x-prefixed hex), so a Hash
// is a JSON string.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.Hex()), nil }

// UnmarshalText implements encoding.TextUnmarshaler, accepting what HexToHash
// accepts.
func (h *Hash) UnmarshalText(text []byte) error {
	v, err := HexToHash(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// decodeFixedHex decodes s (optional 0x/0X prefix) into out, which must be
// filled exactly.
func decodeFixedHex(out []byte, s, what string) error {
	s = trim0x(s)
	if len(s) != 2*len(out) {
		return ruleErrorf(ErrInvalidHex, "%s must be %d hex digits, got %d", what, 2*len(out), len(s))
	}
	if _, err := hex.Decode(out, []byte(s)); err != nil {
		return ruleErrorf(ErrInvalidHex, "%s: %v", what, err)
	}
	return nil
}

// trim0x removes a leading 0x or 0X.
func trim0x(s string) string {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}
