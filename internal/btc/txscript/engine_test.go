package txscript

import (
	"bytes"
	"errors"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Fixtures for engine tests: real keys, real signatures.

func testKey(n byte) *secp256k1.PrivateKey {
	var b [32]byte
	b[31] = n
	b[0] = 0x5a // keep the keys away from tiny scalars
	return secp256k1.PrivKeyFromBytes(b[:])
}

func xonly(priv *secp256k1.PrivateKey) [32]byte { return crypto.SerializeXOnly(priv.PubKey()) }

// spendTx builds a transaction spending prevOuts (one input each) to one
// output.
func spendTx(prevOuts []primitives.TxOut) *primitives.Tx {
	tx := &primitives.Tx{Version: 2}
	for i := range prevOuts {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{
			PrevOut:  primitives.OutPoint{Hash: chainhash.Hash{byte(i + 1), 0xaa}, Index: uint32(i)},
			Sequence: primitives.SequenceFinal,
		})
	}
	tx.Outputs = []primitives.TxOut{{Value: 1000, ScriptPubKey: []byte{OP_1}}}
	return tx
}

func ctxFor(tx *primitives.Tx, prevOuts []primitives.TxOut, i int) *TxContext {
	return &TxContext{Tx: tx, Index: i, Amount: prevOuts[i].Value, PrevOuts: prevOuts}
}

