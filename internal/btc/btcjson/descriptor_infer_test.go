package btcjson

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

const (
	testKeyC = "02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397"
	testKeyU = "047d1368ba7ae01c94bc32293efd70bd7e3be7aa7912d07d0b1c659c1008d179b8642f5fb90f47580feb29f045e216ff5a4716d3a0fed36da414d332046303c44a"
)

func TestInferDescriptorAndType(t *testing.T) {
	hybrid := "06" + testKeyU[2:]
	ff32 := strings.Repeat("ff", 32)
	keys17 := strings.Repeat("21"+testKeyC, 17)
	tests := []struct {
		name, script, typ, desc, addr string
	}{
		{"p2pk compressed", "21" + testKeyC + "ac", "pubkey", "pk(" + testKeyC + ")", ""},
		{"p2pk uncompressed", "41" + testKeyU + "ac", "pubkey", "pk(" + testKeyU + ")", ""},
		{"p2pk hybrid", "41" + hybrid + "ac", "pubkey", "raw(41" + hybrid + "ac)", ""},
		{"p2pk bad prefix", "21" + "05" + testKeyC[2:] + "ac", "nonstandard", "raw(2105" + testKeyC[2:] + "ac)", ""},
		{"p2pkh", "76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac", "pubkeyhash",
			"addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)", "13tuJJDR2RgArmgfv6JScSdreahzgc4T6o"},
		{"multisig 1-of-2 mixed", "51" + "21" + testKeyC + "41" + testKeyU + "52ae", "multisig",
			"multi(1," + testKeyC + "," + testKeyU + ")", ""},
		{"multisig with hybrid key", "51" + "21" + testKeyC + "41" + hybrid + "52ae", "multisig",
			"raw(5121" + testKeyC + "41" + hybrid + "52ae)", ""},
		{"multisig 17 keys pushed count", "51" + keys17 + "0111" + "ae", "multisig",
			"multi(1" + strings.Repeat(","+testKeyC, 17) + ")", ""},
		{"multisig non-minimal count", "51" + "21" + testKeyC + "0101" + "ae", "nonstandard",
			"raw(5121" + testKeyC + "0101ae)", ""},
		{"multisig m > n", "52" + "21" + testKeyC + "51ae", "nonstandard", "raw(5221" + testKeyC + "51ae)", ""},
		{"multisig trailing op", "51" + "21" + testKeyC + "51" + "75ae", "nonstandard",
			"raw(5121" + testKeyC + "5175ae)", ""},
		{"taproot valid key", "5120" + strings.Repeat("ee", 32), "witness_v1_taproot",
			"rawtr(" + strings.Repeat("ee", 32) + ")", "bc1pamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhqct09sz"},
		{"taproot off-curve key", "5120" + ff32, "witness_v1_taproot",
			"addr(bc1plllllllllllllllllllllllllllllllllllllllllllllllllllsr7rg6v)", "bc1plllllllllllllllllllllllllllllllllllllllllllllllllllsr7rg6v"},
		{"anchor", "51024e73", "anchor", "addr(bc1pfeessrawgf)", "bc1pfeessrawgf"},
		{"witness v2", "5202eeee", "witness_unknown", "addr(bc1zamhqepwhpl)", "bc1zamhqepwhpl"},
		{"witness v0 bad size", "0003eeeeee", "nonstandard", "raw(0003eeeeee)", ""},
		{"nulldata", "6a0454657374", "nulldata", "raw(6a0454657374)", ""},
		{"op_return non-push", "6a75", "nonstandard", "raw(6a75)", ""},
		{"empty", "", "nonstandard", "raw()", ""},
		{"truncated push", "4c", "nonstandard", "raw(4c)", ""},
	}
	params := chaincfg.MainNet()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script, err := hex.DecodeString(tc.script)
			if err != nil {
				t.Fatal(err)
			}
			if got := ScriptType(script); got != tc.typ {
				t.Errorf("type = %q, want %q", got, tc.typ)
			}
			desc := InferDescriptor(script, params)
			body, ok := VerifyDescriptorChecksum(desc)
			if !ok {
				t.Fatalf("bad checksum in %q", desc)
			}
			if body != tc.desc {
				t.Errorf("desc = %q, want %q", body, tc.desc)
			}
			addr, ok := ScriptAddress(script, params)
			if addr != tc.addr || ok != (tc.addr != "") {
				t.Errorf("address = %q, %v; want %q", addr, ok, tc.addr)
			}
		})
	}
}

