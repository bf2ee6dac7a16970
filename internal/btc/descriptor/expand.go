package descriptor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Opcodes the templates use.
const (
	op0             = 0x00
	op1             = 0x51
	opDup           = 0x76
	opEqual         = 0x87
	opEqualVerify   = 0x88
	opHash160       = 0xa9
	opCheckSig      = 0xac
	opCheckMultiSig = 0xae
	opCheckSigAdd   = 0xba
	opNumEqual      = 0x9c
)

// KeyOrigin is where a key comes from: the fingerprint of the root key and
// the derivation path from it (Core's KeyOriginInfo). A key without explicit
// origin has its own fingerprint and an empty path.
type KeyOrigin struct {
	Fingerprint [4]byte
	Path        []uint32
}

// Expanded is a descriptor evaluated at one index: its output scripts and
// everything needed to sign for them.
type Expanded struct {
	// ScriptPubKeys are the output scripts, usually one; combo() gives
	// P2PK, P2PKH and, for a compressed key, P2WPKH and P2SH-P2WPKH.
	ScriptPubKeys [][]byte
	// PubKeys maps the hex of each public key (33 or 65 bytes; 32-byte
	// x-only inside tr() and rawtr()) to its origin.
	PubKeys map[string]KeyOrigin
	// PrivKeys maps the same hex keys to 32-byte secrets, for the keys the
	// descriptor has private material for.
	PrivKeys map[string][]byte
	// Scripts maps hex(HASH160(redeemScript)) to redeemScripts and
	// hex(SHA256(witnessScript)) to witnessScripts.
	Scripts map[string][]byte
	// Taproot maps hex of each 32-byte output key to its spend data.
	Taproot map[string]*TaprootInfo
}

// TaprootInfo is what spending a taproot output needs: the internal key,
// the Merkle root (nil without scripts) and each leaf with its control
// block.
type TaprootInfo struct {
	InternalKey []byte
	MerkleRoot  []byte
	Leaves      []TapLeaf
}

// TapLeaf is one script of a taproot tree and its control block.
type TapLeaf struct {
	Script       []byte
	LeafVersion  byte
	ControlBlock []byte
}

// Expand evaluates the descriptor at index (ignored by unranged
// descriptors; must be below 2^31 for ranged ones). It fails with
// ErrCannotDerive ("Cannot derive script without private keys") when a
// hardened step needs a private key the descriptor lacks.
//
// This function is safe for concurrent access.
func (d *Descriptor) Expand(index uint32) (*Expanded, error) {
	out := &Expanded{
		PubKeys:  make(map[string]KeyOrigin, 2),
		PrivKeys: make(map[string][]byte),
		Scripts:  make(map[string][]byte),
		Taproot:  make(map[string]*TaprootInfo),
	}
	scripts, err := d.root.expand(index, out)
	if err != nil {
		return nil, err
	}
	out.ScriptPubKeys = scripts
	return out, nil
}

// addKey records a derived key under its hex form (x-only when xonly).
func (out *Expanded) addKey(k derivedKey, xonly bool) []byte {
	ser := k.pub
	if xonly {
		ser = k.pub[1:33]
	}
	h := hex.EncodeToString(ser)
	out.PubKeys[h] = k.origin
	if k.priv != nil {
		out.PrivKeys[h] = k.priv
	}
	return ser
}

// deriveKeys evaluates every key of n and records it.
func (n *node) deriveKeys(index uint32, out *Expanded, xonly bool) ([][]byte, error) {
	sers := make([][]byte, len(n.keys))
	for i, k := range n.keys {
		dk, err := k.deriveAt(index)
		if err != nil {
			return nil, err
		}
		sers[i] = out.addKey(dk, xonly)
	}
	return sers, nil
}

func p2pkh(pub []byte) []byte {
	h := crypto.Hash160(pub)
	s := make([]byte, 0, 25)
	s = append(s, opDup, opHash160, 20)
	s = append(s, h[:]...)
	return append(s, opEqualVerify, opCheckSig)
}

func p2wpkh(pub []byte) []byte {
	h := crypto.Hash160(pub)
	s := make([]byte, 0, 22)
	s = append(s, op0, 20)
	return append(s, h[:]...)
}

