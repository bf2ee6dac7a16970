package txscript

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func hexBytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNextOpEdgeCases(t *testing.T) {
	tests := []struct {
		name   string
		script string
		ops    []byte // decoded opcodes
		datas  []string
		bad    bool // ends with a truncated push
	}{
		{"empty", "", nil, nil, false},
		{"op0", "00", []byte{OP_0}, []string{""}, false},
		{"direct push", "0201ff", []byte{0x02}, []string{"01ff"}, false},
		{"direct push truncated", "0301ff", nil, nil, true},
		{"pushdata1", "4c0201ff", []byte{OP_PUSHDATA1}, []string{"01ff"}, false},
		{"pushdata1 no length", "4c", nil, nil, true},
		{"pushdata1 truncated", "4c0201", nil, nil, true},
		{"pushdata1 zero", "4c00", []byte{OP_PUSHDATA1}, []string{""}, false},
		{"pushdata2", "4d0100ab", []byte{OP_PUSHDATA2}, []string{"ab"}, false},
		{"pushdata2 short length", "4d01", nil, nil, true},
		{"pushdata4", "4e01000000ab", []byte{OP_PUSHDATA4}, []string{"ab"}, false},
		{"pushdata4 short length", "4e010000", nil, nil, true},
		{"pushdata4 huge", "4effffffffab", nil, nil, true},
		{"non push", "76a9", []byte{OP_DUP, OP_HASH160}, []string{"", ""}, false},
		{"push then bad", "51024c", []byte{OP_1}, []string{""}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script := hexBytes(t, tc.script)
			tok := MakeTokenizer(script)
			var ops []byte
			var datas []string
			for tok.Next() {
				ops = append(ops, tok.Opcode())
				datas = append(datas, hex.EncodeToString(tok.Data()))
			}
			if !bytes.Equal(ops, tc.ops) {
				t.Fatalf("ops %x, want %x", ops, tc.ops)
			}
			for i := range datas {
				if datas[i] != tc.datas[i] {
					t.Fatalf("data %d = %s, want %s", i, datas[i], tc.datas[i])
				}
			}
			if (tok.Err() != nil) != tc.bad {
				t.Fatalf("Err() = %v, want bad=%v", tok.Err(), tc.bad)
			}
			if tc.bad && !errors.Is(tok.Err(), ErrBadOpcode) {
				t.Fatalf("Err() = %v", tok.Err())
			}
			if !tok.Done() || tok.Next() {
				t.Fatal("tokenizer not done at the end")
			}
		})
	}
}

func TestScriptPredicates(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		pushOnly bool
		p2sh     bool
		version  int
		program  string
		witness  bool
	}{
		{"empty", "", true, false, 0, "", false},
		{"pushes", "00514f5001ff", true, false, 0, "", false},
		{"with nop", "0061", false, false, 0, "", false},
		{"truncated", "02ff", false, false, 0, "", false},
		{"p2sh", "a914" + "11223344556677889900aabbccddeeff00112233" + "87", false, true, 0, "", false},
		{"p2sh wrong len", "a913" + "11223344556677889900aabbccddeeff001122" + "87", false, false, 0, "", false},
		{"p2wpkh", "0014" + "11223344556677889900aabbccddeeff00112233", true, false, 0, "11223344556677889900aabbccddeeff00112233", true},
		{"p2tr", "5120" + "11223344556677889900aabbccddeeff11223344556677889900aabbccddeeff", true, false, 1, "11223344556677889900aabbccddeeff11223344556677889900aabbccddeeff", true},
		{"v16 min", "6002abcd", true, false, 16, "abcd", true},
		{"too short program", "0001ab", true, false, 0, "", false},
		{"41-byte program", "5129" + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000", true, false, 0, "", false},
		{"1negate version", "4f02abcd", true, false, 0, "", false},
		{"length mismatch", "0003abcd", false, false, 0, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := hexBytes(t, tc.script)
			if IsPushOnly(s) != tc.pushOnly {
				t.Errorf("IsPushOnly = %v", !tc.pushOnly)
			}
			if IsPayToScriptHash(s) != tc.p2sh {
				t.Errorf("IsPayToScriptHash = %v", !tc.p2sh)
			}
			v, p, ok := ExtractWitnessProgram(s)
			if ok != tc.witness || IsWitnessProgram(s) != tc.witness {
				t.Fatalf("ExtractWitnessProgram ok = %v", ok)
			}
			if ok && (v != tc.version || hex.EncodeToString(p) != tc.program) {
				t.Errorf("program v%d %x", v, p)
			}
		})
	}
}

func TestMinimalPushAndPushEncoding(t *testing.T) {
	for n := 0; n <= 70000; n += 1 + n/3 {
		data := bytes.Repeat([]byte{0x42}, n)
		enc := AppendPushData(nil, data)
		op, d, next, ok := nextOp(enc, 0)
		if !ok || next != len(enc) || !bytes.Equal(d, data) {
			t.Fatalf("push of %d bytes does not decode", n)
		}
		if n != 1 && !checkMinimalPush(d, op) {
			t.Fatalf("push of %d bytes is not minimal", n)
		}
		if !isSinglePushOf(enc, data) {
			t.Fatalf("isSinglePushOf false for %d bytes", n)
		}
		if len(enc) != pushPrefixLen(n)+n {
			t.Fatalf("prefix length for %d", n)
		}
	}
	// Single bytes 1..16 and 0x81 must use OP_n / OP_1NEGATE.
	if checkMinimalPush([]byte{5}, 0x01) || !checkMinimalPush([]byte{5}, OP_5) {
		t.Error("0x05 minimal push rule")
	}
	if checkMinimalPush([]byte{0x81}, 0x01) || !checkMinimalPush([]byte{0x81}, OP_1NEGATE) {
		t.Error("0x81 minimal push rule")
	}
	if checkMinimalPush(nil, OP_PUSHDATA1) || !checkMinimalPush(nil, OP_0) {
		t.Error("empty minimal push rule")
	}
	if checkMinimalPush(make([]byte, 10), OP_PUSHDATA1) {
		t.Error("PUSHDATA1 for 10 bytes is minimal")
	}
	// A non-canonical encoding of the same data is not "the push of".
	if isSinglePushOf(hexBytes(t, "4c01ab"), []byte{0xab}) || isSinglePushOf(hexBytes(t, "01ab00"), []byte{0xab}) {
		t.Error("isSinglePushOf accepted a non-canonical push")
	}
	if got := hex.EncodeToString(AppendInt64(nil, 0)) + hex.EncodeToString(AppendInt64(nil, -1)) +
		hex.EncodeToString(AppendInt64(nil, 16)) + hex.EncodeToString(AppendInt64(nil, 17)) +
		hex.EncodeToString(AppendInt64(nil, -2)) + hex.EncodeToString(AppendInt64(nil, 1000)); got != "004f600111018202e803" {
		t.Errorf("AppendInt64 = %s", got)
	}
}
