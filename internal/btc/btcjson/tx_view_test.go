package btcjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestTxViewChainContext(t *testing.T) {
	spk := mustHex(t, "0014a2516e770582864a6a56ed21a102044e388c62e3")
	tx := &primitives.Tx{
		Version: 2,
		Inputs: []primitives.TxIn{{
			PrevOut:  primitives.OutPoint{Index: 1, Hash: chainhash.Hash{1}},
			Witness:  [][]byte{{0xaa}, {}},
			Sequence: 0xfffffffd,
		}},
		Outputs:  []primitives.TxOut{{Value: 90_000, ScriptPubKey: spk}},
		LockTime: 7,
	}
	inActive := true
	conf, bt := int64(3), int64(1_700_000_000)
	bh := chainhash.Hash{2}
	v := NewTxView(tx, chaincfg.MainNet(), &TxOptions{
		IncludeHex:    true,
		Spent:         []SpentOutput{{Value: 100_000, ScriptPubKey: spk, Height: 5, CoinBase: true}},
		ShowPrevOut:   true,
		InActiveChain: &inActive,
		BlockHash:     &bh,
		Confirmations: &conf,
		BlockTime:     &bt,
	})
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	toks, err := jsonTokens(got)
	if err != nil {
		t.Fatal(err)
	}
	var top, vin []string
	for _, tok := range toks {
		if !strings.HasSuffix(tok, " key") {
			continue
		}
		p := strings.TrimSuffix(tok, " key")
		switch {
		case strings.Count(p, ".") == 1:
			top = append(top, p[1:])
		case strings.HasPrefix(p, ".vin[0].") && strings.Count(p, ".") == 2:
			vin = append(vin, strings.TrimPrefix(p, ".vin[0]."))
		}
	}
	if g, w := strings.Join(top, " "), "in_active_chain txid hash version size vsize weight locktime vin vout fee hex blockhash confirmations time blocktime"; g != w {
		t.Errorf("top keys %s\nwant     %s", g, w)
	}
	if g, w := strings.Join(vin, " "), "txid vout scriptSig txinwitness prevout sequence"; g != w {
		t.Errorf("vin keys %s\nwant     %s", g, w)
	}
	for _, want := range []string{`"fee":0.00010000`, `"txinwitness":["aa",""]`,
		`"prevout":{"generated":true,"height":5,"value":0.00100000,"scriptPubKey":{"asm":"0 a2516e770582864a6a56ed21a102044e388c62e3"`,
		`"vsize":`, `"sequence":4294967293`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if v.Hash == v.TxID || v.Hash != tx.WitnessHash().String() {
		t.Errorf("wtxid %s txid %s", v.Hash, v.TxID)
	}
	if v.VSize != (tx.Weight()+3)/4 || v.Size != tx.SerializeSize() {
		t.Error("sizes")
	}

	// The decoderawtransaction form: nothing optional.
	plain, _ := json.Marshal(NewTxView(tx, nil, nil))
	ptoks, _ := jsonTokens(plain)
	for _, absent := range []string{".fee", ".hex", ".vin[0].prevout", ".blockhash", ".in_active_chain", ".confirmations"} {
		for _, tok := range ptoks {
			if tok == absent+" key" {
				t.Errorf("decoderawtransaction view has %q", absent)
			}
		}
	}
	// Undo data for the wrong number of inputs is ignored.
	if v := NewTxView(tx, nil, &TxOptions{Spent: []SpentOutput{{}, {}}}); v.Fee != nil {
		t.Error("fee from mismatched undo data")
	}
}

func TestTxViewCoinbase(t *testing.T) {
	tx := &primitives.Tx{
		Version: 1,
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: nil,
			Witness:   [][]byte{make([]byte, 32)},
			Sequence:  0xffffffff,
		}},
		Outputs: []primitives.TxOut{{Value: 50 * SatoshiPerBitcoin, ScriptPubKey: []byte{0x51}}},
	}
	got, _ := json.Marshal(NewTxView(tx, nil, &TxOptions{Spent: []SpentOutput{{Value: 1}}}))
	want := `"vin":[{"coinbase":"","txinwitness":["` + strings.Repeat("00", 32) + `"],"sequence":4294967295}]`
	if !strings.Contains(string(got), want) {
		t.Errorf("coinbase input: %s", got)
	}
	if strings.Contains(string(got), `"fee"`) {
		t.Error("coinbase with a fee")
	}
}

