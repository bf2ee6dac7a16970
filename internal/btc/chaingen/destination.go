package chaingen

import (
	"crypto/sha256"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

// OutputType is one of the output scripts the generator pays to and knows
// how to spend.
type OutputType uint8

// The output types.
const (
	// P2PKH is OP_DUP OP_HASH160 <hash160(pubkey)> OP_EQUALVERIFY
	// OP_CHECKSIG, spent with a legacy scriptSig <sig> <pubkey>.
	P2PKH OutputType = iota
	// P2WPKH is OP_0 <hash160(pubkey)>, spent with the witness <sig>
	// <pubkey> (BIP143 signature hash).
	P2WPKH
	// P2TRKeyPath is a BIP86-style taproot output (no script tree: the
	// internal key tweaked by H_TapTweak(P)), spent with one Schnorr
	// signature.
	P2TRKeyPath
	// P2TRScriptPath is a taproot output with a two-leaf script tree, a
	// CHECKSIG leaf and a 2-of-2 CHECKSIGADD leaf, spent through either
	// leaf (or, on request, the key path of its tweaked internal key).
	P2TRScriptPath
	// P2WSHMultisig is a P2WSH 2-of-3 bare multisig witness script, spent
	// with two ECDSA signatures.
	P2WSHMultisig

	// NumOutputTypes is the number of output types.
	NumOutputTypes = 5
)

var outputTypeNames = [NumOutputTypes]string{"p2pkh", "p2wpkh", "p2tr-key", "p2tr-script", "p2wsh-multisig"}

// String returns a short name ("p2pkh", "p2wpkh", "p2tr-key", "p2tr-script",
// "p2wsh-multisig").
func (t OutputType) String() string {
	if int(t) < len(outputTypeNames) {
		return outputTypeNames[t]
	}
	return fmt.Sprintf("OutputType(%d)", uint8(t))
}

// Leaves of a P2TRScriptPath tree, in tree order (the order of
// TaprootSpendInfo.Leaves).
const (
	// LeafCheckSig is <key1> OP_CHECKSIG.
	LeafCheckSig = 0
	// LeafMultiSig is <key1> OP_CHECKSIG <key2> OP_CHECKSIGADD OP_2
	// OP_NUMEQUAL, a 2-of-2.
	LeafMultiSig = 1
)

// Destination is an output script together with everything needed to spend
// it: the keys, the witness script of a P2WSH output, the taproot tree of a
// P2TR output and the tweaked key-path signing key. A Destination is
// immutable after construction and safe for concurrent use.
type Destination struct {
	// Type is the kind of output.
	Type OutputType
	// ScriptPubKey is the output script.
	ScriptPubKey []byte
	// Keys are the keys behind the script: one for P2PKH, P2WPKH and
	// P2TRKeyPath; the internal key, the CHECKSIG-leaf key and the second
	// 2-of-2 key for P2TRScriptPath (the 2-of-2 leaf uses Keys[1] and
	// Keys[2]); the three multisig keys, in script order, for
	// P2WSHMultisig.
	Keys []*Key
	// WitnessScript is the P2WSH witness script (nil otherwise).
	WitnessScript []byte
	// Taproot is the taproot output's spend information: output key,
	// tweak, leaves and control blocks (nil for non-taproot outputs).
	Taproot *txscript.TaprootSpendInfo

	// tweaked signs key-path spends of taproot outputs.
	tweaked *Key
	// p2pkhCode is the implied P2PKH script that P2PKH and P2WPKH sign.
	p2pkhCode []byte
}

// p2pkhScript returns OP_DUP OP_HASH160 <h> OP_EQUALVERIFY OP_CHECKSIG.
func p2pkhScript(h [20]byte) []byte {
	s := make([]byte, 0, 25)
	s = append(s, txscript.OP_DUP, txscript.OP_HASH160, 20)
	s = append(s, h[:]...)
	return append(s, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
}

// NewP2PKH returns a pay-to-public-key-hash destination for k (compressed
// key).
//
// This function is safe for concurrent access.
func NewP2PKH(k *Key) *Destination {
	code := p2pkhScript(k.hash160)
	return &Destination{Type: P2PKH, ScriptPubKey: code, Keys: []*Key{k}, p2pkhCode: code}
}

// NewP2WPKH returns a segwit v0 key-hash destination for k.
//
// This function is safe for concurrent access.
func NewP2WPKH(k *Key) *Destination {
	spk := append([]byte{txscript.OP_0, 20}, k.hash160[:]...)
	return &Destination{Type: P2WPKH, ScriptPubKey: spk, Keys: []*Key{k}, p2pkhCode: p2pkhScript(k.hash160)}
}

// NewP2TRKeyPath returns a BIP86-style taproot destination: output key
// Q = P + H_TapTweak(P)·G for the internal key P of k, with no script tree.
//
// This function is safe for concurrent access.
func NewP2TRKeyPath(k *Key) (*Destination, error) {
	info, err := txscript.BuildTaprootTree(k.xonly, nil)
	if err != nil {
		return nil, fmt.Errorf("chaingen: taproot key-path output: %w", err)
	}
	return newTaproot(P2TRKeyPath, info, []*Key{k})
}

// TapLeafScripts returns the two leaf scripts of a P2TRScriptPath output
// for keys a and b: <a> OP_CHECKSIG, and <a> OP_CHECKSIG <b> OP_CHECKSIGADD
// OP_2 OP_NUMEQUAL.
//
// This function is safe for concurrent access.
func TapLeafScripts(a, b *Key) (checkSig, multiSig []byte) {
	checkSig = make([]byte, 0, 34)
	checkSig = append(checkSig, 32)
	checkSig = append(checkSig, a.xonly[:]...)
	checkSig = append(checkSig, txscript.OP_CHECKSIG)

	multiSig = make([]byte, 0, 70)
	multiSig = append(multiSig, checkSig...)
	multiSig = append(multiSig, 32)
	multiSig = append(multiSig, b.xonly[:]...)
	multiSig = append(multiSig, txscript.OP_CHECKSIGADD, txscript.OP_2, txscript.OP_NUMEQUAL)
	return checkSig, multiSig
}

// NewP2TRScriptPath returns a taproot destination with internal key
// internal and a two-leaf tree: LeafCheckSig for a and LeafMultiSig, a
// 2-of-2 of a and b.
//
// This function is safe for concurrent access.
func NewP2TRScriptPath(internal, a, b *Key) (*Destination, error) {
	cs, ms := TapLeafScripts(a, b)
	tree := &txscript.TapTree{Children: [2]*txscript.TapTree{
		{Leaf: &txscript.TapLeaf{Version: txscript.BaseLeafVersion, Script: cs}},
		{Leaf: &txscript.TapLeaf{Version: txscript.BaseLeafVersion, Script: ms}},
	}}
	info, err := txscript.BuildTaprootTree(internal.xonly, tree)
	if err != nil {
		return nil, fmt.Errorf("chaingen: taproot script-path output: %w", err)
	}
	return newTaproot(P2TRScriptPath, info, []*Key{internal, a, b})
}

func newTaproot(t OutputType, info *txscript.TaprootSpendInfo, keys []*Key) (*Destination, error) {
	tweaked, err := crypto.TweakPrivKeyTaproot(keys[0].priv, info.Tweak)
	if err != nil {
		return nil, fmt.Errorf("chaingen: taproot tweak: %w", err)
	}
	return &Destination{Type: t, ScriptPubKey: info.ScriptPubKey(), Keys: keys, Taproot: info, tweaked: NewKey(tweaked)}, nil
}

// MultisigScript returns the bare multisig script OP_m <keys...> OP_n
// OP_CHECKMULTISIG with compressed keys (1 <= m <= n <= 16).
//
// This function is safe for concurrent access.
func MultisigScript(m int, keys ...*Key) []byte {
	s := make([]byte, 0, 3+34*len(keys))
	s = append(s, txscript.OP_1+byte(m)-1)
	for _, k := range keys {
		s = append(s, 33)
		s = append(s, k.pub[:]...)
	}
	return append(s, txscript.OP_1+byte(len(keys))-1, txscript.OP_CHECKMULTISIG)
}

// NewP2WSHMultisig returns a P2WSH destination whose witness script is a
// 2-of-3 multisig of the three keys, in the order given.
//
// This function is safe for concurrent access.
func NewP2WSHMultisig(k0, k1, k2 *Key) *Destination {
	ws := MultisigScript(2, k0, k1, k2)
	h := sha256.Sum256(ws)
	spk := append([]byte{txscript.OP_0, 32}, h[:]...)
	return &Destination{Type: P2WSHMultisig, ScriptPubKey: spk, Keys: []*Key{k0, k1, k2}, WitnessScript: ws}
}

// Address returns the destination's address on network p.
//
// This function is safe for concurrent access.
func (d *Destination) Address(p *chaincfg.Params) (address.Address, error) {
	return address.FromScriptPubKey(d.ScriptPubKey, p)
}

// NumSigs returns how many signatures spending d along path takes.
func (d *Destination) NumSigs(opts SpendOptions) int {
	switch d.Type {
	case P2WSHMultisig:
		return 2
	case P2TRScriptPath:
		if opts.Path == PathLeafMultiSig {
			return 2
		}
	}
	return 1
}
