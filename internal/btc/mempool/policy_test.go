package mempool

import (
	"bytes"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

var (
	p2pkhSPK  = append(append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 20}, make([]byte, 20)...), txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
	p2shSPK   = append(append([]byte{txscript.OP_HASH160, 20}, make([]byte, 20)...), txscript.OP_EQUAL)
	p2wpkhSPK = append([]byte{txscript.OP_0, 20}, make([]byte, 20)...)
	p2wshSPK  = append([]byte{txscript.OP_0, 32}, make([]byte, 32)...)
	p2trSPK   = append([]byte{txscript.OP_1, 32}, make([]byte, 32)...)
)

func TestDustThreshold(t *testing.T) {
	tests := []struct {
		name   string
		script []byte
		want   int64
	}{
		{"p2pkh", p2pkhSPK, 546},
		{"p2sh", p2shSPK, 540},
		{"p2wpkh", p2wpkhSPK, 294},
		{"p2wsh", p2wshSPK, 330},
		{"p2tr", p2trSPK, 330},
		{"op_return", []byte{txscript.OP_RETURN, 1, 1}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := primitives.TxOut{Value: tc.want, ScriptPubKey: tc.script}
			if got := DustThreshold(&out, DefaultDustRelayFee); got != tc.want {
				t.Fatalf("threshold %d, want %d", got, tc.want)
			}
			if IsDust(&out, DefaultDustRelayFee) {
				t.Fatal("value at the threshold is dust")
			}
			out.Value--
			if tc.want > 0 && !IsDust(&out, DefaultDustRelayFee) {
				t.Fatal("value below the threshold is not dust")
			}
		})
	}
}

// multisig returns a bare m-of-n script with dummy compressed keys.
func multisig(m, n int) []byte {
	s := []byte{txscript.OP_1 + byte(m-1)}
	for range n {
		s = append(s, 33, 2)
		s = append(s, make([]byte, 32)...)
	}
	return append(s, txscript.OP_1+byte(n-1), txscript.OP_CHECKMULTISIG)
}

