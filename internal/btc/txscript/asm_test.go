package txscript

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestDisasm(t *testing.T) {
	tests := []struct {
		name   string
		script string
		asm    string
		sigAsm string // with sighash decoding, when different
	}{
		{"empty", "", "", ""},
		{"p2pkh", "76a914" + "5834479edbbe0539b31ffd3a8f8ebadc2165ed01" + "88ac",
			"OP_DUP OP_HASH160 5834479edbbe0539b31ffd3a8f8ebadc2165ed01 OP_EQUALVERIFY OP_CHECKSIG", ""},
		{"small ints", "004f5160", "0 -1 1 16", ""},
		{"short pushes as numbers", "0181" + "028080" + "04ffffff7f" + "0100", "-1 -128 2147483647 0", ""},
		{"non-minimal number", "03010000", "1", ""},
		{"5-byte push is hex", "050102030405", "0102030405", ""},
		{"nop aliases", "b0b1b2b9ba", "OP_NOP1 OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_NOP10 OP_CHECKSIGADD", ""},
		{"unknown and invalid", "bbfe" + "ff" + "50", "OP_UNKNOWN OP_UNKNOWN OP_INVALIDOPCODE OP_RESERVED", ""},
		{"truncated", "5102ee", "1 [error]", ""},
		{"pushdata forms", "4c0100" + "4d0200abcd", "0 -19883", ""},
		{"signature", "47" + "3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e" + "83",
			"3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e83",
			"3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e[SINGLE|ANYONECANPAY]"},
		{"undefined hash type not decoded", "47" + "3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e" + "04",
			"3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e04", ""},
		{"op_return not decoded", "6a47" + "3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e" + "01",
			"OP_RETURN 3044022013143209" + "0a6af42da3e8335ff110831b41a44f4e9d18d88f5d50278380696c7202200fc2e48938f323ad13625890c0ea926c8a189c08b8efc38376b20c8a2188e96e01", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := hexBytes(t, tc.script)
			if got := DisasmString(s); got != tc.asm {
				t.Errorf("DisasmString = %q\nwant %q", got, tc.asm)
			}
			want := tc.sigAsm
			if want == "" {
				want = tc.asm
			}
			if got := ScriptToAsm(s, true); got != want {
				t.Errorf("ScriptToAsm(sighash) = %q\nwant %q", got, want)
			}
		})
	}
}

// TestDecodeScriptVectors checks asm and type against Core's
// rpc_decodescript.json.
func TestDecodeScriptVectors(t *testing.T) {
	data, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_decodescript.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Hex  string
		Want struct {
			Asm  string `json:"asm"`
			Type string `json:"type"`
		}
	}
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw {
		var row struct {
			Hex  string
			Want struct {
				Asm  string `json:"asm"`
				Type string `json:"type"`
			}
		}
		if err := json.Unmarshal(r[0], &row.Hex); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(r[1], &row.Want); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		t.Fatal("no vectors")
	}
	for _, row := range rows {
		s := hexBytes(t, row.Hex)
		if got := DisasmString(s); got != row.Want.Asm {
			t.Errorf("%s: asm %q, want %q", row.Hex, got, row.Want.Asm)
		}
		if got := ClassifyScript(s).String(); got != row.Want.Type {
			t.Errorf("%s: type %q, want %q", row.Hex, got, row.Want.Type)
		}
	}
}

// TestDecodeRawTransactionVectors checks scriptSig asm (with sighash
// decoding) and scriptPubKey asm and type against the decoderawtransaction
// outputs of Core's bitcoin-tx tests.
func TestDecodeRawTransactionVectors(t *testing.T) {
	dir := filepath.Join(testdata.Dir(t), "bitcoin-core", "util")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no util vectors: %v", err)
	}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tx struct {
			Vin []struct {
				ScriptSig *struct{ Asm, Hex string } `json:"scriptSig"`
			} `json:"vin"`
			Vout []struct {
				ScriptPubKey struct{ Asm, Hex, Type string } `json:"scriptPubKey"`
			} `json:"vout"`
		}
		if json.Unmarshal(data, &tx) != nil {
			continue // not a decoded transaction
		}
		for _, in := range tx.Vin {
			if in.ScriptSig == nil {
				continue
			}
			if got := ScriptToAsm(hexBytes(t, in.ScriptSig.Hex), true); got != in.ScriptSig.Asm {
				t.Errorf("%s: scriptSig asm %q, want %q", filepath.Base(f), got, in.ScriptSig.Asm)
			}
			checked++
		}
		for _, out := range tx.Vout {
			s := hexBytes(t, out.ScriptPubKey.Hex)
			if got := DisasmString(s); got != out.ScriptPubKey.Asm {
				t.Errorf("%s: scriptPubKey asm %q, want %q", filepath.Base(f), got, out.ScriptPubKey.Asm)
			}
			if got := ClassifyScript(s).String(); got != out.ScriptPubKey.Type {
				t.Errorf("%s: type %q, want %q", filepath.Base(f), got, out.ScriptPubKey.Type)
			}
			checked++
		}
	}
	t.Logf("%d scripts checked", checked)
	if checked == 0 {
		t.Fatal("no scripts checked")
	}
}

