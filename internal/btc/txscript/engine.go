package txscript

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TxContext is what the interpreter knows about the input being verified:
// the spending transaction, the input index, and the spent output(s).
//
// A TxContext is read-only during verification; several goroutines may
// verify different inputs with contexts sharing Tx, PrevOuts, SigHashes and
// SigCache.
type TxContext struct {
	// Tx is the spending transaction.
	Tx *primitives.Tx
	// Index is the input being verified.
	Index int
	// Amount is the value of the spent output, committed to by witness v0
	// signature hashes.
	Amount int64
	// PrevOuts are the outputs every input of Tx spends, in input order.
	// Taproot signature hashes need them; they may be nil otherwise.
	PrevOuts []primitives.TxOut
	// SigHashes are Tx's precomputed signature-hash midstates
	// (NewSigHashes). When nil the engine computes them on demand, once
	// per VerifyScript call.
	SigHashes *SigHashes
	// SigCache, when set, is consulted before and filled after each
	// successful signature verification.
	SigCache SigCache
}

// sigVersion is Core's SigVersion: which rules a script executes under.
type sigVersion uint8

const (
	sigBase      sigVersion = iota // legacy and P2SH scripts
	sigWitnessV0                   // BIP143 witness v0 scripts
	sigTaproot                     // BIP341 key path (no script)
	sigTapscript                   // BIP342 leaf version 0xc0
)

// noFalse marks a condition stack without false entries.
const noFalse = ^uint32(0)

// engine is the interpreter state for one VerifyScript call. Reused through
// an Engine, its slices keep their capacity between calls.
type engine struct {
	flags Flags
	ctx   *TxContext
	tx    *primitives.Tx // ctx.Tx when ctx.Index is valid, else nil

	stack     [][]byte
	alt       [][]byte
	stackCopy [][]byte // P2SH: the scriptSig result before scriptPubKey
	arena     []byte

	// Per-script state (EvalScript).
	script       []byte
	sv           sigVersion
	pc           int    // position after the current instruction
	codeSepStart int    // pbegincodehash: byte offset after the last executed OP_CODESEPARATOR
	opcodePos    uint32 // index of the current instruction
	codeSepPos   uint32 // tapscript: opcode position of the last executed OP_CODESEPARATOR
	opCount      int
	condSize     uint32
	condFalse    uint32 // position of the first false on the condition stack, or noFalse

	// Witness execution data (Core's ScriptExecutionData).
	annex        []byte
	tapLeafHash  chainhash.Hash
	weightLeft   int64
	sigHashes    *SigHashes
	p2wpkhScript [25]byte

	// Inline first buffers, so a fresh engine (VerifyScript) does not
	// allocate for typical scripts.
	stackBuf     [12][]byte
	stackCopyBuf [4][]byte
	arenaBuf     [256]byte
}

// Engine is a reusable script verifier. Reusing one Engine for many inputs
// (one per goroutine) keeps its stacks and scratch memory between calls, so
// verification allocates almost nothing. The zero value is ready to use; an
// Engine must not be copied after first use (it holds slices into itself).
//
// An Engine is not safe for concurrent use.
type Engine struct {
	e engine
}

// NewEngine returns a new reusable Engine.
func NewEngine() *Engine { return new(Engine) }

// VerifyScript verifies that scriptSig and witness satisfy scriptPubKey for
// input ctx.Index of ctx.Tx under flags, following Bitcoin Core's
// VerifyScript. It returns nil on success, or an *Error carrying the
// ErrorCode and Core's description.
//
// Without a transaction (ctx nil, ctx.Tx nil or ctx.Index out of range)
// ECDSA checks and lock-time checks fail as checks (false), and a Schnorr
// check fails the script with ErrUnknown; taproot checks also need
// ctx.PrevOuts (all spent outputs) and fail with ErrUnknown without them,
// as Core does when the spent outputs are missing.
//
// This function is safe for concurrent access (it uses a fresh Engine).
func VerifyScript(scriptSig, scriptPubKey []byte, witness [][]byte, flags Flags, ctx *TxContext) error {
	var en Engine
	return en.Verify(scriptSig, scriptPubKey, witness, flags, ctx)
}

