package txscript

// Signature-operation counting (Core's CScript::GetSigOpCount and
// CountWitnessSigOps). The block-level sigop cost, which weights legacy and
// P2SH counts by the witness scale factor, is the caller's.

// GetSigOpCount is Core's CScript::GetSigOpCount(fAccurate): each
// OP_CHECKSIG(VERIFY) counts one; each OP_CHECKMULTISIG(VERIFY) counts the
// preceding OP_1..OP_16 when accurate is set, and 20 otherwise. Counting
// stops at a truncated push.
//
// This function is safe for concurrent access.
func GetSigOpCount(script []byte, accurate bool) int {
	n := 0
	last := OP_INVALIDOPCODE
	for pc := 0; pc < len(script); {
		op, _, next, ok := nextOp(script, pc)
		if !ok {
			break
		}
		pc = next
		switch op {
		case OP_CHECKSIG, OP_CHECKSIGVERIFY:
			n++
		case OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY:
			if k, isN := decodeOpN(last); accurate && isN && k > 0 {
				n += k
			} else {
				n += MaxPubKeysPerMultiSig
			}
		}
		last = op
	}
	return n
}

// GetP2SHSigOpCount is Core's CScript::GetSigOpCount(scriptSig) called on
// scriptPubKey: for a P2SH scriptPubKey, the accurate count of the redeem
// script (the last push of scriptSig), or 0 when scriptSig is not push-only
// or does not parse; for any other scriptPubKey, its own accurate count.
//
// This function is safe for concurrent access.
func GetP2SHSigOpCount(scriptSig, scriptPubKey []byte) int {
	if !IsPayToScriptHash(scriptPubKey) {
		return GetSigOpCount(scriptPubKey, true)
	}
	redeem, ok := lastPush(scriptSig)
	if !ok {
		return 0
	}
	return GetSigOpCount(redeem, true)
}

// lastPush returns the data of the last push of a push-only script (empty
// for OP_1..OP_16 and OP_1NEGATE, which carry no data), and false when the
// script is not push-only or does not parse.
func lastPush(script []byte) ([]byte, bool) {
	var data []byte
	for pc := 0; pc < len(script); {
		op, d, next, ok := nextOp(script, pc)
		if !ok || op > OP_16 {
			return nil, false
		}
		data = d
		pc = next
	}
	return data, true
}

// GetWitnessSigOpCount is Core's CountWitnessSigOps: the signature
// operations of a witness spend, for a native or P2SH-wrapped witness
// program. P2WPKH counts 1, P2WSH counts the witness script's accurate
// count, and anything else (including taproot, whose signature checks are
// budgeted per input instead) counts 0. Without FlagWitness it is 0.
//
// This function is safe for concurrent access.
func GetWitnessSigOpCount(scriptSig, scriptPubKey []byte, witness [][]byte, flags Flags) int {
	if flags&FlagWitness == 0 {
		return 0
	}
	if version, program, ok := ExtractWitnessProgram(scriptPubKey); ok {
		return witnessSigOps(version, program, witness)
	}
	if IsPayToScriptHash(scriptPubKey) && IsPushOnly(scriptSig) {
		redeem, _ := lastPush(scriptSig)
		if version, program, ok := ExtractWitnessProgram(redeem); ok {
			return witnessSigOps(version, program, witness)
		}
	}
	return 0
}

func witnessSigOps(version int, program []byte, witness [][]byte) int {
	if version != 0 {
		return 0
	}
	switch {
	case len(program) == witnessV0KeyHashSize:
		return 1
	case len(program) == witnessV0ScriptHashSize && len(witness) > 0:
		return GetSigOpCount(witness[len(witness)-1], true)
	}
	return 0
}
