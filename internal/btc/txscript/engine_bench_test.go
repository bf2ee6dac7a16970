package txscript

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/crypto"
)

// benchCase is one signed input ready to verify.
type benchCase struct {
	scriptSig, spk []byte
	witness        [][]byte
	ctx            *TxContext
}

func (c *benchCase) run(b *testing.B, flags Flags) {
	var en Engine
	if err := en.Verify(c.scriptSig, c.spk, c.witness, flags, c.ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := en.Verify(c.scriptSig, c.spk, c.witness, flags, c.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyP2PKH(b *testing.B) {
	priv := testKey(1)
	pub := priv.PubKey().SerializeCompressed()
	pkh := crypto.Hash160(pub)
	spk := append(append([]byte{OP_DUP, OP_HASH160, 20}, pkh[:]...), OP_EQUALVERIFY, OP_CHECKSIG)
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: spk}}
	tx := spendTx(prevOuts)
	h := LegacySignatureHash(spk, tx, 0, uint32(SigHashAll))
	sig := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	tx.Inputs[0].ScriptSig = AppendPushData(AppendPushData(nil, sig), pub)
	c := &benchCase{tx.Inputs[0].ScriptSig, spk, nil, ctxFor(tx, prevOuts, 0)}
	c.run(b, standardFlags)
}

func BenchmarkVerifyP2WPKH(b *testing.B) {
	priv := testKey(1)
	pub := priv.PubKey().SerializeCompressed()
	pkh := crypto.Hash160(pub)
	spk := append([]byte{OP_0, 20}, pkh[:]...)
	code := append(append([]byte{OP_DUP, OP_HASH160, 20}, pkh[:]...), OP_EQUALVERIFY, OP_CHECKSIG)
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: spk}}
	tx := spendTx(prevOuts)
	sh := NewSigHashes(tx, prevOuts)
	h := WitnessV0SignatureHash(code, sh, uint32(SigHashAll), tx, 0, 1000)
	sig := append(crypto.SignECDSA(priv, h[:]), byte(SigHashAll))
	ctx := ctxFor(tx, prevOuts, 0)
	ctx.SigHashes = sh
	c := &benchCase{nil, spk, [][]byte{sig, pub}, ctx}
	c.run(b, standardFlags)
}

func BenchmarkVerifyTaprootKeyPath(b *testing.B) {
	priv := testKey(7)
	internal := xonly(priv)
	out, _, err := TaprootOutputKey(internal, nil)
	if err != nil {
		b.Fatal(err)
	}
	spk := PayToTaprootScript(out)
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: spk}}
	tx := spendTx(prevOuts)
	sh := NewSigHashes(tx, prevOuts)
	tweaked, err := crypto.TweakPrivKeyTaproot(priv, crypto.TapTweakHash(internal, nil))
	if err != nil {
		b.Fatal(err)
	}
	h, err := TaprootSignatureHash(sh, 0, tx, 0, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	sig := schnorrSign(b, tweaked, h, 0)
	ctx := ctxFor(tx, prevOuts, 0)
	ctx.SigHashes = sh
	c := &benchCase{nil, spk, [][]byte{sig}, ctx}
	c.run(b, standardFlags)
}

// BenchmarkEvalNoSig measures the interpreter alone: pushes, stack
// shuffling, arithmetic, hashing and P2SH, no signature checks.
func BenchmarkEvalNoSig(b *testing.B) {
	redeem, err := ParseCoreScript("DUP DUP HASH160 SWAP SHA256 RIPEMD160 EQUALVERIFY 1 2 ADD 3 NUMEQUALVERIFY " +
		"1 2 3 4 5 6 2ROT 2SWAP 2DROP 2DROP 2DROP DEPTH 1 EQUALVERIFY SIZE 0 GREATERTHAN")
	if err != nil {
		b.Fatal(err)
	}
	h := crypto.Hash160(redeem)
	spk := append(append([]byte{OP_HASH160, 20}, h[:]...), OP_EQUAL)
	scriptSig := AppendPushData(AppendPushData(nil, []byte("some data")), redeem)
	c := &benchCase{scriptSig, spk, nil, nil}
	c.run(b, FlagP2SH|FlagStrictEnc|FlagMinimalData)
}

func BenchmarkDisasmP2PKH(b *testing.B) {
	s := hexBytes(b, "76a9145834479edbbe0539b31ffd3a8f8ebadc2165ed0188ac")
	b.ReportAllocs()
	for b.Loop() {
		_ = DisasmString(s)
	}
}

func BenchmarkTokenize(b *testing.B) {
	s, err := ParseCoreScript("0x47 0x3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e01 DUP HASH160 0x14 0x5834479edbbe0539b31ffd3a8f8ebadc2165ed01 EQUALVERIFY CHECKSIG")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tok := MakeTokenizer(s)
		for tok.Next() {
		}
	}
}

// BenchmarkVerifyScriptFresh measures VerifyScript without a reused Engine
// (the interpreter alone: P2SH hash lock, no signatures).
func BenchmarkVerifyScriptFresh(b *testing.B) {
	redeem, err := ParseCoreScript("DUP HASH160 SWAP SHA256 RIPEMD160 EQUAL")
	if err != nil {
		b.Fatal(err)
	}
	h := crypto.Hash160(redeem)
	spk := append(append([]byte{OP_HASH160, 20}, h[:]...), OP_EQUAL)
	scriptSig := AppendPushData(AppendPushData(nil, []byte("some data")), redeem)
	b.ReportAllocs()
	for b.Loop() {
		if err := VerifyScript(scriptSig, spk, nil, FlagP2SH, nil); err != nil {
			b.Fatal(err)
		}
	}
}
