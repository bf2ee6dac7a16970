package txscript

import (
	"strings"
	"testing"
)

const (
	tKeyC = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
	tKeyU = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
	tH20  = "5834479edbbe0539b31ffd3a8f8ebadc2165ed01"
)

func TestClassifyScript(t *testing.T) {
	tests := []struct {
		name string
		text string // Core test syntax
		want ScriptClass
	}{
		{"empty", "", NonStandardTy},
		{"p2pk compressed", "0x21 0x" + tKeyC + " CHECKSIG", PubKeyTy},
		{"p2pk uncompressed", "0x41 0x" + tKeyU + " CHECKSIG", PubKeyTy},
		{"p2pk bad header", "0x21 0x04" + tKeyC[2:] + " CHECKSIG", NonStandardTy},
		{"p2pkh", "DUP HASH160 0x14 0x" + tH20 + " EQUALVERIFY CHECKSIG", PubKeyHashTy},
		{"p2sh", "HASH160 0x14 0x" + tH20 + " EQUAL", ScriptHashTy},
		{"multisig 1-of-2", "1 0x21 0x" + tKeyC + " 0x41 0x" + tKeyU + " 2 CHECKMULTISIG", MultiSigTy},
		{"multisig count mismatch", "1 0x21 0x" + tKeyC + " 2 CHECKMULTISIG", NonStandardTy},
		{"multisig m > n", "2 0x21 0x" + tKeyC + " 1 CHECKMULTISIG", NonStandardTy},
		{"multisig zero", "0 0x21 0x" + tKeyC + " 1 CHECKMULTISIG", NonStandardTy},
		{"multisig trailing", "1 0x21 0x" + tKeyC + " 1 CHECKMULTISIG CHECKMULTISIG", NonStandardTy},
		{"nulldata", "RETURN 'hello'", NullDataTy},
		{"nulldata bare", "RETURN", NullDataTy},
		{"return with opcode", "RETURN DUP", NonStandardTy},
		{"p2wpkh", "0 0x14 0x" + tH20, WitnessV0KeyHashTy},
		{"p2wsh", "0 0x20 0x" + tH20 + "000000000000000000000000", WitnessV0ScriptHashTy},
		{"v0 wrong length", "0 0x15 0x" + tH20 + "00", NonStandardTy},
		{"p2tr", "1 0x20 0x" + tH20 + "000000000000000000000000", WitnessV1TaprootTy},
		{"anchor", "1 0x02 0x4e73", AnchorTy},
		{"v1 other length", "1 0x02 0x4e74", WitnessUnknownTy},
		{"v16", "16 0x02 0xabcd", WitnessUnknownTy},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ClassifyScript(mustScript(t, tc.text))
			if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	if ScriptClass(200).String() != "nonstandard" {
		t.Error("unknown class name")
	}
}

func TestSigOpCounts(t *testing.T) {
	multi := "1 0x21 0x" + tKeyC + " 0x21 0x" + tKeyC + " 2 CHECKMULTISIG"
	tests := []struct {
		name             string
		text             string
		legacy, accurate int
	}{
		{"empty", "", 0, 0},
		{"checksig", "CHECKSIG CHECKSIGVERIFY", 2, 2},
		{"multisig", multi, 20, 2},
		{"multisig after op_0", "0 CHECKMULTISIG", 20, 20},
		{"multisig after 16", "16 CHECKMULTISIGVERIFY", 20, 16},
		{"multisig first", "CHECKMULTISIG", 20, 20},
		{"stops at bad push", "CHECKSIG 0x4c", 1, 1},
		{"in pushes not counted", "0x01 0xac", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustScript(t, tc.text)
			if got := GetSigOpCount(s, false); got != tc.legacy {
				t.Errorf("legacy count %d, want %d", got, tc.legacy)
			}
			if got := GetSigOpCount(s, true); got != tc.accurate {
				t.Errorf("accurate count %d, want %d", got, tc.accurate)
			}
		})
	}

	redeem := mustScript(t, multi)
	p2sh := mustScript(t, "HASH160 0x14 0x"+tH20+" EQUAL")
	if got := GetP2SHSigOpCount(AppendPushData([]byte{OP_0}, redeem), p2sh); got != 2 {
		t.Errorf("P2SH count %d", got)
	}
	if got := GetP2SHSigOpCount(append(AppendPushData(nil, redeem), OP_NOP), p2sh); got != 0 {
		t.Errorf("P2SH count with non-push scriptSig %d", got)
	}
	if got := GetP2SHSigOpCount(nil, mustScript(t, "CHECKSIG")); got != 1 {
		t.Errorf("non-P2SH falls back to the script's own count: %d", got)
	}

	wsh := mustScript(t, "0 0x20 0x"+tH20+"000000000000000000000000")
	wpkh := mustScript(t, "0 0x14 0x"+tH20)
	tr := mustScript(t, "1 0x20 0x"+tH20+"000000000000000000000000")
	all := FlagP2SH | FlagWitness
	if got := GetWitnessSigOpCount(nil, wpkh, nil, all); got != 1 {
		t.Errorf("P2WPKH %d", got)
	}
	if got := GetWitnessSigOpCount(nil, wsh, [][]byte{{}, redeem}, all); got != 2 {
		t.Errorf("P2WSH %d", got)
	}
	if got := GetWitnessSigOpCount(nil, wsh, nil, all); got != 0 {
		t.Errorf("P2WSH without witness %d", got)
	}
	if got := GetWitnessSigOpCount(nil, tr, [][]byte{redeem}, all); got != 0 {
		t.Errorf("taproot %d", got)
	}
	if got := GetWitnessSigOpCount(nil, wpkh, nil, FlagP2SH); got != 0 {
		t.Errorf("without WITNESS %d", got)
	}
	wrapped := mustScript(t, "HASH160 0x14 0x"+tH20+" EQUAL")
	if got := GetWitnessSigOpCount(AppendPushData(nil, wsh), wrapped, [][]byte{redeem}, all); got != 2 {
		t.Errorf("P2SH-P2WSH %d", got)
	}
	if got := GetWitnessSigOpCount(append(AppendPushData(nil, wsh), OP_NOP), wrapped, [][]byte{redeem}, all); got != 0 {
		t.Errorf("P2SH-P2WSH with non-push scriptSig %d", got)
	}
}

func TestOpcodeTable(t *testing.T) {
	for op := 0; op < 256; op++ {
		info := opcodeTable[op]
		if info.exec == nil || info.name == "" {
			t.Fatalf("opcode %#x has no handler or name", op)
		}
		if info.success != IsOpSuccess(byte(op)) || info.success != isOpSuccess(byte(op)) {
			t.Fatalf("opcode %#x success mark", op)
		}
		if OpcodeName(byte(op)) != info.name {
			t.Fatal("OpcodeName")
		}
		// Every named opcode (and only those) parses back by name.
		if info.name != "OP_UNKNOWN" && strings.HasPrefix(info.name, "OP_") {
			if got, ok := parseNames[info.name]; !ok || int(got) != op {
				t.Errorf("%s does not parse back", info.name)
			}
		}
	}
	disabled := 0
	success := 0
	for op := 0; op < 256; op++ {
		if opcodeTable[op].disabled {
			disabled++
		}
		if opcodeTable[op].success {
			success++
		}
	}
	if disabled != 15 {
		t.Errorf("%d disabled opcodes, want 15", disabled)
	}
	if success != 87 {
		t.Errorf("%d OP_SUCCESS opcodes, want 87", success)
	}
}
