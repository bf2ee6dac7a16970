package btcjson

import "github.com/twinchain/twinchain/internal/btc/descriptor"

// Output descriptor checksums (BIP380) come from internal/btc/descriptor;
// these wrappers keep the names the views use.

// DescriptorChecksumLen is the length of a descriptor checksum.
const DescriptorChecksumLen = descriptor.ChecksumLen

// DescriptorChecksum returns the 8-character BIP380 checksum of desc (the
// descriptor without its "#checksum" suffix), or ok=false when desc holds a
// character outside the descriptor character set.
//
// This function is safe for concurrent access.
func DescriptorChecksum(desc string) (sum string, ok bool) {
	var buf [DescriptorChecksumLen]byte
	out, ok := descriptor.AppendChecksum(buf[:0], desc)
	if !ok {
		return "", false
	}
	return string(out), true
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
	b, _ = descriptor.AppendChecksum(b, desc)
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
