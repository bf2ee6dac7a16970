package psbt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

type testKey struct {
	priv  []byte
	pub   []byte // compressed
	xonly [32]byte
}

func newTestKey(seed byte) testKey {
	priv := bytes.Repeat([]byte{seed}, 32)
	var s secp256k1.ModNScalar
	s.SetByteSlice(priv)
	pk := secp256k1.NewPrivateKey(&s).PubKey()
	return testKey{priv: priv, pub: pk.SerializeCompressed(), xonly: crypto.SerializeXOnly(pk)}
}

func p2pkh(pub []byte) []byte {
	h := crypto.Hash160(pub)
	return append(append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 0x14}, h[:]...), txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
}

func p2wpkh(pub []byte) []byte {
	h := crypto.Hash160(pub)
	return append([]byte{0x00, 0x14}, h[:]...)
}

func p2sh(script []byte) []byte {
	h := crypto.Hash160(script)
	return append(append([]byte{txscript.OP_HASH160, 0x14}, h[:]...), txscript.OP_EQUAL)
}

func p2wsh(script []byte) []byte {
	h := chainhash.SHA256(script)
	return append([]byte{0x00, 0x20}, h[:]...)
}

func multisigScript(m int, keys ...[]byte) []byte {
	s := []byte{txscript.OP_1 + byte(m) - 1}
	for _, k := range keys {
		s = txscript.AppendPushData(s, k)
	}
	return append(s, txscript.OP_1+byte(len(keys))-1, txscript.OP_CHECKMULTISIG)
}

func multiAScript(m int, keys ...[32]byte) []byte {
	var s []byte
	for i, k := range keys {
		s = txscript.AppendPushData(s, k[:])
		if i == 0 {
			s = append(s, txscript.OP_CHECKSIG)
		} else {
			s = append(s, txscript.OP_CHECKSIGADD)
		}
	}
	return append(s, txscript.OP_1+byte(m)-1, txscript.OP_NUMEQUAL)
}

// spendCase is one output to spend and how to set it up.
type spendCase struct {
	name     string
	spk      []byte
	segwit   bool
	keys     []testKey
	scripts  [][]byte // added to the provider
	taproot  *txscript.TaprootSpendInfo
	needKeys int // keys needed (for the partial test)
}

func spendCases(t *testing.T) []spendCase {
	k1, k2, k3 := newTestKey(1), newTestKey(2), newTestKey(3)
	ms := multisigScript(2, k1.pub, k2.pub, k3.pub)
	wpkhInner := p2wpkh(k1.pub)
	pkh := p2pkh(k2.pub)
	// Taproot: internal key k1 with a tree of pk(k2) and multi_a(2, k2, k3).
	pkLeaf := append(txscript.AppendPushData(nil, k2.xonly[:]), txscript.OP_CHECKSIG)
	maLeaf := multiAScript(2, k2.xonly, k3.xonly)
	tree := &txscript.TapTree{Children: [2]*txscript.TapTree{
		{Leaf: &txscript.TapLeaf{Version: 0xc0, Script: pkLeaf}},
		{Leaf: &txscript.TapLeaf{Version: 0xc0, Script: maLeaf}},
	}}
	keyOnly, err := txscript.BuildTaprootTree(k1.xonly, nil)
	if err != nil {
		t.Fatal(err)
	}
	withTree, err := txscript.BuildTaprootTree(k1.xonly, tree)
	if err != nil {
		t.Fatal(err)
	}
	// Script path only: the internal key has no known private key.
	nums := newTestKey(9)
	scriptOnly, err := txscript.BuildTaprootTree(nums.xonly, tree)
	if err != nil {
		t.Fatal(err)
	}
	return []spendCase{
		{name: "p2pk", spk: append(txscript.AppendPushData(nil, k1.pub), txscript.OP_CHECKSIG), keys: []testKey{k1}, needKeys: 1},
		{name: "p2pkh", spk: p2pkh(k1.pub), keys: []testKey{k1}, needKeys: 1},
		{name: "p2wpkh", spk: p2wpkh(k1.pub), segwit: true, keys: []testKey{k1}, needKeys: 1},
		{name: "p2sh-p2wpkh", spk: p2sh(wpkhInner), segwit: true, keys: []testKey{k1}, needKeys: 1},
		{name: "bare multisig", spk: ms, keys: []testKey{k1, k2, k3}, needKeys: 2},
		{name: "p2sh multisig", spk: p2sh(ms), keys: []testKey{k1, k2, k3}, scripts: [][]byte{ms}, needKeys: 2},
		{name: "p2wsh multisig", spk: p2wsh(ms), segwit: true, keys: []testKey{k1, k2, k3}, scripts: [][]byte{ms}, needKeys: 2},
		{name: "p2sh-p2wsh pkh", spk: p2sh(p2wsh(pkh)), segwit: true, keys: []testKey{k2}, scripts: [][]byte{pkh, p2wsh(pkh)}, needKeys: 1},
		{name: "taproot key path", spk: keyOnly.ScriptPubKey(), segwit: true, keys: []testKey{k1}, taproot: keyOnly, needKeys: 1},
		{name: "taproot key path with tree", spk: withTree.ScriptPubKey(), segwit: true, keys: []testKey{k1}, taproot: withTree, needKeys: 1},
		{name: "taproot script path", spk: scriptOnly.ScriptPubKey(), segwit: true, keys: []testKey{k2, k3}, taproot: scriptOnly, needKeys: 1},
	}
}

