package btcrpc

import (
	"encoding/json"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// wpkhPSBT returns a PSBT spending one P2WPKH output of a fixed key (with
// its witness UTXO) and the key's WIF.
func wpkhPSBT(t *testing.T, env *testEnv) (string, string) {
	t.Helper()
	var secret [32]byte
	secret[31] = 7
	priv := secp256k1.PrivKeyFromBytes(secret[:])
	id := crypto.Hash160(priv.PubKey().SerializeCompressed())
	spk := append([]byte{0x00, 0x14}, id[:]...)
	tx := &primitives.Tx{
		Version: 2,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{1}, Index: 0}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 90_000, ScriptPubKey: spk}},
	}
	pk, err := psbt.New(tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := pk.AddWitnessUTXO(0, primitives.TxOut{Value: 100_000, ScriptPubKey: spk}); err != nil {
		t.Fatal(err)
	}
	return pk.Base64(), address.EncodeWIF(priv, true, env.svc.params())
}

func TestDescriptorProcessPSBT(t *testing.T) {
	env, _ := genEnv(t, false)
	unsigned, wif := wpkhPSBT(t, env)
	desc := "wpkh(" + wif + ")"
	tests := []struct {
		name     string
		params   []any
		complete bool
		sigs     int // partial signatures left in the PSBT's input
		derivs   int // BIP32 derivations of the PSBT's input
	}{
		{"sign and finalize", []any{unsigned, []string{desc}}, true, 0, 0},
		{"object descriptor", []any{unsigned, []any{map[string]any{"desc": desc}}, "ALL"}, true, 0, 0},
		{"no finalize", []any{unsigned, []string{desc}, "ALL", false, false}, false, 1, 0},
		{"origin derivation", []any{unsigned, []string{"wpkh([deadbeef/0h]" + wif + ")"}, "ALL", true, false}, false, 1, 1},
		{"origin without bip32derivs", []any{unsigned, []string{"wpkh([deadbeef/0h]" + wif + ")"}, "ALL", false, false}, false, 1, 0},
		{"no key", []any{unsigned, []string{"wpkh(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)"}}, false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var res processResult
			if err := json.Unmarshal(env.mustCall(t, "descriptorprocesspsbt", tc.params...), &res); err != nil {
				t.Fatal(err)
			}
			if res.Complete != tc.complete || (res.Hex != "") != tc.complete {
				t.Fatalf("complete %v hex %q, want complete %v", res.Complete, res.Hex, tc.complete)
			}
			pk, err := psbt.DecodeBase64(res.PSBT)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(pk.Inputs[0].PartialSigs); n != tc.sigs {
				t.Fatalf("%d partial signatures, want %d", n, tc.sigs)
			}
			if n := len(pk.Inputs[0].Bip32Derivation); n != tc.derivs {
				t.Fatalf("%d BIP32 derivations, want %d", n, tc.derivs)
			}
			if !tc.complete {
				return
			}
			tx, err := btcjson.DecodeRawTx(mustHex(t, res.Hex), true, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(tx.Inputs[0].Witness) != 2 {
				t.Fatalf("witness has %d items, want 2", len(tx.Inputs[0].Witness))
			}
		})
	}
	errs := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"no descriptors", []any{unsigned}, -8, "Missing required parameter 2"},
		{"descriptors not an array", []any{unsigned, "x"}, -3, "JSON value of type string is not of expected type array"},
		{"bad descriptor element", []any{unsigned, []any{1}}, -8, "Scan object needs to be either a string or an object"},
		{"object without desc", []any{unsigned, []any{map[string]any{"range": 2}}}, -8, "Descriptor needs to be provided in scan object"},
		{"desc not a string", []any{unsigned, []any{map[string]any{"desc": 1}}}, -1, "JSON value of type number is not of expected type string"},
		{"bad range", []any{unsigned, []any{map[string]any{"desc": desc, "range": "x"}}}, -8, "Range must be specified as end or as [begin,end]"},
		{"bad descriptor", []any{unsigned, []string{"wpkh(xyz)"}}, -5, ""},
		{"bad sighash", []any{unsigned, []string{desc}, "XYZ"}, -8, "'XYZ' is not a valid sighash parameter."},
		{"bad psbt", []any{"AAAA", []string{desc}}, -22, ""},
		{"bad finalize", []any{unsigned, []string{desc}, "ALL", true, 1}, -3, "JSON value of type number is not of expected type bool"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "descriptorprocesspsbt", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}
