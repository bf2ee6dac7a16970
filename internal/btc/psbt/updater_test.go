package psbt

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestJoinAndUpdate(t *testing.T) {
	cases := spendCases(t)
	c := cases[3] // p2sh-p2wpkh
	funding, spend := spendTx(c.spk)
	p, _ := New(spend)
	other := primitives.TxIn{PrevOut: primitives.OutPoint{Index: 3}, Sequence: 5}
	if err := p.AddInput(other, Input{PartialSigs: []PartialSig{{PubKey: []byte{2}, Signature: []byte{1}}}}); err != nil {
		t.Fatal(err)
	}
	if err := p.AddInput(other, Input{}); err == nil {
		t.Fatal("duplicate input accepted")
	}
	if len(p.Tx.Inputs) != 2 || len(p.Inputs[1].PartialSigs) != 0 || *p.Inputs[1].Sequence != 5 {
		t.Fatalf("AddInput: %+v", p.Inputs[1])
	}
	if err := p.AddOutput(primitives.TxOut{Value: 5, ScriptPubKey: c.spk}, Output{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(p.Encode()); err != nil {
		t.Fatal(err)
	}
	// Update adds the redeem script (the provider knows the key's P2WPKH
	// script) and, for outputs to the key, the script and origin.
	_ = p.AddWitnessUTXO(0, funding.Outputs[1])
	prov := providerFor(t, c, c.keys)
	origin := KeyOrigin{Fingerprint: [4]byte{0xd9, 0x0c, 0x6a, 0x4f}, Path: []uint32{0x80000054}}
	prov.AddKeyOrigin(c.keys[0].pub, origin)
	if err := p.Update(prov); err != nil {
		t.Fatal(err)
	}
	if len(p.Inputs[0].RedeemScript) != 22 || len(p.Inputs[0].PartialSigs) != 0 {
		t.Fatalf("update input: %+v", p.Inputs[0])
	}
	if len(p.Outputs[2].RedeemScript) != 22 || len(p.Outputs[2].Bip32Derivation) != 1 {
		t.Fatalf("update output: %+v", p.Outputs[2])
	}
	// v2 joins need the modifiable flags.
	q, _ := NewVersion(spend, 2)
	if err := q.AddInput(other, Input{}); !errors.Is(err, ErrInvalidTx) {
		t.Fatalf("v2 add input: %v", err)
	}
	mod := uint8(3)
	q.TxModifiable = &mod
	if err := q.AddInput(other, Input{}); err != nil {
		t.Fatal(err)
	}
	if err := q.AddOutput(primitives.TxOut{Value: 1, ScriptPubKey: []byte{0x51}}, Output{}); err != nil {
		t.Fatal(err)
	}
	if len(q.Tx.Inputs) != 2 || len(q.Tx.Outputs) != 3 {
		t.Fatal("v2 tx not rebuilt")
	}
}

func TestParseSighash(t *testing.T) {
	for s, want := range map[string]uint32{"": SigHashUnspecified, "DEFAULT": 0, "ALL": 1, "NONE": 2, "SINGLE": 3,
		"ALL|ANYONECANPAY": 0x81, "NONE|ANYONECANPAY": 0x82, "SINGLE|ANYONECANPAY": 0x83} {
		if got, err := ParseSighash(s); err != nil || got != want {
			t.Errorf("%q: %d %v", s, got, err)
		}
	}
	if _, err := ParseSighash("all"); err == nil || err.Error() != "'all' is not a valid sighash parameter." {
		t.Fatal(err)
	}
}

type fakeViewer struct{}

func (fakeViewer) TxView(tx *primitives.Tx) any                { return "tx:" + tx.TxHash().String() }
func (fakeViewer) ScriptView(script []byte, withAddr bool) any { return withAddr }

func TestDecodeViewWithViewer(t *testing.T) {
	v := loadVectors(t)
	p, _ := DecodeBase64(v.Signer[0].Result)
	res := DecodeView(p, nil, fakeViewer{})
	if res.Tx != "tx:"+p.Tx.TxHash().String() || res.Inputs[1].WitnessUTXO.ScriptPubKey != true || res.Inputs[0].RedeemScript != false {
		t.Fatalf("viewer not used: %+v", res)
	}
}

func TestUpdaterHelpers(t *testing.T) {
	k := newTestKey(4)
	_, spend := spendTx(p2wpkh(k.pub))
	p, _ := New(spend)
	origin := KeyOrigin{Fingerprint: [4]byte{1, 2, 3, 4}, Path: []uint32{1, 2}}
	if err := p.SetInputScripts(0, []byte{0x51}, []byte{0x52}); err != nil {
		t.Fatal(err)
	}
	if err := p.AddOutputDerivation(0, k.pub, origin); err != nil {
		t.Fatal(err)
	}
	if err := p.AddOutputDerivation(5, k.pub, origin); !errors.Is(err, ErrIndex) {
		t.Fatalf("bad index: %v", err)
	}
	if err := p.AddInputDerivation(0, []byte{1, 2}, origin); err == nil {
		t.Fatal("bad pubkey accepted")
	}
	if err := p.AddInputTapDerivation(0, k.xonly, nil, origin); err != nil {
		t.Fatal(err)
	}
	if p.Inputs[0].HasSignatures() {
		t.Fatal("HasSignatures")
	}
	c := p.Clone()
	c.Inputs[0].RedeemScript = nil
	q, err := Decode(p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Inputs[0].RedeemScript) != 1 || len(q.Outputs[0].Bip32Derivation) != 1 || len(q.Inputs[0].TapBip32Derivation) != 1 {
		t.Fatalf("round trip: %+v", q.Inputs[0])
	}
	if got := FormatPath(q.Outputs[0].Bip32Derivation[0].Path); got != "m/1/2" {
		t.Fatal(got)
	}
}
