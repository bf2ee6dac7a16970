package psbt

import (
	"bytes"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Signature hash types.
const (
	SigHashDefault      uint32 = 0x00
	SigHashAll          uint32 = 0x01
	SigHashNone         uint32 = 0x02
	SigHashSingle       uint32 = 0x03
	SigHashAnyoneCanPay uint32 = 0x80

	// SigHashUnspecified asks SignInput/Sign to use the input's
	// PSBT_IN_SIGHASH_TYPE when present, else SIGHASH_DEFAULT for taproot
	// and SIGHASH_ALL for other outputs (Core's std::nullopt).
	SigHashUnspecified uint32 = 0xffffffff
)

// dummyECDSASig is Core's DummySignatureCreator(33, 32) output: a 72-byte
// DER signature with a 33-byte R and 32-byte S plus the sighash byte.
var dummyECDSASig = func() []byte {
	b := make([]byte, 72)
	b[0], b[1] = 0x30, 69
	b[2], b[3], b[4] = 0x02, 33, 0x01
	b[37], b[38], b[39] = 0x02, 32, 0x01
	b[71] = byte(SigHashAll)
	return b
}()

// standardFlags are Core's STANDARD_SCRIPT_VERIFY_FLAGS.
const standardFlags = txscript.FlagsAll &^ txscript.FlagSigPushOnly

type sigVersion uint8

const (
	sigBase sigVersion = iota
	sigWitnessV0
	sigTaproot
	sigTapscript
)

// sigData is Core's SignatureData: what is known about satisfying one input
// and what is still missing.
type sigData struct {
	complete   bool
	witnessSig bool
	scriptSig  []byte
	witness    [][]byte

	sigs          []PartialSig
	redeem        []byte
	wscript       []byte
	miscPubs      []Bip32Derivation
	tapKeySig     []byte
	tapScriptSigs []TapScriptSig
	internalKey   [32]byte
	merkleRoot    [32]byte
	leaves        []TapLeafScript
	tapPubs       [][32]byte

	missingPubKeys [][]byte
	missingSigs    [][]byte
	missingRedeem  []byte
	missingWitness []byte
}

// creator signs (or, with a nil provider, only reuses existing signatures).
type creator struct {
	// dummy makes placeholder signatures of the maximal size for every key
	// (Core's DUMMY_SIGNATURE_CREATOR), for size estimates.
	dummy    bool
	prov     Provider
	tx       *primitives.Tx
	idx      int
	amount   int64
	hashType uint32
	sh       *txscript.SigHashes
	prevOuts []primitives.TxOut // all spent outputs, or nil
}

func fillSigData(in *Input) *sigData {
	sd := &sigData{}
	if len(in.FinalScriptSig) != 0 {
		sd.scriptSig = in.FinalScriptSig
		sd.complete = true
	}
	if len(in.FinalScriptWitness) != 0 {
		sd.witness = in.FinalScriptWitness
		sd.complete = true
	}
	if sd.complete {
		return sd
	}
	sd.sigs = append(sd.sigs, in.PartialSigs...)
	sd.redeem = in.RedeemScript
	sd.wscript = in.WitnessScript
	sd.miscPubs = append(sd.miscPubs, in.Bip32Derivation...)
	sd.tapKeySig = in.TapKeySig
	sd.tapScriptSigs = append(sd.tapScriptSigs, in.TapScriptSigs...)
	sd.internalKey = in.TapInternalKey
	sd.merkleRoot = in.TapMerkleRoot
	sd.leaves = append(sd.leaves, in.TapLeafScripts...)
	for _, d := range in.TapBip32Derivation {
		sd.tapPubs = append(sd.tapPubs, d.XOnlyPubKey)
	}
	return sd
}

// fromSigData is Core's PSBTInput::FromSignatureData.
func fromSigData(in *Input, sd *sigData) {
	if sd.complete {
		*in = Input{
			NonWitnessUTXO: in.NonWitnessUTXO, WitnessUTXO: in.WitnessUTXO,
			PreviousTxID: in.PreviousTxID, OutputIndex: in.OutputIndex, Sequence: in.Sequence,
			RequiredTimeLock: in.RequiredTimeLock, RequiredHeightLock: in.RequiredHeightLock,
			Proprietary: in.Proprietary, Unknown: in.Unknown,
		}
		in.FinalScriptSig = sd.scriptSig
		in.FinalScriptWitness = sd.witness
		return
	}
	for _, s := range sd.sigs {
		if !hasPartialSig(in.PartialSigs, s.PubKey) {
			in.PartialSigs = append(in.PartialSigs, s)
		}
	}
	if len(in.RedeemScript) == 0 && len(sd.redeem) != 0 {
		in.RedeemScript = sd.redeem
	}
	if len(in.WitnessScript) == 0 && len(sd.wscript) != 0 {
		in.WitnessScript = sd.wscript
	}
	for _, d := range sd.miscPubs {
		if !hasBip32(in.Bip32Derivation, d.PubKey) {
			in.Bip32Derivation = append(in.Bip32Derivation, d)
		}
	}
	if len(sd.tapKeySig) != 0 {
		in.TapKeySig = sd.tapKeySig
	}
	for _, ts := range sd.tapScriptSigs {
		if !hasTapScriptSig(in.TapScriptSigs, ts.XOnlyPubKey, ts.LeafHash) {
			in.TapScriptSigs = append(in.TapScriptSigs, ts)
		}
	}
	if sd.internalKey != ([32]byte{}) {
		in.TapInternalKey = sd.internalKey
	}
	if sd.merkleRoot != ([32]byte{}) {
		in.TapMerkleRoot = sd.merkleRoot
	}
	for _, l := range sd.leaves {
		if !hasLeaf(in.TapLeafScripts, l) {
			in.TapLeafScripts = append(in.TapLeafScripts, l)
		}
	}
}

func hasPartialSig(list []PartialSig, pub []byte) bool {
	for i := range list {
		if bytes.Equal(list[i].PubKey, pub) {
			return true
		}
	}
	return false
}

func findPartialSig(list []PartialSig, pub []byte) []byte {
	for i := range list {
		if bytes.Equal(list[i].PubKey, pub) {
			return list[i].Signature
		}
	}
	return nil
}

func hasBip32(list []Bip32Derivation, pub []byte) bool {
	for i := range list {
		if bytes.Equal(list[i].PubKey, pub) {
			return true
		}
	}
	return false
}

func hasTapScriptSig(list []TapScriptSig, x [32]byte, leaf chainhash.Hash) bool {
	for i := range list {
		if list[i].XOnlyPubKey == x && list[i].LeafHash == leaf {
			return true
		}
	}
	return false
}

func hasLeaf(list []TapLeafScript, l TapLeafScript) bool {
	for i := range list {
		if bytes.Equal(list[i].ControlBlock, l.ControlBlock) {
			return true
		}
	}
	return false
}

func parsePriv(b []byte) (*secp256k1.PrivateKey, bool) {
	if len(b) != 32 {
		return nil, false
	}
	var s secp256k1.ModNScalar
	if overflow := s.SetByteSlice(b); overflow || s.IsZero() {
		return nil, false
	}
	return secp256k1.NewPrivateKey(&s), true
}

// createSig is Core's CreateSig: an existing signature by pub, or a new one.
func (c *creator) createSig(sd *sigData, pub, scriptCode []byte, sv sigVersion) ([]byte, bool) {
	if sig := findPartialSig(sd.sigs, pub); sig != nil {
		return sig, true
	}
	if c.dummy {
		return dummyECDSASig, true
	}
	if c.prov != nil {
		if kop, ok := c.prov.(KeyOriginProvider); ok {
			if ko, ok := kop.KeyOrigin(pub); ok && !hasBip32(sd.miscPubs, pub) {
				sd.miscPubs = append(sd.miscPubs, Bip32Derivation{PubKey: pub, KeyOrigin: ko})
			}
		}
		if sig, ok := c.signECDSA(pub, scriptCode, sv); ok {
			sd.sigs = append(sd.sigs, PartialSig{PubKey: pub, Signature: sig})
			return sig, true
		}
	}
	id := crypto.Hash160(pub)
	sd.missingSigs = append(sd.missingSigs, id[:])
	return nil, false
}

func (c *creator) signECDSA(pub, scriptCode []byte, sv sigVersion) ([]byte, bool) {
	secret, ok := c.prov.PrivKey(pub)
	if !ok {
		return nil, false
	}
	priv, ok := parsePriv(secret)
	if !ok {
		return nil, false
	}
	if sv == sigWitnessV0 && len(pub) != 33 {
		return nil, false
	}
	ht := c.hashType
	if ht == SigHashDefault {
		ht = SigHashAll
	}
	var h chainhash.Hash
	if sv == sigWitnessV0 {
		h = txscript.WitnessV0SignatureHash(scriptCode, c.sh, ht, c.tx, c.idx, c.amount)
	} else {
		h = txscript.LegacySignatureHash(scriptCode, c.tx, c.idx, ht)
	}
	sig := signECDSALowR(priv, h[:])
	return append(sig, byte(ht)), true
}

// createSchnorrSig is Core's MutableTransactionSignatureCreator::
// CreateSchnorrSig: leafHash nil for the key path, merkleRoot nil for the
// script path.
func (c *creator) createSchnorrSig(xonly [32]byte, leafHash *chainhash.Hash, merkleRoot *[32]byte) ([]byte, bool) {
	if c.dummy {
		return make([]byte, 64), true
	}
	if c.prov == nil || c.sh == nil || !c.sh.HasPrevOuts() {
		return nil, false
	}
	secret, ok := c.prov.PrivKey(xonly[:])
	if !ok {
		return nil, false
	}
	priv, ok := parsePriv(secret)
	if !ok || crypto.SerializeXOnly(priv.PubKey()) != xonly {
		return nil, false
	}
	var leaf *txscript.TapscriptInfo
	if leafHash != nil {
		leaf = &txscript.TapscriptInfo{LeafHash: *leafHash, CodeSepPos: txscript.NoCodeSeparator}
	}
	if c.hashType > 0xff {
		return nil, false
	}
	h, err := txscript.TaprootSignatureHash(c.sh, uint8(c.hashType), c.tx, c.idx, nil, leaf)
	if err != nil {
		return nil, false
	}
	if merkleRoot != nil {
		var mr []byte
		if *merkleRoot != ([32]byte{}) {
			mr = merkleRoot[:]
		}
		tweak := crypto.TapTweakHash(xonly, mr)
		if priv, err = crypto.TweakPrivKeyTaproot(priv, tweak); err != nil {
			return nil, false
		}
	}
	sig, err := crypto.SignSchnorr(priv, h[:], [32]byte{})
	if err != nil {
		return nil, false
	}
	out := sig[:]
	if c.hashType != SigHashDefault {
		out = append(out, byte(c.hashType))
	}
	return out, true
}

// getPubKey is Core's GetPubKey for a key hash.
func (c *creator) getPubKey(sd *sigData, id []byte) ([]byte, bool) {
	for _, s := range sd.sigs {
		if h := crypto.Hash160(s.PubKey); bytes.Equal(h[:], id) {
			return s.PubKey, true
		}
	}
	if c.prov != nil {
		if pp, ok := c.prov.(PubKeyProvider); ok {
			if pub, ok := pp.PubKey(id); ok {
				return pub, true
			}
		}
	}
	for _, d := range sd.miscPubs {
		if h := crypto.Hash160(d.PubKey); bytes.Equal(h[:], id) {
			return d.PubKey, true
		}
	}
	return nil, false
}

// getScript is Core's GetCScript: a redeemScript by HASH160 or a
// witnessScript by SHA256.
func (c *creator) getScript(sd *sigData, hash []byte) ([]byte, bool) {
	if c.prov != nil {
		if s, ok := c.prov.Script(hash); ok {
			return s, true
		}
	}
	if len(hash) == 20 {
		if len(sd.redeem) != 0 {
			if h := crypto.Hash160(sd.redeem); bytes.Equal(h[:], hash) {
				return sd.redeem, true
			}
		}
		if len(sd.wscript) != 0 {
			if h := crypto.Hash160(sd.wscript); bytes.Equal(h[:], hash) {
				return sd.wscript, true
			}
		}
	} else if len(sd.wscript) != 0 {
		if h := chainhash.SHA256(sd.wscript); bytes.Equal(h[:], hash) {
			return sd.wscript, true
		}
	}
	return nil, false
}

// multisig parses a bare multisig script: required count and keys.
func multisig(script []byte) (int, [][]byte, bool) {
	if txscript.ClassifyScript(script) != txscript.MultiSigTy {
		return 0, nil, false
	}
	t := txscript.MakeTokenizer(script)
	var items [][]byte
	var ops []byte
	for t.Next() {
		ops = append(ops, t.Opcode())
		items = append(items, t.Data())
	}
	if len(ops) < 3 {
		return 0, nil, false
	}
	m := smallInt(ops[0], items[0])
	return m, items[1 : len(items)-2], m > 0
}

// smallInt decodes OP_1..OP_16 or a small minimal push.
func smallInt(op byte, data []byte) int {
	if op >= txscript.OP_1 && op <= txscript.OP_16 {
		return int(op-txscript.OP_1) + 1
	}
	if v, err := txscript.ParseScriptNum(data, true, 4); err == nil && op <= txscript.OP_PUSHDATA4 {
		return int(v)
	}
	return 0
}

// signStep is Core's SignStep for one script level.
func (c *creator) signStep(sd *sigData, spk []byte, sv sigVersion) ([][]byte, txscript.ScriptClass, bool) {
	class := txscript.ClassifyScript(spk)
	switch class {
	case txscript.PubKeyTy:
		pub := spk[1 : len(spk)-1]
		sig, ok := c.createSig(sd, pub, spk, sv)
		if !ok {
			return nil, class, false
		}
		return [][]byte{sig}, class, true
	case txscript.PubKeyHashTy:
		id := spk[3:23]
		pub, ok := c.getPubKey(sd, id)
		if !ok {
			sd.missingPubKeys = append(sd.missingPubKeys, id)
			return nil, class, false
		}
		sig, ok := c.createSig(sd, pub, spk, sv)
		if !ok {
			return nil, class, false
		}
		return [][]byte{sig, pub}, class, true
	case txscript.ScriptHashTy:
		h := spk[2:22]
		if s, ok := c.getScript(sd, h); ok {
			return [][]byte{s}, class, true
		}
		sd.missingRedeem = h
		return nil, class, false
	case txscript.MultiSigTy:
		m, keys, ok := multisig(spk)
		if !ok {
			return nil, class, false
		}
		ret := [][]byte{{}}
		for _, k := range keys {
			if sig, ok := c.createSig(sd, k, spk, sv); ok && len(ret) < m+1 {
				ret = append(ret, sig)
			}
		}
		ok = len(ret) == m+1
		for len(ret) < m+1 {
			ret = append(ret, []byte{})
		}
		return ret, class, ok
	case txscript.WitnessV0KeyHashTy:
		return [][]byte{spk[2:22]}, class, true
	case txscript.WitnessV0ScriptHashTy:
		h := spk[2:34]
		if s, ok := c.getScript(sd, h); ok {
			return [][]byte{s}, class, true
		}
		sd.missingWitness = h
		return nil, class, false
	case txscript.WitnessV1TaprootTy:
		var out [32]byte
		copy(out[:], spk[2:34])
		ret, ok := c.signTaproot(sd, out)
		return ret, class, ok
	case txscript.AnchorTy:
		return nil, class, true
	}
	return nil, class, false
}

// signTaproot is Core's SignTaproot: key path first, then the smallest
// script-path satisfaction among pk() and multi_a() leaves.
func (c *creator) signTaproot(sd *sigData, output [32]byte) ([][]byte, bool) {
	if c.prov != nil {
		if internal, mr, leaves, ok := c.prov.Taproot(output[:]); ok {
			if len(internal) == 32 && sd.internalKey == ([32]byte{}) {
				copy(sd.internalKey[:], internal)
			}
			if len(mr) == 32 && sd.merkleRoot == ([32]byte{}) {
				copy(sd.merkleRoot[:], mr)
			}
			for _, l := range leaves {
				tl := TapLeafScript{ControlBlock: l.ControlBlock, Script: l.Script, LeafVersion: l.LeafVersion}
				if !hasLeaf(sd.leaves, tl) {
					sd.leaves = append(sd.leaves, tl)
				}
			}
		}
	}
	if len(sd.tapKeySig) == 0 && (sd.internalKey != ([32]byte{}) || c.dummy) {
		mr := sd.merkleRoot
		if sig, ok := c.createSchnorrSig(sd.internalKey, nil, &mr); ok {
			sd.tapKeySig = sig
		}
	}
	if len(sd.tapKeySig) != 0 {
		return [][]byte{sd.tapKeySig}, true
	}
	var best [][]byte
	bestSize := 0
	sortDedup(sd.leaves, func(a, b TapLeafScript) int {
		if c := bytes.Compare(a.Script, b.Script); c != 0 {
			return c
		}
		if a.LeafVersion != b.LeafVersion {
			return int(a.LeafVersion) - int(b.LeafVersion)
		}
		if len(a.ControlBlock) != len(b.ControlBlock) {
			return len(a.ControlBlock) - len(b.ControlBlock)
		}
		return bytes.Compare(a.ControlBlock, b.ControlBlock)
	})
	for i, l := range sd.leaves {
		if i > 0 && bytes.Equal(sd.leaves[i-1].Script, l.Script) && sd.leaves[i-1].LeafVersion == l.LeafVersion {
			continue // the smallest control block of this leaf was tried
		}
		stack, ok := c.signTapscript(sd, l.LeafVersion, l.Script)
		if !ok {
			continue
		}
		stack = append(stack, l.Script, l.ControlBlock)
		if size := stackSize(stack); best == nil || size < bestSize {
			best, bestSize = stack, size
		}
	}
	return best, best != nil
}

func stackSize(st [][]byte) int {
	n := primitives.CompactSizeLen(uint64(len(st)))
	for _, it := range st {
		n += primitives.CompactSizeLen(uint64(len(it))) + len(it)
	}
	return n
}

// createTapScriptSig is Core's CreateTaprootScriptSig.
func (c *creator) createTapScriptSig(sd *sigData, x [32]byte, leaf chainhash.Hash) ([]byte, bool) {
	for _, ts := range sd.tapScriptSigs {
		if ts.XOnlyPubKey == x && ts.LeafHash == leaf {
			return ts.Signature, true
		}
	}
	sig, ok := c.createSchnorrSig(x, &leaf, nil)
	if ok {
		sd.tapScriptSigs = append(sd.tapScriptSigs, TapScriptSig{XOnlyPubKey: x, LeafHash: leaf, Signature: sig})
	}
	return sig, ok
}

// signTapscript satisfies the pk(K) and multi_a(k, ...) tapscript forms.
func (c *creator) signTapscript(sd *sigData, leafVersion byte, script []byte) ([][]byte, bool) {
	if leafVersion != txscript.BaseLeafVersion {
		return nil, false
	}
	leaf := txscript.TapLeafHash(leafVersion, script)
	// pk(K): <32-byte key> OP_CHECKSIG
	if len(script) == 34 && script[0] == 0x20 && script[33] == txscript.OP_CHECKSIG {
		var x [32]byte
		copy(x[:], script[1:33])
		sig, ok := c.createTapScriptSig(sd, x, leaf)
		if !ok {
			return nil, false
		}
		return [][]byte{sig}, true
	}
	keys, m, ok := parseMultiA(script)
	if !ok {
		return nil, false
	}
	sigs := make([][]byte, len(keys))
	have := 0
	for i, k := range keys {
		if have == m {
			break
		}
		if sig, ok := c.createTapScriptSig(sd, k, leaf); ok {
			sigs[i] = sig
			have++
		}
	}
	if have < m {
		return nil, false
	}
	// The first key's signature must end up on top of the stack.
	stack := make([][]byte, 0, len(keys))
	for i := len(keys) - 1; i >= 0; i-- {
		if sigs[i] == nil {
			stack = append(stack, []byte{})
		} else {
			stack = append(stack, sigs[i])
		}
	}
	return stack, true
}

// parseMultiA matches <K1> CHECKSIG <K2> CHECKSIGADD ... <Kn> CHECKSIGADD <m>
// NUMEQUAL.
func parseMultiA(script []byte) ([][32]byte, int, bool) {
	t := txscript.MakeTokenizer(script)
	var keys [][32]byte
	for {
		if !t.Next() {
			return nil, 0, false
		}
		op, data := t.Opcode(), t.Data()
		if op == 0x20 && len(data) == 32 {
			if !t.Next() {
				return nil, 0, false
			}
			want := byte(txscript.OP_CHECKSIGADD)
			if len(keys) == 0 {
				want = txscript.OP_CHECKSIG
			}
			if t.Opcode() != want {
				return nil, 0, false
			}
			var k [32]byte
			copy(k[:], data)
			keys = append(keys, k)
			continue
		}
		if len(keys) == 0 {
			return nil, 0, false
		}
		m := smallInt(op, data)
		if m < 1 || m > len(keys) || !t.Next() || t.Opcode() != txscript.OP_NUMEQUAL || !t.Done() {
			return nil, 0, false
		}
		return keys, m, t.Err() == nil
	}
}

// produce is Core's ProduceSignature.
func (c *creator) produce(sd *sigData, spk []byte) bool {
	if sd.complete {
		return true
	}
	result, class, solved := c.signStep(sd, spk, sigBase)
	p2sh := false
	var subscript []byte
	if solved && class == txscript.ScriptHashTy {
		subscript = result[0]
		sd.redeem = subscript
		result, class, solved = c.signStep(sd, subscript, sigBase)
		solved = solved && class != txscript.ScriptHashTy
		p2sh = true
	}
	switch {
	case solved && class == txscript.WitnessV0KeyHashTy:
		code := make([]byte, 0, 25)
		code = append(code, txscript.OP_DUP, txscript.OP_HASH160, 0x14)
		code = append(code, result[0]...)
		code = append(code, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
		var ok bool
		result, _, ok = c.signStep(sd, code, sigWitnessV0)
		solved = solved && ok
		sd.witness = result
		sd.witnessSig = true
		result = nil
	case solved && class == txscript.WitnessV0ScriptHashTy:
		ws := result[0]
		sd.wscript = ws
		var sub txscript.ScriptClass
		var ok bool
		result, sub, ok = c.signStep(sd, ws, sigWitnessV0)
		solved = solved && ok && sub != txscript.ScriptHashTy &&
			sub != txscript.WitnessV0ScriptHashTy && sub != txscript.WitnessV0KeyHashTy
		result = append(result, ws)
		sd.witness = result
		sd.witnessSig = true
		result = nil
	case class == txscript.WitnessV1TaprootTy && !p2sh:
		sd.witnessSig = true
		if solved {
			sd.witness = result
		}
		result = nil
	case solved && class == txscript.WitnessUnknownTy:
		sd.witnessSig = true
	}
	if !sd.witnessSig {
		sd.witness = nil
	}
	if p2sh {
		result = append(result, subscript)
	}
	sd.scriptSig = txscript.PushAll(result)
	if c.dummy {
		sd.complete = solved
		return solved
	}
	sd.complete = solved && txscript.VerifyScript(sd.scriptSig, spk, sd.witness, standardFlags, &txscript.TxContext{
		Tx: c.tx, Index: c.idx, Amount: c.amount, PrevOuts: c.prevOuts, SigHashes: c.sh,
	}) == nil
	return sd.complete
}
