package descriptor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/crypto"
)

// maxInferDepth bounds the nesting InferDescriptor follows (sh, wsh).
const maxInferDepth = 3

// InferDescriptor returns the descriptor Bitcoin Core's InferDescriptor gives
// for an output script, using what info (typically from Expand; nil for
// nothing) knows: public keys with their origins, redeem and witness
// scripts, and taproot trees. It recognises pk, pkh, wpkh, multi, sh, wsh,
// tr (key path, and script trees of pk/multi_a leaves) and rawtr; keys appear
// with their origin ("[fingerprint/path]key"). Anything else becomes addr()
// when the script has an address and raw() otherwise, so the result is
// never nil. The descriptor carries no private keys.
//
// This function is safe for concurrent access.
func InferDescriptor(script []byte, info *Expanded, params *chaincfg.Params) *Descriptor {
	if info == nil {
		info = &Expanded{}
	}
	inf := inferrer{info: info, params: params}
	n := inf.infer(script, ctxTop, 0)
	d := &Descriptor{root: n, params: params}
	d.str = string(n.appendString(nil, modePublic, params, &strState{}))
	d.sum, _ = Checksum(d.str)
	d.inputSum = d.sum
	return d
}

type inferrer struct {
	info   *Expanded
	params *chaincfg.Params
}

// key returns a key expression for pub (33/65 bytes, or 32 x-only) with its
// known origin.
func (inf *inferrer) key(pub []byte, xonly bool) *keyExpr {
	k := &keyExpr{xonly: xonly}
	if xonly {
		k.pub = append([]byte{0x02}, pub...)
	} else {
		k.pub = bytes.Clone(pub)
	}
	if o, ok := inf.info.PubKeys[hex.EncodeToString(pub)]; ok {
		k.hasOrigin = true
		k.originFP = o.Fingerprint
		k.originPath = o.Path
	}
	return k
}

// keyByHash finds a known non-x-only key whose HASH160 is h.
func (inf *inferrer) keyByHash(h []byte) []byte {
	for s := range inf.info.PubKeys {
		if len(s) != 66 && len(s) != 130 {
			continue
		}
		pub, err := hex.DecodeString(s)
		if err != nil {
			continue
		}
		if kh := crypto.Hash160(pub); bytes.Equal(kh[:], h) {
			return pub
		}
	}
	return nil
}

func validPubKey(pub []byte, ctx scriptCtx) bool {
	if len(pub) == 65 && pub[0] == 4 {
		if ctx != ctxTop && ctx != ctxP2SH {
			return false
		}
	} else if !(len(pub) == 33 && (pub[0] == 2 || pub[0] == 3)) {
		return false
	}
	_, err := crypto.ParsePubKey(pub)
	return err == nil
}

// infer is Core's InferScript for one context; it returns nil when the
// script cannot be described in a non-top context.
func (inf *inferrer) infer(s []byte, ctx scriptCtx, depth int) *node {
	if n := inf.inferTemplate(s, ctx, depth); n != nil {
		return n
	}
	if ctx != ctxTop {
		return nil
	}
	if a, err := address.FromScriptPubKey(s, inf.params); err == nil && bytes.Equal(a.ScriptPubKey(), s) {
		return &node{kind: kindAddr, addr: a, script: bytes.Clone(s)}
	}
	return &node{kind: kindRaw, script: bytes.Clone(s)}
}

func (inf *inferrer) inferTemplate(s []byte, ctx scriptCtx, depth int) *node {
	if ctx == ctxP2TR {
		if len(s) == 34 && s[0] == 32 && s[33] == opCheckSig {
			return &node{kind: kindPK, keys: []*keyExpr{inf.key(s[1:33], true)}, xonly: true}
		}
		if k, keys, ok := matchMultiA(s); ok {
			n := &node{kind: kindMultiA, threshold: k, xonly: true}
			for _, pk := range keys {
				n.keys = append(n.keys, inf.key(pk, true))
			}
			return n
		}
		return nil
	}
	switch {
	case (len(s) == 35 && s[0] == 33 || len(s) == 67 && s[0] == 65) && s[len(s)-1] == opCheckSig:
		pub := s[1 : len(s)-1]
		if validPubKey(pub, ctx) {
			return &node{kind: kindPK, keys: []*keyExpr{inf.key(pub, false)}}
		}
	case len(s) == 25 && s[0] == opDup && s[1] == opHash160 && s[2] == 20 && s[23] == opEqualVerify && s[24] == opCheckSig:
		if pub := inf.keyByHash(s[3:23]); pub != nil && validPubKey(pub, ctx) {
			return &node{kind: kindPKH, keys: []*keyExpr{inf.key(pub, false)}}
		}
	case len(s) == 22 && s[0] == 0 && s[1] == 20 && (ctx == ctxTop || ctx == ctxP2SH):
		if pub := inf.keyByHash(s[2:22]); len(pub) == 33 && validPubKey(pub, ctxP2WPKH) {
			return &node{kind: kindWPKH, keys: []*keyExpr{inf.key(pub, false)}}
		}
	case len(s) == 23 && s[0] == opHash160 && s[1] == 20 && s[22] == opEqual && ctx == ctxTop && depth < maxInferDepth:
		if redeem, ok := inf.info.Scripts[hex.EncodeToString(s[2:22])]; ok {
			if h := crypto.Hash160(redeem); bytes.Equal(h[:], s[2:22]) {
				if sub := inf.infer(redeem, ctxP2SH, depth+1); sub != nil {
					return &node{kind: kindSH, sub: sub}
				}
			}
		}
	case len(s) == 34 && s[0] == 0 && s[1] == 32 && (ctx == ctxTop || ctx == ctxP2SH) && depth < maxInferDepth:
		if ws, ok := inf.info.Scripts[hex.EncodeToString(s[2:34])]; ok {
			if h := sha256.Sum256(ws); bytes.Equal(h[:], s[2:34]) {
				if sub := inf.infer(ws, ctxP2WSH, depth+1); sub != nil {
					return &node{kind: kindWSH, sub: sub}
				}
			}
		}
	case len(s) == 34 && s[0] == op1 && s[1] == 32 && ctx == ctxTop:
		return inf.inferTR(s[2:34])
	}
	if k, keys, ok := matchMulti(s); ok {
		n := &node{kind: kindMulti, threshold: k}
		for _, pk := range keys {
			if !validPubKey(pk, ctx) {
				return nil
			}
			n.keys = append(n.keys, inf.key(pk, false))
		}
		return n
	}
	return nil
}

