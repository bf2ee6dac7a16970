package hdkeychain

import (
	"strconv"
	"strings"
)

// maxPathElements bounds ParsePath so hostile input cannot allocate without
// limit (a key cannot be deeper than MaxDepth anyway).
const maxPathElements = MaxDepth

// ParsePath parses a BIP32 derivation path: elements separated by "/", each a
// decimal index below 2^31 optionally followed by "'", "h" or "H" for a
// hardened index. A leading "m" element is optional ("m/84'/1'/0'/0/5",
// "84h/1h/0h" and "m" all parse; "" and "m" give an empty path).
//
// This function is safe for concurrent access.
func ParsePath(s string) ([]uint32, error) {
	if s == "" || s == "m" {
		return []uint32{}, nil
	}
	if rest, ok := strings.CutPrefix(s, "m/"); ok {
		s = rest
	}
	n := strings.Count(s, "/") + 1
	if n > maxPathElements {
		return nil, makeError(ErrInvalidPath, "path has more than %d elements", maxPathElements)
	}
	path := make([]uint32, 0, n)
	for elem := range strings.SplitSeq(s, "/") {
		i, err := ParsePathElement(elem)
		if err != nil {
			return nil, err
		}
		path = append(path, i)
	}
	return path, nil
}

// ParsePathElement parses one element of a derivation path ("5", "84'",
// "84h", "84H").
//
// This function is safe for concurrent access.
func ParsePathElement(elem string) (uint32, error) {
	hardened := false
	if n := len(elem); n > 0 && (elem[n-1] == '\'' || elem[n-1] == 'h' || elem[n-1] == 'H') {
		hardened = true
		elem = elem[:n-1]
	}
	if elem == "" || len(elem) > 10 {
		return 0, makeError(ErrInvalidPath, "invalid path element %q", elem)
	}
	for i := 0; i < len(elem); i++ {
		if elem[i] < '0' || elem[i] > '9' {
			return 0, makeError(ErrInvalidPath, "invalid path element %q", elem)
		}
	}
	v, err := strconv.ParseUint(elem, 10, 32)
	if err != nil || v >= HardenedKeyStart {
		return 0, makeError(ErrInvalidPath, "path index %s is out of range", elem)
	}
	if hardened {
		v += HardenedKeyStart
	}
	return uint32(v), nil
}

// FormatPath formats a path as "m/84h/1h/0h/0/5", with "h" marking hardened
// indices as Bitcoin Core prints key origins and HD key paths.
//
// This function is safe for concurrent access.
func FormatPath(p []uint32) string {
	b := make([]byte, 0, 1+len(p)*6)
	b = append(b, 'm')
	for _, i := range p {
		b = append(b, '/')
		b = AppendPathElement(b, i, 'h')
	}
	return string(b)
}

// AppendPathElement appends one path element to b: the index without the
// hardened bit, followed by mark when it is hardened.
//
// This function is safe for concurrent access.
func AppendPathElement(b []byte, i uint32, mark byte) []byte {
	b = strconv.AppendUint(b, uint64(i&^HardenedKeyStart), 10)
	if i >= HardenedKeyStart {
		b = append(b, mark)
	}
	return b
}
