package descriptor

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// Output types as Core names them (OutputType).
const (
	OutputTypeLegacy     = "legacy"
	OutputTypeP2SHSegwit = "p2sh-segwit"
	OutputTypeBech32     = "bech32"
	OutputTypeBech32m    = "bech32m"
)

// Descriptor is a parsed output script descriptor. It is immutable.
type Descriptor struct {
	root   *node
	params *chaincfg.Params
	// str is the public string without checksum; sum its checksum.
	str string
	sum string
	// inputSum is the checksum of the text that was parsed (without its
	// "#checksum"), which getdescriptorinfo reports as "checksum".
	inputSum string
}

// Parse parses a descriptor for the network params, verifying its
// "#checksum" when one is present (Core's Parse with require_checksum
// false). Errors carry Core's messages; their kinds are
// ErrInvalidDescriptor or ErrInvalidChecksum.
//
// This function is safe for concurrent access.
func Parse(s string, params *chaincfg.Params) (*Descriptor, error) {
	return parse(s, params, false)
}

// ParseWithChecksum is Parse with the checksum required ("Missing
// checksum"), as importdescriptors and deriveaddresses parse.
//
// This function is safe for concurrent access.
func ParseWithChecksum(s string, params *chaincfg.Params) (*Descriptor, error) {
	return parse(s, params, true)
}

func parse(s string, params *chaincfg.Params, requireChecksum bool) (*Descriptor, error) {
	payload, inputSum, err := SplitChecksum(s, requireChecksum)
	if err != nil {
		return nil, err
	}
	p := &parser{params: params}
	sp := payload
	root, err := p.parseScript(&sp, ctxTop)
	if err != nil {
		return nil, err
	}
	if sp != "" {
		return nil, parseError("Unexpected text '%s' after the descriptor", sp)
	}
	d := &Descriptor{root: root, params: params, inputSum: inputSum}
	d.str = string(root.appendString(nil, modePublic, params, &strState{}))
	d.sum, _ = Checksum(d.str)
	return d, nil
}

// String returns the public form with its checksum, as Core's
// getdescriptorinfo prints "descriptor": private keys replaced by public
// ones, hex in lower case, addresses normalized, and the hardened marker of
// each key expression kept as written ("'" or "h").
//
// This function is safe for concurrent access.
func (d *Descriptor) String() string { return d.str + "#" + d.sum }

// StringNoChecksum returns String without the "#checksum" suffix.
//
// This function is safe for concurrent access.
func (d *Descriptor) StringNoChecksum() string { return d.str }

// Checksum returns the checksum of String's public form.
//
// This function is safe for concurrent access.
func (d *Descriptor) Checksum() string { return d.sum }

// InputChecksum returns the checksum of the text Parse was given (without
// its "#checksum"): getdescriptorinfo's "checksum" field.
//
// This function is safe for concurrent access.
func (d *Descriptor) InputChecksum() string { return d.inputSum }

// PrivateString returns the descriptor with private keys (WIF, xprv) where
// it has them, followed by its checksum (listdescriptors with private=true).
// It fails with ErrNoPrivateKeys when the descriptor has none.
//
// This function is safe for concurrent access.
func (d *Descriptor) PrivateString() (string, error) {
	var st strState
	b := d.root.appendString(nil, modePrivate, d.params, &st)
	if !st.hadPriv {
		return "", makeError(ErrNoPrivateKeys, "Can't get descriptor string.")
	}
	sum, _ := Checksum(string(b))
	return string(b) + "#" + sum, nil
}

// NormalizedString returns the public form Core's listdescriptors prints
// (ToNormalizedString), with its checksum: every extended key with hardened
// steps in its path is replaced by the xpub at its last hardened step, the
// steps up to there moving into the key origin, and "h" marks hardened
// steps throughout. A hardened wildcard stays as it is. It fails with
// ErrCannotDerive when that needs a private key the descriptor lacks.
//
// This function is safe for concurrent access.
func (d *Descriptor) NormalizedString() (string, error) {
	var st strState
	b := d.root.appendString(nil, modeNormalized, d.params, &st)
	if st.err != nil {
		return "", st.err
	}
	sum, _ := Checksum(string(b))
	return string(b) + "#" + sum, nil
}

// IsRange reports whether the descriptor has a wildcard key ("/*").
//
// This function is safe for concurrent access.
func (d *Descriptor) IsRange() bool { return d.root.isRange() }

// IsSolvable reports whether the descriptor describes how to spend its
// outputs: false for addr() and raw() (also when nested), true otherwise.
//
// This function is safe for concurrent access.
func (d *Descriptor) IsSolvable() bool { return d.root.isSolvable() }

// HasPrivateKeys reports whether any key expression carries a private key
// (getdescriptorinfo's "hasprivatekeys").
//
// This function is safe for concurrent access.
func (d *Descriptor) HasPrivateKeys() bool { return d.root.hasPrivate() }

// OutputType returns the output type Core assigns ("legacy",
// "p2sh-segwit", "bech32", "bech32m"), or "" when there is none (pk(),
// multi(), combo(), non-standard raw()).
//
// This function is safe for concurrent access.
func (d *Descriptor) OutputType() string { return d.root.outputType(d.params) }

