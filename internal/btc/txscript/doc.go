// Package txscript is Bitcoin's script system, conformant with Bitcoin
// Core: the interpreter (legacy, P2SH, segwit v0, taproot key and script
// paths, tapscript), the signature hashes it commits to, taproot trees and
// control blocks, a signature cache, and the script utilities around them
// (parsing, Core's asm, classification, sigop counting).
//
// # Model
//
// VerifyScript(scriptSig, scriptPubKey, witness, flags, ctx) is Core's
// VerifyScript. The rules applied are chosen by Flags, one bit per Core
// SCRIPT_VERIFY_* flag; consensus uses P2SH, DERSIG, NULLDUMMY,
// CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY, WITNESS and TAPROOT, the rest
// are relay policy. The TxContext names the spending transaction, the input
// and the spent output(s); TxContext.SigHashes carries the per-transaction
// midstates (NewSigHashes) and TxContext.SigCache an optional cache of
// verified signatures.
//
// The interpreter is table-driven: a [256] opcode table (name, handler,
// disabled and OP_SUCCESS marks) built once at start-up. Scripts are decoded
// in place, never tokenized into arrays; stack elements alias the script,
// the witness or constants, and computed values come from a per-engine
// arena, so verification allocates almost nothing. An Engine keeps that
// memory between calls: a block validator uses one Engine per goroutine and
// Engine.Verify instead of VerifyScript.
//
// Implemented: BIP16 (P2SH), BIP62 rules as policy flags (minimal pushes and
// numbers, low S, clean stack, push-only scriptSig), BIP65 (CLTV), BIP66
// (strict DER), BIP68/112 (CSV), BIP141/143 (segwit v0 and its signature
// hash), BIP146/147 (NULLFAIL, NULLDUMMY), BIP340/341/342 (Schnorr, taproot,
// tapscript with OP_CHECKSIGADD, OP_SUCCESSx, the validation-weight budget
// and the annex).
//
// # Errors
//
// A failed verification returns an *Error whose Code is an ErrorCode, one
// per Core ScriptError. ErrorCode.String is the name Core's script_tests.json
// uses ("EVAL_FALSE") and ErrorCode.Description is Core's ScriptErrorString
// text, the text of "mandatory-script-verify-flag-failed (...)" rejection
// reasons. ErrorCode implements error, so callers test with
// errors.Is(err, txscript.ErrEvalFalse).
//
// # Concurrency
//
// Everything in the package is pure and safe for concurrent use except an
// Engine, which belongs to one goroutine at a time. SigCache is an interface
// the caller implements (package internal/btc/sigcache); implementations
// must be safe for concurrent use.
package txscript
