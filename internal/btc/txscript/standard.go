package txscript

// ScriptClass is the template a scriptPubKey matches, Core's TxoutType.
type ScriptClass uint8

// The script classes, with Core's names (GetTxnOutputType) as String.
const (
	NonStandardTy         ScriptClass = iota // nonstandard
	PubKeyTy                                 // pubkey: <key> OP_CHECKSIG
	PubKeyHashTy                             // pubkeyhash: P2PKH
	ScriptHashTy                             // scripthash: P2SH
	MultiSigTy                               // multisig: bare m-of-n
	NullDataTy                               // nulldata: OP_RETURN and pushes
	WitnessV0KeyHashTy                       // witness_v0_keyhash: P2WPKH
	WitnessV0ScriptHashTy                    // witness_v0_scripthash: P2WSH
	WitnessV1TaprootTy                       // witness_v1_taproot: P2TR
	WitnessUnknownTy                         // witness_unknown: other versions
	AnchorTy                                 // anchor: P2A, OP_1 <0x4e73>
)

// scriptClassNames is indexed by ScriptClass. A constant table.
var scriptClassNames = [...]string{
	NonStandardTy:         "nonstandard",
	PubKeyTy:              "pubkey",
	PubKeyHashTy:          "pubkeyhash",
	ScriptHashTy:          "scripthash",
	MultiSigTy:            "multisig",
	NullDataTy:            "nulldata",
	WitnessV0KeyHashTy:    "witness_v0_keyhash",
	WitnessV0ScriptHashTy: "witness_v0_scripthash",
	WitnessV1TaprootTy:    "witness_v1_taproot",
	WitnessUnknownTy:      "witness_unknown",
	AnchorTy:              "anchor",
}

// String returns Core's name of the class ("pubkeyhash", ...).
func (c ScriptClass) String() string {
	if int(c) < len(scriptClassNames) {
		return scriptClassNames[c]
	}
	return "nonstandard"
}

// ClassifyScript returns the template script matches, following Core's
// Solver: P2SH, then witness programs (v0 key/script hash, v1 taproot,
// the P2A anchor, other versions as witness_unknown; a v0 program of
// another length is nonstandard), then OP_RETURN followed only by pushes,
// pay-to-pubkey, pay-to-pubkey-hash and bare multisig.
//
// This function is safe for concurrent access.
func ClassifyScript(script []byte) ScriptClass {
	if IsPayToScriptHash(script) {
		return ScriptHashTy
	}
	if version, program, ok := ExtractWitnessProgram(script); ok {
		switch {
		case version == 0 && len(program) == witnessV0KeyHashSize:
			return WitnessV0KeyHashTy
		case version == 0 && len(program) == witnessV0ScriptHashSize:
			return WitnessV0ScriptHashTy
		case version == 1 && len(program) == witnessV1TaprootSize:
			return WitnessV1TaprootTy
		case IsPayToAnchor(script):
			return AnchorTy
		case version != 0:
			return WitnessUnknownTy
		}
		return NonStandardTy
	}
	if len(script) >= 1 && script[0] == OP_RETURN && IsPushOnly(script[1:]) {
		return NullDataTy
	}
	if _, ok := payToPubKey(script); ok {
		return PubKeyTy
	}
	if isPayToPubKeyHash(script) {
		return PubKeyHashTy
	}
	if _, _, ok := multiSigScript(script); ok {
		return MultiSigTy
	}
	return NonStandardTy
}

// IsPayToAnchor reports whether script is the pay-to-anchor output
// OP_1 <0x4e73>.
//
// This function is safe for concurrent access.
func IsPayToAnchor(script []byte) bool {
	return len(script) == 4 && script[0] == OP_1 && script[1] == 0x02 &&
		script[2] == 0x4e && script[3] == 0x73
}

// payToPubKey matches <33 or 65-byte key> OP_CHECKSIG whose size fits its
// header byte (Core's MatchPayToPubkey with CPubKey::ValidSize).
func payToPubKey(script []byte) ([]byte, bool) {
	n := len(script)
	if (n == 35 && script[0] == 33 || n == 67 && script[0] == 65) && script[n-1] == OP_CHECKSIG {
		key := script[1 : n-1]
		if pubKeyHasValidSize(key) {
			return key, true
		}
	}
	return nil, false
}

// isPayToPubKeyHash matches OP_DUP OP_HASH160 <20> OP_EQUALVERIFY
// OP_CHECKSIG.
func isPayToPubKeyHash(script []byte) bool {
	return len(script) == 25 && script[0] == OP_DUP && script[1] == OP_HASH160 &&
		script[2] == 0x14 && script[23] == OP_EQUALVERIFY && script[24] == OP_CHECKSIG
}

// multiSigCount is Core's GetScriptNumber for multisig templates: OP_1..
// OP_16, or a minimal push of a minimal number, within [lo, hi].
func multiSigCount(op byte, data []byte, lo, hi int) (int, bool) {
	var n int
	if v, ok := decodeOpN(op); ok && op != OP_0 {
		n = v
	} else if op <= OP_PUSHDATA4 {
		if !checkMinimalPush(data, op) {
			return 0, false
		}
		v, c := parseScriptNum(data, true, defaultScriptNumLen)
		if c != ErrOK {
			return 0, false
		}
		n = clampInt32(v)
	} else {
		return 0, false
	}
	if n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// multiSigScript is Core's MatchMultisig: <m> <key>... <n>
// OP_CHECKMULTISIG with 1 <= m <= n <= 20 and n keys of valid sizes.
func multiSigScript(script []byte) (required, keys int, ok bool) {
	if len(script) < 1 || script[len(script)-1] != OP_CHECKMULTISIG {
		return 0, 0, false
	}
	op, data, pc, ok := nextOp(script, 0)
	if !ok {
		return 0, 0, false
	}
	required, ok = multiSigCount(op, data, 1, MaxPubKeysPerMultiSig)
	if !ok {
		return 0, 0, false
	}
	for {
		op, data, pc, ok = nextOp(script, pc)
		if !ok || !pubKeyHasValidSize(data) || op > OP_PUSHDATA4 {
			break
		}
		keys++
	}
	if !ok {
		return 0, 0, false
	}
	n, ok := multiSigCount(op, data, required, MaxPubKeysPerMultiSig)
	if !ok || n != keys {
		return 0, 0, false
	}
	return required, keys, pc+1 == len(script)
}
