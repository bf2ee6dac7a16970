package btcrpc

import (
	"encoding/hex"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/psbt"
)

func TestJoinPSBTs(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	const (
		txA = "a5b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
		txB = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	)
	create := func(txid string, vout int, data string, locktime, version int) string {
		return unmarshal[string](t, env.mustCall(t, "createpsbt",
			[]map[string]any{{"txid": txid, "vout": vout}}, []map[string]any{{"data": data}}, locktime, true, version))
	}
	p1 := create(txA, 0, "01", 500, 1)
	p2 := create(txB, 1, "0202", 100, 2)
	p3 := create(txA, 1, "030303", 0, 2)
	dupSameSeq := create(txA, 0, "04", 500, 2)

	// A signed-looking input: its partial signature and final scripts must go.
	signed, err := psbt.DecodeBase64(p3)
	if err != nil {
		t.Fatal(err)
	}
	signed.Inputs[0].PartialSigs = []psbt.PartialSig{{PubKey: mustHex(t, "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"), Signature: mustHex(t, "300602010102010101")}}
	signed.Inputs[0].RedeemScript = []byte{0x52}
	signed.Unknown = []psbt.Unknown{{Key: []byte{0x0f, 0x02}, Value: []byte{2}}, {Key: []byte{0x0f, 0x01}, Value: []byte{1}}}
	p3signed := signed.Base64()
	if back, err := psbt.DecodeBase64(p3signed); err != nil || len(back.Inputs[0].PartialSigs) != 1 {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	final, err := psbt.DecodeBase64(p1)
	if err != nil {
		t.Fatal(err)
	}
	final.Inputs[0].FinalScriptSig = []byte{0x51}
	p1final := final.Base64()

	env.svc.shuffle = func(n int, swap func(i, j int)) { // reverse: a fixed, visible permutation
		for i := 0; i < n/2; i++ {
			swap(i, n-1-i)
		}
	}
	got, err := psbt.DecodeBase64(unmarshal[string](t, env.mustCall(t, "joinpsbts", []string{p1final, p2, p3signed})))
	if err != nil {
		t.Fatal(err)
	}
	tx := got.Tx
	if tx.Version != 2 || tx.LockTime != 0 || len(tx.Inputs) != 3 || len(tx.Outputs) != 3 || got.Version != 0 {
		t.Fatalf("joined tx: version %d locktime %d, %d ins, %d outs, psbt v%d", tx.Version, tx.LockTime, len(tx.Inputs), len(tx.Outputs), got.Version)
	}
	wantIns := []string{txA + ":1", txB + ":1", txA + ":0"}
	for i, w := range wantIns {
		if g := tx.Inputs[i].PrevOut.String(); g != w {
			t.Errorf("input %d: %s, want %s", i, g, w)
		}
	}
	wantOuts := []byte{3, 2, 1} // the data pushes' lengths
	for i, w := range wantOuts {
		if g := len(tx.Outputs[i].ScriptPubKey) - 2; g != int(w) {
			t.Errorf("output %d: data of %d bytes, want %d", i, g, w)
		}
	}
	in := got.Inputs[0]
	if len(in.PartialSigs) != 0 || in.FinalScriptSig != nil || string(in.RedeemScript) != "\x52" {
		t.Errorf("joined input 0 = %+v: want no signatures, the redeem script kept", in)
	}
	if in := got.Inputs[2]; in.FinalScriptSig != nil {
		t.Errorf("joined input 2 keeps its final scriptSig %x", in.FinalScriptSig)
	}
	if len(got.Unknown) != 2 || got.Unknown[0].Key[1] != 1 || got.Unknown[1].Key[1] != 2 {
		t.Errorf("global unknowns %+v, want both sorted by key", got.Unknown)
	}

	env.svc.shuffle = nil
	for range 3 { // the real shuffle keeps the set
		got, err := psbt.DecodeBase64(unmarshal[string](t, env.mustCall(t, "joinpsbts", []string{p1, p2, p3})))
		if err != nil || len(got.Tx.Inputs) != 3 || len(got.Tx.Outputs) != 3 {
			t.Fatalf("joined: %v %+v", err, got)
		}
	}

	for _, c := range []struct {
		name string
		args []any
		code int
		msg  string
	}{
		{"empty", []any{[]string{}}, -8, "At least two PSBTs are required to join PSBTs."},
		{"one", []any{[]string{p1}}, -8, "At least two PSBTs are required to join PSBTs."},
		{"duplicate", []any{[]string{p1, p2, dupSameSeq}}, -8, "Input " + txA + ":0 exists in multiple PSBTs"},
		{"same twice", []any{[]string{p2, p2}}, -8, "Input " + txB + ":1 exists in multiple PSBTs"},
		{"bad base64", []any{[]string{p1, "!!"}}, -22, "TX decode failed invalid base64"},
		{"not an array", []any{"x"}, -3, "JSON value of type string is not of expected type array"},
		{"not strings", []any{[]any{1, 2}}, -1, "JSON value of type number is not of expected type string"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rerr := env.call(t, "joinpsbts", c.args...)
			wantCode(t, rerr, c.code, c.msg)
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