// Verify is VerifyScript on a reusable Engine.
//
// This method is not safe for concurrent use of the same Engine.
func (en *Engine) Verify(scriptSig, scriptPubKey []byte, witness [][]byte, flags Flags, ctx *TxContext) error {
	e := &en.e
	e.reset(flags, ctx)
	code := e.verify(scriptSig, scriptPubKey, witness)
	e.release()
	return toError(code)
}

// reset prepares e for a verification.
func (e *engine) reset(flags Flags, ctx *TxContext) {
	e.flags = flags
	e.ctx = ctx
	e.tx = nil
	if ctx != nil && ctx.Tx != nil && ctx.Index >= 0 && ctx.Index < len(ctx.Tx.Inputs) {
		e.tx = ctx.Tx
	}
	if cap(e.stack) == 0 {
		e.stack = e.stackBuf[:0]
	}
	if cap(e.stackCopy) == 0 {
		e.stackCopy = e.stackCopyBuf[:0]
	}
	if cap(e.arena) == 0 {
		e.arena = e.arenaBuf[:0]
	}
	e.stack = e.stack[:0]
	e.alt = e.alt[:0]
	e.stackCopy = e.stackCopy[:0]
	e.arena = e.arena[:0]
	e.annex = nil
	e.sigHashes = nil
	if ctx != nil {
		e.sigHashes = ctx.SigHashes
	}
}

// release drops references to caller memory so a pooled Engine does not
// keep transactions alive.
func (e *engine) release() {
	clear(e.stack[:cap(e.stack)])
	clear(e.alt[:cap(e.alt)])
	clear(e.stackCopy[:cap(e.stackCopy)])
	e.stack, e.alt, e.stackCopy = e.stack[:0], e.alt[:0], e.stackCopy[:0]
	e.ctx, e.tx, e.script, e.annex, e.sigHashes = nil, nil, nil, nil, nil
}

// verify is Core's VerifyScript.
func (e *engine) verify(scriptSig, scriptPubKey []byte, witness [][]byte) ErrorCode {
	if e.flags&FlagSigPushOnly != 0 && !IsPushOnly(scriptSig) {
		return ErrSigPushOnly
	}
	if c := e.evalScript(scriptSig, sigBase); c != ErrOK {
		return c
	}
	if e.flags&FlagP2SH != 0 {
		e.stackCopy = append(e.stackCopy[:0], e.stack...)
	}
	if c := e.evalScript(scriptPubKey, sigBase); c != ErrOK {
		return c
	}
	if len(e.stack) == 0 || !castToBool(e.top(1)) {
		return ErrEvalFalse
	}

	hadWitness := false
	if e.flags&FlagWitness != 0 {
		if version, program, ok := ExtractWitnessProgram(scriptPubKey); ok {
			hadWitness = true
			if len(scriptSig) != 0 {
				return ErrWitnessMalleated
			}
			if c := e.verifyWitnessProgram(witness, version, program, false); c != ErrOK {
				return c
			}
			e.stack = e.stack[:1]
		}
	}

	if e.flags&FlagP2SH != 0 && IsPayToScriptHash(scriptPubKey) {
		if !IsPushOnly(scriptSig) {
			return ErrSigPushOnly
		}
		e.stack, e.stackCopy = e.stackCopy, e.stack
		if len(e.stack) == 0 {
			// Unreachable: the scriptPubKey consumed an element of
			// this stack. Core asserts.
			return ErrUnknown
		}
		redeem := e.pop()
		if c := e.evalScript(redeem, sigBase); c != ErrOK {
			return c
		}
		if len(e.stack) == 0 || !castToBool(e.top(1)) {
			return ErrEvalFalse
		}
		if e.flags&FlagWitness != 0 {
			if version, program, ok := ExtractWitnessProgram(redeem); ok {
				hadWitness = true
				if !isSinglePushOf(scriptSig, redeem) {
					return ErrWitnessMalleatedP2SH
				}
				if c := e.verifyWitnessProgram(witness, version, program, true); c != ErrOK {
					return c
				}
				e.stack = e.stack[:1]
			}
		}
	}

	// Core asserts P2SH and WITNESS under CLEANSTACK; the check is applied
	// as given here.
	if e.flags&FlagCleanStack != 0 && len(e.stack) != 1 {
		return ErrCleanStack
	}
	if e.flags&FlagWitness != 0 && !hadWitness && len(witness) != 0 {
		return ErrWitnessUnexpected
	}
	return ErrOK
}
