package descriptor

import "strings"

// ChecksumLen is the length of a descriptor checksum.
const ChecksumLen = 8

// inputCharset is BIP380's character set: the position of a character
// selects its symbols (low 5 bits; the group of 32 counts towards an extra
// symbol per three characters).
const inputCharset = "0123456789()[],'/*abcdefgh@:$%{}" +
	"IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" +
	"ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "

// checksumCharset encodes the checksum (the bech32 alphabet).
const checksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// charPos maps a byte to its position in inputCharset plus one (0: not in the
// set). Built once from a constant string.
var charPos = func() (t [256]uint8) {
	for i := 0; i < len(inputCharset); i++ {
		t[inputCharset[i]] = uint8(i + 1)
	}
	return t
}()

// polyMod multiplies the checksum state by x modulo BIP380's generator and
// adds val.
func polyMod(c uint64, val uint64) uint64 {
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

// AppendChecksum appends the 8-character checksum of s to dst; ok is false
// (and dst is returned unchanged) when s has a character outside the
// descriptor character set. It does not allocate beyond dst's growth.
//
// This function is safe for concurrent access.
func AppendChecksum(dst []byte, s string) ([]byte, bool) {
	c := uint64(1)
	cls, clsCount := uint64(0), 0
	for i := 0; i < len(s); i++ {
		p := charPos[s[i]]
		if p == 0 {
			return dst, false
		}
		pos := uint64(p - 1)
		c = polyMod(c, pos&31)
		cls = cls*3 + pos>>5
		if clsCount++; clsCount == 3 {
			c = polyMod(c, cls)
			cls, clsCount = 0, 0
		}
	}
	if clsCount > 0 {
		c = polyMod(c, cls)
	}
	for range ChecksumLen {
		c = polyMod(c, 0)
	}
	c ^= 1
	for j := range ChecksumLen {
		dst = append(dst, checksumCharset[(c>>(5*(7-j)))&31])
	}
	return dst, true
}

// Checksum returns the BIP380 checksum of s, a descriptor without "#". It
// fails with ErrInvalidChecksum ("Invalid characters in payload") when s has
// a character outside the descriptor character set.
//
// This function is safe for concurrent access.
func Checksum(s string) (string, error) {
	var buf [ChecksumLen]byte
	out, ok := AppendChecksum(buf[:0], s)
	if !ok {
		return "", makeError(ErrInvalidChecksum, "Invalid characters in payload")
	}
	return string(out), nil
}

// AddChecksum returns s followed by "#" and its checksum (Core's
// AddChecksum); s must not carry a checksum already.
//
// This function is safe for concurrent access.
func AddChecksum(s string) (string, error) {
	sum, err := Checksum(s)
	if err != nil {
		return "", err
	}
	return s + "#" + sum, nil
}

// SplitChecksum checks the "#checksum" suffix of s the way Core's
// CheckChecksum does and returns the payload before it and the computed
// checksum. With requireChecksum, a missing checksum is an error ("Missing
// checksum"). Other errors: "Multiple '#' symbols", "Expected 8 character
// checksum, not N characters", "Invalid characters in payload", "Provided
// checksum 'x' does not match computed checksum 'y'".
//
// This function is safe for concurrent access.
func SplitChecksum(s string, requireChecksum bool) (payload, checksum string, err error) {
	parts := strings.Split(s, "#")
	if len(parts) > 2 {
		return "", "", makeError(ErrInvalidChecksum, "Multiple '#' symbols")
	}
	if len(parts) == 1 && requireChecksum {
		return "", "", makeError(ErrInvalidChecksum, "Missing checksum")
	}
	if len(parts) == 2 && len(parts[1]) != ChecksumLen {
		return "", "", makeError(ErrInvalidChecksum, "Expected 8 character checksum, not %d characters", len(parts[1]))
	}
	sum, err := Checksum(parts[0])
	if err != nil {
		return "", "", err
	}
	if len(parts) == 2 && parts[1] != sum {
		return "", "", makeError(ErrInvalidChecksum, "Provided checksum '%s' does not match computed checksum '%s'", parts[1], sum)
	}
	return parts[0], sum, nil
}