func mustScript(t testing.TB, text string) []byte {
	t.Helper()
	s, err := ParseCoreScript(text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// codeOf returns the ErrorCode of a VerifyScript result (ErrOK for nil).
func codeOf(t testing.TB, err error) ErrorCode {
	t.Helper()
	if err == nil {
		return ErrOK
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not an *Error", err)
	}
	return se.Code
}

const allConsensus = FlagP2SH | FlagDERSig | FlagNullDummy | FlagCheckLockTimeVerify |
	FlagCheckSequenceVerify | FlagWitness | FlagTaproot

const standardFlags = allConsensus | FlagStrictEnc | FlagMinimalData | FlagDiscourageUpgradableNops |
	FlagCleanStack | FlagDiscourageUpgradableWitnessProgram | FlagLowS | FlagMinimalIf |
	FlagNullFail | FlagWitnessPubKeyType | FlagConstScriptCode |
	FlagDiscourageUpgradableTaprootVersion | FlagDiscourageOpSuccess | FlagDiscourageUpgradablePubKeyType

func TestLegacyAndSegwitV0Signatures(t *testing.T) {
	priv := testKey(1)
	pub := priv.PubKey().SerializeCompressed()
	pkh := crypto.Hash160(pub)
	p2pkh := append(append([]byte{OP_DUP, OP_HASH160, 20}, pkh[:]...), OP_EQUALVERIFY, OP_CHECKSIG)
	p2wpkh := append([]byte{OP_0, 20}, pkh[:]...)

	// 2-of-3 multisig in P2SH-P2WSH.
	k2, k3 := testKey(2), testKey(3)
	ms := []byte{OP_2}
	for _, k := range []*secp256k1.PrivateKey{priv, k2, k3} {
		ms = AppendPushData(ms, k.PubKey().SerializeCompressed())
	}
	ms = append(ms, OP_3, OP_CHECKMULTISIG)
	wsh := chainhash.SHA256(ms)
	p2wsh := append([]byte{OP_0, 32}, wsh[:]...)
	p2wshHash := crypto.Hash160(p2wsh)
	p2shP2wsh := append(append([]byte{OP_HASH160, 20}, p2wshHash[:]...), OP_EQUAL)

	prevOuts := []primitives.TxOut{
		{Value: 5000, ScriptPubKey: p2pkh},
		{Value: 6000, ScriptPubKey: p2wpkh},
		{Value: 7000, ScriptPubKey: p2shP2wsh},
	}
	tx := spendTx(prevOuts)
	sh := NewSigHashes(tx, prevOuts)

	h := LegacySignatureHash(p2pkh, tx, 0, uint32(SigHashAll))
	sig0 := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	tx.Inputs[0].ScriptSig = AppendPushData(AppendPushData(nil, sig0), pub)

	h = WitnessV0SignatureHash(p2pkh, sh, uint32(SigHashAll), tx, 1, 6000)
	sig1 := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	tx.Inputs[1].Witness = [][]byte{sig1, pub}

	h = WitnessV0SignatureHash(ms, sh, uint32(SigHashSingle|SigHashAnyOneCanPay), tx, 2, 7000)
	sigA := append(crypto.SignECDSA(priv, h[:]), byte(SigHashSingle|SigHashAnyOneCanPay))
	sigC := append(crypto.SignECDSA(k3, h[:]), byte(SigHashSingle|SigHashAnyOneCanPay))
	tx.Inputs[2].ScriptSig = AppendPushData(nil, p2wsh)
	tx.Inputs[2].Witness = [][]byte{{}, sigA, sigC, ms}

	var en Engine
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		ctx := ctxFor(tx, prevOuts, i)
		ctx.SigHashes = sh
		if err := en.Verify(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, standardFlags, ctx); err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		// Without precomputed midstates the result is the same.
		if err := VerifyScript(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, standardFlags, ctxFor(tx, prevOuts, i)); err != nil {
			t.Fatalf("input %d without SigHashes: %v", i, err)
		}
	}

	// A wrong amount breaks the segwit signatures, and with NULLFAIL the
	// non-empty failing signature is the error.
	ctx := ctxFor(tx, prevOuts, 1)
	ctx.Amount = 6001
	if c := codeOf(t, VerifyScript(nil, p2wpkh, tx.Inputs[1].Witness, allConsensus, ctx)); c != ErrEvalFalse {
		t.Errorf("wrong amount: %s", c)
	}
	if c := codeOf(t, VerifyScript(nil, p2wpkh, tx.Inputs[1].Witness, standardFlags, ctx)); c != ErrNullFail {
		t.Errorf("wrong amount with NULLFAIL: %s", c)
	}
	// Signatures in the wrong order fail the multisig.
	bad := [][]byte{{}, sigC, sigA, ms}
	if c := codeOf(t, VerifyScript(tx.Inputs[2].ScriptSig, p2shP2wsh, bad, allConsensus, ctxFor(tx, prevOuts, 2))); c != ErrEvalFalse {
		t.Errorf("swapped multisig: %s", c)
	}
	// The P2SH-wrapped witness needs exactly the push of the program.
	mall := append([]byte{OP_0}, tx.Inputs[2].ScriptSig...)
	if c := codeOf(t, VerifyScript(mall, p2shP2wsh, tx.Inputs[2].Witness, allConsensus, ctxFor(tx, prevOuts, 2))); c != ErrWitnessMalleatedP2SH {
		t.Errorf("malleated P2SH scriptSig: %s", c)
	}
	// An uncompressed key in witness v0 is rejected under WITNESS_PUBKEYTYPE.
	upub := priv.PubKey().SerializeUncompressed()
	upkh := crypto.Hash160(upub)
	up2wpkh := append([]byte{OP_0, 20}, upkh[:]...)
	uPrev := []primitives.TxOut{{Value: 1, ScriptPubKey: up2wpkh}}
	utx := spendTx(uPrev)
	uscript := append(append([]byte{OP_DUP, OP_HASH160, 20}, upkh[:]...), OP_EQUALVERIFY, OP_CHECKSIG)
	h = WitnessV0SignatureHash(uscript, nil, uint32(SigHashAll), utx, 0, 1)
	usig := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	if err := VerifyScript(nil, up2wpkh, [][]byte{usig, upub}, allConsensus, ctxFor(utx, uPrev, 0)); err != nil {
		t.Errorf("uncompressed key, consensus: %v", err)
	}
	if c := codeOf(t, VerifyScript(nil, up2wpkh, [][]byte{usig, upub}, standardFlags, ctxFor(utx, uPrev, 0))); c != ErrWitnessPubKeyType {
		t.Errorf("uncompressed key, policy: %s", c)
	}
}

// taprootFixture is a two-leaf taproot output.
type taprootFixture struct {
	internalPriv *secp256k1.PrivateKey
	internal     [32]byte
	leaves       [2][]byte
	leafHashes   [2]chainhash.Hash
	root         chainhash.Hash
	output       [32]byte
	odd          bool
	spk          []byte
}

func newTaprootFixture(t *testing.T, leafA, leafB []byte) *taprootFixture {
	f := &taprootFixture{internalPriv: testKey(9)}
	f.internal = xonly(f.internalPriv)
	f.leaves = [2][]byte{leafA, leafB}
	for i, l := range f.leaves {
		f.leafHashes[i] = TapLeafHash(BaseLeafVersion, l)
	}
	f.root = TapBranchHash(f.leafHashes[0], f.leafHashes[1])
	var err error
	f.output, f.odd, err = TaprootOutputKey(f.internal, &f.root)
	if err != nil {
		t.Fatal(err)
	}
	f.spk = PayToTaprootScript(f.output)
	return f
}

// control returns the control block for leaf i with leaf version v.
func (f *taprootFixture) control(i int, v byte) []byte {
	first := v
	if f.odd {
		first |= 1
	}
	cb := append([]byte{first}, f.internal[:]...)
	return append(cb, f.leafHashes[1-i][:]...)
}

func schnorrSign(t testing.TB, priv *secp256k1.PrivateKey, h chainhash.Hash, hashType byte) []byte {
	t.Helper()
	sig, err := crypto.SignSchnorr(priv, h[:], [32]byte{})
	if err != nil {
		t.Fatal(err)
	}
	out := sig[:]
	if hashType != 0 {
		out = append(out, hashType)
	}
	return out
}

func TestTaprootKeyPath(t *testing.T) {
	f := newTaprootFixture(t, []byte{OP_1}, []byte{OP_2})
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: f.spk}, {Value: 2000, ScriptPubKey: f.spk}}
	tx := spendTx(prevOuts)
	sh := NewSigHashes(tx, prevOuts)
	tweaked, err := crypto.TweakPrivKeyTaproot(f.internalPriv, crypto.TapTweakHash(f.internal, f.root[:]))
	if err != nil {
		t.Fatal(err)
	}
	sign := func(idx int, hashType byte, annex []byte) []byte {
		h, err := TaprootSignatureHash(sh, hashType, tx, idx, annex, nil)
		if err != nil {
			t.Fatal(err)
		}
		return schnorrSign(t, tweaked, h, hashType)
	}
	annex := []byte{AnnexTag, 1, 2, 3}
	sigDefault := sign(0, 0, nil)
	sigAll := sign(0, byte(SigHashAll), nil)
	sigAnnex := sign(0, byte(SigHashAll|SigHashAnyOneCanPay), annex)

	tests := []struct {
		name    string
		idx     int
		witness [][]byte
		flags   Flags
		noPrev  bool
		want    ErrorCode
	}{
		{"default hash type", 0, [][]byte{sigDefault}, standardFlags, false, ErrOK},
		{"explicit ALL", 0, [][]byte{sigAll}, standardFlags, false, ErrOK},
		{"annex committed", 0, [][]byte{sigAnnex, annex}, standardFlags, false, ErrOK},
		{"annex stripped", 0, [][]byte{sigAnnex}, standardFlags, false, ErrSchnorrSig},
		{"annex added", 0, [][]byte{sigAll, annex}, standardFlags, false, ErrSchnorrSig},
		{"wrong input", 1, [][]byte{sigAll}, standardFlags, false, ErrSchnorrSig},
		{"explicit zero hash type", 0, [][]byte{append(append([]byte{}, sigDefault...), 0)}, standardFlags, false, ErrSchnorrSigHashType},
		{"undefined hash type", 0, [][]byte{append(append([]byte{}, sigDefault...), 4)}, standardFlags, false, ErrSchnorrSigHashType},
		{"single without output", 1, [][]byte{append(append([]byte{}, sigDefault...), byte(SigHashSingle))}, standardFlags, false, ErrSchnorrSigHashType},
		{"63-byte signature", 0, [][]byte{sigDefault[:63]}, standardFlags, false, ErrSchnorrSigSize},
		{"empty signature", 0, [][]byte{{}}, standardFlags, false, ErrSchnorrSigSize},
		{"empty witness", 0, nil, standardFlags, false, ErrWitnessProgramWitnessEmpty},
		{"taproot not active", 0, [][]byte{{}}, FlagP2SH | FlagWitness, false, ErrOK},
		{"missing prevouts", 0, [][]byte{sigDefault}, standardFlags, true, ErrUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := ctxFor(tx, prevOuts, tc.idx)
			if tc.noPrev {
				ctx.PrevOuts = nil
			}
			got := codeOf(t, VerifyScript(nil, f.spk, tc.witness, tc.flags, ctx))
			if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}

	// A taproot program in P2SH is an unknown witness program.
	redeemHash := crypto.Hash160(f.spk)
	p2sh := append(append([]byte{OP_HASH160, 20}, redeemHash[:]...), OP_EQUAL)
	ss := AppendPushData(nil, f.spk)
	if err := VerifyScript(ss, p2sh, [][]byte{{1}}, allConsensus, ctxFor(tx, prevOuts, 0)); err != nil {
		t.Errorf("P2SH-wrapped v1: %v", err)
	}
	if c := codeOf(t, VerifyScript(ss, p2sh, [][]byte{{1}}, allConsensus|FlagDiscourageUpgradableWitnessProgram, ctxFor(tx, prevOuts, 0))); c != ErrDiscourageUpgradableWitnessProgram {
		t.Errorf("P2SH-wrapped v1 discouraged: %s", c)
	}
}