func TestIsStandardTx(t *testing.T) {
	base := func() *primitives.Tx {
		return &primitives.Tx{Version: 2,
			Inputs:  []primitives.TxIn{{ScriptSig: []byte{txscript.OP_0}, Sequence: 0xffffffff}},
			Outputs: []primitives.TxOut{{Value: 10_000, ScriptPubKey: p2wpkhSPK}}}
	}
	opReturn := func(n int) primitives.TxOut {
		return primitives.TxOut{ScriptPubKey: append([]byte{txscript.OP_RETURN, byte(n)}, make([]byte, n)...)}
	}
	tests := []struct {
		name string
		mod  func(tx *primitives.Tx, o *StandardOptions)
		want error
	}{
		{"standard", func(*primitives.Tx, *StandardOptions) {}, nil},
		{"version 0", func(tx *primitives.Tx, _ *StandardOptions) { tx.Version = 0 }, ErrVersion},
		{"version 1", func(tx *primitives.Tx, _ *StandardOptions) { tx.Version = 1 }, nil},
		{"version 3", func(tx *primitives.Tx, _ *StandardOptions) { tx.Version = 3 }, ErrVersion},
		{"tx-size", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = make([]byte, 100_001)
		}, ErrTxSize},
		{"scriptsig-size", func(tx *primitives.Tx, _ *StandardOptions) {
			var ss []byte
			for range 4 {
				ss = append(ss, txscript.OP_PUSHDATA2, 0x90, 0x01) // 400 bytes
				ss = append(ss, make([]byte, 400)...)
			}
			tx.Inputs[0].ScriptSig = append(ss, 47)
			tx.Inputs[0].ScriptSig = append(tx.Inputs[0].ScriptSig, make([]byte, 47)...)
		}, ErrScriptSigSize},
		{"scriptsig 1650 bytes", func(tx *primitives.Tx, _ *StandardOptions) {
			var ss []byte
			for range 4 {
				ss = append(ss, txscript.OP_PUSHDATA2, 0x90, 0x01)
				ss = append(ss, make([]byte, 400)...)
			}
			tx.Inputs[0].ScriptSig = append(ss, 37)
			tx.Inputs[0].ScriptSig = append(tx.Inputs[0].ScriptSig, make([]byte, 37)...)
		}, nil},
		{"scriptsig-not-pushonly", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Inputs[0].ScriptSig = []byte{txscript.OP_1, txscript.OP_DUP}
		}, ErrScriptSigNotPushOnly},
		{"scriptpubkey op_true", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = []byte{txscript.OP_1}
		}, ErrScriptPubKey},
		{"scriptpubkey 1-of-4", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = multisig(1, 4)
		}, ErrScriptPubKey},
		{"bare multisig permitted", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = multisig(2, 3)
		}, nil},
		{"bare-multisig", func(tx *primitives.Tx, o *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = multisig(1, 1)
			o.PermitBareMultisig = false
		}, ErrBareMultisig},
		{"op_return 83", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs = append(tx.Outputs, opReturn(75))
			tx.Outputs[1].ScriptPubKey = append([]byte{txscript.OP_RETURN, txscript.OP_PUSHDATA1, 80}, make([]byte, 80)...)
		}, nil},
		{"op_return 84", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs = append(tx.Outputs, primitives.TxOut{
				ScriptPubKey: append([]byte{txscript.OP_RETURN, txscript.OP_PUSHDATA1, 81}, make([]byte, 81)...)})
		}, ErrScriptPubKey},
		{"dust", func(tx *primitives.Tx, _ *StandardOptions) { tx.Outputs[0].Value = 293 }, ErrDust},
		{"not dust", func(tx *primitives.Tx, _ *StandardOptions) { tx.Outputs[0].Value = 294 }, nil},
		{"multi-op-return", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs = append(tx.Outputs, opReturn(4), opReturn(4))
		}, ErrMultiOpReturn},
		{"witness unknown output", func(tx *primitives.Tx, _ *StandardOptions) {
			tx.Outputs[0].ScriptPubKey = append([]byte{txscript.OP_2, 32}, make([]byte, 32)...)
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := base()
			o := DefaultStandardOptions()
			tc.mod(tx, &o)
			err := IsStandardTx(tx, &o)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestAreInputsStandard(t *testing.T) {
	sigops16 := bytes.Repeat([]byte{txscript.OP_CHECKSIG}, 16)
	tests := []struct {
		name      string
		scriptSig []byte
		prev      []byte
		want      error
	}{
		{"p2wpkh", nil, p2wpkhSPK, nil},
		{"nonstandard", nil, []byte{txscript.OP_1}, ErrNonstandardInputs},
		{"witness unknown", nil, append([]byte{txscript.OP_2, 32}, make([]byte, 32)...), ErrNonstandardInputs},
		{"p2sh 15 sigops", txscript.AppendPushData(nil, sigops16[:15]), p2shSPK, nil},
		{"p2sh 16 sigops", txscript.AppendPushData(nil, sigops16), p2shSPK, ErrNonstandardInputs},
		{"p2sh empty scriptSig", nil, p2shSPK, ErrNonstandardInputs},
		{"p2sh oversized push", txscript.AppendPushData(nil, make([]byte, 521)), p2shSPK, ErrNonstandardInputs},
		{"anchor", nil, []byte{txscript.OP_1, 2, 0x4e, 0x73}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{ScriptSig: tc.scriptSig}},
				Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: p2wpkhSPK}}}
			err := AreInputsStandard(tx, []primitives.TxOut{{ScriptPubKey: tc.prev}})
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestIsWitnessStandard(t *testing.T) {
	item := func(n int) []byte { return make([]byte, n) }
	tapscriptCB := append([]byte{0xc0}, make([]byte, 32)...)
	tests := []struct {
		name      string
		scriptSig []byte
		witness   [][]byte
		prev      []byte
		want      error
	}{
		{"p2wpkh", nil, [][]byte{item(72), item(33)}, p2wpkhSPK, nil},
		{"witness on legacy", nil, [][]byte{item(1)}, p2pkhSPK, ErrWitnessNonstandard},
		{"p2wsh item 80", nil, [][]byte{item(80), item(10)}, p2wshSPK, nil},
		{"p2wsh item 81", nil, [][]byte{item(81), item(10)}, p2wshSPK, ErrWitnessNonstandard},
		{"p2wsh script 3601", nil, [][]byte{item(3601)}, p2wshSPK, ErrWitnessNonstandard},
		{"p2wsh 101 items", nil, append(make([][]byte, 101), item(3)), p2wshSPK, ErrWitnessNonstandard},
		{"p2sh-p2wsh item 81", txscript.AppendPushData(nil, p2wshSPK), [][]byte{item(81), item(10)}, p2shSPK, ErrWitnessNonstandard},
		{"taproot key path", nil, [][]byte{item(64)}, p2trSPK, nil},
		{"taproot annex", nil, [][]byte{item(64), {0x50}}, p2trSPK, ErrWitnessNonstandard},
		{"tapscript item 81", nil, [][]byte{item(81), item(3), tapscriptCB}, p2trSPK, ErrWitnessNonstandard},
		{"tapscript item 80", nil, [][]byte{item(80), item(3), tapscriptCB}, p2trSPK, nil},
		{"empty control block", nil, [][]byte{item(3), {}}, p2trSPK, ErrWitnessNonstandard},
		{"anchor with witness", nil, [][]byte{item(1)}, []byte{txscript.OP_1, 2, 0x4e, 0x73}, ErrWitnessNonstandard},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{ScriptSig: tc.scriptSig, Witness: tc.witness}},
				Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: p2wpkhSPK}}}
			err := IsWitnessStandard(tx, []primitives.TxOut{{ScriptPubKey: tc.prev}})
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestFeeRate(t *testing.T) {
	if got := FeeRate(1000).Fee(141); got != 141 {
		t.Fatalf("1 sat/vB for 141 vB: %d", got)
	}
	if got := FeeRate(100).Fee(5); got != 1 {
		t.Fatalf("rounding up to one satoshi: %d", got)
	}
	if got := NewFeeRate(141, 141); got != 1000 {
		t.Fatalf("rate %d", got)
	}
	if got := VirtualSize(400, 30); got != 150 {
		t.Fatalf("sigop-adjusted vsize %d", got)
	}
}
