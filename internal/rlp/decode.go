package rlp

import (
	"math/big"
	"math/bits"
)

// Kind is the kind of an RLP value: a string (byte array) or a list.
type Kind uint8

const (
	// KindString is a byte string. A single byte below 0x80 is its own
	// encoding; it is reported as a one-byte string.
	KindString Kind = iota

	// KindList is a list of values; its content is the concatenation of the
	// encodings of its elements.
	KindList
)

// String returns "string" or "list".
func (k Kind) String() string {
	if k == KindList {
		return "list"
	}
	return "string"
}

// ParseHeader reads the header of the value at the start of b and returns
// its kind, the size of the header and the size of the content. It checks
// that the header is canonical but not that the content is present, so it
// suits streaming readers that learn from the first few bytes how much more
// to read. A one-byte value below 0x80 has headerSize 0 and contentSize 1.
//
// A one-byte string (header 0x81) whose byte is below 0x80 is rejected
// with ErrCanonSize when that byte is present in b (Split always has it).
//
// This function is safe for concurrent access.
func ParseHeader(b []byte) (k Kind, headerSize int, contentSize uint64, err error) {
	if len(b) == 0 {
		return 0, 0, 0, ErrUnexpectedEnd
	}
	p := b[0]
	switch {
	case p < 0x80:
		return KindString, 0, 1, nil
	case p < 0xB8:
		size := uint64(p - 0x80)
		if size == 1 && len(b) >= 2 && b[1] < 0x80 {
			return 0, 0, 0, ErrCanonSize
		}
		return KindString, 1, size, nil
	case p < 0xC0:
		size, err := readLongSize(b[1:], int(p-0xB7))
		return KindString, 1 + int(p-0xB7), size, err
	case p < 0xF8:
		return KindList, 1, uint64(p - 0xC0), nil
	default:
		size, err := readLongSize(b[1:], int(p-0xF7))
		return KindList, 1 + int(p-0xF7), size, err
	}
}

// readLongSize reads the ll-byte big-endian size of a long-form header and
// checks that it is canonical (no leading zero byte, at least 56).
func readLongSize(b []byte, ll int) (uint64, error) {
	if len(b) < ll {
		return 0, ErrUnexpectedEnd
	}
	if b[0] == 0 {
		return 0, ErrCanonSize
	}
	var size uint64
	for _, c := range b[:ll] {
		size = size<<8 | uint64(c)
	}
	if size < 56 {
		return 0, ErrCanonSize
	}
	return size, nil
}

// Split splits b into the first RLP value and the bytes after it. It
// returns the value's kind and its content: for a string the bytes, for a
// list the concatenated encodings of the elements (split those with Split
// again). content and rest alias b; nothing is allocated.
//
// Split enforces canonical headers (ErrCanonSize) and returns
// ErrValueTooLarge when the announced size exceeds what b holds, before
// using the size for anything.
//
// This function is safe for concurrent access.
func Split(b []byte) (k Kind, content, rest []byte, err error) {
	k, hs, cs, err := ParseHeader(b)
	if err != nil {
		return 0, nil, b, err
	}
	if cs > uint64(len(b)-hs) {
		return 0, nil, b, ErrValueTooLarge
	}
	end := hs + int(cs)
	return k, b[hs:end], b[end:], nil
}

// SplitString splits b into the content of its first value, which must be
// a string (ErrExpectedString otherwise), and the rest.
//
// This function is safe for concurrent access.
func SplitString(b []byte) (content, rest []byte, err error) {
	k, content, rest, err := Split(b)
	if err != nil {
		return nil, b, err
	}
	if k != KindString {
		return nil, b, ErrExpectedString
	}
	return content, rest, nil
}

// SplitList splits b into the content of its first value, which must be a
// list (ErrExpectedList otherwise), and the rest.
//
// This function is safe for concurrent access.
func SplitList(b []byte) (content, rest []byte, err error) {
	k, content, rest, err := Split(b)
	if err != nil {
		return nil, b, err
	}
	if k != KindList {
		return nil, b, ErrExpectedList
	}
	return content, rest, nil
}

// SplitUintBytes splits off a canonical unsigned integer and returns its
// big-endian content bytes (empty for zero). It returns ErrCanonInt if the
// content has a leading zero byte.
//
// This function is safe for concurrent access.
func SplitUintBytes(b []byte) (content, rest []byte, err error) {
	content, rest, err = SplitString(b)
	if err != nil {
		return nil, b, err
	}
	if len(content) > 0 && content[0] == 0 {
		return nil, b, ErrCanonInt
	}
	return content, rest, nil
}

// SplitUint64 splits off a canonical unsigned integer of at most 8 bytes
// (ErrUintOverflow if longer).
//
// This function is safe for concurrent access.
func SplitUint64(b []byte) (x uint64, rest []byte, err error) {
	content, rest, err := SplitString(b)
	if err != nil {
		return 0, b, err
	}
	x, err = ParseUint64(content)
	if err != nil {
		return 0, b, err
	}
	return x, rest, nil
}

// ParseUint64 interprets content (the content of an RLP string) as a
// canonical big-endian unsigned integer of at most 8 bytes.
//
// This function is safe for concurrent access.
func ParseUint64(content []byte) (uint64, error) {
	switch {
	case len(content) == 0:
		return 0, nil
	case content[0] == 0:
		return 0, ErrCanonInt
	case len(content) > 8:
		return 0, ErrUintOverflow
	}
	var x uint64
	for _, c := range content {
		x = x<<8 | uint64(c)
	}
	return x, nil
}

// SplitUint256 splits off a canonical unsigned integer of at most 32 bytes
// and returns it as four little-endian 64-bit limbs (x[0] least
// significant), the layout of github.com/holiman/uint256.Int, so callers
// convert with uint256.Int(x).
//
// This function is safe for concurrent access.
func SplitUint256(b []byte) (x [4]uint64, rest []byte, err error) {
	content, rest, err := SplitUintBytes(b)
	if err != nil {
		return x, b, err
	}
	if len(content) > 32 {
		return x, b, ErrUintOverflow
	}
	for i, c := range content {
		bit := uint(len(content)-1-i) * 8
		x[bit/64] |= uint64(c) << (bit % 64)
	}
	return x, rest, nil
}

// SplitBigInt splits off a canonical unsigned integer of any size and
// returns it as a new big.Int. The integer is at most as large as the input,
// so the allocation is bounded by len(b); callers that need a bound on the
// value check BitLen or use SplitUint256.
//
// This function is safe for concurrent access.
func SplitBigInt(b []byte) (x *big.Int, rest []byte, err error) {
	content, rest, err := SplitUintBytes(b)
	if err != nil {
		return nil, b, err
	}
	return new(big.Int).SetBytes(content), rest, nil
}

// CountValues returns the number of RLP values in b (for example the
// content of a list). Every value must be well formed.
//
// This function is safe for concurrent access.
func CountValues(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		_, _, rest, err := Split(b)
		if err != nil {
			return 0, err
		}
		b = rest
		n++
	}
	return n, nil
}

// Single checks that b is exactly one RLP value (ErrMoreThanOneValue if
// bytes follow it) and returns its kind and content.
//
// This function is safe for concurrent access.
func Single(b []byte) (k Kind, content []byte, err error) {
	k, content, rest, err := Split(b)
	if err != nil {
		return 0, nil, err
	}
	if len(rest) != 0 {
		return 0, nil, ErrMoreThanOneValue
	}
	return k, content, nil
}

// uintLen returns the number of bytes of the big-endian form of x without
// leading zeros (0 for 0).
func uintLen(x uint64) int {
	return (bits.Len64(x) + 7) / 8
}
