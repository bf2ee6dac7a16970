package rlp

import (
	"math/big"
	"math/bits"
)

// The append functions below write canonical RLP to the end of dst and
// return the extended slice, in the style of strconv.AppendInt. They never
// fail: every Go value they accept has exactly one canonical encoding. None
// of them allocates beyond growing dst.

// AppendStringHeader appends the header of a string whose content is size
// bytes long. The caller appends the content. Note that a one-byte string
// below 0x80 must be encoded without a header; use AppendBytes for that.
//
// This function is safe for concurrent access.
func AppendStringHeader(dst []byte, size int) []byte {
	return appendHeader(dst, 0x80, uint64(size))
}

// AppendListHeader appends the header of a list whose content (the
// concatenated encodings of its elements) is size bytes long. The caller
// appends the elements. When the size is not known in advance use
// StartList and EndList.
//
// This function is safe for concurrent access.
func AppendListHeader(dst []byte, size int) []byte {
	return appendHeader(dst, 0xC0, uint64(size))
}

func appendHeader(dst []byte, base byte, size uint64) []byte {
	if size < 56 {
		return append(dst, base+byte(size))
	}
	n := uintLen(size)
	dst = append(dst, base+55+byte(n))
	return appendBigEndian(dst, size, n)
}

// appendBigEndian appends the low n bytes of x, most significant first.
func appendBigEndian(dst []byte, x uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, byte(x>>(uint(i)*8)))
	}
	return dst
}

// HeaderSize returns the size of the header of a string or list with
// contentSize bytes of content (1 below 56, otherwise 1 plus the length of
// the size).
//
// This function is safe for concurrent access.
func HeaderSize(contentSize int) int {
	if contentSize < 56 {
		return 1
	}
	return 1 + uintLen(uint64(contentSize))
}

// ListSize returns the encoded size of a list with contentSize bytes of
// content.
//
// This function is safe for concurrent access.
func ListSize(contentSize int) int {
	return HeaderSize(contentSize) + contentSize
}

// AppendBytes appends b encoded as an RLP string.
//
// This function is safe for concurrent access.
func AppendBytes(dst, b []byte) []byte {
	if len(b) == 1 && b[0] < 0x80 {
		return append(dst, b[0])
	}
	dst = appendHeader(dst, 0x80, uint64(len(b)))
	return append(dst, b...)
}

// AppendString appends s encoded as an RLP string.
//
// This function is safe for concurrent access.
func AppendString(dst []byte, s string) []byte {
	if len(s) == 1 && s[0] < 0x80 {
		return append(dst, s[0])
	}
	dst = appendHeader(dst, 0x80, uint64(len(s)))
	return append(dst, s...)
}

// BytesSize returns the encoded size of b as an RLP string.
//
// This function is safe for concurrent access.
func BytesSize(b []byte) int {
	if len(b) == 1 && b[0] < 0x80 {
		return 1
	}
	return HeaderSize(len(b)) + len(b)
}

// AppendUint64 appends x as a canonical RLP integer: 0x80 for zero, the byte
// itself below 0x80, otherwise a string of its big-endian bytes without
// leading zeros.
//
// This function is safe for concurrent access.
func AppendUint64(dst []byte, x uint64) []byte {
	switch {
	case x == 0:
		return append(dst, 0x80)
	case x < 0x80:
		return append(dst, byte(x))
	}
	n := uintLen(x)
	dst = append(dst, 0x80+byte(n))
	return appendBigEndian(dst, x, n)
}

// Uint64Size returns the encoded size of x as an RLP integer.
//
// This function is safe for concurrent access.
func Uint64Size(x uint64) int {
	if x < 0x80 {
		return 1
	}
	return 1 + uintLen(x)
}

// AppendBool appends true as 0x01 and false as 0x80 (the integers 1 and 0).
//
// This function is safe for concurrent access.
func AppendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, 0x01)
	}
	return append(dst, 0x80)
}

