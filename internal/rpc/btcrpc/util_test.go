package btcrpc

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/crypto"
)

func TestVerifyMessage(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	// Core's rpc_signmessage.py vector (regtest).
	const (
		addr = "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB"
		sig  = "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0="
		msg  = "This is just a test message"
	)
	if !unmarshal[bool](t, env.mustCall(t, "verifymessage", addr, sig, msg)) {
		t.Fatal("Core's vector does not verify")
	}
	if unmarshal[bool](t, env.mustCall(t, "verifymessage", addr, sig, msg+".")) {
		t.Fatal("other message verifies")
	}

	// Our own signature, uncompressed key form.
	priv := secp256k1.PrivKeyFromBytes(make32(7))
	h := MessageHash("hello")
	rsv, err := crypto.SignRecoverable(priv, h[:])
	if err != nil {
		t.Fatal(err)
	}
	compact := append([]byte{27 + rsv[64]}, rsv[:64]...)
	a := address.NewP2PKHFromPubKey(priv.PubKey().SerializeUncompressed(), env.svc.params()).String()
	if !unmarshal[bool](t, env.mustCall(t, "verifymessage", a, base64.StdEncoding.EncodeToString(compact), "hello")) {
		t.Fatal("uncompressed signature does not verify")
	}

	p2sh := address.NewP2SHFromScript([]byte{0x51}, env.svc.params()).String()
	tests := []struct {
		name      string
		addr, sig string
		code      int
		msg       string
	}{
		{"bad address", "xyz", sig, -5, "Invalid address"},
		{"script address", p2sh, sig, -3, "Address does not refer to key"},
		{"bad base64", addr, "!!!", -3, "Malformed base64 encoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "verifymessage", tc.addr, tc.sig, msg)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
	if unmarshal[bool](t, env.mustCall(t, "verifymessage", addr, base64.StdEncoding.EncodeToString([]byte("short")), msg)) {
		t.Fatal("short signature verifies")
	}
}

func make32(b byte) []byte {
	out := make([]byte, 32)
	out[31] = b
	return out
}

func TestValidateAddressAndMultisig(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	p := env.svc.params()
	k1 := secp256k1.PrivKeyFromBytes(make32(1)).PubKey().SerializeCompressed()
	k2 := secp256k1.PrivKeyFromBytes(make32(2)).PubKey().SerializeCompressed()
	wpkh, _ := address.NewP2WPKHFromPubKey(k1, p)

	v := unmarshal[map[string]json.RawMessage](t, env.mustCall(t, "validateaddress", wpkh.String()))
	if !unmarshal[bool](t, v["isvalid"]) || !unmarshal[bool](t, v["iswitness"]) || unmarshal[int](t, v["witness_version"]) != 0 || unmarshal[bool](t, v["isscript"]) {
		t.Fatalf("validateaddress p2wpkh %v", v)
	}
	raw := string(env.mustCall(t, "validateaddress", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"))
	if raw != `{"isvalid":false,"error_locations":[],"error":"Invalid or unsupported Segwit (Bech32) or Base58 encoding."}` {
		t.Fatalf("mainnet address on regtest: %s", raw)
	}

	for _, typ := range []string{"legacy", "p2sh-segwit", "bech32"} {
		t.Run(typ, func(t *testing.T) {
			res := unmarshal[multisigResult](t, env.mustCall(t, "createmultisig", 2, []string{hex.EncodeToString(k1), hex.EncodeToString(k2)}, typ))
			script, _ := hex.DecodeString(res.RedeemScript)
			ds := btcjson.NewDecodeScriptView(script, p)
			if ds.Type != "multisig" {
				t.Fatalf("redeemScript type %s", ds.Type)
			}
			var want string
			switch typ {
			case "legacy":
				want = ds.P2SH
			case "bech32":
				want = ds.Segwit.Address
			default:
				want = ds.Segwit.P2SHSegwit
			}
			if res.Address != want {
				t.Fatalf("address %s, want %s", res.Address, want)
			}
			if _, ok := btcjson.VerifyDescriptorChecksum(res.Descriptor); !ok || !strings.Contains(res.Descriptor, "multi(2,"+hex.EncodeToString(k1)) {
				t.Fatalf("descriptor %s", res.Descriptor)
			}
		})
	}
	_, rerr := env.call(t, "createmultisig", 3, []string{hex.EncodeToString(k1), hex.EncodeToString(k2)})
	wantCode(t, rerr, -8, "not enough keys supplied (got 2 keys, but need at least 3 to redeem)")
	_, rerr = env.call(t, "createmultisig", 1, []string{hex.EncodeToString(k1)}, "bech32m")
	wantCode(t, rerr, -5, "createmultisig cannot create bech32m multisig addresses")
	_, rerr = env.call(t, "createmultisig", 1, []string{"02" + strings.Repeat("00", 32)})
	wantCode(t, rerr, -5, `Pubkey "02`+strings.Repeat("00", 32)+`" must be cryptographically valid.`)
}

func TestCreateRawTransaction(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	p := env.svc.params()
	k1 := secp256k1.PrivKeyFromBytes(make32(1)).PubKey().SerializeCompressed()
	addr, _ := address.NewP2WPKHFromPubKey(k1, p)
	txid := strings.Repeat("ab", 32)
	in := []map[string]any{{"txid": txid, "vout": 1}}

	hexTx := unmarshal[string](t, env.mustCall(t, "createrawtransaction", in, map[string]any{addr.String(): 0.5, "data": "beef"}, 7, true))
	dec := unmarshal[struct {
		Version  int    `json:"version"`
		LockTime uint32 `json:"locktime"`
		Vin      []struct {
			TxID     string `json:"txid"`
			Vout     int    `json:"vout"`
			Sequence uint32 `json:"sequence"`
		} `json:"vin"`
		Vout []struct {
			Value        json.Number `json:"value"`
			ScriptPubKey struct {
				Hex     string `json:"hex"`
				Address string `json:"address"`
			} `json:"scriptPubKey"`
		} `json:"vout"`
	}](t, env.mustCall(t, "decoderawtransaction", hexTx))
	if dec.Version != 2 || dec.LockTime != 7 || len(dec.Vin) != 1 || dec.Vin[0].TxID != txid || dec.Vin[0].Vout != 1 || dec.Vin[0].Sequence != 0xfffffffd {
		t.Fatalf("decoded %+v", dec)
	}
	if len(dec.Vout) != 2 || dec.Vout[0].ScriptPubKey.Address != addr.String() || dec.Vout[0].Value != "0.50000000" || dec.Vout[1].ScriptPubKey.Hex != "6a02beef" {
		t.Fatalf("outputs %+v", dec.Vout)
	}
	// Replaceable by default, as Core 28+.
	hexTx3 := unmarshal[string](t, env.mustCall(t, "createrawtransaction", in, map[string]any{}))
	if !strings.Contains(hexTx3, "fdffffff") {
		t.Fatalf("default should signal RBF: %s", hexTx3)
	}
	// Array form, sequence defaults.
	hexTx2 := unmarshal[string](t, env.mustCall(t, "createrawtransaction", in, []map[string]any{{addr.String(): "0.5"}}, 5, false))
	if !strings.Contains(hexTx2, "feffffff") {
		t.Fatalf("locktime without rbf should use 0xfffffffe: %s", hexTx2)
	}

	bad := []struct {
		name    string
		params  []any
		code    int
		message string
	}{
		{"missing vout", []any{[]map[string]any{{"txid": txid}}, map[string]any{}}, -8, "Invalid parameter, missing vout key"},
		{"negative vout", []any{[]map[string]any{{"txid": txid, "vout": -1}}, map[string]any{}}, -8, "Invalid parameter, vout cannot be negative"},
		{"bad sequence", []any{[]map[string]any{{"txid": txid, "vout": 0, "sequence": -1}}, map[string]any{}}, -8, "Invalid parameter, sequence number is out of range"},
		{"bad txid", []any{[]map[string]any{{"txid": "00", "vout": 0}}, map[string]any{}}, -8, "txid must be of length 64 (not 2, for '00')"},
		{"bad address", []any{in, map[string]any{"nope": 1}}, -5, "Invalid Bitcoin address: nope"},
		{"bad amount", []any{in, map[string]any{addr.String(): "1.123456789"}}, -3, "Invalid amount"},
		{"negative amount", []any{in, map[string]any{addr.String(): -1}}, -3, "Amount out of range"},
		{"two keys", []any{in, []map[string]any{{addr.String(): 1, "data": "00"}}}, -8, "Invalid parameter, key-value pair must contain exactly one key"},
		{"not object", []any{in, []any{1}}, -8, "Invalid parameter, key-value pair not an object as expected"},
		{"dup data", []any{in, []map[string]any{{"data": "00"}, {"data": "01"}}}, -8, "Invalid parameter, duplicate key: data"},
		{"dup address", []any{in, []map[string]any{{addr.String(): 1}, {addr.String(): 1}}}, -8, "Invalid parameter, duplicated address: " + addr.String()},
		{"locktime", []any{in, map[string]any{}, -1}, -8, "Invalid parameter, locktime out of range"},
		{"rbf contradiction", []any{[]map[string]any{{"txid": txid, "vout": 0, "sequence": 0xffffffff}}, map[string]any{}, 0, true}, -8, "Invalid parameter combination: Sequence number(s) contradict replaceable option"},
		{"inputs not array", []any{"x", map[string]any{}}, -3, ""},
		{"bad version", []any{in, map[string]any{}, 0, true, 4}, -8, "Invalid parameter, version out of range(1~3)"},
		{"bad data hex", []any{in, map[string]any{"data": "zz"}}, -8, "Data must be hexadecimal string (not 'zz')"},
		{"empty data hex", []any{in, map[string]any{"data": ""}}, -8, "Data must be hexadecimal string (not '')"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "createrawtransaction", tc.params...)
			wantCode(t, rerr, tc.code, tc.message)
		})
	}
}