func providerFor(t *testing.T, c spendCase, keys []testKey) *SimpleProvider {
	prov := NewSimpleProvider()
	for _, k := range keys {
		if err := prov.AddKey(k.priv, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range c.scripts {
		prov.AddScript(s)
	}
	if c.taproot != nil {
		var leaves []TapLeaf
		for _, l := range c.taproot.Leaves {
			leaves = append(leaves, TapLeaf{Script: l.Script, LeafVersion: l.Version, ControlBlock: l.ControlBlock})
		}
		var mr []byte
		if c.taproot.MerkleRoot != nil {
			mr = c.taproot.MerkleRoot[:]
		}
		if _, err := prov.AddTaproot(c.taproot.InternalKey[:], mr, leaves); err != nil {
			t.Fatal(err)
		}
	}
	return prov
}

// spendTx returns a funding transaction paying spk and an unsigned spend of
// it (plus a second output so SIGHASH_SINGLE has one at index 0).
func spendTx(spk []byte) (*primitives.Tx, *primitives.Tx) {
	funding := &primitives.Tx{Version: 2,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 7}, ScriptSig: []byte{0x51}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: []byte{0x51}}, {Value: 100_000, ScriptPubKey: spk}},
	}
	spend := &primitives.Tx{Version: 2,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: funding.TxHash(), Index: 1}, Sequence: 0xfffffffd}},
		Outputs: []primitives.TxOut{{Value: 90_000, ScriptPubKey: p2wpkh(newTestKey(7).pub)}, {Value: 1000, ScriptPubKey: []byte{0x51}}},
	}
	return funding, spend
}

func newSpendPSBT(t *testing.T, c spendCase) (*Packet, *primitives.Tx) {
	funding, spend := spendTx(c.spk)
	p, err := New(spend)
	if err != nil {
		t.Fatal(err)
	}
	if c.segwit {
		if err := p.AddWitnessUTXO(0, funding.Outputs[1]); err != nil {
			t.Fatal(err)
		}
	} else if err := p.AddNonWitnessUTXO(0, funding); err != nil {
		t.Fatal(err)
	}
	return p, funding
}

func verifyExtracted(t *testing.T, p *Packet, funding *primitives.Tx) {
	t.Helper()
	tx, err := p.Extract()
	if err != nil {
		t.Fatal(err)
	}
	prev := funding.Outputs[1]
	if err := txscript.VerifyScript(tx.Inputs[0].ScriptSig, prev.ScriptPubKey, tx.Inputs[0].Witness, standardFlags, &txscript.TxContext{
		Tx: tx, Index: 0, Amount: prev.Value, PrevOuts: []primitives.TxOut{prev},
	}); err != nil {
		t.Fatalf("extracted tx does not verify: %v", err)
	}
}

func TestSignFinalizeExtract(t *testing.T) {
	for _, c := range spendCases(t) {
		for _, ht := range []uint32{SigHashUnspecified, SigHashAll, SigHashNone, SigHashSingle,
			SigHashAll | SigHashAnyoneCanPay, SigHashNone | SigHashAnyoneCanPay, SigHashSingle | SigHashAnyoneCanPay} {
			t.Run(c.name+"/"+SighashString(ht&0xff), func(t *testing.T) {
				p, funding := newSpendPSBT(t, c)
				complete, err := p.Sign(providerFor(t, c, c.keys), ht)
				if err != nil {
					t.Fatal(err)
				}
				if !complete {
					t.Fatalf("not complete: %s", p.Base64())
				}
				if p.Inputs[0].IsFinalized() {
					t.Fatal("Sign finalized the input")
				}
				// The signed PSBT survives a round trip.
				q, err := DecodeBase64(p.Base64())
				if err != nil {
					t.Fatal(err)
				}
				if !q.Finalize() {
					t.Fatalf("finalize failed: %s", q.Base64())
				}
				verifyExtracted(t, q, funding)
			})
		}
	}
}

