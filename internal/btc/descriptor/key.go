package descriptor

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/hdkeychain"
	"github.com/twinchain/twinchain/internal/crypto"
)

// scriptCtx is the context a key or script expression is parsed in (Core's
// ParseScriptContext).
type scriptCtx uint8

const (
	ctxTop    scriptCtx = iota // scriptPubKey itself
	ctxP2SH                    // inside sh(): the redeemScript
	ctxP2WPKH                  // inside wpkh(): a key only
	ctxP2WSH                   // inside wsh(): the witnessScript
	ctxP2TR                    // inside tr(): internal key or tapscript leaf
)

// deriveType is the final wildcard of an extended key expression.
type deriveType uint8

const (
	deriveNone       deriveType = iota // no "/*"
	deriveUnhardened                   // "/*"
	deriveHardened                     // "/*'" or "/*h"
)

// hardened is the BIP32 hardened-index flag.
const hardened = hdkeychain.HardenedKeyStart

// keyExpr is one parsed key expression: an optional origin and either a
// constant key (hex or WIF) or an extended key with a path and wildcard.
type keyExpr struct {
	hasOrigin  bool
	originFP   [4]byte
	originPath []uint32
	// apostrophe records whether "'" (true) or "h" marked the last hardened
	// step seen, as Core prints it back.
	apostrophe bool

	// Constant keys. pub is the 33- or 65-byte key (02||x for an x-only key
	// given as 32 bytes, which xonly then marks).
	pub           []byte
	xonly         bool
	priv          *secp256k1.PrivateKey
	wifCompressed bool

	// Extended keys: ext is the key as written (private or public), path the
	// steps after it, derive the wildcard. parent is ext derived along path
	// (nil when that needs a private key we lack).
	ext    *hdkeychain.ExtendedKey
	path   []uint32
	derive deriveType
	parent *hdkeychain.ExtendedKey
}

// isRange reports whether the key has a wildcard.
func (k *keyExpr) isRange() bool { return k.derive != deriveNone }

// hasPrivate reports whether the key carries private material.
func (k *keyExpr) hasPrivate() bool {
	return k.priv != nil || (k.ext != nil && k.ext.IsPrivate())
}

// size is Core's GetSize: the serialized pubkey size (33 or 65).
func (k *keyExpr) size() int {
	if k.ext != nil {
		return 33
	}
	return len(k.pub)
}

// derivedKey is a key expression evaluated at one index.
type derivedKey struct {
	pub    []byte // 33 or 65 bytes
	priv   []byte // 32 bytes or nil
	origin KeyOrigin
}

// errCannotDerive is Core's deriveaddresses message for a failed Expand.
func errCannotDerive() error {
	return makeError(ErrCannotDerive, "Cannot derive script without private keys")
}

// derive evaluates the key at index (ignored by unranged keys).
func (k *keyExpr) deriveAt(index uint32) (derivedKey, error) {
	var d derivedKey
	if k.ext == nil {
		d.pub = k.pub
		if k.priv != nil {
			b := k.priv.Key.Bytes()
			d.priv = b[:]
		}
		if k.hasOrigin {
			d.origin = KeyOrigin{Fingerprint: k.originFP, Path: append([]uint32(nil), k.originPath...)}
		} else {
			h := crypto.Hash160(k.pub)
			d.origin = KeyOrigin{Fingerprint: [4]byte{h[0], h[1], h[2], h[3]}, Path: []uint32{}}
		}
		return d, nil
	}
	if k.parent == nil {
		return d, errCannotDerive()
	}
	final := k.parent
	var step uint32
	switch k.derive {
	case deriveUnhardened:
		step = index
	case deriveHardened:
		step = index | hardened
	}
	if k.derive != deriveNone {
		if index >= hardened {
			return d, makeError(ErrCannotDerive, "derivation index %d is out of range", index)
		}
		c, err := final.Child(step)
		if err != nil {
			return d, makeError(ErrCannotDerive, "Cannot derive script: %v", err)
		}
		final = c
	}
	pk := final.PubKeyArray()
	d.pub = pk[:]
	if final.IsPrivate() {
		d.priv, _ = final.PrivKey()
	}
	n := len(k.originPath) + len(k.path)
	if k.derive != deriveNone {
		n++
	}
	path := make([]uint32, 0, n)
	if k.hasOrigin {
		d.origin.Fingerprint = k.originFP
		path = append(path, k.originPath...)
	} else {
		d.origin.Fingerprint = k.ext.Fingerprint()
	}
	path = append(path, k.path...)
	if k.derive != deriveNone {
		path = append(path, step)
	}
	d.origin.Path = path
	return d, nil
}

// appendPath appends "/a/b'..." with the hardened marker Core would print.
func appendPath(b []byte, path []uint32, apostrophe bool) []byte {
	mark := byte('h')
	if apostrophe {
		mark = '\''
	}
	for _, i := range path {
		b = append(b, '/')
		b = hdkeychain.AppendPathElement(b, i, mark)
	}
	return b
}

