package corevectors

// This file generates our own script-assets cases for the taproot paths that
// Core's other vectors (script_tests.json, tx_valid/invalid.json) do not
// reach. The output is committed under testdata/script_assets; regenerate it
// with
//
//	go test ./internal/btc/corevectors -run TestGenerateScriptAssets -regen-assets
//
// Generation is deterministic (fixed keys, BIP340 signing with all-zero aux
// randomness), and TestScriptAssetsFresh fails when the committed files
// differ from what the generator produces.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

var regenAssets = flag.Bool("regen-assets", false, "rewrite testdata/script_assets from the generator")

const (
	ownAssetsDir = "testdata/script_assets"
	// taprootFlags are the flags our failure cases are made for.
	taprootFlags = "P2SH,WITNESS,TAPROOT"
)

// Opcodes used by the generator.
const (
	op0             = 0x00
	opPushData1     = 0x4c
	opSuccess80     = 0x50
	op1             = 0x51
	op2             = 0x52
	op3             = 0x53
	opSuccess98     = 0x62
	opIf            = 0x63
	opElse          = 0x67
	opEndIf         = 0x68
	opReturn        = 0x6a
	opDrop          = 0x75
	opDup           = 0x76
	opNot           = 0x91
	opNumEqual      = 0x9c
	opHash160       = 0xa9
	opEqual         = 0x87
	opCodeSep       = 0xab
	opCheckSig      = 0xac
	opCheckSigVerif = 0xad
	opCheckMultiSig = 0xae
	opCheckSigAdd   = 0xba
)

// genKey returns the deterministic private key number i.
func genKey(i int) *secp256k1.PrivateKey {
	h := sha256.Sum256([]byte("twinchain/script-assets/key/" + strconv.Itoa(i)))
	return secp256k1.PrivKeyFromBytes(h[:])
}

func xonly(k *secp256k1.PrivateKey) [32]byte { return crypto.SerializeXOnly(k.PubKey()) }

// scr concatenates opcodes (bytes) and pushes ([]byte / [32]byte).
func scr(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch v := p.(type) {
		case int:
			b = append(b, byte(v))
		case []byte:
			b = txscript.AppendPushData(b, v)
		case [32]byte:
			b = txscript.AppendPushData(b, v[:])
		default:
			panic("scr: unsupported part")
		}
	}
	return b
}

// spendCtx is a transaction with one input under test.
type spendCtx struct {
	t    testing.TB
	tx   *primitives.Tx
	prev []primitives.TxOut
	idx  int
}

// newSpend builds a version-2 transaction with nIn inputs and nOut outputs
// whose input idx spends spk (amount sats); the other inputs spend P2TR
// outputs of fixed keys.
func newSpend(t testing.TB, nIn, nOut, idx int, spk []byte, amount int64) *spendCtx {
	tx := &primitives.Tx{Version: 2, LockTime: 500000}
	prev := make([]primitives.TxOut, nIn)
	for i := range nIn {
		var in primitives.TxIn
		in.PrevOut.Hash = sha256.Sum256([]byte{'p', 'r', 'e', 'v', byte(i)})
		in.PrevOut.Index = uint32(i)
		in.Sequence = 0xffffffff - uint32(i%2)
		tx.Inputs = append(tx.Inputs, in)
		other, _, err := txscript.TaprootOutputKey(xonly(genKey(100+i)), nil)
		if err != nil {
			t.Fatal(err)
		}
		prev[i] = primitives.TxOut{Value: int64(10000 * (i + 1)), ScriptPubKey: txscript.PayToTaprootScript(other)}
	}
	prev[idx] = primitives.TxOut{Value: amount, ScriptPubKey: spk}
	for i := range nOut {
		spk := append([]byte{0x00, 0x14}, bytes.Repeat([]byte{byte(i + 1)}, 20)...)
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: int64(5000 + i), ScriptPubKey: spk})
	}
	return &spendCtx{t: t, tx: tx, prev: prev, idx: idx}
}

// clone returns a deep copy to mutate.
func (s *spendCtx) clone() *spendCtx {
	c := *s
	c.tx = s.tx.Copy()
	c.prev = slices.Clone(s.prev)
	return &c
}

func (s *spendCtx) sighash(ht uint8, annex []byte, leaf *txscript.TapscriptInfo) chainhash.Hash {
	s.t.Helper()
	h, err := txscript.TaprootSignatureHash(txscript.NewSigHashes(s.tx, s.prev), ht, s.tx, s.idx, annex, leaf)
	if err != nil {
		s.t.Fatalf("sighash %#x: %v", ht, err)
	}
	return h
}

// sign returns the BIP340 signature of h with the hash-type byte appended
// unless ht is SIGHASH_DEFAULT.
func sign(t testing.TB, priv *secp256k1.PrivateKey, h chainhash.Hash, ht uint8) []byte {
	t.Helper()
	sig, err := crypto.SignSchnorr(priv, h[:], [32]byte{})
	if err != nil {
		t.Fatal(err)
	}
	out := sig[:]
	if ht != 0 {
		out = append(out, ht)
	}
	return out
}

// keySpend is a key-path-only P2TR output.
type keySpend struct {
	internal *secp256k1.PrivateKey
	tweaked  *secp256k1.PrivateKey
	spk      []byte
}

