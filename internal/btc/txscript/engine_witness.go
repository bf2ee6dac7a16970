package txscript

import (
	"crypto/sha256"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Witness program sizes (BIP141, BIP341).
const (
	witnessV0KeyHashSize    = 20
	witnessV0ScriptHashSize = 32
	witnessV1TaprootSize    = 32
)

// verifyWitnessProgram is Core's VerifyWitnessProgram.
func (e *engine) verifyWitnessProgram(witness [][]byte, version int, program []byte, isP2SH bool) ErrorCode {
	switch {
	case version == 0:
		switch len(program) {
		case witnessV0ScriptHashSize:
			if len(witness) == 0 {
				return ErrWitnessProgramWitnessEmpty
			}
			script := witness[len(witness)-1]
			if sha256.Sum256(script) != [32]byte(program) {
				return ErrWitnessProgramMismatch
			}
			return e.executeWitnessScript(witness[:len(witness)-1], script, sigWitnessV0)
		case witnessV0KeyHashSize:
			if len(witness) != 2 {
				return ErrWitnessProgramMismatch
			}
			s := e.p2wpkhScript[:0]
			s = append(s, OP_DUP, OP_HASH160, witnessV0KeyHashSize)
			s = append(s, program...)
			s = append(s, OP_EQUALVERIFY, OP_CHECKSIG)
			return e.executeWitnessScript(witness, s, sigWitnessV0)
		default:
			return ErrWitnessProgramWrongLength
		}

	case version == 1 && len(program) == witnessV1TaprootSize && !isP2SH:
		if e.flags&FlagTaproot == 0 {
			return ErrOK
		}
		return e.verifyTaproot(witness, program)

	default:
		if e.flags&FlagDiscourageUpgradableWitnessProgram != 0 {
			return ErrDiscourageUpgradableWitnessProgram
		}
		// Unknown versions and sizes are anyone-can-spend (upgrade hooks).
		return ErrOK
	}
}

// verifyTaproot runs a BIP341 spend: the key path when one element is left
// after removing the annex, the script path otherwise.
func (e *engine) verifyTaproot(witness [][]byte, program []byte) ErrorCode {
	stack := witness
	if len(stack) == 0 {
		return ErrWitnessProgramWitnessEmpty
	}
	e.annex = nil
	if len(stack) >= 2 {
		if last := stack[len(stack)-1]; len(last) > 0 && last[0] == AnnexTag {
			e.annex = last
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 1 {
		// Key path: a Schnorr signature for the output key.
		e.sv = sigTaproot
		return e.checkSchnorr(stack[0], program)
	}

	// Script path.
	control := stack[len(stack)-1]
	script := stack[len(stack)-2]
	stack = stack[:len(stack)-2]
	if len(control) < TaprootControlBaseSize || len(control) > TaprootControlMaxSize ||
		(len(control)-TaprootControlBaseSize)%TaprootControlNodeSize != 0 {
		return ErrTaprootWrongControlSize
	}
	leafVersion := control[0] & TaprootLeafMask
	e.tapLeafHash = TapLeafHash(leafVersion, script)
	if !VerifyTaprootCommitment(control, program, e.tapLeafHash) {
		return ErrWitnessProgramMismatch
	}
	if leafVersion == BaseLeafVersion {
		e.weightLeft = int64(witnessSerializeSize(witness)) + ValidationWeightOffset
		return e.executeWitnessScript(stack, script, sigTapscript)
	}
	if e.flags&FlagDiscourageUpgradableTaprootVersion != 0 {
		return ErrDiscourageUpgradableTaprootVersion
	}
	// Unknown leaf versions succeed (upgrade hook).
	return ErrOK
}

// witnessSerializeSize is the serialized size of a witness stack: the
// item count and each item with its length prefix (Core's
// GetSerializeSize(witness.stack)).
func witnessSerializeSize(w [][]byte) int {
	n := primitives.CompactSizeLen(uint64(len(w)))
	for _, item := range w {
		n += primitives.CompactSizeLen(uint64(len(item))) + len(item)
	}
	return n
}

// executeWitnessScript is Core's ExecuteWitnessScript: stack is the
// witness without the script (and control block), which becomes the
// initial stack; the script must leave exactly one true element.
func (e *engine) executeWitnessScript(stack [][]byte, script []byte, sv sigVersion) ErrorCode {
	if sv == sigTapscript {
		// OP_SUCCESSx anywhere makes the script succeed before anything
		// else is checked; an undecodable script fails first.
		for pc := 0; pc < len(script); {
			op, _, next, ok := nextOp(script, pc)
			if !ok {
				return ErrBadOpcode
			}
			if opcodeTable[op].success {
				if e.flags&FlagDiscourageOpSuccess != 0 {
					return ErrDiscourageOpSuccess
				}
				return ErrOK
			}
			pc = next
		}
		if len(stack) > MaxStackSize {
			return ErrStackSize
		}
	}
	for _, item := range stack {
		if len(item) > MaxScriptElementSize {
			return ErrPushSize
		}
	}
	clear(e.stack)
	e.stack = append(e.stack[:0], stack...)
	if c := e.evalScript(script, sv); c != ErrOK {
		return c
	}
	if len(e.stack) != 1 {
		return ErrCleanStack
	}
	if !castToBool(e.stack[0]) {
		return ErrEvalFalse
	}
	return ErrOK
}