// TestScriptAsm pins the txscript asm behaviour the views rely on (Core's
// ScriptToAsmStr, with and without sighash decoding).
func TestScriptAsm(t *testing.T) {
	sig := "3044022079bd62ee09621a3be96b760c39e8ef78170101d46313923c6b07ae60a95c90670220238e51ea29fc70b04b65508450523caedbb11cb4dd5aa608c81487de798925ba"
	tests := []struct {
		name, script string
		sighash      bool
		want         string
	}{
		{"small numbers", "0001ff02ff7f04ffffffff4f5160", false, "0 -127 32767 -2147483647 -1 1 16"},
		{"five bytes is hex", "050102030405", false, "0102030405"},
		{"opcodes", "76a988ac", false, "OP_DUP OP_HASH160 OP_EQUALVERIFY OP_CHECKSIG"},
		{"unknown", "ba" + "bb" + "ff", false, "OP_CHECKSIGADD OP_UNKNOWN OP_INVALIDOPCODE"},
		{"truncated", "6a02ee", false, "OP_RETURN [error]"},
		{"sighash decoded", "47" + sig + "01", true, sig + "[ALL]"},
		{"sighash anyonecanpay", "47" + sig + "83", true, sig + "[SINGLE|ANYONECANPAY]"},
		{"sighash undefined type", "47" + sig + "04", true, sig + "04"},
		{"sighash not asked", "47" + sig + "01", false, sig + "01"},
		{"sighash after OP_RETURN", "6a47" + sig + "01", true, "OP_RETURN " + sig + "01"},
		{"not DER", "07" + "300402000200" + "01", true, "30040200020001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script, err := hex.DecodeString(tc.script)
			if err != nil {
				t.Fatal(err)
			}
			if got := txscript.ScriptToAsm(script, tc.sighash); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func FuzzInferDescriptor(f *testing.F) {
	for _, s := range []string{"21" + testKeyC + "ac", "5120" + strings.Repeat("ee", 32), "51024e73", "6a00", "", "4c",
		"51" + "21" + testKeyC + "41" + testKeyU + "52ae", "76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	params := chaincfg.RegTest()
	f.Fuzz(func(t *testing.T, script []byte) {
		desc := InferDescriptor(script, params)
		body, ok := VerifyDescriptorChecksum(desc)
		if !ok {
			t.Fatalf("bad checksum in %q", desc)
		}
		typ := ScriptType(script)
		addr, hasAddr := ScriptAddress(script, params)
		switch {
		case strings.HasPrefix(body, "addr("):
			if !hasAddr || body != "addr("+addr+")" {
				t.Fatalf("%q with address %q", body, addr)
			}
		case strings.HasPrefix(body, "raw("):
			if body != "raw("+hex.EncodeToString(script)+")" {
				t.Fatalf("raw body %q", body)
			}
			if hasAddr {
				t.Fatalf("raw() for a script with address %q", addr)
			}
		case strings.HasPrefix(body, "pk("):
			if typ != txscript.PubKeyTy.String() {
				t.Fatalf("pk() for type %s", typ)
			}
		case strings.HasPrefix(body, "multi("):
			if typ != txscript.MultiSigTy.String() {
				t.Fatalf("multi() for type %s", typ)
			}
		case strings.HasPrefix(body, "rawtr("):
			if typ != txscript.WitnessV1TaprootTy.String() {
				t.Fatalf("rawtr() for type %s", typ)
			}
		default:
			t.Fatalf("unexpected descriptor %q", body)
		}
		_ = txscript.ScriptToAsm(script, true)
		_ = NewDecodeScriptView(script, params)
	})
}