// appendString appends the key's text form: public, or with private keys
// where it has them (private). It reports whether private material was
// written.
func (k *keyExpr) appendString(b []byte, private bool, params *chaincfg.Params) ([]byte, bool) {
	if k.hasOrigin {
		b = appendOrigin(b, k.originFP, k.originPath, k.apostrophe)
	}
	if k.ext == nil {
		if private && k.priv != nil {
			return append(b, address.EncodeWIF(k.priv, k.wifCompressed, params)...), true
		}
		if k.xonly {
			return hex.AppendEncode(b, k.pub[1:]), false
		}
		return hex.AppendEncode(b, k.pub), false
	}
	wrotePriv := false
	if private && k.ext.IsPrivate() {
		b = append(b, k.ext.String()...)
		wrotePriv = true
	} else {
		b = append(b, k.ext.Neuter().String()...)
	}
	b = appendPath(b, k.path, k.apostrophe)
	switch k.derive {
	case deriveUnhardened:
		b = append(b, "/*"...)
	case deriveHardened:
		b = append(b, "/*"...)
		if k.apostrophe {
			b = append(b, '\'')
		} else {
			b = append(b, 'h')
		}
	}
	return b, wrotePriv
}

// appendOrigin appends "[fingerprint/path]".
func appendOrigin(b []byte, fp [4]byte, path []uint32, apostrophe bool) []byte {
	b = append(b, '[')
	b = hex.AppendEncode(b, fp[:])
	b = appendPath(b, path, apostrophe)
	return append(b, ']')
}

// appendNormalized appends the key's normalized public form (Core's
// ToNormalizedString): "h" markers, and an extended key with hardened path
// steps replaced by the xpub at its last hardened step.
func (k *keyExpr) appendNormalized(b []byte) ([]byte, error) {
	if k.ext == nil || k.derive == deriveHardened {
		n := *k
		n.apostrophe = false
		b, _ = n.appendString(b, false, nil)
		return b, nil
	}
	last := -1
	for i, s := range k.path {
		if s >= hardened {
			last = i
		}
	}
	if last < 0 {
		n := *k
		n.apostrophe = false
		b, _ = n.appendString(b, false, nil)
		return b, nil
	}
	prefix, rest := k.path[:last+1], k.path[last+1:]
	xk, err := k.ext.DerivePath(prefix)
	if err != nil || !xk.IsPrivate() {
		return b, errCannotDerive()
	}
	fp := k.ext.Fingerprint()
	originPath := prefix
	if k.hasOrigin {
		fp = k.originFP
		originPath = append(append([]uint32(nil), k.originPath...), prefix...)
	}
	b = appendOrigin(b, fp, originPath, false)
	b = append(b, xk.Neuter().String()...)
	b = appendPath(b, rest, false)
	if k.derive == deriveUnhardened {
		b = append(b, "/*"...)
	}
	return b, nil
}

// isHex is Core's IsHex: non-empty, even length, hex digits only.
func isHex(s string) bool {
	if len(s) == 0 || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isSpace is Core's IsSpace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v'
}

// parseKeyPathElem parses one path element as Core's key-path parser does:
// digits (ToIntegral<uint32_t>), optionally followed by "'" or "h".
func parseKeyPathElem(elem string, apostrophe *bool) (uint32, error) {
	isHardened := false
	if n := len(elem); n > 0 && (elem[n-1] == '\'' || elem[n-1] == 'h') {
		isHardened = true
		*apostrophe = elem[n-1] == '\''
		elem = elem[:n-1]
	}
	if len(elem) > 0 && elem[0] == '<' {
		return 0, parseError("Key path value '%s' specifies multipath in a section where multipath is not allowed", elem)
	}
	v, err := parseUint32(elem)
	if err != nil {
		return 0, parseError("Key path value '%s' is not a valid uint32", elem)
	}
	if v > 0x7fffffff {
		return 0, parseError("Key path value %d is out of range", v)
	}
	if isHardened {
		v |= hardened
	}
	return v, nil
}

