package psbt

import (
	"testing"
)

func twoInputPSBT(b *testing.B) (*Packet, *SimpleProvider) {
	b.Helper()
	k1, k2 := newTestKey(1), newTestKey(2)
	spk1, spk2 := p2wpkh(k1.pub), p2wpkh(k2.pub)
	f1, spend := spendTx(spk1)
	f2, _ := spendTx(spk2)
	f2.LockTime = 1 // a different funding txid
	spend.Inputs = append(spend.Inputs, spend.Inputs[0])
	spend.Inputs[1].PrevOut.Hash = f2.TxHash()
	p, err := New(spend)
	if err != nil {
		b.Fatal(err)
	}
	_ = p.AddWitnessUTXO(0, f1.Outputs[1])
	_ = p.AddWitnessUTXO(1, f2.Outputs[1])
	_ = p.AddNonWitnessUTXO(0, f1)
	_ = p.AddNonWitnessUTXO(1, f2)
	prov := NewSimpleProvider()
	_ = prov.AddKey(k1.priv, true)
	_ = prov.AddKey(k2.priv, true)
	return p, prov
}

// BenchmarkDecode decodes a signed two-input P2WPKH PSBT with both UTXO
// forms.
func BenchmarkDecode(b *testing.B) {
	p, prov := twoInputPSBT(b)
	if _, err := p.Sign(prov, SigHashAll); err != nil {
		b.Fatal(err)
	}
	raw := p.Encode()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode serializes the same PSBT.
func BenchmarkEncode(b *testing.B) {
	p, prov := twoInputPSBT(b)
	if _, err := p.Sign(prov, SigHashAll); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Encode()
	}
}

// BenchmarkSign signs both inputs of a fresh two-input P2WPKH PSBT.
func BenchmarkSign(b *testing.B) {
	p, prov := twoInputPSBT(b)
	raw := p.Encode()
	b.ReportAllocs()
	for b.Loop() {
		q, err := Decode(raw)
		if err != nil {
			b.Fatal(err)
		}
		if ok, err := q.Sign(prov, SigHashAll); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
