package txscript

import "github.com/twinchain/twinchain/internal/btc/primitives"

// evalScript is Core's EvalScript: it runs script on e.stack under the
// rules of sv. The condition stack, altstack, op count and code-separator
// state are per script; the main stack carries over between calls.
//
// The loop decodes in place (no token array) and dispatches through the
// opcode table.
func (e *engine) evalScript(script []byte, sv sigVersion) ErrorCode {
	if (sv == sigBase || sv == sigWitnessV0) && len(script) > MaxScriptSize {
		return ErrScriptSize
	}
	e.script = script
	e.sv = sv
	e.codeSepStart = 0
	e.opcodePos = 0
	e.codeSepPos = NoCodeSeparator
	e.opCount = 0
	e.condSize = 0
	e.condFalse = noFalse
	e.alt = e.alt[:0]

	requireMinimal := e.flags&FlagMinimalData != 0
	countOps := sv == sigBase || sv == sigWitnessV0
	constScriptCode := sv == sigBase && e.flags&FlagConstScriptCode != 0
	table := opcodeTable

	for pc := 0; pc < len(script); e.opcodePos++ {
		exec := e.condFalse == noFalse
		op, data, next, ok := nextOp(script, pc)
		if !ok {
			return ErrBadOpcode
		}
		pc = next
		e.pc = next
		if len(data) > MaxScriptElementSize {
			return ErrPushSize
		}
		if countOps && op > OP_16 {
			e.opCount++
			if e.opCount > MaxOpsPerScript {
				return ErrOpCount
			}
		}
		info := &table[op]
		if info.disabled {
			return ErrDisabledOpcode
		}
		if op == OP_CODESEPARATOR && constScriptCode {
			return ErrOpCodeSeparator
		}
		if exec && op <= OP_PUSHDATA4 {
			if requireMinimal && !checkMinimalPush(data, op) {
				return ErrMinimalData
			}
			e.stack = append(e.stack, data)
		} else if exec || (op >= OP_IF && op <= OP_ENDIF) {
			if c := info.exec(e, op); c != ErrOK {
				return c
			}
		}
		if len(e.stack)+len(e.alt) > MaxStackSize {
			return ErrStackSize
		}
	}
	if e.condSize != 0 {
		return ErrUnbalancedConditional
	}
	return ErrOK
}

// requireMinimal reports whether numbers must be minimally encoded.
func (e *engine) requireMinimal() bool { return e.flags&FlagMinimalData != 0 }

// topNum reads the element i positions from the top as a script number of
// at most 4 bytes (without popping it).
func (e *engine) topNum(i int) (int64, ErrorCode) {
	return parseScriptNum(e.top(i), e.requireMinimal(), defaultScriptNumLen)
}

// Control-flow handlers.

func opBad(*engine, byte) ErrorCode { return ErrBadOpcode }

func opNop(*engine, byte) ErrorCode { return ErrOK }

func opSmallInt(e *engine, op byte) ErrorCode {
	// OP_1NEGATE, OP_1..OP_16: push -1, 1..16.
	e.push(smallNums[int(op)-int(OP_1)+2])
	return ErrOK
}

func opUpgradableNop(e *engine, _ byte) ErrorCode {
	if e.flags&FlagDiscourageUpgradableNops != 0 {
		return ErrDiscourageUpgradableNops
	}
	return ErrOK
}

func opIf(e *engine, op byte) ErrorCode {
	value := false
	if e.condFalse == noFalse {
		if len(e.stack) < 1 {
			return ErrInvalidStackOperation
		}
		v := e.top(1)
		if e.sv == sigTapscript {
			if len(v) > 1 || (len(v) == 1 && v[0] != 1) {
				return ErrTapscriptMinimalIf
			}
		}
		if e.sv == sigWitnessV0 && e.flags&FlagMinimalIf != 0 {
			if len(v) > 1 || (len(v) == 1 && v[0] != 1) {
				return ErrMinimalIf
			}
		}
		value = castToBool(v)
		if op == OP_NOTIF {
			value = !value
		}
		e.pop()
	}
	if !value && e.condFalse == noFalse {
		e.condFalse = e.condSize
	}
	e.condSize++
	return ErrOK
}

