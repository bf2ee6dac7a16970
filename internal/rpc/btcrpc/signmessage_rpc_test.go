package btcrpc

import (
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func mustPriv(t *testing.T, b byte) *secp256k1.PrivateKey {
	t.Helper()
	return secp256k1.PrivKeyFromBytes(make32(b))
}

func TestSignMessageWithPrivKey(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	const msg = "This is just a test message"
	p := env.svc.params()
	uncompressed := address.EncodeWIF(mustPriv(t, 9), false, p)
	tests := []struct {
		name    string
		privkey string
		addr    string // verifymessage must accept the signature for it
		want    string // the exact signature, when known
	}{
		// Core's rpc_signmessagewithprivkey.py vector (regtest).
		{"core vector", "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N", "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB",
			"INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0="},
		{"uncompressed key", uncompressed, address.NewP2PKHFromPubKey(mustPriv(t, 9).PubKey().SerializeUncompressed(), p).String(), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sig := unmarshal[string](t, env.mustCall(t, "signmessagewithprivkey", tc.privkey, msg))
			if tc.want != "" && sig != tc.want {
				t.Fatalf("signature %s, want %s", sig, tc.want)
			}
			if !unmarshal[bool](t, env.mustCall(t, "verifymessage", tc.addr, sig, msg)) {
				t.Fatal("verifymessage rejects the signature")
			}
			if unmarshal[bool](t, env.mustCall(t, "verifymessage", tc.addr, sig, msg+"!")) {
				t.Fatal("verifymessage accepts another message")
			}
		})
	}
	errs := []struct {
		name   string
		params []any
		code   int
		msg    string
	}{
		{"invalid key", []any{"invalid_key", msg}, -5, "Invalid private key"},
		{"mainnet key", []any{address.EncodeWIF(mustPriv(t, 9), true, chaincfg.MainNet()), msg}, -5, "Invalid private key"},
		{"missing message", []any{"invalid_key"}, -8, "Missing required parameter 2"},
		{"message not a string", []any{"invalid_key", 1}, -3, "JSON value of type number is not of expected type string"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, "signmessagewithprivkey", tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}