func TestTapscript(t *testing.T) {
	k1, k2 := testKey(21), testKey(22)
	x1, x2 := xonly(k1), xonly(k2)
	// Leaf 0: 2-of-2 with CHECKSIGADD; leaf 1: code separator then CHECKSIG.
	leaf0 := append(append(AppendPushData(nil, x1[:]), OP_CHECKSIG), AppendPushData(nil, x2[:])...)
	leaf0 = append(leaf0, OP_CHECKSIGADD, OP_2, OP_NUMEQUAL)
	leaf1 := append([]byte{OP_CODESEPARATOR}, AppendPushData(nil, x1[:])...)
	leaf1 = append(leaf1, OP_CHECKSIG)
	f := newTaprootFixture(t, leaf0, leaf1)
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: f.spk}}
	tx := spendTx(prevOuts)
	sh := NewSigHashes(tx, prevOuts)
	sign := func(priv *secp256k1.PrivateKey, leaf int, codeSep uint32, hashType byte) []byte {
		h, err := TaprootSignatureHash(sh, hashType, tx, 0, nil, &TapscriptInfo{LeafHash: f.leafHashes[leaf], CodeSepPos: codeSep})
		if err != nil {
			t.Fatal(err)
		}
		return schnorrSign(t, priv, h, hashType)
	}
	s1 := sign(k1, 0, NoCodeSeparator, 0)
	s2 := sign(k2, 0, NoCodeSeparator, byte(SigHashNone))
	sep := sign(k1, 1, 0, 0)
	sepWrong := sign(k1, 1, NoCodeSeparator, 0)
	cb0, cb1 := f.control(0, BaseLeafVersion), f.control(1, BaseLeafVersion)

	tests := []struct {
		name    string
		witness [][]byte
		flags   Flags
		want    ErrorCode
	}{
		{"2-of-2", [][]byte{s2, s1, leaf0, cb0}, standardFlags, ErrOK},
		{"1-of-2 fails", [][]byte{s2, {}, leaf0, cb0}, standardFlags, ErrEvalFalse},
		{"bad signature fails the script", [][]byte{s1, s1, leaf0, cb0}, standardFlags, ErrSchnorrSig},
		{"codeseparator position", [][]byte{sep, leaf1, cb1}, standardFlags, ErrOK},
		{"codeseparator position ignored", [][]byte{sepWrong, leaf1, cb1}, standardFlags, ErrSchnorrSig},
		{"wrong leaf for control block", [][]byte{sep, leaf1, cb0}, standardFlags, ErrWitnessProgramMismatch},
		{"control block too short", [][]byte{sep, leaf1, cb1[:32]}, standardFlags, ErrTaprootWrongControlSize},
		{"control block ragged", [][]byte{sep, leaf1, cb1[:40]}, standardFlags, ErrTaprootWrongControlSize},
		{"annex changes the hash", [][]byte{sep, leaf1, cb1, {AnnexTag}}, standardFlags, ErrSchnorrSig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOf(t, VerifyScript(nil, f.spk, tc.witness, tc.flags, ctxFor(tx, prevOuts, 0))); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// tapscriptCase runs script as the only leaf of a taproot output.
func runTapscript(t *testing.T, script []byte, stack [][]byte, leafVersion byte, flags Flags) ErrorCode {
	t.Helper()
	internal := xonly(testKey(30))
	leaf := TapLeafHash(leafVersion, script)
	out, odd, err := TaprootOutputKey(internal, &leaf)
	if err != nil {
		t.Fatal(err)
	}
	first := leafVersion
	if odd {
		first |= 1
	}
	cb := append([]byte{first}, internal[:]...)
	spk := PayToTaprootScript(out)
	prevOuts := []primitives.TxOut{{Value: 1, ScriptPubKey: spk}}
	tx := spendTx(prevOuts)
	w := append(append([][]byte{}, stack...), script, cb)
	return codeOf(t, VerifyScript(nil, spk, w, flags, ctxFor(tx, prevOuts, 0)))
}

func TestTapscriptRules(t *testing.T) {
	key33 := append([]byte{0x02}, bytes.Repeat([]byte{0x11}, 32)...)
	weightScript := func(n int) []byte {
		var s []byte
		for range n {
			s = append(s, OP_DUP)
			s = AppendPushData(s, key33)
			s = append(s, OP_CHECKSIGVERIFY)
		}
		return s
	}
	big := bytes.Repeat([]byte{1}, 521)
	many := make([][]byte, 1001)
	tests := []struct {
		name   string
		script []byte
		stack  [][]byte
		leafV  byte
		flags  Flags
		want   ErrorCode
	}{
		{"op_success", []byte{0x50}, nil, BaseLeafVersion, allConsensus, ErrOK},
		{"op_success after return", []byte{OP_RETURN, 0xbb}, nil, BaseLeafVersion, allConsensus, ErrOK},
		{"op_success discouraged", []byte{OP_RETURN, 0xfe}, nil, BaseLeafVersion, standardFlags, ErrDiscourageOpSuccess},
		{"op_success behind bad push", []byte{0x4c}, nil, BaseLeafVersion, allConsensus, ErrBadOpcode},
		{"op_success wins over stack size", []byte{0x50}, many, BaseLeafVersion, allConsensus, ErrOK},
		{"stack size", []byte{OP_1}, many, BaseLeafVersion, allConsensus, ErrStackSize},
		{"element size", []byte{OP_DROP, OP_1}, [][]byte{big}, BaseLeafVersion, allConsensus, ErrPushSize},
		{"no script size limit", append(bytes.Repeat([]byte{OP_NOP}, 10001), OP_1), nil, BaseLeafVersion, allConsensus, ErrOK},
		{"no op count limit", append(bytes.Repeat([]byte{OP_NOP}, 300), OP_1), nil, BaseLeafVersion, allConsensus, ErrOK},
		{"minimal if", []byte{OP_IF, OP_1, OP_ENDIF}, [][]byte{{2}}, BaseLeafVersion, allConsensus, ErrTapscriptMinimalIf},
		{"minimal if zero byte", []byte{OP_NOTIF, OP_1, OP_ENDIF}, [][]byte{{0}}, BaseLeafVersion, allConsensus, ErrTapscriptMinimalIf},
		{"minimal if ok", []byte{OP_NOTIF, OP_1, OP_ENDIF}, [][]byte{{}}, BaseLeafVersion, allConsensus, ErrOK},
		{"checkmultisig", []byte{OP_0, OP_0, OP_0, OP_CHECKMULTISIG}, nil, BaseLeafVersion, allConsensus, ErrTapscriptCheckMultiSig},
		{"empty pubkey", []byte{OP_0, OP_CHECKSIG}, [][]byte{{}}, BaseLeafVersion, allConsensus, ErrTapscriptEmptyPubKey},
		{"empty signature is false", append(AppendPushData(nil, bytes.Repeat([]byte{1}, 32)), OP_CHECKSIG, OP_NOT), [][]byte{{}}, BaseLeafVersion, standardFlags, ErrOK},
		{"unknown key type succeeds", append(AppendPushData(nil, key33), OP_CHECKSIG), [][]byte{{1}}, BaseLeafVersion, allConsensus, ErrOK},
		{"unknown key type discouraged", append(AppendPushData(nil, key33), OP_CHECKSIG), [][]byte{{1}}, BaseLeafVersion, standardFlags, ErrDiscourageUpgradablePubKeyType},
		{"weight within budget", weightScript(3), [][]byte{{1}}, BaseLeafVersion, allConsensus, ErrOK},
		{"weight exceeded", weightScript(10), [][]byte{{1}}, BaseLeafVersion, allConsensus, ErrTapscriptValidationWeight},
		{"checksigadd", append(AppendPushData([]byte{OP_5}, key33), OP_CHECKSIGADD, OP_6, OP_EQUAL), [][]byte{{1}}, BaseLeafVersion, allConsensus, ErrOK},
		{"checksigadd empty sig", append(AppendPushData([]byte{OP_5}, key33), OP_CHECKSIGADD, OP_5, OP_EQUAL), [][]byte{{}}, BaseLeafVersion, allConsensus, ErrOK},
		{"checksigadd number", append(AppendPushData([]byte{0x05, 1, 2, 3, 4, 5}, key33), OP_CHECKSIGADD), [][]byte{{}}, BaseLeafVersion, allConsensus, ErrScriptNum},
		{"unknown leaf version", []byte{OP_RETURN}, nil, 0xc2, allConsensus, ErrOK},
		{"unknown leaf version discouraged", []byte{OP_RETURN}, nil, 0xc2, standardFlags, ErrDiscourageUpgradableTaprootVersion},
		{"cleanstack", []byte{OP_1, OP_1}, nil, BaseLeafVersion, allConsensus, ErrCleanStack},
		{"eval false", []byte{OP_0}, nil, BaseLeafVersion, allConsensus, ErrEvalFalse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := runTapscript(t, tc.script, tc.stack, tc.leafV, tc.flags); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestCheckSigAddOutsideTapscript(t *testing.T) {
	s := []byte{OP_0, OP_0, OP_0, OP_CHECKSIGADD}
	if c := codeOf(t, VerifyScript(nil, s, nil, 0, nil)); c != ErrBadOpcode {
		t.Fatalf("got %s", c)
	}
}

func TestLockTimes(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		lockTime uint32
		sequence uint32
		version  int32
		want     ErrorCode
	}{
		{"cltv height ok", "100 CHECKLOCKTIMEVERIFY", 100, 0, 1, ErrOK},
		{"cltv height future", "101 CHECKLOCKTIMEVERIFY", 100, 0, 1, ErrUnsatisfiedLockTime},
		{"cltv type mismatch", "100 CHECKLOCKTIMEVERIFY", 500000000, 0, 1, ErrUnsatisfiedLockTime},
		{"cltv time ok", "500000000 CHECKLOCKTIMEVERIFY", 500000001, 0, 1, ErrOK},
		{"cltv final sequence", "100 CHECKLOCKTIMEVERIFY", 100, 0xffffffff, 1, ErrUnsatisfiedLockTime},
		{"cltv negative", "-1 CHECKLOCKTIMEVERIFY", 100, 0, 1, ErrNegativeLockTime},
		{"cltv 5-byte operand", "0x05 0xffffffff00 CHECKLOCKTIMEVERIFY", 0xffffffff, 0, 1, ErrOK},
		{"cltv 6-byte operand", "0x06 0xffffffff0000 CHECKLOCKTIMEVERIFY", 0xffffffff, 0, 1, ErrScriptNum},
		{"cltv empty stack", "CHECKLOCKTIMEVERIFY", 0, 0, 1, ErrInvalidStackOperation},
		{"csv ok", "10 CHECKSEQUENCEVERIFY", 0, 10, 2, ErrOK},
		{"csv too early", "11 CHECKSEQUENCEVERIFY", 0, 10, 2, ErrUnsatisfiedLockTime},
		{"csv version 1", "10 CHECKSEQUENCEVERIFY", 0, 10, 1, ErrUnsatisfiedLockTime},
		{"csv disabled operand", "0x05 0x0000008000 CHECKSEQUENCEVERIFY", 0, 10, 1, ErrOK},
		{"csv disabled input", "10 CHECKSEQUENCEVERIFY", 0, 1 << 31, 2, ErrUnsatisfiedLockTime},
		{"csv type mismatch", "0x03 0x000040 CHECKSEQUENCEVERIFY", 0, 10, 2, ErrUnsatisfiedLockTime},
		{"csv time ok", "0x03 0x010040 CHECKSEQUENCEVERIFY", 0, 1<<22 | 5, 2, ErrOK},
		{"csv negative", "-1 CHECKSEQUENCEVERIFY", 0, 10, 2, ErrNegativeLockTime},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spk := mustScript(t, tc.script)
			prevOuts := []primitives.TxOut{{Value: 1, ScriptPubKey: spk}}
			tx := spendTx(prevOuts)
			tx.Version = tc.version
			tx.LockTime = tc.lockTime
			tx.Inputs[0].Sequence = tc.sequence
			flags := FlagCheckLockTimeVerify | FlagCheckSequenceVerify
			if got := codeOf(t, VerifyScript(nil, spk, nil, flags, ctxFor(tx, prevOuts, 0))); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
			// Without the flags both opcodes are NOPs.
			if err := VerifyScript([]byte{OP_1}, append([]byte{OP_1}, spk...), nil, 0, ctxFor(tx, prevOuts, 0)); err != nil &&
				!errors.Is(err, ErrEvalFalse) && !errors.Is(err, ErrInvalidStackOperation) && !errors.Is(err, ErrNegativeLockTime) {
				t.Fatalf("as NOPs: %v", err)
			}
		})
	}
}

func TestSigCacheUse(t *testing.T) {
	priv := testKey(4)
	pub := priv.PubKey().SerializeCompressed()
	spk := append(AppendPushData(nil, pub), OP_CHECKSIG)
	prevOuts := []primitives.TxOut{{Value: 1, ScriptPubKey: spk}}
	tx := spendTx(prevOuts)
	h := LegacySignatureHash(spk, tx, 0, uint32(SigHashAll))
	sig := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	ss := AppendPushData(nil, sig)
	cache := &mapSigCache{m: map[string]bool{}}
	ctx := ctxFor(tx, prevOuts, 0)
	ctx.SigCache = cache
	for range 2 {
		if err := VerifyScript(ss, spk, nil, standardFlags, ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(cache.m) != 1 || cache.hits != 1 {
		t.Fatalf("cache holds %d entries after %d hits", len(cache.m), cache.hits)
	}
	if !cache.Exists(h, sig[:len(sig)-1], pub) {
		t.Fatal("verified signature not cached")
	}
}

func TestNilContextDoesNotPanic(t *testing.T) {
	scripts := []string{
		"0 0 CHECKSIG", "0 0 0 CHECKMULTISIG", "1 CHECKLOCKTIMEVERIFY", "1 CHECKSEQUENCEVERIFY",
		"0x47 0x3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e01 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 CHECKSIG",
	}
	for _, s := range scripts {
		script := mustScript(t, s)
		for _, ctx := range []*TxContext{nil, {}, {Tx: &primitives.Tx{}, Index: 3}} {
			_ = VerifyScript(nil, script, nil, FlagsAll, ctx)
		}
	}
	// A taproot key path without a context fails cleanly.
	spk := PayToTaprootScript(xonly(testKey(1)))
	if c := codeOf(t, VerifyScript(nil, spk, [][]byte{make([]byte, 64)}, allConsensus, nil)); c != ErrUnknown {
		t.Fatalf("got %s", c)
	}
}

func TestEngineReuse(t *testing.T) {
	scripts := []struct{ sig, pk string }{
		{"1 2", "ADD 3 EQUAL"},
		{"1", "IF 0 ELSE 1 ENDIF"},
		{"'abc'", "SHA256 SIZE 32 EQUALVERIFY"},
		{"0x4c 0x00", "DROP 1"},
		{"1 2 3 4 5 6", "2ROT 2DROP 2DROP 2DROP 1"},
	}
	var en Engine
	for round := range 3 {
		for _, s := range scripts {
			sig, pk := mustScript(t, s.sig), mustScript(t, s.pk)
			want := VerifyScript(sig, pk, nil, FlagP2SH|FlagMinimalData, nil)
			got := en.Verify(sig, pk, nil, FlagP2SH|FlagMinimalData, nil)
			if (want == nil) != (got == nil) || (want != nil && want.Error() != got.Error()) {
				t.Fatalf("round %d %v: engine %v, fresh %v", round, s, got, want)
			}
		}
	}
}

// mapSigCache is a minimal SigCache for tests.
type mapSigCache struct {
	m    map[string]bool
	hits int
}

func (c *mapSigCache) key(h chainhash.Hash, sig, pub []byte) string {
	return string(h[:]) + "|" + string(sig) + "|" + string(pub)
}

func (c *mapSigCache) Exists(h chainhash.Hash, sig, pub []byte) bool {
	ok := c.m[c.key(h, sig, pub)]
	if ok {
		c.hits++
	}
	return ok
}

func (c *mapSigCache) Add(h chainhash.Hash, sig, pub []byte) { c.m[c.key(h, sig, pub)] = true }