func newKeySpend(t testing.TB, k int) *keySpend {
	priv := genKey(k)
	p := xonly(priv)
	out, _, err := txscript.TaprootOutputKey(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	tweaked, err := crypto.TweakPrivKeyTaproot(priv, crypto.TapTweakHash(p, nil))
	if err != nil {
		t.Fatal(err)
	}
	return &keySpend{internal: priv, tweaked: tweaked, spk: txscript.PayToTaprootScript(out)}
}

func (s *spendCtx) keySig(ks *keySpend, ht uint8, annex []byte) []byte {
	return sign(s.t, ks.tweaked, s.sighash(ht, annex, nil), ht)
}

// leafSig signs for the leaf of info with the given code-separator position.
func (s *spendCtx) leafSig(priv *secp256k1.PrivateKey, leaf txscript.TapLeafSpend, ht uint8, codeSep uint32, annex []byte) []byte {
	return sign(s.t, priv, s.sighash(ht, annex, &txscript.TapscriptInfo{LeafHash: leaf.LeafHash, CodeSepPos: codeSep}), ht)
}

// wit builds a witness from items.
func wit(items ...[]byte) [][]byte { return items }

// leafWit is the witness of a script-path spend: stack items, the script,
// the control block, and the annex when given.
func leafWit(leaf txscript.TapLeafSpend, annex []byte, stack ...[]byte) [][]byte {
	w := append(slices.Clone(stack), leaf.Script, leaf.ControlBlock)
	if annex != nil {
		w = append(w, annex)
	}
	return w
}

func hexWitness(w [][]byte) []string {
	out := make([]string, len(w))
	for i, item := range w {
		out[i] = hex.EncodeToString(item)
	}
	return out
}

func hexTxOut(o primitives.TxOut) string {
	b := binary.LittleEndian.AppendUint64(nil, uint64(o.Value))
	b = primitives.AppendCompactSize(b, uint64(len(o.ScriptPubKey)))
	return hex.EncodeToString(append(b, o.ScriptPubKey...))
}

// asset makes an object: success (final, valid under every flag set) and/or
// failure (under taprootFlags, with the expected error) as witnesses with an
// empty scriptSig.
func (s *spendCtx) asset(comment string, success, failure [][]byte, failErr string) ScriptAsset {
	a := ScriptAsset{
		Tx: hex.EncodeToString(s.tx.Bytes()), Index: s.idx, Flags: taprootFlags, Comment: comment,
	}
	for _, o := range s.prev {
		a.PrevOuts = append(a.PrevOuts, hexTxOut(o))
	}
	if success != nil {
		a.Success = &ScriptAssetSpend{Witness: hexWitness(success)}
		a.Final = true
	}
	if failure != nil {
		a.Failure = &ScriptAssetSpend{Witness: hexWitness(failure)}
		a.FailureError = failErr
	}
	return a
}

var allTapHashTypes = []uint8{0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83}

// genKeyPathHashTypes: a key-path spend with each hash type; the success
// runs on a transaction changed in what the hash type leaves uncommitted,
// and a second object changes something it commits to.
func genKeyPathHashTypes(t testing.TB) []ScriptAsset {
	ks := newKeySpend(t, 1)
	var out []ScriptAsset
	for _, ht := range allTapHashTypes {
		base := newSpend(t, 3, 3, 1, ks.spk, 70000)
		sig := base.keySig(ks, ht, nil)
		// Same key, but signing the message of another hash type.
		wrongHT := uint8(0x01)
		if ht == 0x01 {
			wrongHT = 0x00
		}
		wrong := sign(t, ks.tweaked, base.sighash(wrongHT, nil, nil), 0)
		if ht != 0 {
			wrong = append(wrong, ht)
		}

		free := base.clone()
		free.tx.Inputs[0].ScriptSig = []byte{op1} // scriptSigs are never committed
		mode, acp := ht&3, ht&0x80 != 0
		if mode == 2 { // NONE: outputs are free
			for i := range free.tx.Outputs {
				free.tx.Outputs[i].Value += 7
			}
		}
		if mode == 3 { // SINGLE: other outputs are free
			free.tx.Outputs[0].Value += 7
			free.tx.Outputs[2].ScriptPubKey = []byte{op1}
		}
		if acp { // other inputs are free
			free.tx.Inputs[0].PrevOut.Index = 9
			free.tx.Inputs[2].Sequence = 3
			free.prev[0].Value = 1
			free.prev[2].ScriptPubKey = []byte{op1}
		}
		name := "key path, hash type " + hex.EncodeToString([]byte{ht})
		out = append(out, free.asset(name+", uncommitted fields changed; failure signs another hash type's message",
			wit(sig), wit(wrong), "SCHNORR_SIG"))

		committed := base.clone()
		switch {
		case mode == 2 && !acp:
			committed.tx.Inputs[0].Sequence = 1 // sha_sequences
		case mode == 2 && acp:
			committed.prev[1].Value++ // this input's amount
		case mode == 3 && acp:
			committed.tx.Inputs[1].Sequence = 5
		case mode == 3:
			committed.tx.Outputs[1].Value++
		case acp:
			committed.tx.Outputs[2].Value++
		default:
			committed.tx.Outputs[0].Value++
		}
		out = append(out, committed.asset(name+", committed field changed", nil, wit(sig), "SCHNORR_SIG"))
	}
	return out
}

// genKeyPathErrors: hash-type, size and witness errors on the key path.
func genKeyPathErrors(t testing.TB) []ScriptAsset {
	ks := newKeySpend(t, 2)
	s := newSpend(t, 2, 2, 0, ks.spk, 50000)
	good := s.keySig(ks, 0, nil)
	var out []ScriptAsset
	for _, ht := range []uint8{0x04, 0x80, 0x84, 0x43, 0xff} {
		bad := append(slices.Clone(good), ht)
		out = append(out, s.asset("key path, invalid hash type "+hex.EncodeToString([]byte{ht}), wit(good), wit(bad), "SCHNORR_SIG_HASHTYPE"))
	}
	out = append(out,
		s.asset("key path, explicit 0x00 hash type byte", wit(good), wit(append(slices.Clone(good), 0)), "SCHNORR_SIG_HASHTYPE"),
		s.asset("key path, 63-byte signature", wit(good), wit(good[:63]), "SCHNORR_SIG_SIZE"),
		s.asset("key path, 66-byte signature", wit(good), wit(append(s.keySig(ks, 1, nil), 1)), "SCHNORR_SIG_SIZE"),
		s.asset("key path, empty signature", wit(good), wit([]byte{}), "SCHNORR_SIG_SIZE"),
		s.asset("key path, empty witness", wit(good), wit(), "WITNESS_PROGRAM_WITNESS_EMPTY"),
		s.asset("key path, signed by the untweaked internal key", wit(good),
			wit(sign(t, ks.internal, s.sighash(0, nil, nil), 0)), "SCHNORR_SIG"),
		s.asset("key path, non-empty scriptSig", wit(good), wit(good), "WITNESS_MALLEATED"),
	)
	// A native witness program needs an empty scriptSig.
	out[len(out)-1].Failure.ScriptSig = "51"

	// SIGHASH_SINGLE for the second input of a one-output transaction.
	single := newSpend(t, 2, 1, 1, ks.spk, 50000)
	okAll := single.keySig(ks, 0x01, nil)
	for _, ht := range []uint8{0x03, 0x83} {
		bad := append(slices.Clone(okAll[:64]), ht)
		out = append(out, single.asset("key path, SIGHASH_SINGLE "+hex.EncodeToString([]byte{ht})+" without a matching output",
			wit(okAll), wit(bad), "SCHNORR_SIG_HASHTYPE"))
	}
	return out
}

// genKeyPathAnnex: annexes of several sizes on the key path.
func genKeyPathAnnex(t testing.TB) []ScriptAsset {
	ks := newKeySpend(t, 3)
	s := newSpend(t, 2, 2, 1, ks.spk, 60000)
	var out []ScriptAsset
	for _, annex := range [][]byte{{0x50}, {0x50, 1, 2, 3}, append([]byte{0x50}, bytes.Repeat([]byte{0xaa}, 300)...)} {
		sig := s.keySig(ks, 0, annex)
		noAnnexSig := s.keySig(ks, 0, nil)
		otherAnnex := append(slices.Clone(annex), 0)
		name := "key path with a " + strconv.Itoa(len(annex)) + "-byte annex"
		out = append(out,
			s.asset(name+"; failure's signature ignores the annex", wit(sig, annex), wit(noAnnexSig, annex), "SCHNORR_SIG"),
			s.asset(name+"; failure changes the annex after signing", wit(sig, annex), wit(sig, otherAnnex), "SCHNORR_SIG"),
		)
	}
	return out
}

// scriptTree builds a tree of the leaves, paired left to right level by
// level, so that control blocks carry paths, and returns its spend info
// (leaves in the given order).
func scriptTree(t testing.TB, internalKey int, leaves ...txscript.TapLeaf) *txscript.TaprootSpendInfo {
	t.Helper()
	// Balanced-ish: pair leaves left to right.
	nodes := make([]*txscript.TapTree, len(leaves))
	for i := range leaves {
		nodes[i] = &txscript.TapTree{Leaf: &leaves[i]}
	}
	for len(nodes) > 1 {
		var next []*txscript.TapTree
		for i := 0; i < len(nodes); i += 2 {
			if i+1 == len(nodes) {
				next = append(next, nodes[i])
				continue
			}
			next = append(next, &txscript.TapTree{Children: [2]*txscript.TapTree{nodes[i], nodes[i+1]}})
		}
		nodes = next
	}
	info, err := txscript.BuildTaprootTree(xonly(genKey(internalKey)), nodes[0])
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func tapLeaf(script []byte) txscript.TapLeaf {
	return txscript.TapLeaf{Version: txscript.BaseLeafVersion, Script: script}
}

// genScriptPathCheckSig: OP_CHECKSIG leaves with every hash type, wrong
// signatures, empty signatures and a deeper leaf.
func genScriptPathCheckSig(t testing.TB) []ScriptAsset {
	a, b := genKey(10), genKey(11)
	info := scriptTree(t, 12,
		tapLeaf(scr(xonly(a), opCheckSig)),
		tapLeaf(scr(xonly(b), opCheckSig, opNot)),
		tapLeaf(scr(xonly(b), opCheckSigVerif, op1)),
		tapLeaf(scr(opReturn)),
		tapLeaf(scr(op1)),
	)
	leafA, leafNot, leafDeep := info.Leaves[0], info.Leaves[1], info.Leaves[4]
	s := newSpend(t, 3, 3, 2, info.ScriptPubKey(), 90000)
	var out []ScriptAsset
	for _, ht := range allTapHashTypes {
		sig := s.leafSig(a, leafA, ht, txscript.NoCodeSeparator, nil)
		keyMsg := sign(t, a, s.sighash(ht, nil, nil), ht) // ext_flag 0 message
		out = append(out, s.asset("script path CHECKSIG, hash type "+hex.EncodeToString([]byte{ht})+"; failure signs the key-path message",
			leafWit(leafA, nil, sig), leafWit(leafA, nil, keyMsg), "SCHNORR_SIG"))
	}
	sigA := s.leafSig(a, leafA, 0, txscript.NoCodeSeparator, nil)
	sigByB := s.leafSig(b, leafA, 0, txscript.NoCodeSeparator, nil)
	out = append(out,
		s.asset("script path CHECKSIG; failure signed by another key", leafWit(leafA, nil, sigA), leafWit(leafA, nil, sigByB), "SCHNORR_SIG"),
		s.asset("script path CHECKSIG; failure signs another leaf", leafWit(leafA, nil, sigA),
			leafWit(leafA, nil, s.leafSig(a, leafNot, 0, txscript.NoCodeSeparator, nil)), "SCHNORR_SIG"),
		s.asset("script path CHECKSIG NOT with an empty signature; failure has an empty signature for CHECKSIG",
			leafWit(leafNot, nil, []byte{}), leafWit(leafA, nil, []byte{}), "EVAL_FALSE"),
		s.asset("script path, OP_1 leaf at depth 1; failure spends the OP_RETURN leaf at depth 3", leafWit(leafDeep, nil), leafWit(info.Leaves[3], nil), "OP_RETURN"),
		s.asset("script path CHECKSIG; failure has a 63-byte signature", leafWit(leafA, nil, sigA), leafWit(leafA, nil, sigA[:63]), "SCHNORR_SIG_SIZE"),
	)
	return out
}

// genScriptPathCheckSigAdd: a 2-of-3 and a 3-of-3 with OP_CHECKSIGADD.
func genScriptPathCheckSigAdd(t testing.TB) []ScriptAsset {
	k1, k2, k3 := genKey(20), genKey(21), genKey(22)
	multi := func(n int) []byte {
		return scr(xonly(k1), opCheckSig, xonly(k2), opCheckSigAdd, xonly(k3), opCheckSigAdd, op1+n-1, opNumEqual)
	}
	info := scriptTree(t, 23, tapLeaf(multi(2)), tapLeaf(multi(3)), tapLeaf(scr(op0)))
	two, three := info.Leaves[0], info.Leaves[1]
	s := newSpend(t, 2, 2, 0, info.ScriptPubKey(), 80000)
	none := txscript.NoCodeSeparator
	s1, s2, s3 := s.leafSig(k1, two, 0, none, nil), s.leafSig(k2, two, 0x81, none, nil), s.leafSig(k3, two, 0x02, none, nil)
	t1, t2, t3 := s.leafSig(k1, three, 0, none, nil), s.leafSig(k2, three, 0, none, nil), s.leafSig(k3, three, 0, none, nil)
	empty := []byte{}
	// The stack top is the first CHECKSIG's signature (key 1), so the
	// witness lists key 3's signature first.
	return []ScriptAsset{
		s.asset("CHECKSIGADD 2-of-3 with keys 1 and 3; failure has only key 1", leafWit(two, nil, s3, empty, s1), leafWit(two, nil, empty, empty, s1), "EVAL_FALSE"),
		s.asset("CHECKSIGADD 2-of-3 with keys 2 and 3; failure has key 2's signature made by key 1",
			leafWit(two, nil, s3, s2, empty), leafWit(two, nil, s3, s.leafSig(k1, two, 0x81, none, nil), empty), "SCHNORR_SIG"),
		s.asset("CHECKSIGADD 2-of-3 with all three keys fails NUMEQUAL; success with keys 1 and 2",
			leafWit(two, nil, empty, s2, s1), leafWit(two, nil, s3, s2, s1), "EVAL_FALSE"),
		s.asset("CHECKSIGADD 3-of-3; failure swaps two signatures", leafWit(three, nil, t3, t2, t1), leafWit(three, nil, t2, t3, t1), "SCHNORR_SIG"),
		s.asset("CHECKSIGADD 3-of-3; failure reuses the 2-of-3 leaf's signature", leafWit(three, nil, t3, t2, t1), leafWit(three, nil, t3, t2, s1), "SCHNORR_SIG"),
	}
}

// genScriptPathAnnex: annexes on script-path spends.
func genScriptPathAnnex(t testing.TB) []ScriptAsset {
	k := genKey(30)
	info := scriptTree(t, 31, tapLeaf(scr(xonly(k), opCheckSig)), tapLeaf(scr(op1)))
	leaf := info.Leaves[0]
	s := newSpend(t, 2, 3, 1, info.ScriptPubKey(), 40000)
	annex := []byte{0x50, 0xde, 0xad}
	sig := s.leafSig(k, leaf, 0x01, txscript.NoCodeSeparator, annex)
	plain := s.leafSig(k, leaf, 0x01, txscript.NoCodeSeparator, nil)
	return []ScriptAsset{
		s.asset("script path with annex; failure's signature ignores the annex", leafWit(leaf, annex, sig), leafWit(leaf, annex, plain), "SCHNORR_SIG"),
		s.asset("script path without annex; failure adds an annex after signing", leafWit(leaf, nil, plain), leafWit(leaf, annex, plain), "SCHNORR_SIG"),
		s.asset("script path OP_1 with a 1-byte annex; failure uses the other leaf's control block",
			leafWit(info.Leaves[1], []byte{0x50}), wit(info.Leaves[1].Script, info.Leaves[0].ControlBlock, []byte{0x50}), "WITNESS_PROGRAM_MISMATCH"),
	}
}

// genScriptPathCodeSep: code-separator positions in the BIP342 message.
func genScriptPathCodeSep(t testing.TB) []ScriptAsset {
	k, k2 := genKey(40), genKey(41)
	info := scriptTree(t, 42,
		tapLeaf(scr(opCodeSep, xonly(k), opCheckSig)),                                    // separator at position 0
		tapLeaf(scr(xonly(k2), opCheckSigVerif, opCodeSep, xonly(k), opCheckSig)),        // at position 2, after the first check
		tapLeaf(scr(op0, opIf, opCodeSep, opEndIf, xonly(k), opCheckSig)),                // not executed
		tapLeaf(scr(opCodeSep, opCodeSep, op1, opDrop, opCodeSep, xonly(k), opCheckSig)), // last executed at 4
	)
	s := newSpend(t, 1, 1, 0, info.ScriptPubKey(), 30000)
	none := txscript.NoCodeSeparator
	l0, l1, l2, l3 := info.Leaves[0], info.Leaves[1], info.Leaves[2], info.Leaves[3]
	first := s.leafSig(k2, l1, 0, none, nil)
	return []ScriptAsset{
		s.asset("OP_CODESEPARATOR at position 0; failure signs with no separator",
			leafWit(l0, nil, s.leafSig(k, l0, 0, 0, nil)), leafWit(l0, nil, s.leafSig(k, l0, 0, none, nil)), "SCHNORR_SIG"),
		s.asset("CHECKSIGVERIFY before and CHECKSIG after a separator at position 2; failure signs the second with position 0xffffffff",
			leafWit(l1, nil, s.leafSig(k, l1, 0, 2, nil), first), leafWit(l1, nil, s.leafSig(k, l1, 0, none, nil), first), "SCHNORR_SIG"),
		s.asset("CHECKSIGVERIFY signed with the later separator's position fails",
			leafWit(l1, nil, s.leafSig(k, l1, 0, 2, nil), first), leafWit(l1, nil, s.leafSig(k, l1, 0, 2, nil), s.leafSig(k2, l1, 0, 2, nil)), "SCHNORR_SIG"),
		s.asset("unexecuted OP_CODESEPARATOR; failure signs with its position 2",
			leafWit(l2, nil, s.leafSig(k, l2, 0, none, nil)), leafWit(l2, nil, s.leafSig(k, l2, 0, 2, nil)), "SCHNORR_SIG"),
		s.asset("three separators, the last at position 4; failure signs with position 1",
			leafWit(l3, nil, s.leafSig(k, l3, 0x83, 4, nil)), leafWit(l3, nil, s.leafSig(k, l3, 0x83, 1, nil)), "SCHNORR_SIG"),
	}
}

// genScriptPathOpSuccess: OP_SUCCESSx semantics.
func genScriptPathOpSuccess(t testing.TB) []ScriptAsset {
	big := bytes.Repeat([]byte{7}, 600)
	info := scriptTree(t, 50,
		tapLeaf([]byte{opSuccess80}),
		tapLeaf([]byte{opReturn, opSuccess98}),
		tapLeaf([]byte{opSuccess80, opPushData1}), // OP_SUCCESS before a truncated push
		tapLeaf([]byte{opPushData1, opSuccess80}), // truncated push first: BAD_OPCODE
		tapLeaf(scr(opDrop, op1)),                 // ordinary script
		tapLeaf(scr(op1)),                         // ordinary script
		tapLeaf([]byte{0xfe, op0, opIf, opEndIf}), // OP_SUCCESS254 first
	)
	s := newSpend(t, 2, 2, 0, info.ScriptPubKey(), 20000)
	many := make([][]byte, 1001)
	for i := range many {
		many[i] = []byte{}
	}
	badCB := slices.Clone(info.Leaves[0].ControlBlock)
	badCB[0] ^= 1
	return []ScriptAsset{
		s.asset("OP_SUCCESS80 leaf; failure has a control block with the wrong parity",
			leafWit(info.Leaves[0], nil), wit(info.Leaves[0].Script, badCB), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("OP_RETURN OP_SUCCESS98 succeeds: the scan precedes execution; failure is a truncated push before OP_SUCCESS",
			leafWit(info.Leaves[1], nil), leafWit(info.Leaves[3], nil), "BAD_OPCODE"),
		s.asset("OP_SUCCESS80 before a truncated push succeeds; failure: OP_DROP OP_1 with a 600-byte element",
			leafWit(info.Leaves[2], nil), leafWit(info.Leaves[4], nil, big), "PUSH_SIZE"),
		s.asset("OP_SUCCESS overrides the element size limit; failure: OP_1 with 1001 stack elements",
			leafWit(info.Leaves[0], nil, big), leafWit(info.Leaves[5], nil, many...), "STACK_SIZE"),
		s.asset("OP_SUCCESS overrides the stack size limit; failure: OP_1 leaf with a 600-byte element",
			leafWit(info.Leaves[6], nil, many...), leafWit(info.Leaves[5], nil, big), "PUSH_SIZE"),
	}
}

// genScriptPathLeafVersion: unknown leaf versions succeed once committed.
func genScriptPathLeafVersion(t testing.TB) []ScriptAsset {
	info := scriptTree(t, 60,
		txscript.TapLeaf{Version: 0xc2, Script: []byte{opReturn}},
		txscript.TapLeaf{Version: 0xfe, Script: []byte{opPushData1}},
		txscript.TapLeaf{Version: 0x66, Script: nil},
		tapLeaf([]byte{opReturn}),
	)
	s := newSpend(t, 2, 2, 1, info.ScriptPubKey(), 20000)
	l0, l1, l2, l3 := info.Leaves[0], info.Leaves[1], info.Leaves[2], info.Leaves[3]
	wrongVersion := slices.Clone(l0.ControlBlock)
	wrongVersion[0] = wrongVersion[0]&1 | 0xc4
	asTapscript := slices.Clone(l0.ControlBlock)
	asTapscript[0] = asTapscript[0]&1 | 0xc0
	return []ScriptAsset{
		s.asset("leaf version 0xc2 with OP_RETURN succeeds; failure claims version 0xc4",
			leafWit(l0, nil, []byte{1}), wit(l0.Script, wrongVersion), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("leaf version 0xfe with an unparsable script succeeds; failure is the 0xc0 OP_RETURN leaf",
			leafWit(l1, nil), leafWit(l3, nil), "OP_RETURN"),
		s.asset("leaf version 0x66 with an empty script succeeds; failure claims version 0xc0 for the 0xc2 leaf",
			leafWit(l2, nil, big520()), wit(l0.Script, asTapscript), "WITNESS_PROGRAM_MISMATCH"),
	}
}

// big520 is an element above the push limit, allowed for unknown leaf
// versions.
func big520() []byte { return bytes.Repeat([]byte{1}, 521) }

// genScriptPathControlBlock: malformed and mismatching control blocks, and
// the deepest allowed path.
func genScriptPathControlBlock(t testing.TB) []ScriptAsset {
	k := genKey(70)
	info := scriptTree(t, 71, tapLeaf(scr(xonly(k), opCheckSig)), tapLeaf(scr(op1)), tapLeaf(scr(op2)))
	leaf := info.Leaves[0]
	s := newSpend(t, 2, 2, 0, info.ScriptPubKey(), 20000)
	sig := s.leafSig(k, leaf, 0, txscript.NoCodeSeparator, nil)
	good := leafWit(leaf, nil, sig)
	mut := func(f func(cb []byte) []byte) [][]byte {
		return wit(sig, leaf.Script, f(slices.Clone(leaf.ControlBlock)))
	}
	notOnCurve := [32]byte{}
	notOnCurve[31] = 5 // x = 5 is not on secp256k1
	out := []ScriptAsset{
		s.asset("control block one byte too long", good, mut(func(cb []byte) []byte { return append(cb, 0) }), "TAPROOT_WRONG_CONTROL_SIZE"),
		s.asset("control block of 32 bytes", good, mut(func(cb []byte) []byte { return cb[:32] }), "TAPROOT_WRONG_CONTROL_SIZE"),
		s.asset("control block with the wrong parity", good, mut(func(cb []byte) []byte { cb[0] ^= 1; return cb }), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("control block with another internal key", good, mut(func(cb []byte) []byte {
			p := xonly(genKey(72))
			copy(cb[1:33], p[:])
			return cb
		}), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("control block with an internal key not on the curve", good, mut(func(cb []byte) []byte {
			copy(cb[1:33], notOnCurve[:])
			return cb
		}), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("control block with a changed path node", good, mut(func(cb []byte) []byte { cb[40] ^= 0x80; return cb }), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("control block with an extra path node", good, mut(func(cb []byte) []byte { return append(cb, cb[33:65]...) }), "WITNESS_PROGRAM_MISMATCH"),
		s.asset("control block without its path", good, mut(func(cb []byte) []byte { return cb[:33] }), "WITNESS_PROGRAM_MISMATCH"),
	}

	// The deepest path a control block may carry: 128 nodes.
	tree := chainTree(k)
	deep, err := txscript.BuildTaprootTree(xonly(genKey(73)), tree)
	if err != nil {
		t.Fatal(err)
	}
	var deepest txscript.TapLeafSpend
	for _, l := range deep.Leaves {
		if bytes.Equal(l.Script, leaf.Script) {
			deepest = l
		}
	}
	if len(deepest.ControlBlock) != txscript.TaprootControlMaxSize {
		t.Fatalf("deepest control block %d bytes", len(deepest.ControlBlock))
	}
	ds := newSpend(t, 1, 1, 0, deep.ScriptPubKey(), 20000)
	dsig := ds.leafSig(k, deepest, 0, txscript.NoCodeSeparator, nil)
	tooDeep := append(slices.Clone(deepest.ControlBlock), deepest.ControlBlock[33:65]...)
	out = append(out, ds.asset("leaf at depth 128 (4129-byte control block); failure adds a 129th node",
		leafWit(deepest, nil, dsig), wit(dsig, deepest.Script, tooDeep), "TAPROOT_WRONG_CONTROL_SIZE"))
	return out
}

// chainTree returns a tree whose leaf holding <k> CHECKSIG is at depth 128:
// each level pairs a filler leaf with the rest.
func chainTree(k *secp256k1.PrivateKey) *txscript.TapTree {
	l := tapLeaf(scr(xonly(k), opCheckSig))
	tree := &txscript.TapTree{Leaf: &l}
	for i := range 128 {
		f := tapLeaf(scr(op1 + i%16))
		tree = &txscript.TapTree{Children: [2]*txscript.TapTree{{Leaf: &f}, tree}}
	}
	return tree
}

// genScriptPathWeight: the BIP342 validation-weight budget. A leaf that
// repeats "OP_DUP <k> OP_CHECKSIGVERIFY" n times before "<k> OP_CHECKSIG"
// makes n+1 signature checks with one 64-byte signature; success uses the
// largest n the budget allows, failure one more.
func genScriptPathWeight(t testing.TB) []ScriptAsset {
	k := genKey(80)
	leafScript := func(n int) []byte {
		var b []byte
		for range n {
			b = append(b, scr(opDup, xonly(k), opCheckSigVerif)...)
		}
		return append(b, scr(xonly(k), opCheckSig)...)
	}
	// Each repetition adds 35 script bytes and costs 50, so the budget runs
	// out after a few dozen; find the boundary with the real witness size.
	// Both leaves share one tree (control blocks of 65 bytes).
	witnessSize := func(script []byte) int {
		n := primitives.CompactSizeLen(3)
		n += 1 + 64
		n += primitives.CompactSizeLen(uint64(len(script))) + len(script)
		n += 1 + 65
		return n
	}
	n := 0
	for 50*(n+2) <= witnessSize(leafScript(n+1))+50 {
		n++
	}
	info := scriptTree(t, 81, tapLeaf(leafScript(n)), tapLeaf(leafScript(n+1)))
	ok, over := info.Leaves[0], info.Leaves[1]
	s := newSpend(t, 1, 2, 0, info.ScriptPubKey(), 20000)
	sigOK := s.leafSig(k, ok, 0, txscript.NoCodeSeparator, nil)
	sigOver := s.leafSig(k, over, 0, txscript.NoCodeSeparator, nil)
	if witnessSize(ok.Script) != txWitnessSize(leafWit(ok, nil, sigOK)) {
		t.Fatalf("witness size estimate is off")
	}
	return []ScriptAsset{
		s.asset("validation weight: "+strconv.Itoa(n+1)+" signature checks fit; failure makes "+strconv.Itoa(n+2),
			leafWit(ok, nil, sigOK), leafWit(over, nil, sigOver), "TAPSCRIPT_VALIDATION_WEIGHT"),
	}
}

func txWitnessSize(w [][]byte) int {
	n := primitives.CompactSizeLen(uint64(len(w)))
	for _, item := range w {
		n += primitives.CompactSizeLen(uint64(len(item))) + len(item)
	}
	return n
}

// genScriptPathHashType: invalid hash types in tapscript signatures.
func genScriptPathHashType(t testing.TB) []ScriptAsset {
	k := genKey(90)
	info := scriptTree(t, 91, tapLeaf(scr(xonly(k), opCheckSig)), tapLeaf(scr(op1)))
	leaf := info.Leaves[0]
	s := newSpend(t, 2, 1, 1, info.ScriptPubKey(), 20000)
	none := txscript.NoCodeSeparator
	sig := s.leafSig(k, leaf, 0x82, none, nil)
	var out []ScriptAsset
	for _, ht := range []uint8{0x00, 0x04, 0x84} {
		bad := append(slices.Clone(sig[:64]), ht)
		out = append(out, s.asset("tapscript signature with hash type byte "+hex.EncodeToString([]byte{ht}),
			leafWit(leaf, nil, sig), leafWit(leaf, nil, bad), "SCHNORR_SIG_HASHTYPE"))
	}
	for _, ht := range []uint8{0x03, 0x83} {
		bad := append(slices.Clone(sig[:64]), ht)
		out = append(out, s.asset("tapscript SIGHASH_SINGLE "+hex.EncodeToString([]byte{ht})+" without a matching output",
			leafWit(leaf, nil, sig), leafWit(leaf, nil, bad), "SCHNORR_SIG_HASHTYPE"))
	}
	return out
}

// genScriptPathMisc: public-key types, CHECKMULTISIG and MINIMALIF in
// tapscript.
func genScriptPathMisc(t testing.TB) []ScriptAsset {
	k := genKey(95)
	unknownKey := append([]byte{0x02}, bytes.Repeat([]byte{0x11}, 32)...)
	info := scriptTree(t, 96,
		tapLeaf(scr(unknownKey, opCheckSig)),
		tapLeaf(scr([]byte{}, opCheckSig)),
		tapLeaf(scr(op0, op0, op0, opCheckMultiSig)),
		tapLeaf(scr(opIf, op1, opElse, op0, opEndIf)),
		tapLeaf(scr(xonly(k), opCheckSig)),
	)
	l := info.Leaves
	s := newSpend(t, 1, 1, 0, info.ScriptPubKey(), 20000)
	sig := s.leafSig(k, l[4], 0, txscript.NoCodeSeparator, nil)
	return []ScriptAsset{
		s.asset("33-byte (unknown type) public key: any non-empty signature passes; failure gives an empty one",
			leafWit(l[0], nil, []byte{1}), leafWit(l[0], nil, []byte{}), "EVAL_FALSE"),
		s.asset("empty public key in tapscript", leafWit(l[4], nil, sig), leafWit(l[1], nil, sig), "TAPSCRIPT_EMPTY_PUBKEY"),
		s.asset("empty public key with an empty signature", leafWit(l[4], nil, sig), leafWit(l[1], nil, []byte{}), "TAPSCRIPT_EMPTY_PUBKEY"),
		s.asset("OP_CHECKMULTISIG is disabled in tapscript", leafWit(l[4], nil, sig), leafWit(l[2], nil), "TAPSCRIPT_CHECKMULTISIG"),
		s.asset("tapscript IF argument must be empty or 0x01; failure gives 0x02", leafWit(l[3], nil, []byte{1}), leafWit(l[3], nil, []byte{2}), "TAPSCRIPT_MINIMALIF"),
		s.asset("tapscript IF argument 0x0100 is not minimal", leafWit(l[3], nil, []byte{1}), leafWit(l[3], nil, []byte{1, 0}), "TAPSCRIPT_MINIMALIF"),
	}
}

// genWrappedV1: witness v1 programs that are not taproot (P2SH-wrapped, or
// not 32 bytes) stay unencumbered.
func genWrappedV1(t testing.TB) []ScriptAsset {
	ks := newKeySpend(t, 97)
	redeem := ks.spk
	h := crypto.Hash160(redeem)
	p2sh := append(append([]byte{opHash160, 20}, h[:]...), opEqual)
	s := newSpend(t, 1, 1, 0, p2sh, 20000)
	a := s.asset("P2SH-wrapped witness v1 program is not taproot: any witness passes; failure pushes another redeem script",
		wit([]byte{1, 2, 3}), wit([]byte{1, 2, 3}), "EVAL_FALSE")
	a.Success.ScriptSig = hex.EncodeToString(scr(redeem))
	a.Failure.ScriptSig = hex.EncodeToString(scr(append(slices.Clone(redeem), 0)))

	v1short := append([]byte{op1, 31}, bytes.Repeat([]byte{9}, 31)...)
	s2 := newSpend(t, 1, 1, 0, v1short, 20000)
	b := s2.asset("31-byte witness v1 program is unencumbered", wit([]byte{}), nil, "")
	return []ScriptAsset{a, b}
}

// assetFile is one generated file.
type assetFile struct {
	name   string
	assets []ScriptAsset
	// single writes each object followed by ",\n" (Core's qa-assets
	// per-file form) instead of a JSON array.
	single bool
}

func generateScriptAssets(t testing.TB) []assetFile {
	return []assetFile{
		{name: "keypath_hashtypes.json", assets: genKeyPathHashTypes(t)},
		{name: "keypath_errors.json", assets: genKeyPathErrors(t)},
		{name: "keypath_annex.json", assets: genKeyPathAnnex(t)},
		{name: "scriptpath_checksig.json", assets: genScriptPathCheckSig(t)},
		{name: "scriptpath_checksigadd.json", assets: genScriptPathCheckSigAdd(t)},
		{name: "scriptpath_annex.json", assets: genScriptPathAnnex(t)},
		{name: "scriptpath_codesep.json", assets: genScriptPathCodeSep(t)},
		{name: "scriptpath_opsuccess.json", assets: genScriptPathOpSuccess(t)},
		{name: "scriptpath_leafversion.json", assets: genScriptPathLeafVersion(t)},
		{name: "scriptpath_controlblock.json", assets: genScriptPathControlBlock(t)},
		{name: "scriptpath_weight.json", assets: genScriptPathWeight(t)},
		{name: "scriptpath_hashtype.json", assets: genScriptPathHashType(t)},
		{name: "scriptpath_misc.json", assets: genScriptPathMisc(t)},
		{name: "witness_v1_other.json", assets: genWrappedV1(t), single: true},
	}
}

func (f *assetFile) encode(t testing.TB) []byte {
	var buf bytes.Buffer
	if f.single {
		for _, a := range f.assets {
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(b)
			buf.WriteString(",\n")
		}
		return buf.Bytes()
	}
	b, err := json.MarshalIndent(f.assets, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(b)
	buf.WriteByte('\n')
	return buf.Bytes()
}

// TestGenerateScriptAssets rewrites testdata/script_assets (only with
// -regen-assets).
func TestGenerateScriptAssets(t *testing.T) {
	if !*regenAssets {
		t.Skip("pass -regen-assets to rewrite " + ownAssetsDir)
	}
	if err := os.MkdirAll(ownAssetsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(ownAssetsDir, "*.json"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, f := range generateScriptAssets(t) {
		if err := os.WriteFile(filepath.Join(ownAssetsDir, f.name), f.encode(t), 0o644); err != nil {
			t.Fatal(err)
		}
		n += len(f.assets)
	}
	t.Logf("wrote %d objects", n)
}

// TestScriptAssetsFresh checks that the committed files are what the
// generator produces.
func TestScriptAssetsFresh(t *testing.T) {
	if *regenAssets {
		t.Skip("regenerating")
	}
	files := generateScriptAssets(t)
	onDisk, err := filepath.Glob(filepath.Join(ownAssetsDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(onDisk) != len(files) {
		t.Fatalf("%d files in %s, the generator makes %d (run with -regen-assets)", len(onDisk), ownAssetsDir, len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(ownAssetsDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.encode(t)) {
			t.Errorf("%s is stale (run with -regen-assets)", f.name)
		}
	}
}
