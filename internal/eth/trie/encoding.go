package trie

import "github.com/twinchain/twinchain/internal/rlp"

// Keys are handled in three forms:
//
//   - key bytes: the caller's key.
//   - hex (nibbles): one nibble (0-15) per byte, high nibble first, followed
//     by the terminator 16 for a key that ends at a value. Nodes in memory
//     use this form.
//   - compact (hex-prefix, Yellow Paper appendix C): two nibbles per byte,
//     with a first nibble holding the flags (2 = leaf/terminated, 1 = odd
//     length) and, for an odd length, the first key nibble. Encoded nodes
//     use this form.

// terminator marks the end of a key at a value.
const terminator = 16

// keybytesToHex returns the nibbles of key followed by the terminator.
func keybytesToHex(key []byte) []byte {
	return appendHex(make([]byte, 0, len(key)*2+1), key)
}

// appendHex appends the nibbles of key and the terminator to dst.
func appendHex(dst, key []byte) []byte {
	for _, b := range key {
		dst = append(dst, b>>4, b&0x0f)
	}
	return append(dst, terminator)
}

// hasTerm reports whether the nibble key ends with the terminator.
func hasTerm(s []byte) bool {
	return len(s) > 0 && s[len(s)-1] == terminator
}

// compactSize returns the length of the compact form of the nibble key.
func compactSize(hex []byte) int {
	if hasTerm(hex) {
		hex = hex[:len(hex)-1]
	}
	return len(hex)/2 + 1
}

// appendCompact appends the compact form of the nibble key (terminated for
// a leaf) to dst.
func appendCompact(dst, hex []byte) []byte {
	if hasTerm(hex) {
		return appendCompactFlags(dst, hex[:len(hex)-1], true)
	}
	return appendCompactFlags(dst, hex, false)
}

// appendCompactFlags appends the compact form of the nibbles (which carry
// no terminator) with the leaf flag as given.
func appendCompactFlags(dst, nibbles []byte, leaf bool) []byte {
	var flags byte
	if leaf {
		flags = 2
	}
	if len(nibbles)&1 == 1 {
		dst = append(dst, (flags|1)<<4|nibbles[0])
		nibbles = nibbles[1:]
	} else {
		dst = append(dst, flags<<4)
	}
	for i := 0; i+1 < len(nibbles); i += 2 {
		dst = append(dst, nibbles[i]<<4|nibbles[i+1])
	}
	return dst
}

// appendCompactString appends the compact form of the nibble key as an RLP
// string. A one-byte compact key is always below 0x80 (its high nibble holds
// only the flags), so it is its own encoding.
func appendCompactString(dst, hex []byte) []byte {
	if hasTerm(hex) {
		return appendCompactStringFlags(dst, hex[:len(hex)-1], true)
	}
	return appendCompactStringFlags(dst, hex, false)
}

// appendCompactStringFlags is appendCompactString for nibbles without a
// terminator and an explicit leaf flag.
func appendCompactStringFlags(dst, nibbles []byte, leaf bool) []byte {
	if n := len(nibbles)/2 + 1; n > 1 {
		dst = rlp.AppendStringHeader(dst, n)
	}
	return appendCompactFlags(dst, nibbles, leaf)
}

// compactToHex decodes a compact key into nibbles (with the terminator for
// a leaf). It reports false for an invalid flag nibble or an empty input.
func compactToHex(compact []byte) ([]byte, bool) {
	if len(compact) == 0 {
		return nil, false
	}
	flags := compact[0] >> 4
	if flags > 3 {
		return nil, false
	}
	odd := flags&1 == 1
	leaf := flags&2 == 2
	if !odd && compact[0]&0x0f != 0 {
		return nil, false
	}
	n := (len(compact)-1)*2 + 1
	out := make([]byte, 0, n+1)
	if odd {
		out = append(out, compact[0]&0x0f)
	}
	for _, b := range compact[1:] {
		out = append(out, b>>4, b&0x0f)
	}
	if leaf {
		out = append(out, terminator)
	}
	return out, true
}

// hexToKeybytes packs an even-length nibble key (without terminator) into
// bytes.
func hexToKeybytes(hex []byte) []byte {
	if hasTerm(hex) {
		hex = hex[:len(hex)-1]
	}
	out := make([]byte, len(hex)/2)
	for i := range out {
		out[i] = hex[2*i]<<4 | hex[2*i+1]
	}
	return out
}

// prefixLen returns the length of the common prefix of a and b.
func prefixLen(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// concat returns a new slice holding a followed by b.
func concat(a []byte, b ...byte) []byte {
	out := make([]byte, len(a)+len(b))
	copy(out, a)
	copy(out[len(a):], b)
	return out
}