// Params returns the network the descriptor was parsed for.
//
// This function is safe for concurrent access.
func (d *Descriptor) Params() *chaincfg.Params { return d.params }

func (n *node) isRange() bool {
	for _, k := range n.keys {
		if k.isRange() {
			return true
		}
	}
	if n.sub != nil && n.sub.isRange() {
		return true
	}
	for _, l := range n.leaves {
		if l.isRange() {
			return true
		}
	}
	return false
}

func (n *node) isSolvable() bool {
	switch n.kind {
	case kindAddr, kindRaw:
		return false
	}
	if n.sub != nil && !n.sub.isSolvable() {
		return false
	}
	for _, l := range n.leaves {
		if !l.isSolvable() {
			return false
		}
	}
	return true
}

func (n *node) hasPrivate() bool {
	for _, k := range n.keys {
		if k.hasPrivate() {
			return true
		}
	}
	if n.sub != nil && n.sub.hasPrivate() {
		return true
	}
	for _, l := range n.leaves {
		if l.hasPrivate() {
			return true
		}
	}
	return false
}

func (n *node) outputType(params *chaincfg.Params) string {
	switch n.kind {
	case kindPKH:
		return OutputTypeLegacy
	case kindWPKH, kindWSH:
		return OutputTypeBech32
	case kindTR, kindRawTR:
		return OutputTypeBech32m
	case kindSH:
		if n.sub.outputType(params) == OutputTypeBech32 {
			return OutputTypeP2SHSegwit
		}
		return OutputTypeLegacy
	case kindAddr, kindRaw:
		return scriptOutputType(n.script)
	}
	return ""
}

// scriptOutputType is Core's OutputTypeFromDestination of the script's
// destination.
func scriptOutputType(s []byte) string {
	switch {
	case len(s) == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 20 && s[23] == 0x88 && s[24] == 0xac:
		return OutputTypeLegacy
	case len(s) == 23 && s[0] == 0xa9 && s[1] == 20 && s[22] == 0x87:
		return OutputTypeLegacy
	case len(s) >= 4 && len(s) <= 42 && (s[0] == 0 || (s[0] >= 0x51 && s[0] <= 0x60)) && int(s[1])+2 == len(s) && s[1] >= 2:
		if s[0] == 0 {
			if len(s) == 22 || len(s) == 34 {
				return OutputTypeBech32
			}
			return ""
		}
		return OutputTypeBech32m
	}
	return ""
}

// strMode selects the text form of a descriptor.
type strMode uint8

const (
	modePublic     strMode = iota // Core's ToString
	modePrivate                   // ToPrivateString
	modeNormalized                // ToNormalizedString
)

// strState collects what writing a descriptor found: whether a private key
// was written, and the first error (normalization needing a private key).
type strState struct {
	hadPriv bool
	err     error
}

// appendString appends the text of n in the given mode.
func (n *node) appendString(b []byte, mode strMode, params *chaincfg.Params, st *strState) []byte {
	switch n.kind {
	case kindAddr:
		b = append(b, "addr("...)
		b = append(b, n.addr.String()...)
		return append(b, ')')
	case kindRaw:
		b = append(b, "raw("...)
		b = appendHex(b, n.script)
		return append(b, ')')
	}
	b = append(b, funcNames[n.kind]...)
	b = append(b, '(')
	switch n.kind {
	case kindMulti, kindSortedMulti, kindMultiA, kindSortedMultiA:
		b = appendUint(b, uint64(n.threshold))
		for _, k := range n.keys {
			b = append(b, ',')
			b = appendKey(b, k, mode, params, st)
		}
	case kindSH, kindWSH:
		b = n.sub.appendString(b, mode, params, st)
	case kindTR:
		b = appendKey(b, n.keys[0], mode, params, st)
		if len(n.leaves) > 0 {
			b = append(b, ',')
			b = appendTree(b, n.leaves, n.depths, mode, params, st)
		}
	default:
		b = appendKey(b, n.keys[0], mode, params, st)
	}
	return append(b, ')')
}

func appendKey(b []byte, k *keyExpr, mode strMode, params *chaincfg.Params, st *strState) []byte {
	if mode == modeNormalized {
		b, err := k.appendNormalized(b)
		if err != nil && st.err == nil {
			st.err = err
		}
		return b
	}
	b, wrote := k.appendString(b, mode == modePrivate, params)
	if wrote {
		st.hadPriv = true
	}
	return b
}

// appendTree writes a script tree from its leaves and depths the way Core's
// TRDescriptor prints it: "{" opens a left branch below the top, "}" closes
// a right one.
func appendTree(b []byte, leaves []*node, depths []int, mode strMode, params *chaincfg.Params, st *strState) []byte {
	var path []bool
	for pos, leaf := range leaves {
		if pos > 0 {
			b = append(b, ',')
		}
		for len(path) <= depths[pos] {
			if len(path) > 0 {
				b = append(b, '{')
			}
			path = append(path, false)
		}
		b = leaf.appendString(b, mode, params, st)
		for len(path) > 0 && path[len(path)-1] {
			if len(path) > 1 {
				b = append(b, '}')
			}
			path = path[:len(path)-1]
		}
		if len(path) > 0 {
			path[len(path)-1] = true
		}
	}
	return b
}