// inferTR describes a P2TR output: tr() with its tree when the taproot data
// is known and every leaf is understood, else rawtr() when the output key
// itself is a known key.
func (inf *inferrer) inferTR(outputKey []byte) *node {
	hexKey := hex.EncodeToString(outputKey)
	if ti, ok := inf.info.Taproot[hexKey]; ok && len(ti.InternalKey) == 32 {
		n := &node{kind: kindTR, keys: []*keyExpr{inf.key(ti.InternalKey, true)}}
		complete := true
		for _, l := range ti.Leaves {
			if l.LeafVersion != 0xc0 || len(l.ControlBlock) < 33 || (len(l.ControlBlock)-33)%32 != 0 {
				complete = false
				break
			}
			leaf := inf.infer(l.Script, ctxP2TR, 0)
			if leaf == nil {
				complete = false
				break
			}
			n.leaves = append(n.leaves, leaf)
			n.depths = append(n.depths, (len(l.ControlBlock)-33)/32)
		}
		if complete && (len(n.leaves) == 0 || validDepths(n.depths)) {
			return n
		}
	}
	if _, ok := inf.info.PubKeys[hexKey]; ok {
		return &node{kind: kindRawTR, keys: []*keyExpr{inf.key(outputKey, true)}}
	}
	return nil
}

// validDepths reports whether leaf depths in depth-first order describe a
// complete binary tree (Core's TaprootBuilder::ValidDepths), by replaying
// the tr() parser: open left branches down to each leaf, then close the
// finished right branches above it.
func validDepths(depths []int) bool {
	var branches []bool // true: in the right branch at that level
	done := false
	for _, d := range depths {
		if done || d > taprootMaxDepth || len(branches) > d {
			return false
		}
		for len(branches) < d {
			branches = append(branches, false)
		}
		for len(branches) > 0 && branches[len(branches)-1] {
			branches = branches[:len(branches)-1]
		}
		if len(branches) == 0 {
			done = true
		} else {
			branches[len(branches)-1] = true
		}
	}
	return done
}

// readCount decodes a multisig count: OP_1..OP_16 or a push of 17..20. It
// returns the value and the bytes used.
func readCount(s []byte) (int, int, bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	if s[0] >= op1 && s[0] <= op1+15 {
		return int(s[0]-op1) + 1, 1, true
	}
	if s[0] == 1 && len(s) >= 2 && s[1] >= 17 && s[1] <= maxPubkeysPerMultisig {
		return int(s[1]), 2, true
	}
	return 0, 0, false
}

// matchMulti matches OP_k <pubkey>... OP_n OP_CHECKMULTISIG.
func matchMulti(s []byte) (int, [][]byte, bool) {
	if len(s) < 3 || s[len(s)-1] != opCheckMultiSig {
		return 0, nil, false
	}
	k, used, ok := readCount(s)
	if !ok {
		return 0, nil, false
	}
	rest := s[used : len(s)-1]
	var keys [][]byte
	for len(rest) > 0 && (rest[0] == 33 || rest[0] == 65) {
		l := int(rest[0])
		if len(rest) < l+1 {
			return 0, nil, false
		}
		keys = append(keys, rest[1:l+1])
		rest = rest[l+1:]
	}
	n, used, ok := readCount(rest)
	if !ok || used != len(rest) || n != len(keys) || k > n || n > maxPubkeysPerMultisig {
		return 0, nil, false
	}
	return k, keys, true
}

// matchMultiA matches <xonly> OP_CHECKSIG (<xonly> OP_CHECKSIGADD)* <k>
// OP_NUMEQUAL.
func matchMultiA(s []byte) (int, [][]byte, bool) {
	var keys [][]byte
	for len(s) >= 34 && s[0] == 32 {
		op := s[33]
		if (len(keys) == 0 && op != opCheckSig) || (len(keys) > 0 && op != opCheckSigAdd) {
			return 0, nil, false
		}
		keys = append(keys, s[1:33])
		s = s[34:]
	}
	if len(keys) == 0 || len(s) < 2 || s[len(s)-1] != opNumEqual {
		return 0, nil, false
	}
	num := s[:len(s)-1]
	var k int
	switch {
	case len(num) == 1 && num[0] >= op1 && num[0] <= op1+15:
		k = int(num[0]-op1) + 1
	case len(num) >= 2 && int(num[0]) == len(num)-1 && len(num) <= 3:
		v := 0
		for i := len(num) - 1; i >= 1; i-- {
			v = v<<8 | int(num[i])
		}
		if num[len(num)-1]&0x80 != 0 || v <= 16 {
			return 0, nil, false
		}
		k = v
	default:
		return 0, nil, false
	}
	if k < 1 || k > len(keys) || len(keys) > maxPubkeysPerMultiA {
		return 0, nil, false
	}
	return k, keys, true
}
