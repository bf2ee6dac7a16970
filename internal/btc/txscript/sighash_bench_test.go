package txscript

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// benchTx returns a transaction with n inputs and n outputs and the
// outputs it spends (P2TR).
func benchTx(n int) (*primitives.Tx, []primitives.TxOut) {
	tx := &primitives.Tx{Version: 2}
	prev := make([]primitives.TxOut, n)
	for i := range n {
		var in primitives.TxIn
		in.PrevOut.Hash[0] = byte(i)
		in.PrevOut.Hash[1] = byte(i >> 8)
		in.PrevOut.Index = uint32(i)
		in.Sequence = 0xfffffffd
		in.Witness = [][]byte{make([]byte, 64)}
		tx.Inputs = append(tx.Inputs, in)
		spk := make([]byte, 34)
		spk[0], spk[1], spk[2] = 0x51, 0x20, byte(i)
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: int64(1000 + i), ScriptPubKey: spk})
		prev[i] = primitives.TxOut{Value: int64(5000 + i), ScriptPubKey: spk}
	}
	return tx, prev
}

var p2pkhCode = []byte{0x76, 0xa9, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0x88, 0xac}

func BenchmarkLegacySignatureHash(b *testing.B) {
	tx, _ := benchTx(2)
	b.ReportAllocs()
	for b.Loop() {
		LegacySignatureHash(p2pkhCode, tx, 1, 1)
	}
}

func BenchmarkLegacySignatureHash20Inputs(b *testing.B) {
	tx, _ := benchTx(20)
	b.ReportAllocs()
	for b.Loop() {
		LegacySignatureHash(p2pkhCode, tx, 7, 1)
	}
}

func BenchmarkNewSigHashes(b *testing.B) {
	tx, prev := benchTx(10)
	b.ReportAllocs()
	for b.Loop() {
		NewSigHashes(tx, prev)
	}
}

func BenchmarkWitnessV0SignatureHash(b *testing.B) {
	tx, _ := benchTx(10)
	sh := NewSigHashes(tx, nil)
	b.ReportAllocs()
	for b.Loop() {
		WitnessV0SignatureHash(p2pkhCode, sh, 1, tx, 3, 12345)
	}
}

func BenchmarkTaprootSignatureHash(b *testing.B) {
	tx, prev := benchTx(10)
	sh := NewSigHashes(tx, prev)
	leaf := &TapscriptInfo{CodeSepPos: NoCodeSeparator}
	for _, bc := range []struct {
		name     string
		hashType uint8
		leaf     *TapscriptInfo
		annex    []byte
	}{
		{"keypath-default", 0, nil, nil},
		{"keypath-single-acp", 0x83, nil, nil},
		{"scriptpath-annex", 0, leaf, []byte{0x50, 1, 2, 3}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := TaprootSignatureHash(sh, bc.hashType, tx, 3, bc.annex, bc.leaf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFindAndDeleteSig(b *testing.B) {
	sig := make([]byte, 71)
	b.ReportAllocs()
	for b.Loop() {
		FindAndDeleteSig(p2pkhCode, sig)
	}
}

func BenchmarkTapLeafHash(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		TapLeafHash(BaseLeafVersion, p2pkhCode)
	}
}