// parseUint32 accepts only decimal digits (no sign, no spaces), like Core's
// ToIntegral.
func parseUint32(s string) (uint32, error) {
	if s == "" || len(s) > 20 {
		return 0, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	v, err := strconv.ParseUint(s, 10, 32)
	return uint32(v), err
}

// parseKeyPath parses the path elements (after the key or fingerprint).
func parseKeyPath(elems []string, apostrophe *bool) ([]uint32, error) {
	path := make([]uint32, 0, len(elems))
	for _, e := range elems {
		v, err := parseKeyPathElem(e, apostrophe)
		if err != nil {
			return nil, err
		}
		path = append(path, v)
	}
	return path, nil
}

// maxKeyPathElems bounds a key expression's path (a key cannot be deeper).
const maxKeyPathElems = 256

// parsePubkey parses a key expression with its optional origin (Core's
// ParsePubkey).
func (p *parser) parsePubkey(s string, ctx scriptCtx) (*keyExpr, error) {
	originSplit := strings.Split(s, "]")
	if len(originSplit) > 2 {
		return nil, parseError("Multiple ']' characters found for a single pubkey")
	}
	k := &keyExpr{}
	if len(originSplit) == 1 {
		if err := p.parsePubkeyInner(k, s, ctx); err != nil {
			return nil, err
		}
		return k, nil
	}
	o := originSplit[0]
	if o == "" || o[0] != '[' {
		c := byte(']')
		if o != "" {
			c = o[0]
		}
		return nil, parseError("Key origin start '[ character expected but not found, got '%c' instead", c)
	}
	slash := strings.Split(o[1:], "/")
	if len(slash) > maxKeyPathElems {
		return nil, parseError("Key origin path is too long")
	}
	if len(slash[0]) != 8 {
		return nil, parseError("Fingerprint is not 4 bytes (%d characters instead of 8 characters)", len(slash[0]))
	}
	if !isHex(slash[0]) {
		return nil, parseError("Fingerprint '%s' is not hex", slash[0])
	}
	fp, _ := hex.DecodeString(slash[0])
	copy(k.originFP[:], fp)
	path, err := parseKeyPath(slash[1:], &k.apostrophe)
	if err != nil {
		return nil, err
	}
	k.hasOrigin = true
	k.originPath = path
	if err := p.parsePubkeyInner(k, originSplit[1], ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// parsePubkeyInner parses a key expression without origin into k (Core's
// ParsePubkeyInner).
func (p *parser) parsePubkeyInner(k *keyExpr, s string, ctx scriptCtx) error {
	permitUncompressed := ctx == ctxTop || ctx == ctxP2SH
	split := strings.Split(s, "/")
	str := split[0]
	if str == "" {
		return parseError("No key provided")
	}
	if isSpace(str[0]) || isSpace(str[len(str)-1]) {
		return parseError("Key '%s' is invalid due to whitespace", str)
	}
	if len(split) == 1 {
		if isHex(str) {
			data, _ := hex.DecodeString(str)
			validSize := (len(data) == 33 && (data[0] == 2 || data[0] == 3)) ||
				(len(data) == 65 && (data[0] == 4 || data[0] == 6 || data[0] == 7))
			if validSize && (data[0] == 6 || data[0] == 7) {
				return parseError("Hybrid public keys are not allowed")
			}
			if validSize {
				if _, err := crypto.ParsePubKey(data); err == nil {
					if permitUncompressed || len(data) == 33 {
						k.pub = data
						return nil
					}
					return parseError("Uncompressed keys are not allowed")
				}
			} else if len(data) == 32 && ctx == ctxP2TR {
				full := append([]byte{0x02}, data...)
				if _, err := crypto.ParsePubKey(full); err == nil {
					k.pub = full
					k.xonly = true
					return nil
				}
			}
			return parseError("Pubkey '%s' is invalid", str)
		}
		if priv, compressed, err := address.DecodeWIF(str, p.params); err == nil {
			if !permitUncompressed && !compressed {
				return parseError("Uncompressed keys are not allowed")
			}
			k.priv = priv
			k.wifCompressed = compressed
			if compressed {
				k.pub = priv.PubKey().SerializeCompressed()
			} else {
				k.pub = priv.PubKey().SerializeUncompressed()
			}
			k.xonly = ctx == ctxP2TR
			return nil
		}
	}
	ext, err := hdkeychain.ParseExtendedKey(str)
	if err != nil || !ext.IsForNet(p.params) {
		return parseError("key '%s' is not valid", str)
	}
	if len(split) > maxKeyPathElems {
		return parseError("Key path is too long")
	}
	// Core parses the wildcard before the path, so a hardened path
	// element's marker wins over the wildcard's.
	last := split[len(split)-1]
	switch {
	case len(split) > 1 && last == "*":
		k.derive = deriveUnhardened
		split = split[:len(split)-1]
	case len(split) > 1 && (last == "*'" || last == "*h"):
		k.derive = deriveHardened
		k.apostrophe = last == "*'"
		split = split[:len(split)-1]
	}
	path, err := parseKeyPath(split[1:], &k.apostrophe)
	if err != nil {
		return err
	}
	k.ext = ext
	k.path = path
	// Derive the fixed part of the path once. Without private keys a
	// hardened step (or a hardened wildcard) cannot be derived: Expand
	// then fails, as in Core.
	if parent, err := ext.DerivePath(path); err == nil {
		if k.derive != deriveHardened || parent.IsPrivate() {
			k.parent = parent
		}
	}
	return nil
}