func p2sh(redeem []byte) []byte {
	h := crypto.Hash160(redeem)
	s := make([]byte, 0, 23)
	s = append(s, opHash160, 20)
	s = append(s, h[:]...)
	return append(s, opEqual)
}

func p2wsh(ws []byte) []byte {
	h := sha256.Sum256(ws)
	s := make([]byte, 0, 34)
	s = append(s, op0, 32)
	return append(s, h[:]...)
}

func p2pk(pub []byte) []byte {
	s := txscript.AppendPushData(make([]byte, 0, len(pub)+2), pub)
	return append(s, opCheckSig)
}

// appendInt appends n as CScript's operator<<(int64) does: OP_0, OP_1..16
// or a minimal script-number push.
func appendInt(s []byte, n int) []byte {
	switch {
	case n == 0:
		return append(s, op0)
	case n >= 1 && n <= 16:
		return append(s, byte(op1-1+n))
	}
	return txscript.AppendPushData(s, txscript.ScriptNumBytes(int64(n)))
}

// expand evaluates n and returns its output scripts (for sh()/wsh() inner
// nodes: the redeem or witness script).
func (n *node) expand(index uint32, out *Expanded) ([][]byte, error) {
	switch n.kind {
	case kindAddr, kindRaw:
		return [][]byte{slices.Clone(n.script)}, nil
	case kindPK:
		keys, err := n.deriveKeys(index, out, n.xonly)
		if err != nil {
			return nil, err
		}
		return [][]byte{p2pk(keys[0])}, nil
	case kindPKH:
		keys, err := n.deriveKeys(index, out, false)
		if err != nil {
			return nil, err
		}
		return [][]byte{p2pkh(keys[0])}, nil
	case kindWPKH:
		keys, err := n.deriveKeys(index, out, false)
		if err != nil {
			return nil, err
		}
		return [][]byte{p2wpkh(keys[0])}, nil
	case kindCombo:
		keys, err := n.deriveKeys(index, out, false)
		if err != nil {
			return nil, err
		}
		pub := keys[0]
		scripts := [][]byte{p2pk(pub), p2pkh(pub)}
		if len(pub) == 33 {
			w := p2wpkh(pub)
			h := crypto.Hash160(w)
			out.Scripts[hex.EncodeToString(h[:])] = w
			scripts = append(scripts, w, p2sh(w))
		}
		return scripts, nil
	case kindMulti, kindSortedMulti:
		keys, err := n.deriveKeys(index, out, false)
		if err != nil {
			return nil, err
		}
		if n.kind == kindSortedMulti {
			slices.SortFunc(keys, bytes.Compare)
		}
		s := appendInt(nil, n.threshold)
		for _, k := range keys {
			s = txscript.AppendPushData(s, k)
		}
		s = appendInt(s, len(keys))
		return [][]byte{append(s, opCheckMultiSig)}, nil
	case kindMultiA, kindSortedMultiA:
		keys, err := n.deriveKeys(index, out, true)
		if err != nil {
			return nil, err
		}
		if n.kind == kindSortedMultiA {
			slices.SortFunc(keys, bytes.Compare)
		}
		s := make([]byte, 0, len(keys)*34+4)
		for i, k := range keys {
			s = txscript.AppendPushData(s, k)
			if i == 0 {
				s = append(s, opCheckSig)
			} else {
				s = append(s, opCheckSigAdd)
			}
		}
		s = appendInt(s, n.threshold)
		return [][]byte{append(s, opNumEqual)}, nil
	case kindSH:
		sub, err := n.sub.expand(index, out)
		if err != nil {
			return nil, err
		}
		h := crypto.Hash160(sub[0])
		out.Scripts[hex.EncodeToString(h[:])] = sub[0]
		return [][]byte{p2sh(sub[0])}, nil
	case kindWSH:
		sub, err := n.sub.expand(index, out)
		if err != nil {
			return nil, err
		}
		h := sha256.Sum256(sub[0])
		out.Scripts[hex.EncodeToString(h[:])] = sub[0]
		return [][]byte{p2wsh(sub[0])}, nil
	case kindRawTR:
		keys, err := n.deriveKeys(index, out, true)
		if err != nil {
			return nil, err
		}
		s := make([]byte, 0, 34)
		s = append(s, op1, 32)
		return [][]byte{append(s, keys[0]...)}, nil
	case kindTR:
		return n.expandTR(index, out)
	}
	return nil, parseError("unknown descriptor kind %d", n.kind)
}

