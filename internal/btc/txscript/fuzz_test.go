package txscript

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

// fuzzSeedScripts returns scripts from script_tests.json (when the vectors
// are present) plus a few fixed ones.
func fuzzSeedScripts(f *testing.F) [][]byte {
	seeds := [][]byte{
		{}, {OP_0}, {0x4c}, {0x4d, 0xff}, {0x4e, 1, 0, 0, 0, 7},
		hexBytes(f, "76a9145834479edbbe0539b31ffd3a8f8ebadc2165ed0188ac"),
		hexBytes(f, "5120eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"),
	}
	d, err := testdata.Locate()
	if err != nil {
		return seeds
	}
	data, err := os.ReadFile(d + "/bitcoin-core/script_tests.json")
	if err != nil {
		return seeds
	}
	var rows [][]any
	if json.Unmarshal(data, &rows) != nil {
		return seeds
	}
	for i, row := range rows {
		if len(row) < 4 || i%4 != 0 {
			continue
		}
		pos := 0
		if _, ok := row[0].([]any); ok {
			pos = 1
		}
		for _, v := range row[pos : pos+2] {
			text, _ := v.(string)
			if s, err := ParseCoreScript(text); err == nil && !strings.Contains(text, "#") {
				seeds = append(seeds, s)
			}
		}
	}
	return seeds
}

// reencode writes an instruction back in the exact form it was decoded
// from.
func reencode(b []byte, op byte, data []byte) []byte {
	b = append(b, op)
	switch op {
	case OP_PUSHDATA1:
		b = append(b, byte(len(data)))
	case OP_PUSHDATA2:
		b = binary.LittleEndian.AppendUint16(b, uint16(len(data)))
	case OP_PUSHDATA4:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	}
	return append(b, data...)
}

func FuzzParseScript(f *testing.F) {
	for _, s := range fuzzSeedScripts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script []byte) {
		tok := MakeTokenizer(script)
		var rebuilt []byte
		pushOnly := true
		for tok.Next() {
			op := tok.Opcode()
			rebuilt = reencode(rebuilt, op, tok.Data())
			if op > OP_16 {
				pushOnly = false
			}
			if !bytes.Equal(rebuilt, script[:tok.ByteIndex()]) {
				t.Fatalf("re-encoding differs at %d", tok.ByteIndex())
			}
		}
		if tok.Err() == nil && !bytes.Equal(rebuilt, script) {
			t.Fatal("tokens do not cover the script")
		}
		if IsPushOnly(script) != (pushOnly && tok.Err() == nil) {
			t.Fatal("IsPushOnly disagrees with the tokenizer")
		}
		_ = ClassifyScript(script)
		_ = GetSigOpCount(script, true)
		_ = GetP2SHSigOpCount(script, script)
		_ = GetWitnessSigOpCount(script, script, [][]byte{script}, FlagsAll)
		_, _, _ = ExtractWitnessProgram(script)
	})
}

func FuzzDisasm(f *testing.F) {
	for _, s := range fuzzSeedScripts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script []byte) {
		asm := DisasmString(script)
		_ = ScriptToAsm(script, true)
		back, err := ParseAsm(asm)
		if err != nil {
			return
		}
		if again := DisasmString(back); again != asm && !asmAmbiguous(asm) {
			t.Fatalf("asm not stable: %q -> %q", asm, again)
		}
	})
}

// asmAmbiguous reports whether asm has a hex token that reads as a number
// (see ParseAsm).
func asmAmbiguous(asm string) bool {
	for _, w := range strings.Fields(asm) {
		if len(w) >= 10 && isAsmNumber(w) {
			return true
		}
	}
	return false
}

func FuzzParseCoreScript(f *testing.F) {
	for _, s := range []string{"", "DUP HASH160 0x14 0x00 EQUAL", "'abc' 1 -1 16 17", "0x4c 0x01", "OP_CHECKSIGADD 4294967295"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseCoreScript(text)
		if err != nil {
			return
		}
		_ = DisasmString(s)
	})
}

func FuzzVerifyScript(f *testing.F) {
	seeds := fuzzSeedScripts(f)
	for i := 0; i+1 < len(seeds); i += 2 {
		f.Add(seeds[i], seeds[i+1], []byte{}, uint32(FlagP2SH|FlagStrictEnc))
	}
	f.Add([]byte{}, hexBytes(f, "5120eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"), []byte{0x51}, uint32(FlagsAll))
	f.Add([]byte{}, hexBytes(f, "0020eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"), []byte{0x51}, uint32(allConsensus))
	prevOuts := []primitives.TxOut{{Value: 1000, ScriptPubKey: []byte{OP_1}}}
	f.Fuzz(func(t *testing.T, scriptSig, scriptPubKey, witnessBlob []byte, flags uint32) {
		// The witness is the blob split on 0xff bytes, so the fuzzer can
		// build multi-element witnesses (including tapscript ones).
		var witness [][]byte
		if len(witnessBlob) > 0 {
			witness = bytes.Split(witnessBlob, []byte{0xff})
		}
		tx := spendTx(prevOuts)
		tx.Inputs[0].ScriptSig = scriptSig
		tx.Inputs[0].Witness = witness
		po := []primitives.TxOut{{Value: 1000, ScriptPubKey: scriptPubKey}}
		ctx := &TxContext{Tx: tx, Amount: 1000, PrevOuts: po}
		err := VerifyScript(scriptSig, scriptPubKey, witness, Flags(flags)&FlagsAll, ctx)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
		}
	})
}