func TestSignPartialCombine(t *testing.T) {
	for _, c := range spendCases(t) {
		if len(c.keys) < 2 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			var parts []*Packet
			var funding *primitives.Tx
			for _, k := range c.keys[:2] {
				p, f := newSpendPSBT(t, c)
				funding = f
				if _, err := p.Sign(providerFor(t, c, []testKey{k}), SigHashUnspecified); err != nil {
					t.Fatal(err)
				}
				parts = append(parts, p)
			}
			comb, err := Combine(parts...)
			if err != nil {
				t.Fatal(err)
			}
			if res := comb.Analyze(); res.Next != RoleFinalizer {
				t.Fatalf("combined: next %v", res.Next)
			}
			if !comb.Finalize() {
				t.Fatalf("finalize failed: %s", comb.Base64())
			}
			verifyExtracted(t, comb, funding)
		})
	}
}

func TestSignMismatchAndErrors(t *testing.T) {
	c := spendCases(t)[2] // p2wpkh
	p, _ := newSpendPSBT(t, c)
	none := SigHashNone
	p.Inputs[0].SighashType = &none
	if _, err := p.Sign(providerFor(t, c, c.keys), SigHashAll); !errors.Is(err, ErrSighashMismatch) {
		t.Fatalf("got %v, want ErrSighashMismatch", err)
	}
	// No UTXO: skipped by Sign, an error for SignInput.
	_, spend := spendTx(c.spk)
	q, _ := New(spend)
	complete, err := q.Sign(providerFor(t, c, c.keys), SigHashAll)
	if err != nil || complete {
		t.Fatalf("Sign without UTXO: %v %v", complete, err)
	}
	if _, err := q.SignInput(0, providerFor(t, c, c.keys), SigHashAll); !errors.Is(err, ErrMissingInputs) {
		t.Fatalf("SignInput without UTXO: %v", err)
	}
	if res := q.Analyze(); res.Next != RoleUpdater || res.Inputs[0].HasUTXO || res.Fee != nil {
		t.Fatalf("analyze without UTXO: %+v", res)
	}
	// A legacy input with only a witness UTXO cannot be signed safely.
	l := spendCases(t)[1]
	r, _ := New(spend)
	_ = r.AddWitnessUTXO(0, primitives.TxOut{Value: 100_000, ScriptPubKey: l.spk})
	if complete, err := r.Sign(providerFor(t, l, l.keys), SigHashAll); err != nil || complete || len(r.Inputs[0].PartialSigs) != 0 {
		t.Fatalf("legacy with witness utxo: %v %v", complete, err)
	}
	if _, err := p.Extract(); !errors.Is(err, ErrNotFinalized) {
		t.Fatalf("extract: %v", err)
	}
}

func TestAnalyzeMissing(t *testing.T) {
	cases := spendCases(t)
	// P2SH multisig without the redeem script: the updater must act.
	p, _ := newSpendPSBT(t, cases[5])
	res := p.Analyze()
	if res.Next != RoleUpdater || len(res.Inputs[0].MissingRedeemScript) != 20 {
		t.Fatalf("p2sh: %+v", res.Inputs[0])
	}
	// P2WSH without the witness script. With only a witness UTXO, Core
	// reports nothing missing (the witness-signature requirement stops it
	// first); with the previous transaction it names the script.
	p, _ = newSpendPSBT(t, cases[6])
	if res := p.Analyze(); res.Next != RoleUpdater || res.Inputs[0].HasMissing() {
		t.Fatalf("p2wsh: %+v", res.Inputs[0])
	}
	funding, _ := spendTx(cases[6].spk)
	q, _ := newSpendPSBT(t, cases[6])
	q.Inputs[0].WitnessUTXO = nil
	if err := q.AddNonWitnessUTXO(0, funding); err != nil {
		t.Fatal(err)
	}
	if res := q.Analyze(); res.Next != RoleUpdater || len(res.Inputs[0].MissingWitnessScript) != 32 {
		t.Fatalf("p2wsh with previous tx: %+v", res.Inputs[0])
	}
	// With the script, only signatures are missing.
	if err := p.Update(providerFor(t, cases[6], nil)); err != nil {
		t.Fatal(err)
	}
	if len(p.Inputs[0].WitnessScript) == 0 {
		t.Fatal("Update did not add the witness script")
	}
	if res := p.Analyze(); res.Next != RoleSigner || len(res.Inputs[0].MissingSigs) != 3 {
		t.Fatalf("p2wsh updated: %+v", res.Inputs[0])
	}
	// P2PKH without the public key.
	p, _ = newSpendPSBT(t, cases[1])
	if res := p.Analyze(); res.Next != RoleUpdater || len(res.Inputs[0].MissingPubKeys) != 1 {
		t.Fatalf("p2pkh: %+v", res.Inputs[0])
	}
}