// expandTR builds the taproot output of tr(): the internal key, the leaf
// scripts arranged by their depths, and the spend data.
func (n *node) expandTR(index uint32, out *Expanded) ([][]byte, error) {
	keys, err := n.deriveKeys(index, out, true)
	if err != nil {
		return nil, err
	}
	internal := [32]byte(keys[0])
	var tree *txscript.TapTree
	if len(n.leaves) > 0 {
		leaves := make([]*txscript.TapTree, len(n.leaves))
		for i, l := range n.leaves {
			s, err := l.expand(index, out)
			if err != nil {
				return nil, err
			}
			leaves[i] = &txscript.TapTree{Leaf: &txscript.TapLeaf{Version: txscript.BaseLeafVersion, Script: s[0]}}
		}
		pos := 0
		tree = buildTree(leaves, n.depths, &pos, 0)
	}
	info, err := txscript.BuildTaprootTree(internal, tree)
	if err != nil {
		return nil, makeError(ErrCannotDerive, "Cannot build the taproot output: %v", err)
	}
	ti := &TaprootInfo{InternalKey: keys[0]}
	if info.MerkleRoot != nil {
		ti.MerkleRoot = slices.Clone(info.MerkleRoot[:])
	}
	for _, l := range info.Leaves {
		ti.Leaves = append(ti.Leaves, TapLeaf{Script: l.Script, LeafVersion: l.Version, ControlBlock: l.ControlBlock})
	}
	out.Taproot[hex.EncodeToString(info.OutputKey[:])] = ti
	return [][]byte{info.ScriptPubKey()}, nil
}

// buildTree turns leaves in depth-first order with their depths into a tree
// (the parser guarantees the depths describe a complete binary tree).
func buildTree(leaves []*txscript.TapTree, depths []int, pos *int, depth int) *txscript.TapTree {
	if *pos >= len(leaves) {
		return nil
	}
	if depths[*pos] == depth {
		l := leaves[*pos]
		*pos++
		return l
	}
	left := buildTree(leaves, depths, pos, depth+1)
	right := buildTree(leaves, depths, pos, depth+1)
	return &txscript.TapTree{Children: [2]*txscript.TapTree{left, right}}
}

// PrivKey returns the 32-byte secret of pub (a 33- or 65-byte key, or a
// 32-byte x-only key of a tr() or rawtr() expansion), if e has it. With
// Script it lets an Expanded serve as a signing provider.
//
// This function is safe for concurrent access.
func (e *Expanded) PrivKey(pub []byte) ([]byte, bool) {
	k, ok := e.PrivKeys[hex.EncodeToString(pub)]
	return k, ok
}

// Script returns the redeemScript whose HASH160 is hash (20 bytes) or the
// witnessScript whose SHA256 is hash (32 bytes), if e has it.
//
// This function is safe for concurrent access.
func (e *Expanded) Script(hash []byte) ([]byte, bool) {
	s, ok := e.Scripts[hex.EncodeToString(hash)]
	return s, ok
}

// Merge adds everything other holds to e (scriptPubKeys appended, map
// entries copied), so expansions at several indices can serve as one
// provider. It MUST NOT be called while e is read concurrently.
func (e *Expanded) Merge(other *Expanded) {
	e.ScriptPubKeys = append(e.ScriptPubKeys, other.ScriptPubKeys...)
	if e.PubKeys == nil {
		e.PubKeys = make(map[string]KeyOrigin)
	}
	if e.PrivKeys == nil {
		e.PrivKeys = make(map[string][]byte)
	}
	if e.Scripts == nil {
		e.Scripts = make(map[string][]byte)
	}
	if e.Taproot == nil {
		e.Taproot = make(map[string]*TaprootInfo)
	}
	maps.Copy(e.PubKeys, other.PubKeys)
	maps.Copy(e.PrivKeys, other.PrivKeys)
	maps.Copy(e.Scripts, other.Scripts)
	maps.Copy(e.Taproot, other.Taproot)
}
