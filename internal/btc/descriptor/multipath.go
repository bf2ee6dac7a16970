package descriptor

import (
	"strings"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// multipathGroup is one "<a;b;...>" key path element of a descriptor.
type multipathGroup struct {
	start, end int      // byte offsets of '<' and one past '>'
	values     []string // the alternatives as written
}

// ParseMultipath parses a descriptor that may use BIP389 multipath key path
// elements ("wpkh(xpub.../<0;1>/*)") and returns one descriptor per
// alternative, in order (Core's Parse returns the same list). Without a
// multipath element it returns Parse's single descriptor. As in Core, the
// expanded descriptors print "h" for hardened steps whatever the input
// used. The "#checksum", when present, covers the multipath text.
//
// This function is safe for concurrent access.
func ParseMultipath(s string, params *chaincfg.Params) ([]*Descriptor, error) {
	return parseMultipath(s, params, false)
}

// ParseMultipathWithChecksum is ParseMultipath with the checksum required.
//
// This function is safe for concurrent access.
func ParseMultipathWithChecksum(s string, params *chaincfg.Params) ([]*Descriptor, error) {
	return parseMultipath(s, params, true)
}

func parseMultipath(s string, params *chaincfg.Params, requireChecksum bool) ([]*Descriptor, error) {
	payload, _, err := SplitChecksum(s, requireChecksum)
	if err != nil {
		return nil, err
	}
	groups, err := findMultipath(payload)
	if err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		d, err := parse(s, params, requireChecksum)
		if err != nil {
			return nil, err
		}
		return []*Descriptor{d}, nil
	}
	n := len(groups[0].values)
	for _, g := range groups[1:] {
		if len(g.values) != n {
			return nil, parseError("Multipath derivation paths have mismatched lengths")
		}
	}
	out := make([]*Descriptor, 0, n)
	for i := 0; i < n; i++ {
		var b strings.Builder
		prev := 0
		for _, g := range groups {
			b.WriteString(payload[prev:g.start])
			b.WriteString(g.values[i])
			prev = g.end
		}
		b.WriteString(payload[prev:])
		// Core re-parses the expansions with "h" as the hardened marker.
		d, err := parse(strings.ReplaceAll(b.String(), "'", "h"), params, false)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// findMultipath locates and checks the multipath elements of a descriptor
// with Core's rules: at least two distinct valid path values, none inside a
// key origin, at most one per key expression.
func findMultipath(s string) ([]multipathGroup, error) {
	var groups []multipathGroup
	bracket := 0
	lastKeyBoundary := 0 // offset of the last ',', '(', ')', '{' or '}'
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			bracket++
		case ']':
			bracket--
		case ',', '(', ')', '{', '}':
			lastKeyBoundary = i
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return nil, parseError("Key path value '%s' is not a valid uint32", s[i:])
			}
			elem := s[i : i+j+1]
			if bracket > 0 {
				return nil, parseError("Key path value '%s' specifies multipath in a section where multipath is not allowed", elem)
			}
			if len(groups) > 0 && groups[len(groups)-1].end > lastKeyBoundary {
				return nil, parseError("Multiple multipath key path specifiers found")
			}
			values := strings.Split(elem[1:len(elem)-1], ";")
			if len(values) < 2 {
				return nil, parseError("Multipath key path specifiers must have at least two items")
			}
			seen := make(map[uint32]bool, len(values))
			for _, v := range values {
				var apostrophe bool
				n, err := parseKeyPathElem(v, &apostrophe)
				if err != nil {
					return nil, err
				}
				if seen[n] {
					return nil, parseError("Duplicated key path value %d in multipath specifier", n)
				}
				seen[n] = true
			}
			groups = append(groups, multipathGroup{start: i, end: i + j + 1, values: values})
			i += j
		}
	}
	return groups, nil
}

// DeriveAddressesMultipath is deriveaddresses for a multipath descriptor:
// one list of addresses per expanded descriptor (Core returns an array of
// arrays then).
//
// This function is safe for concurrent access.
func DeriveAddressesMultipath(ds []*Descriptor, rng *[2]int64) ([][]string, error) {
	out := make([][]string, 0, len(ds))
	for _, d := range ds {
		a, err := DeriveAddresses(d, rng)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