func opElse(e *engine, _ byte) ErrorCode {
	if e.condSize == 0 {
		return ErrUnbalancedConditional
	}
	switch e.condFalse {
	case noFalse:
		e.condFalse = e.condSize - 1
	case e.condSize - 1:
		e.condFalse = noFalse
	}
	return ErrOK
}

func opEndIf(e *engine, _ byte) ErrorCode {
	if e.condSize == 0 {
		return ErrUnbalancedConditional
	}
	e.condSize--
	if e.condFalse == e.condSize {
		e.condFalse = noFalse
	}
	return ErrOK
}

func opVerify(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	if !castToBool(e.top(1)) {
		return ErrVerify
	}
	e.pop()
	return ErrOK
}

func opReturn(*engine, byte) ErrorCode { return ErrOpReturn }

func opCodeSeparator(e *engine, _ byte) ErrorCode {
	e.codeSepStart = e.pc
	e.codeSepPos = e.opcodePos
	return ErrOK
}

// Lock-time handlers (BIP65, BIP112).

const (
	sequenceLockTimeDisableFlag = 1 << 31
	sequenceLockTimeTypeFlag    = 1 << 22
	sequenceLockTimeMask        = 0x0000ffff
)

func opCheckLockTimeVerify(e *engine, _ byte) ErrorCode {
	if e.flags&FlagCheckLockTimeVerify == 0 {
		// Not enabled: a NOP2 (no DISCOURAGE check, as in Core).
		return ErrOK
	}
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	lockTime, c := parseScriptNum(e.top(1), e.requireMinimal(), lockTimeScriptNumLen)
	if c != ErrOK {
		return c
	}
	if lockTime < 0 {
		return ErrNegativeLockTime
	}
	if !e.checkLockTime(lockTime) {
		return ErrUnsatisfiedLockTime
	}
	return ErrOK
}

// checkLockTime is Core's CheckLockTime.
func (e *engine) checkLockTime(lockTime int64) bool {
	if e.tx == nil {
		return false
	}
	txLock := int64(e.tx.LockTime)
	if !((txLock < LockTimeThreshold && lockTime < LockTimeThreshold) ||
		(txLock >= LockTimeThreshold && lockTime >= LockTimeThreshold)) {
		return false
	}
	if lockTime > txLock {
		return false
	}
	return e.tx.Inputs[e.ctx.Index].Sequence != primitives.SequenceFinal
}

func opCheckSequenceVerify(e *engine, _ byte) ErrorCode {
	if e.flags&FlagCheckSequenceVerify == 0 {
		// Not enabled: a NOP3.
		return ErrOK
	}
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	seq, c := parseScriptNum(e.top(1), e.requireMinimal(), lockTimeScriptNumLen)
	if c != ErrOK {
		return c
	}
	if seq < 0 {
		return ErrNegativeLockTime
	}
	if seq&sequenceLockTimeDisableFlag != 0 {
		return ErrOK
	}
	if !e.checkSequence(seq) {
		return ErrUnsatisfiedLockTime
	}
	return ErrOK
}

// checkSequence is Core's CheckSequence (BIP68 relative lock times).
func (e *engine) checkSequence(seq int64) bool {
	if e.tx == nil {
		return false
	}
	txSeq := int64(e.tx.Inputs[e.ctx.Index].Sequence)
	if uint32(e.tx.Version) < 2 {
		return false
	}
	if txSeq&sequenceLockTimeDisableFlag != 0 {
		return false
	}
	const mask = sequenceLockTimeTypeFlag | sequenceLockTimeMask
	txMasked := txSeq & mask
	seqMasked := seq & mask
	if !((txMasked < sequenceLockTimeTypeFlag && seqMasked < sequenceLockTimeTypeFlag) ||
		(txMasked >= sequenceLockTimeTypeFlag && seqMasked >= sequenceLockTimeTypeFlag)) {
		return false
	}
	return seqMasked <= txMasked
}
