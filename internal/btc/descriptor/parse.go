package descriptor

import (
	"encoding/hex"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// Limits Core applies while parsing.
const (
	maxPubkeysPerMultisig = 20  // multi(), sortedmulti()
	maxPubkeysPerMultiA   = 999 // multi_a(), sortedmulti_a()
	maxScriptElementSize  = 520 // P2SH redeemScript push
	maxBareMultisigKeys   = 3   // multi() at top level
	taprootMaxDepth       = 128 // TAPROOT_CONTROL_MAX_NODE_COUNT
)

// kind is a descriptor function.
type kind uint8

const (
	kindPK kind = iota
	kindPKH
	kindWPKH
	kindCombo
	kindMulti
	kindSortedMulti
	kindMultiA
	kindSortedMultiA
	kindSH
	kindWSH
	kindTR
	kindRawTR
	kindAddr
	kindRaw
)

// funcNames are the descriptor function names of each kind.
var funcNames = [...]string{
	kindPK: "pk", kindPKH: "pkh", kindWPKH: "wpkh", kindCombo: "combo", kindMulti: "multi",
	kindSortedMulti: "sortedmulti", kindMultiA: "multi_a", kindSortedMultiA: "sortedmulti_a",
	kindSH: "sh", kindWSH: "wsh", kindTR: "tr", kindRawTR: "rawtr", kindAddr: "addr", kindRaw: "raw",
}

// node is one parsed script expression.
type node struct {
	kind      kind
	keys      []*keyExpr
	threshold int
	// xonly: keys serialize as 32 bytes in the script (pk() inside tr()).
	xonly bool
	// sub is the inner expression of sh() and wsh().
	sub *node
	// leaves and depths are tr()'s script tree in depth-first order with
	// each leaf's depth (Core's m_depths).
	leaves []*node
	depths []int
	// script is the output script of raw() and addr(); addr keeps the
	// decoded address.
	script []byte
	addr   address.Address
}

// parser holds what parsing needs: the network.
type parser struct {
	params *chaincfg.Params
}

// nextExpr splits the next expression off sp: everything up to a ',' ')' or
// '}' at nesting level zero (Core's Expr).
func nextExpr(sp *string) string {
	s := *sp
	level := 0
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == '{':
			level++
		case level > 0 && (c == ')' || c == '}'):
			level--
		case level == 0 && (c == ')' || c == '}' || c == ','):
			*sp = s[i:]
			return s[:i]
		}
	}
	*sp = ""
	return s
}

// isFunc reports whether e is name(...) and, if so, replaces e by the
// arguments (Core's Func).
func isFunc(name string, e *string) bool {
	s := *e
	if len(s) >= len(name)+2 && s[len(name)] == '(' && s[len(s)-1] == ')' && s[:len(name)] == name {
		*e = s[len(name)+1 : len(s)-1]
		return true
	}
	return false
}

// consume removes prefix from sp when it is there (Core's Const).
func consume(prefix string, sp *string) bool {
	if strings.HasPrefix(*sp, prefix) {
		*sp = (*sp)[len(prefix):]
		return true
	}
	return false
}