func TestSignTransaction(t *testing.T) {
	cases := spendCases(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			funding, spend := spendTx(c.spk)
			prev := []PrevOut{{OutPoint: spend.Inputs[0].PrevOut, ScriptPubKey: c.spk, Amount: funding.Outputs[1].Value}}
			for _, s := range c.scripts {
				if bytes.Equal(p2wsh(s), c.spk) || strings.HasPrefix(c.name, "p2wsh") {
					prev[0].WitnessScript = s
				}
			}
			// Missing key: Core's message.
			_, complete, errs := SignTransaction(spend, prev, providerFor(t, c, nil), SigHashDefault)
			var signed *primitives.Tx
			if complete || len(errs) != 1 || errs[0].Error == "" || errs[0].TxID != spend.Inputs[0].PrevOut.Hash.String() {
				t.Fatalf("without keys: %v %+v", complete, errs)
			}
			if c.needKeys == 2 {
				// One key of two: partially signed, then completed by the
				// second signer from the partial transaction.
				signed, complete, errs = SignTransaction(spend, prev, providerFor(t, c, c.keys[:1]), SigHashAll)
				if complete || len(errs) != 1 || errs[0].Error != msgNullFailMaybe && errs[0].Error != msgInvalidStack {
					t.Fatalf("one key: %v %+v", complete, errs)
				}
				signed, complete, errs = SignTransaction(signed, prev, providerFor(t, c, c.keys[1:2]), SigHashAll)
			} else {
				signed, complete, errs = SignTransaction(spend, prev, providerFor(t, c, c.keys), SigHashDefault)
			}
			if !complete || len(errs) != 0 {
				t.Fatalf("signing: %v %+v", complete, errs)
			}
			if err := txscript.VerifyScript(signed.Inputs[0].ScriptSig, c.spk, signed.Inputs[0].Witness, standardFlags, &txscript.TxContext{
				Tx: signed, Index: 0, Amount: funding.Outputs[1].Value, PrevOuts: funding.Outputs[1:],
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
	// An unknown prevout.
	_, spend := spendTx(cases[0].spk)
	_, complete, errs := SignTransaction(spend, nil, NewSimpleProvider(), SigHashAll)
	if complete || len(errs) != 1 || errs[0].Error != MsgInputNotFound {
		t.Fatalf("unknown prevout: %+v", errs)
	}
	_, _, errs = SignTransaction(spend, []PrevOut{{OutPoint: spend.Inputs[0].PrevOut, ScriptPubKey: cases[1].spk, Amount: 1}}, NewSimpleProvider(), SigHashAll)
	if len(errs) != 1 || errs[0].Error != msgInvalidStack {
		t.Fatalf("p2pkh without key: %+v", errs)
	}
}

// TestLowR checks the grinding: every ECDSA signature has a 32-byte R.
func TestLowR(t *testing.T) {
	k := newTestKey(5)
	var s secp256k1.ModNScalar
	s.SetByteSlice(k.priv)
	priv := secp256k1.NewPrivateKey(&s)
	for i := 0; i < 64; i++ {
		h := chainhash.SHA256([]byte{byte(i)})
		sig := signECDSALowR(priv, h[:])
		if sig[3] != 32 || len(sig) > 70 {
			t.Fatalf("sig %d has R length %d", i, sig[3])
		}
		if !crypto.VerifyECDSA(priv.PubKey(), sig, h[:]) || !crypto.IsLowS(sig) {
			t.Fatalf("sig %d invalid", i)
		}
	}
}