func TestDecodeRawTx(t *testing.T) {
	tests := []struct {
		name       string
		hex        string
		noWit, wit bool
		wantErr    bool
		ins, outs  int
		witness    bool
	}{
		// Extended parse: version, 0 inputs, flag 0, ... (10 bytes, both
		// serializations agree).
		{"blank", "02000000000000000000", true, true, false, 0, 0, false},
		// 0x00 0x01 is a marker, but no witness follows: only the legacy
		// reading (0 inputs, 1 output) works.
		{"zero inputs one output", "02000000000100000000000000000000000000", true, true, false, 0, 1, false},
		{"legacy not allowed", "02000000000100000000000000000000000000", false, true, true, 0, 0, false},
		{"segwit", "0100000000010100000000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000001010000000000", true, true, false, 1, 1, true},
		{"segwit but witness not allowed", "0100000000010100000000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000001010000000000", true, false, true, 0, 0, false},
		{"truncated", "0200000001", true, true, true, 0, 0, false},
		{"trailing", "0200000000000000000000", true, true, true, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := DecodeRawTx(mustHex(t, tc.hex), tc.noWit, tc.wit)
			if tc.wantErr {
				if !errors.Is(err, ErrTxDecode) {
					t.Fatalf("err = %v, want ErrTxDecode", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tx.Inputs) != tc.ins || len(tx.Outputs) != tc.outs || tx.HasWitness() != tc.witness {
				t.Errorf("decoded %d inputs, %d outputs, witness %v", len(tx.Inputs), len(tx.Outputs), tx.HasWitness())
			}
		})
	}
	if _, err := DecodeHex("abc"); !errors.Is(err, ErrInvalidHex) {
		t.Errorf("odd hex: %v", err)
	}
	var e Error
	if _, err := DecodeRawTx(nil, true, true); !errors.As(err, &e) || e.Error() == "" {
		t.Errorf("empty input: %v", err)
	}
}

// TestDecodeRawTxPrefersSaneScripts: a transaction that parses both ways is
// read the way whose scripts are sane (Core's CheckTxScriptsSanity).
func TestDecodeRawTxPrefersSaneScripts(t *testing.T) {
	if hasValidOps([]byte{0xbb}) || hasValidOps([]byte{0x4c}) || !hasValidOps(nil) || !hasValidOps([]byte{0xba}) {
		t.Fatal("hasValidOps")
	}
	big := append([]byte{0x4d, 0x09, 0x02}, make([]byte, 521)...)
	if hasValidOps(big) {
		t.Fatal("521-byte push accepted")
	}
	insane := &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{ScriptSig: []byte{0xff}}}}
	if txScriptsSane(insane) {
		t.Fatal("0xff scriptSig is sane")
	}
	insane.Inputs[0].PrevOut = primitives.OutPoint{Index: 0xffffffff}
	if !txScriptsSane(insane) {
		t.Fatal("coinbase scriptSig checked")
	}
}

func TestMarshalIndent(t *testing.T) {
	v := map[string]any{"a": []int{}, "b": map[string]any{}, "c": []string{"x<&>", `q"\`}, "d": map[string]int{"e": 1}}
	got, err := MarshalIndent(v, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": [\n  ],\n  \"b\": {\n  },\n  \"c\": [\n    \"x<&>\",\n    \"q\\\"\\\\\"\n  ],\n  \"d\": {\n    \"e\": 1\n  }\n}"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	top, _ := MarshalIndent([]int{}, 4)
	if string(top) != "[\n]" {
		t.Errorf("top-level empty array %q", top)
	}
	if _, err := MarshalIndent(func() {}, 4); err == nil {
		t.Error("unmarshalable value accepted")
	}
}

func FuzzDecodeRawTxView(f *testing.F) {
	for _, s := range []string{
		"02000000000000000000",
		"02000000000100000000000000000000000000",
		"0100000000010100000000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000001010000000000",
		"01000000018594c5bdcaec8f06b78b596f31cd292a294fd031e24eec716f43dac91ea7494d000000008a4730440220131432090a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e01410479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8ffffffff01a0860100000000001976a9145834479edbbe0539b31ffd3a8f8ebadc2165ed0188ac00000000",
	} {
		b, _ := DecodeHex(s)
		f.Add(b)
	}
	params := chaincfg.TestNet4()
	f.Fuzz(func(t *testing.T, raw []byte) {
		tx, err := DecodeRawTx(raw, true, true)
		if err != nil {
			return
		}
		v := NewTxView(tx, params, &TxOptions{IncludeHex: true})
		out, err := MarshalIndent(v, 4)
		if err != nil {
			t.Fatal(err)
		}
		var back struct {
			Hex string `json:"hex"`
		}
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("output is not JSON: %v", err)
		}
		// The view's hex is the transaction's own serialization, which
		// re-decodes to the same transaction.
		again, err := DecodeRawTx(mustHex(t, back.Hex), true, true)
		if err != nil {
			t.Fatalf("hex does not decode again: %v", err)
		}
		if again.TxHash() != tx.TxHash() {
			t.Fatal("round trip changed the txid")
		}
	})
}
