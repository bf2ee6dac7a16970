package btcjson

// Output descriptor checksums (BIP380), as Bitcoin Core's DescriptorChecksum
// computes them: every character is mapped to its position in
// descInputCharset; each position contributes its low five bits as one
// symbol, and every group of three characters contributes one more symbol
// made of their high bits. The symbols feed a degree-8 BCH code over GF(32)
// whose remainder, XORed with 1, is written with the Bech32 alphabet.

// descInputCharset orders the characters a descriptor may contain so that
// the common ones (hex, key paths) share one group of 32 and a case error
// changes only the group.
const descInputCharset = "0123456789()[],'/*abcdefgh@:$%{}" +
	"IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" +
	"ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "

// descChecksumCharset is the Bech32 alphabet the checksum is written in.
const descChecksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// DescriptorChecksumLen is the length of a descriptor checksum.
const DescriptorChecksumLen = 8

// descCharPos maps a byte to 1 + its position in descInputCharset (0 means
// the byte is not allowed). Built once from the constant above.
var descCharPos = func() (t [256]uint8) {
	for i := 0; i < len(descInputCharset); i++ {
		t[descInputCharset[i]] = uint8(i + 1)
	}
	return t
}()

// descPolyMod multiplies the degree-8 GF(32) polynomial packed in c by x,
// reduces it modulo the BIP380 generator and adds val.
func descPolyMod(c uint64, val uint64) uint64 {
	c0 := c >> 35
	c = (c&0x7ffffffff)<<5 ^ val
	if c0&1 != 0 {
		c ^= 0xf5dee51989
	}
	if c0&2 != 0 {
		c ^= 0xa9fdca3312
	}
	if c0&4 != 0 {
		c ^= 0x1bab10e32d
	}
	if c0&8 != 0 {
		c ^= 0x3706b1677a
	}
	if c0&16 != 0 {
		c ^= 0x644d626ffd
	}
	return c
}

// DescriptorChecksum returns the 8-character BIP380 checksum of desc (the
// descriptor without its "#checksum" suffix), or ok=false when desc holds a
// character outside the descriptor character set.
//
// This function is safe for concurrent access.
func DescriptorChecksum(desc string) (sum string, ok bool) {
	var buf [DescriptorChecksumLen]byte
	out, ok := appendDescriptorChecksum(buf[:0], desc)
	if !ok {
		return "", false
	}
	return string(out), true
}

// appendDescriptorChecksum appends the checksum of desc to dst; ok is false
// (and dst returned unchanged) when desc has a character outside the set.
func appendDescriptorChecksum(dst []byte, desc string) (out []byte, ok bool) {
	c := uint64(1)
	cls, clsCount := uint64(0), 0
	for i := 0; i < len(desc); i++ {
		p := descCharPos[desc[i]]
		if p == 0 {
			return dst, false
		}
		pos := uint64(p - 1)
		c = descPolyMod(c, pos&31)
		cls = cls*3 + pos>>5
		if clsCount++; clsCount == 3 {
			c = descPolyMod(c, cls)
			cls, clsCount = 0, 0
		}
	}
	if clsCount > 0 {
		c = descPolyMod(c, cls)
	}
	for range DescriptorChecksumLen {
		c = descPolyMod(c, 0)
	}
	c ^= 1
	for j := range DescriptorChecksumLen {
		dst = append(dst, descChecksumCharset[(c>>(5*(7-j)))&31])
	}
	return dst, true
}

// AddDescriptorChecksum returns desc followed by "#" and its checksum, as
// Core's AddChecksum does. A descriptor with characters outside the
// descriptor character set gets an empty checksum ("desc#"), which is what
// Core's AddChecksum produces too; descriptors this package builds never
// contain such characters.
//
// This function is safe for concurrent access.
func AddDescriptorChecksum(desc string) string {
	b := make([]byte, 0, len(desc)+1+DescriptorChecksumLen)
	b = append(b, desc...)
	b = append(b, '#')
	b, _ = appendDescriptorChecksum(b, desc)
	return string(b)
}

// VerifyDescriptorChecksum splits "desc#checksum" and reports whether the
// checksum is present and matches (Core's CheckChecksum with
// require_checksum). It returns the descriptor without the checksum.
//
// This function is safe for concurrent access.
func VerifyDescriptorChecksum(s string) (desc string, ok bool) {
	hash := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '#' {
			if hash >= 0 {
				return "", false // more than one '#'
			}
			hash = i
		}
	}
	if hash < 0 || len(s)-hash-1 != DescriptorChecksumLen {
		return "", false
	}
	desc = s[:hash]
	sum, ok := DescriptorChecksum(desc)
	if !ok || sum != s[hash+1:] {
		return "", false
	}
	return desc, true
}