// AppendUintBytes appends the big-endian unsigned integer b as a canonical
// RLP integer; leading zero bytes of b are dropped (so an empty or all-zero b
// encodes zero, 0x80).
//
// This function is safe for concurrent access.
func AppendUintBytes(dst, b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return AppendBytes(dst, b)
}

// AppendBigInt appends x as a canonical RLP integer. A nil x encodes as
// zero. x must not be negative: RLP has no encoding for negative numbers and
// AppendBigInt panics if x is negative, as that is a programming error in the
// caller (values from the network are decoded, never negative).
//
// This function is safe for concurrent access.
func AppendBigInt(dst []byte, x *big.Int) []byte {
	if x == nil {
		return append(dst, 0x80)
	}
	if x.Sign() < 0 {
		panic("rlp: cannot encode a negative big.Int")
	}
	bl := x.BitLen()
	if bl <= 64 {
		return AppendUint64(dst, x.Uint64())
	}
	n := (bl + 7) / 8
	dst = appendHeader(dst, 0x80, uint64(n))
	dst = append(dst, make([]byte, n)...) // no allocation: make is folded into the append
	x.FillBytes(dst[len(dst)-n:])
	return dst
}

// BigIntSize returns the encoded size of x (non-negative or nil) as an RLP
// integer.
//
// This function is safe for concurrent access.
func BigIntSize(x *big.Int) int {
	if x == nil {
		return 1
	}
	bl := x.BitLen()
	if bl <= 64 {
		return Uint64Size(x.Uint64())
	}
	n := (bl + 7) / 8
	return HeaderSize(n) + n
}

// AppendUint256 appends the 256-bit unsigned integer x, given as four
// little-endian 64-bit limbs (x[0] least significant; the layout of
// github.com/holiman/uint256.Int, so callers pass (*[4]uint64)(u)), as a
// canonical RLP integer.
//
// This function is safe for concurrent access.
func AppendUint256(dst []byte, x *[4]uint64) []byte {
	if x[1]|x[2]|x[3] == 0 {
		return AppendUint64(dst, x[0])
	}
	top := 3
	for x[top] == 0 {
		top--
	}
	n := top*8 + uintLen(x[top])
	dst = append(dst, 0x80+byte(n))
	dst = appendBigEndian(dst, x[top], uintLen(x[top]))
	for i := top - 1; i >= 0; i-- {
		v := x[i]
		dst = append(dst, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
			byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return dst
}

// Uint256Size returns the encoded size of x as an RLP integer.
//
// This function is safe for concurrent access.
func Uint256Size(x *[4]uint64) int {
	if x[1]|x[2]|x[3] == 0 {
		return Uint64Size(x[0])
	}
	top := 3
	for x[top] == 0 {
		top--
	}
	return 1 + top*8 + (bits.Len64(x[top])+7)/8
}

// StartList begins a list whose size is not known in advance: it reserves a
// one-byte header and returns the extended dst and a mark. Append the
// elements, then call EndList with the mark. Lists may nest.
//
// This function is safe for concurrent access.
func StartList(dst []byte) ([]byte, int) {
	return append(dst, 0), len(dst)
}

// EndList completes the list started at mark (the value StartList returned)
// by writing its header. If the content is 56 bytes or longer the content is
// moved right to make room for the long header.
//
// This function is safe for concurrent access.
func EndList(dst []byte, mark int) []byte {
	size := len(dst) - mark - 1
	if size < 56 {
		dst[mark] = 0xC0 + byte(size)
		return dst
	}
	n := uintLen(uint64(size))
	for range n {
		dst = append(dst, 0)
	}
	copy(dst[mark+1+n:], dst[mark+1:len(dst)-n])
	dst[mark] = 0xF7 + byte(n)
	for i := n; i >= 1; i-- {
		dst[mark+i] = byte(size)
		size >>= 8
	}
	return dst
}
