package btcjson

import "github.com/twinchain/twinchain/internal/btc/txscript"

// solution is what Core's Solver extracts from an output script: its class
// (txscript.ClassifyScript, which follows Solver) and the data the
// descriptor and address need.
type solution struct {
	class txscript.ScriptClass
	// hash is the pubkey hash, script hash or witness program.
	hash []byte
	// pubKey is the key of a pay-to-pubkey script.
	pubKey []byte
	// required and pubKeys describe a bare multisig script.
	required int
	pubKeys  [][]byte
}

// solve classifies script with txscript.ClassifyScript and extracts the
// template's data. txscript exports no multisig or pay-to-pubkey data
// extraction, so the few lines that read them are here; they run only on
// scripts ClassifyScript has already matched.
func solve(script []byte) solution {
	sol := solution{class: txscript.ClassifyScript(script)}
	switch sol.class {
	case txscript.ScriptHashTy:
		sol.hash = script[2:22]
	case txscript.PubKeyHashTy:
		sol.hash = script[3:23]
	case txscript.PubKeyTy:
		sol.pubKey = script[1 : len(script)-1]
	case txscript.WitnessV0KeyHashTy, txscript.WitnessV0ScriptHashTy, txscript.WitnessV1TaprootTy,
		txscript.WitnessUnknownTy, txscript.AnchorTy:
		_, sol.hash, _ = txscript.ExtractWitnessProgram(script)
	case txscript.MultiSigTy:
		sol.required, sol.pubKeys = multisigKeys(script)
	}
	return sol
}

// multisigKeys reads the threshold and the keys of a script that
// ClassifyScript classified as multisig: <m> <key>... <n> OP_CHECKMULTISIG,
// m being OP_1..OP_16 or a minimal script-number push.
func multisigKeys(script []byte) (required int, keys [][]byte) {
	t := txscript.MakeTokenizer(script)
	if !t.Next() {
		return 0, nil
	}
	if op := t.Opcode(); op >= txscript.OP_1 && op <= txscript.OP_16 {
		required = int(op-txscript.OP_1) + 1
	} else {
		v, _ := txscript.ParseScriptNum(t.Data(), true, 4)
		required = int(v)
	}
	for t.Next() && t.Opcode() <= txscript.OP_PUSHDATA4 && pubKeyValidSize(t.Data()) {
		keys = append(keys, t.Data())
	}
	return required, keys
}

// pubKeyValidSize is Core's CPubKey::ValidSize: the length the prefix byte
// announces (33 for 0x02/0x03, 65 for 0x04/0x06/0x07).
func pubKeyValidSize(k []byte) bool {
	if len(k) == 0 {
		return false
	}
	switch k[0] {
	case 2, 3:
		return len(k) == 33
	case 4, 6, 7:
		return len(k) == 65
	}
	return false
}

// pubKeyValidNonHybrid is Core's CPubKey::IsValidNonHybrid: a key of valid
// size that is compressed or uncompressed (0x04), not hybrid (0x06/0x07).
func pubKeyValidNonHybrid(k []byte) bool {
	return pubKeyValidSize(k) && (k[0] == 2 || k[0] == 3 || k[0] == 4)
}