func TestParseCoreScript(t *testing.T) {
	tests := []struct {
		name string
		text string
		hex  string
		err  bool
	}{
		{"empty", "", "", false},
		{"whitespace", " \t\n ", "", false},
		{"numbers", "0 -1 1 16 17 -2 1000 2147483647 4294967295 -4294967295", "004f51600111018202e80304ffffff7f05ffffffff0005ffffffff80", false},
		{"number too big", "4294967296", "", true},
		{"number too small", "-4294967296", "", true},
		{"raw hex", "0x02 0x01ff", "0201ff", false},
		{"bad hex", "0x0g", "", true},
		{"bare 0x is an opcode name", "0x", "", true},
		{"string", "'abc' ''", "0361626300", false},
		{"names", "DUP OP_DUP HASH160 CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY NOP2 RESERVED CHECKSIGADD", "7676a9b1b2b150ba", false},
		{"prefixed small ints", "OP_0 OP_1 OP_16 OP_1NEGATE OP_TRUE OP_FALSE", "0051604f5100", false},
		{"unprefixed small int names are numbers", "1 16", "5160", false},
		{"unknown", "FOO", "", true},
		{"lower case", "dup", "", true},
		{"minus alone", "-", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCoreScript(tc.text)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				if !errors.Is(err, ErrScriptParse) {
					t.Fatalf("err %v does not wrap ErrScriptParse", err)
				}
				return
			}
			if hex.EncodeToString(got) != tc.hex {
				t.Fatalf("got %x, want %s", got, tc.hex)
			}
		})
	}
}

func TestAsmRoundTrip(t *testing.T) {
	scripts := []string{
		"76a9145834479edbbe0539b31ffd3a8f8ebadc2165ed0188ac",
		"a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87",
		"0014751e76e8199196d454941c45d1b3a323f1433bd6",
		"5120eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
		"5121" + "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" + "51ae",
		"6a0b68656c6c6f20776f726c64",
		"0079b1755167",
		"4f0182028000",
		"02e80304ffffffff", "050000008000",
	}
	for _, h := range scripts {
		s := hexBytes(t, h)
		asm := DisasmString(s)
		back, err := ParseAsm(asm)
		if err != nil {
			t.Fatalf("ParseAsm(%q): %v", asm, err)
		}
		if hex.EncodeToString(back) != h {
			t.Errorf("round trip %s -> %q -> %x", h, asm, back)
		}
	}
	for _, bad := range []string{"OP_UNKNOWN", "1 [error]", "abcd", "zz", "abcde", "3044[ALL]", "-0123"} {
		if _, err := ParseAsm(bad); err == nil {
			t.Errorf("ParseAsm(%q) succeeded", bad)
		}
	}
}

// TestScriptTestsParse parses every script of script_tests.json and checks
// that asm output is stable under ParseAsm.
func TestScriptTestsParse(t *testing.T) {
	data, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "script_tests.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows {
		if len(row) < 4 {
			continue
		}
		pos := 0
		if _, ok := row[0].([]any); ok {
			pos = 1
		}
		for _, f := range row[pos : pos+2] {
			text := f.(string)
			if strings.Contains(text, "#") {
				continue
			}
			s, err := ParseCoreScript(text)
			if err != nil {
				t.Fatalf("ParseCoreScript(%q): %v", text, err)
			}
			asm := DisasmString(s)
			if back, err := ParseAsm(asm); err == nil && DisasmString(back) != asm {
				t.Errorf("asm not stable: %q -> %q", asm, DisasmString(back))
			}
			n++
		}
	}
	if n < 2000 {
		t.Fatalf("only %d scripts parsed", n)
	}
}
