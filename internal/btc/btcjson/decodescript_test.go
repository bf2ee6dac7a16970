package btcjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// TestDecodeScriptCrossCheck checks the p2sh and segwit fields of
// NewDecodeScriptView against addresses Core's bitcoin-tx printed for the
// same scripts wrapped with its :S, :W and :WS modifiers (util/txcreate*).
func TestDecodeScriptCrossCheck(t *testing.T) {
	const multisig = "522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df2089105c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb48553ae"
	tests := []struct {
		name, script                       string
		typ, p2sh                          string
		segwitAddr, segwitType, p2shSegwit string
		segwitDesc                         string // "" = only check the checksum
	}{
		{
			name: "multisig", script: multisig, typ: "multisig",
			p2sh:       "34HNh57oBCRKkxNyjTuWAJkTbuGh6jg2Ms",                             // txcreatemultisig2
			segwitAddr: "bc1qu9dgdg330r6r84g5mw7wqshg04exv2uttmw2elfwx74h5tgntuzs44gyfg", // txcreatemultisig3
			segwitType: "witness_v0_scripthash",
			p2shSegwit: "3BoFUz1StqcNcgUTZE5cC1eFhuYFzj3fGH", // txcreatemultisig4
		},
		{
			name: "pubkey", script: "2102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397ac", typ: "pubkey",
			segwitAddr: "bc1q5fgkuac9s2ry56jka5s6zqsyfcugcchry5cwu0", // txcreateoutpubkey2
			segwitType: "witness_v0_keyhash",
			p2shSegwit: "3GnzN8FqgvYGYdhj8NW6UNxxVv3Uj1ApQn", // txcreateoutpubkey3
			segwitDesc: "addr(bc1q5fgkuac9s2ry56jka5s6zqsyfcugcchry5cwu0)#gm7zhxq2",
		},
		{
			name: "OP_DROP", script: "75", typ: "nonstandard",
			p2sh:       "3C5QarEGh9feKbDJ3QbMf2YNjnMoiPDhNp",                             // txcreatescript2
			segwitAddr: "bc1qp0lfxhnscvsu0j36l36uurgv5tuck4pzuqytkvwqp3kh78cupttqyf705v", // txcreatescript3
			segwitType: "witness_v0_scripthash",
			p2shSegwit: "3BNQbeFeJJGMAyDxPwWPuqxPMrjsFLjk3f", // txcreatescript4
			segwitDesc: "addr(bc1qp0lfxhnscvsu0j36l36uurgv5tuck4pzuqytkvwqp3kh78cupttqyf705v)#s4fdh9tu",
		},
	}
	params := chaincfg.MainNet()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script, err := DecodeHex(tc.script)
			if err != nil {
				t.Fatal(err)
			}
			v := NewDecodeScriptView(script, params)
			if v.Type != tc.typ {
				t.Errorf("type = %q, want %q", v.Type, tc.typ)
			}
			if tc.p2sh != "" && v.P2SH != tc.p2sh {
				t.Errorf("p2sh = %q, want %q", v.P2SH, tc.p2sh)
			}
			if v.Segwit == nil {
				t.Fatal("no segwit object")
			}
			if v.Segwit.Address != tc.segwitAddr || v.Segwit.Type != tc.segwitType || v.Segwit.P2SHSegwit != tc.p2shSegwit {
				t.Errorf("segwit = %+v", *v.Segwit)
			}
			if tc.segwitDesc != "" && v.Segwit.Desc != tc.segwitDesc {
				t.Errorf("segwit desc = %q, want %q", v.Segwit.Desc, tc.segwitDesc)
			}
			if _, ok := VerifyDescriptorChecksum(v.Segwit.Desc); !ok {
				t.Errorf("segwit desc %q has a bad checksum", v.Segwit.Desc)
			}
		})
	}
	v := NewDecodeScriptView(mustHex(t, multisig), params)
	if !strings.HasPrefix(v.Segwit.Desc, "wsh(multi(2,02a5613b") {
		t.Errorf("multisig segwit desc = %q", v.Segwit.Desc)
	}
}

// TestDecodeScriptOrder checks that decodescript's fields come in Core's
// order (ScriptToUniv's asm, desc, address, type, then p2sh and segwit).
func TestDecodeScriptOrder(t *testing.T) {
	b, err := json.Marshal(NewDecodeScriptView(mustHex(t, "0014a2516e770582864a6a56ed21a102044e388c62e3"), chaincfg.MainNet()))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"asm":"0 a2516e770582864a6a56ed21a102044e388c62e3","desc":"addr(bc1q5fgkuac9s2ry56jka5s6zqsyfcugcchry5cwu0)#gm7zhxq2","address":"bc1q5fgkuac9s2ry56jka5s6zqsyfcugcchry5cwu0","type":"witness_v0_keyhash","p2sh":"3GnzN8FqgvYGYdhj8NW6UNxxVv3Uj1ApQn"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := DecodeHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
