package btcjson

import (
	"encoding/hex"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

// ScriptPubKeyView is an output script as Core's ScriptToUniv prints it
// with hex and address: asm, the inferred descriptor, hex, the address
// (when the script has one and is not a bare public key) and the type.
type ScriptPubKeyView struct {
	Asm     string `json:"asm"`
	Desc    string `json:"desc"`
	Hex     string `json:"hex"`
	Address string `json:"address,omitempty"`
	Type    string `json:"type"`
}

// NewScriptPubKeyView builds the view of an output script for params.
//
// This function is safe for concurrent access.
func NewScriptPubKeyView(script []byte, params *chaincfg.Params) ScriptPubKeyView {
	sol := solve(script)
	return ScriptPubKeyView{
		Asm:     txscript.DisasmString(script),
		Desc:    inferDescriptor(script, &sol, params),
		Hex:     hex.EncodeToString(script),
		Address: solutionAddress(script, &sol, params),
		Type:    sol.class.String(),
	}
}

// scriptSigAsm is the asm of an input script, with signature hash types
// decoded as Core's TxToUniv does ("<sig>[ALL]").
func scriptSigAsm(script []byte) string { return txscript.ScriptToAsm(script, true) }

// ScriptType returns Core's type name of an output script ("pubkeyhash",
// "witness_v1_taproot", "nonstandard", ...), txscript.ClassifyScript's
// class as a string.
//
// This function is safe for concurrent access.
func ScriptType(script []byte) string { return txscript.ClassifyScript(script).String() }

// ScriptAddress returns the address an output script pays to, as Core's
// ExtractDestination and EncodeDestination give it, or ok=false when it
// has none (bare public keys, multisig, OP_RETURN, nonstandard scripts).
//
// This function is safe for concurrent access.
func ScriptAddress(script []byte, params *chaincfg.Params) (string, bool) {
	sol := solve(script)
	a := solutionAddress(script, &sol, params)
	return a, a != ""
}

// solutionAddress is Core's ExtractDestination + EncodeDestination: P2PKH,
// P2SH and every witness output (v0 keyhash/scripthash, taproot, anchor,
// unknown versions) have an address.
func solutionAddress(script []byte, sol *solution, params *chaincfg.Params) string {
	switch sol.class {
	case txscript.PubKeyHashTy, txscript.ScriptHashTy, txscript.WitnessV0KeyHashTy,
		txscript.WitnessV0ScriptHashTy, txscript.WitnessV1TaprootTy, txscript.AnchorTy,
		txscript.WitnessUnknownTy:
		a, err := address.FromScriptPubKey(script, params)
		if err != nil {
			return ""
		}
		return a.String()
	}
	return ""
}

// InferDescriptor returns the output descriptor, with its checksum, that
// Bitcoin Core's InferDescriptor gives for a bare output script when it
// knows nothing else about it (no wallet, no signing provider):
//
//   - pk(KEY) for a pay-to-pubkey script with a compressed or uncompressed
//     (not hybrid) key;
//   - multi(k,KEY,...) for bare multisig whose keys are all like that;
//   - rawtr(XONLY) for a taproot output whose key is on the curve;
//   - addr(ADDRESS) for every other script with an address (P2PKH, P2SH,
//     segwit v0, taproot with an invalid key, pay-to-anchor, unknown
//     witness versions);
//   - raw(HEX) for the rest.
//
// This function is safe for concurrent access.
func InferDescriptor(script []byte, params *chaincfg.Params) string {
	sol := solve(script)
	return inferDescriptor(script, &sol, params)
}

func inferDescriptor(script []byte, sol *solution, params *chaincfg.Params) string {
	var d []byte
	switch sol.class {
	case txscript.PubKeyTy:
		if pubKeyValidNonHybrid(sol.pubKey) {
			d = append(d, "pk("...)
			d = hex.AppendEncode(d, sol.pubKey)
			d = append(d, ')')
		}
	case txscript.MultiSigTy:
		ok := true
		for _, k := range sol.pubKeys {
			ok = ok && pubKeyValidNonHybrid(k)
		}
		if ok {
			d = appendMulti(d, sol)
		}
	case txscript.WitnessV1TaprootTy:
		if _, err := crypto.ParseXOnlyPubKey(sol.hash); err == nil {
			d = append(d, "rawtr("...)
			d = hex.AppendEncode(d, sol.hash)
			d = append(d, ')')
		}
	}
	if d == nil {
		if a := solutionAddress(script, sol, params); a != "" {
			d = append(append(append(d, "addr("...), a...), ')')
		} else {
			d = append(d, "raw("...)
			d = hex.AppendEncode(d, script)
			d = append(d, ')')
		}
	}
	return AddDescriptorChecksum(string(d))
}

// appendMulti appends "multi(k,KEY,...)" for a multisig solution.
func appendMulti(d []byte, sol *solution) []byte {
	d = append(d, "multi("...)
	d = strconv.AppendInt(d, int64(sol.required), 10)
	for _, k := range sol.pubKeys {
		d = append(d, ',')
		d = hex.AppendEncode(d, k)
	}
	return append(d, ')')
}

// DecodeScriptView is Core's decodescript result: the script's asm,
// descriptor, address and type, then the P2SH address that would wrap it
// and the segwit (P2WPKH or P2WSH) form, for the scripts Core offers them.
type DecodeScriptView struct {
	Asm     string            `json:"asm"`
	Desc    string            `json:"desc"`
	Address string            `json:"address,omitempty"`
	Type    string            `json:"type"`
	P2SH    string            `json:"p2sh,omitempty"`
	Segwit  *SegwitScriptView `json:"segwit,omitempty"`
}

// SegwitScriptView is decodescript's "segwit" object: the witness program
// that would carry the script and its P2SH-wrapped address.
type SegwitScriptView struct {
	Asm        string `json:"asm"`
	Desc       string `json:"desc"`
	Hex        string `json:"hex"`
	Address    string `json:"address,omitempty"`
	Type       string `json:"type"`
	P2SHSegwit string `json:"p2sh-segwit"`
}

// NewDecodeScriptView builds the decodescript view of script for params.
//
// Like Core, it offers "p2sh" only for scripts that are not themselves
// P2SH, taproot, anchor, unknown-witness or OP_RETURN outputs, whose opcodes
// all parse and exist, and that use neither OP_CHECKSIGADD nor an
// OP_SUCCESSx; and "segwit" for bare keys (as P2WPKH), key hashes (P2WPKH)
// and multisig or nonstandard scripts (P2WSH), never with uncompressed keys.
// The P2WSH descriptor of a multisig script is wsh(multi(...)); for other
// scripts Core would try to infer a miniscript descriptor, which this
// package does not do: they get addr(...).
//
// This function is safe for concurrent access.
func NewDecodeScriptView(script []byte, params *chaincfg.Params) *DecodeScriptView {
	sol := solve(script)
	v := &DecodeScriptView{
		Asm:     txscript.DisasmString(script),
		Desc:    inferDescriptor(script, &sol, params),
		Address: solutionAddress(script, &sol, params),
		Type:    sol.class.String(),
	}
	switch sol.class {
	case txscript.MultiSigTy, txscript.NonStandardTy, txscript.PubKeyTy, txscript.PubKeyHashTy,
		txscript.WitnessV0KeyHashTy, txscript.WitnessV0ScriptHashTy:
	default:
		return v
	}
	if !hasValidOps(script) || (len(script) > 0 && script[0] == txscript.OP_RETURN) || len(script) > maxScriptSize {
		return v
	}
	for t := txscript.MakeTokenizer(script); t.Next(); {
		if op := t.Opcode(); op == txscript.OP_CHECKSIGADD || txscript.IsOpSuccess(op) {
			return v
		}
	}
	v.P2SH = address.NewP2SHFromScript(script, params).String()

	var segwit []byte
	var desc string
	switch sol.class {
	case txscript.PubKeyTy:
		if len(sol.pubKey) != 33 {
			return v
		}
		segwit = address.NewP2WPKH(crypto.Hash160(sol.pubKey), params).ScriptPubKey()
	case txscript.PubKeyHashTy:
		segwit = address.NewP2WPKH([20]byte(sol.hash), params).ScriptPubKey()
	case txscript.MultiSigTy:
		for _, k := range sol.pubKeys {
			if len(k) != 33 {
				return v
			}
		}
		segwit = address.NewP2WSHFromScript(script, params).ScriptPubKey()
		desc = AddDescriptorChecksum("wsh(" + string(appendMulti(nil, &sol)) + ")")
	case txscript.NonStandardTy:
		segwit = address.NewP2WSHFromScript(script, params).ScriptPubKey()
	default:
		return v
	}
	sw := NewScriptPubKeyView(segwit, params)
	if desc != "" {
		sw.Desc = desc
	}
	v.Segwit = &SegwitScriptView{
		Asm:        sw.Asm,
		Desc:       sw.Desc,
		Hex:        sw.Hex,
		Address:    sw.Address,
		Type:       sw.Type,
		P2SHSegwit: address.NewP2SHFromScript(segwit, params).String(),
	}
	return v
}