// firstChar returns the first byte of s for error messages (Core prints
// expr[0]).
func firstChar(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// parseScript parses one script expression (Core's ParseScript).
func (p *parser) parseScript(sp *string, ctx scriptCtx) (*node, error) {
	e := nextExpr(sp)
	if isFunc("pk", &e) {
		k, err := p.parsePubkey(e, ctx)
		if err != nil {
			return nil, prefixError("pk(): ", err)
		}
		return &node{kind: kindPK, keys: []*keyExpr{k}, xonly: ctx == ctxP2TR}, nil
	}
	if (ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH) && isFunc("pkh", &e) {
		k, err := p.parsePubkey(e, ctx)
		if err != nil {
			return nil, prefixError("pkh(): ", err)
		}
		return &node{kind: kindPKH, keys: []*keyExpr{k}}, nil
	}
	if ctx == ctxTop && isFunc("combo", &e) {
		k, err := p.parsePubkey(e, ctx)
		if err != nil {
			return nil, prefixError("combo(): ", err)
		}
		return &node{kind: kindCombo, keys: []*keyExpr{k}}, nil
	} else if isFunc("combo", &e) {
		return nil, parseError("Can only have combo() at top level")
	}
	multi := isFunc("multi", &e)
	sortedmulti := !multi && isFunc("sortedmulti", &e)
	multiA := !multi && !sortedmulti && isFunc("multi_a", &e)
	sortedmultiA := !multi && !sortedmulti && !multiA && isFunc("sortedmulti_a", &e)
	if ((ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH) && (multi || sortedmulti)) ||
		(ctx == ctxP2TR && (multiA || sortedmultiA)) {
		return p.parseMulti(e, ctx, multi, sortedmulti, multiA, sortedmultiA)
	} else if multi || sortedmulti {
		return nil, parseError("Can only have multi/sortedmulti at top level, in sh(), or in wsh()")
	} else if multiA || sortedmultiA {
		return nil, parseError("Can only have multi_a/sortedmulti_a inside tr()")
	}
	if (ctx == ctxTop || ctx == ctxP2SH) && isFunc("wpkh", &e) {
		k, err := p.parsePubkey(e, ctxP2WPKH)
		if err != nil {
			return nil, prefixError("wpkh(): ", err)
		}
		return &node{kind: kindWPKH, keys: []*keyExpr{k}}, nil
	} else if isFunc("wpkh", &e) {
		return nil, parseError("Can only have wpkh() at top level or inside sh()")
	}
	if ctx == ctxTop && isFunc("sh", &e) {
		sub, err := p.parseScript(&e, ctxP2SH)
		if err != nil {
			return nil, err
		}
		if e != "" {
			return nil, parseError("sh(): unexpected text after the script expression")
		}
		return &node{kind: kindSH, sub: sub}, nil
	} else if isFunc("sh", &e) {
		return nil, parseError("Can only have sh() at top level")
	}
	if (ctx == ctxTop || ctx == ctxP2SH) && isFunc("wsh", &e) {
		sub, err := p.parseScript(&e, ctxP2WSH)
		if err != nil {
			return nil, err
		}
		if e != "" {
			return nil, parseError("wsh(): unexpected text after the script expression")
		}
		return &node{kind: kindWSH, sub: sub}, nil
	} else if isFunc("wsh", &e) {
		return nil, parseError("Can only have wsh() at top level or inside sh()")
	}
	if ctx == ctxTop && isFunc("addr", &e) {
		a, err := address.Decode(e, p.params)
		if err != nil {
			return nil, parseError("Address is not valid")
		}
		return &node{kind: kindAddr, addr: a, script: a.ScriptPubKey()}, nil
	} else if isFunc("addr", &e) {
		return nil, parseError("Can only have addr() at top level")
	}
	if ctx == ctxTop && isFunc("tr", &e) {
		return p.parseTR(e)
	} else if isFunc("tr", &e) {
		return nil, parseError("Can only have tr at top level")
	}
	if ctx == ctxTop && isFunc("rawtr", &e) {
		arg := nextExpr(&e)
		if e != "" {
			return nil, parseError("rawtr(): only one key expected.")
		}
		k, err := p.parsePubkey(arg, ctxP2TR)
		if err != nil {
			return nil, prefixError("rawtr(): ", err)
		}
		return &node{kind: kindRawTR, keys: []*keyExpr{k}}, nil
	} else if isFunc("rawtr", &e) {
		return nil, parseError("Can only have rawtr at top level")
	}
	if ctx == ctxTop && isFunc("raw", &e) {
		if !isHex(e) {
			return nil, parseError("Raw script is not hex")
		}
		b, _ := hex.DecodeString(e)
		return &node{kind: kindRaw, script: b}, nil
	} else if isFunc("raw", &e) {
		return nil, parseError("Can only have raw() at top level")
	}
	// Miniscript is not implemented; Core reports these when its
	// Miniscript parser rejects the expression too.
	switch ctx {
	case ctxP2SH:
		return nil, parseError("A function is needed within P2SH")
	case ctxP2WSH:
		return nil, parseError("A function is needed within P2WSH")
	}
	return nil, parseError("'%s' is not a valid descriptor function", e)
}

// parseMulti parses the arguments of multi(), sortedmulti(), multi_a() and
// sortedmulti_a().
func (p *parser) parseMulti(e string, ctx scriptCtx, multi, sortedmulti, multiA, sortedmultiA bool) (*node, error) {
	t := nextExpr(&e)
	thres, err := parseUint32(t)
	if err != nil {
		return nil, parseError("Multi threshold '%s' is not valid", t)
	}
	var keys []*keyExpr
	scriptSize := 0
	for e != "" {
		if !consume(",", &e) {
			return nil, parseError("Multi: expected ',', got '%c'", firstChar(e))
		}
		arg := nextExpr(&e)
		k, err := p.parsePubkey(arg, ctx)
		if err != nil {
			return nil, prefixError("Multi: ", err)
		}
		scriptSize += k.size() + 1
		keys = append(keys, k)
		if len(keys) > maxPubkeysPerMultiA {
			break
		}
	}
	n := len(keys)
	switch {
	case (multi || sortedmulti) && (n == 0 || n > maxPubkeysPerMultisig):
		return nil, parseError("Cannot have %d keys in multisig; must have between 1 and %d keys, inclusive", n, maxPubkeysPerMultisig)
	case (multiA || sortedmultiA) && (n == 0 || n > maxPubkeysPerMultiA):
		return nil, parseError("Cannot have %d keys in multi_a; must have between 1 and %d keys, inclusive", n, maxPubkeysPerMultiA)
	case thres < 1:
		return nil, parseError("Multisig threshold cannot be %d, must be at least 1", thres)
	case int64(thres) > int64(n):
		return nil, parseError("Multisig threshold cannot be larger than the number of keys; threshold is %d but only %d keys specified", thres, n)
	}
	if ctx == ctxTop && n > maxBareMultisigKeys {
		return nil, parseError("Cannot have %d pubkeys in bare multisig; only at most 3 pubkeys", n)
	}
	if ctx == ctxP2SH && scriptSize+3 > maxScriptElementSize {
		return nil, parseError("P2SH script is too large, %d bytes is larger than %d bytes", scriptSize+3, maxScriptElementSize)
	}
	k := kindMulti
	switch {
	case sortedmulti:
		k = kindSortedMulti
	case multiA:
		k = kindMultiA
	case sortedmultiA:
		k = kindSortedMultiA
	}
	return &node{kind: k, keys: keys, threshold: int(thres), xonly: ctx == ctxP2TR}, nil
}

// parseTR parses the arguments of tr(): the internal key and an optional
// script tree of {left,right} branches.
func (p *parser) parseTR(e string) (*node, error) {
	arg := nextExpr(&e)
	k, err := p.parsePubkey(arg, ctxP2TR)
	if err != nil {
		return nil, prefixError("tr(): ", err)
	}
	n := &node{kind: kindTR, keys: []*keyExpr{k}}
	if e == "" {
		return n, nil
	}
	if !consume(",", &e) {
		return nil, parseError("tr: expected ',', got '%c'", firstChar(e))
	}
	// branches[i] is false while in the left branch of the i-th level
	// from the top, true in the right one.
	var branches []bool
	for {
		for consume("{", &e) {
			branches = append(branches, false)
			if len(branches) > taprootMaxDepth {
				return nil, parseError("tr() supports at most %d nesting levels", taprootMaxDepth)
			}
		}
		sarg := nextExpr(&e)
		leaf, err := p.parseScript(&sarg, ctxP2TR)
		if err != nil {
			return nil, err
		}
		n.leaves = append(n.leaves, leaf)
		n.depths = append(n.depths, len(branches))
		for len(branches) > 0 && branches[len(branches)-1] {
			if !consume("}", &e) {
				return nil, parseError("tr(): expected '}' after script expression")
			}
			branches = branches[:len(branches)-1]
		}
		if len(branches) > 0 && !branches[len(branches)-1] {
			if !consume(",", &e) {
				return nil, parseError("tr(): expected ',' after script expression")
			}
			branches[len(branches)-1] = true
		}
		if len(branches) == 0 {
			break
		}
	}
	if e != "" {
		return nil, parseError("tr(): expected ')' after script expression")
	}
	return n, nil
}
