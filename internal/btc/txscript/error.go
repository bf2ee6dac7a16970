package txscript

// ErrorCode identifies why a script failed, one value per Bitcoin Core
// ScriptError (SCRIPT_ERR_*). String returns the name Core's
// script_tests.json uses for it ("EVAL_FALSE", "NULLFAIL", ...) and
// Description returns Core's ScriptErrorString text, the text Core puts in
// "mandatory-script-verify-flag-failed (...)" rejection reasons.
//
// ErrorCode implements error, so a code can be the target of errors.Is:
//
//	if errors.Is(err, txscript.ErrEvalFalse) { ... }
type ErrorCode int

// The script errors, in the order of Core's script_error.h.
const (
	// ErrOK is SCRIPT_ERR_OK: no error. VerifyScript never returns it; it
	// exists so that test vectors can name the expected result "OK".
	ErrOK ErrorCode = iota
	// ErrUnknown is SCRIPT_ERR_UNKNOWN_ERROR: a failure with no specific
	// code (for example a taproot signature check without the spent
	// outputs in the TxContext).
	ErrUnknown
	// ErrEvalFalse: the script ran without error but left an empty stack
	// or a false top element.
	ErrEvalFalse
	// ErrOpReturn: OP_RETURN was executed.
	ErrOpReturn
	// ErrScriptNum: a number operand was longer than allowed (4 bytes, 5
	// for CLTV/CSV) or, under MINIMALDATA, not minimally encoded.
	ErrScriptNum

	// ErrScriptSize: a legacy or witness v0 script above 10,000 bytes.
	ErrScriptSize
	// ErrPushSize: a push or stack element above 520 bytes.
	ErrPushSize
	// ErrOpCount: more than 201 non-push opcodes (counting multisig keys).
	ErrOpCount
	// ErrStackSize: more than 1,000 elements on the stack and altstack.
	ErrStackSize
	// ErrSigCount: CHECKMULTISIG signature count negative or above the key
	// count.
	ErrSigCount
	// ErrPubKeyCount: CHECKMULTISIG key count negative or above 20.
	ErrPubKeyCount

	// ErrVerify: OP_VERIFY found a false top element.
	ErrVerify
	// ErrEqualVerify: OP_EQUALVERIFY found unequal elements.
	ErrEqualVerify
	// ErrCheckMultiSigVerify: OP_CHECKMULTISIGVERIFY failed.
	ErrCheckMultiSigVerify
	// ErrCheckSigVerify: OP_CHECKSIGVERIFY failed.
	ErrCheckSigVerify
	// ErrNumEqualVerify: OP_NUMEQUALVERIFY failed.
	ErrNumEqualVerify

	// ErrBadOpcode: a truncated push, or an executed opcode that is not
	// defined (OP_VER, OP_RESERVED, 0xbb-0xff, OP_CHECKSIGADD outside
	// tapscript, OP_VERIF/OP_VERNOTIF anywhere).
	ErrBadOpcode
	// ErrDisabledOpcode: OP_CAT, OP_SUBSTR and the other disabled opcodes,
	// even in an unexecuted branch.
	ErrDisabledOpcode
	// ErrInvalidStackOperation: too few stack elements for an opcode.
	ErrInvalidStackOperation
	// ErrInvalidAltStackOperation: OP_FROMALTSTACK with an empty altstack.
	ErrInvalidAltStackOperation
	// ErrUnbalancedConditional: OP_ELSE/OP_ENDIF without OP_IF, or an
	// OP_IF left open at the end of a script.
	ErrUnbalancedConditional

	// ErrNegativeLockTime: CLTV or CSV with a negative operand.
	ErrNegativeLockTime
	// ErrUnsatisfiedLockTime: CLTV or CSV whose condition the transaction
	// does not meet.
	ErrUnsatisfiedLockTime

	// ErrSigHashType: under STRICTENC, an undefined sighash type.
	ErrSigHashType
	// ErrSigDER: a signature that is not strict DER (DERSIG, LOW_S or
	// STRICTENC).
	ErrSigDER
	// ErrMinimalData: under MINIMALDATA, a push or number not minimally
	// encoded.
	ErrMinimalData
	// ErrSigPushOnly: a scriptSig with non-push opcodes (SIGPUSHONLY, or
	// any P2SH spend).
	ErrSigPushOnly
	// ErrSigHighS: under LOW_S, a signature with S above half the order.
	ErrSigHighS
	// ErrSigNullDummy: under NULLDUMMY, a non-empty CHECKMULTISIG dummy.
	ErrSigNullDummy
	// ErrPubKeyType: under STRICTENC, a public key that is neither
	// compressed nor uncompressed.
	ErrPubKeyType
	// ErrCleanStack: more or less than one element left (CLEANSTACK, and
	// always for witness scripts).
	ErrCleanStack
	// ErrMinimalIf: under MINIMALIF in witness v0, an IF/NOTIF argument
	// other than empty or 0x01.
	ErrMinimalIf
	// ErrNullFail: under NULLFAIL, a failed signature check with a
	// non-empty signature (Core's SCRIPT_ERR_SIG_NULLFAIL).
	ErrNullFail

	// ErrDiscourageUpgradableNops: a NOPx under
	// DISCOURAGE_UPGRADABLE_NOPS.
	ErrDiscourageUpgradableNops
	// ErrDiscourageUpgradableWitnessProgram: an unknown witness version
	// or length under DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM.
	ErrDiscourageUpgradableWitnessProgram
	// ErrDiscourageUpgradableTaprootVersion: an unknown leaf version
	// under DISCOURAGE_UPGRADABLE_TAPROOT_VERSION.
	ErrDiscourageUpgradableTaprootVersion
	// ErrDiscourageOpSuccess: an OP_SUCCESSx under DISCOURAGE_OP_SUCCESS.
	ErrDiscourageOpSuccess
	// ErrDiscourageUpgradablePubKeyType: an unknown tapscript public key
	// type under DISCOURAGE_UPGRADABLE_PUBKEYTYPE.
	ErrDiscourageUpgradablePubKeyType

	// ErrWitnessProgramWrongLength: a v0 program of neither 20 nor 32
	// bytes.
	ErrWitnessProgramWrongLength
	// ErrWitnessProgramWitnessEmpty: a witness program spent with an
	// empty witness.
	ErrWitnessProgramWitnessEmpty
	// ErrWitnessProgramMismatch: the witness does not match the program
	// (script hash, P2WPKH item count, taproot commitment).
	ErrWitnessProgramMismatch
	// ErrWitnessMalleated: a native witness program with a non-empty
	// scriptSig.
	ErrWitnessMalleated
	// ErrWitnessMalleatedP2SH: a P2SH-wrapped witness program whose
	// scriptSig is not exactly the push of the redeem script.
	ErrWitnessMalleatedP2SH
	// ErrWitnessUnexpected: a witness on an input that is not a witness
	// spend.
	ErrWitnessUnexpected
	// ErrWitnessPubKeyType: under WITNESS_PUBKEYTYPE, an uncompressed key
	// in witness v0.
	ErrWitnessPubKeyType

	// ErrSchnorrSigSize: a Schnorr signature of neither 64 nor 65 bytes.
	ErrSchnorrSigSize
	// ErrSchnorrSigHashType: an invalid taproot hash type (including an
	// explicit 0x00, or SINGLE without a matching output).
	ErrSchnorrSigHashType
	// ErrSchnorrSig: a Schnorr signature that does not verify.
	ErrSchnorrSig
	// ErrTaprootWrongControlSize: a control block whose size is not
	// 33+32k bytes with k at most 128.
	ErrTaprootWrongControlSize
	// ErrTapscriptValidationWeight: more signature checks than the
	// witness size pays for.
	ErrTapscriptValidationWeight
	// ErrTapscriptCheckMultiSig: OP_CHECKMULTISIG(VERIFY) in tapscript.
	ErrTapscriptCheckMultiSig
	// ErrTapscriptMinimalIf: a tapscript IF/NOTIF argument other than
	// empty or 0x01.
	ErrTapscriptMinimalIf
	// ErrTapscriptEmptyPubKey: a tapscript signature opcode with an empty
	// public key.
	ErrTapscriptEmptyPubKey

	// ErrOpCodeSeparator: under CONST_SCRIPTCODE, OP_CODESEPARATOR in a
	// legacy script.
	ErrOpCodeSeparator
	// ErrSigFindAndDelete: under CONST_SCRIPTCODE, a legacy signature
	// found in the script code.
	ErrSigFindAndDelete

	numErrorCodes
)

// errorInfo holds the test-vector name and Core's description of a code.
type errorInfo struct {
	name, desc string
}

// errorTable is indexed by ErrorCode. A constant table.
var errorTable = [numErrorCodes]errorInfo{
	ErrOK:                                 {"OK", "No error"},
	ErrUnknown:                            {"UNKNOWN_ERROR", "unknown error"},
	ErrEvalFalse:                          {"EVAL_FALSE", "Script evaluated without error but finished with a false/empty top stack element"},
	ErrOpReturn:                           {"OP_RETURN", "OP_RETURN was encountered"},
	ErrScriptNum:                          {"SCRIPTNUM", "Script number overflow or non-minimal encoding"},
	ErrScriptSize:                         {"SCRIPT_SIZE", "Script is too big"},
	ErrPushSize:                           {"PUSH_SIZE", "Push value size limit exceeded"},
	ErrOpCount:                            {"OP_COUNT", "Operation limit exceeded"},
	ErrStackSize:                          {"STACK_SIZE", "Stack size limit exceeded"},
	ErrSigCount:                           {"SIG_COUNT", "Signature count negative or greater than pubkey count"},
	ErrPubKeyCount:                        {"PUBKEY_COUNT", "Pubkey count negative or limit exceeded"},
	ErrVerify:                             {"VERIFY", "Script failed an OP_VERIFY operation"},
	ErrEqualVerify:                        {"EQUALVERIFY", "Script failed an OP_EQUALVERIFY operation"},
	ErrCheckMultiSigVerify:                {"CHECKMULTISIGVERIFY", "Script failed an OP_CHECKMULTISIGVERIFY operation"},
	ErrCheckSigVerify:                     {"CHECKSIGVERIFY", "Script failed an OP_CHECKSIGVERIFY operation"},
	ErrNumEqualVerify:                     {"NUMEQUALVERIFY", "Script failed an OP_NUMEQUALVERIFY operation"},
	ErrBadOpcode:                          {"BAD_OPCODE", "Opcode missing or not understood"},
	ErrDisabledOpcode:                     {"DISABLED_OPCODE", "Attempted to use a disabled opcode"},
	ErrInvalidStackOperation:              {"INVALID_STACK_OPERATION", "Operation not valid with the current stack size"},
	ErrInvalidAltStackOperation:           {"INVALID_ALTSTACK_OPERATION", "Operation not valid with the current altstack size"},
	ErrUnbalancedConditional:              {"UNBALANCED_CONDITIONAL", "Invalid OP_IF construction"},
	ErrNegativeLockTime:                   {"NEGATIVE_LOCKTIME", "Negative locktime"},
	ErrUnsatisfiedLockTime:                {"UNSATISFIED_LOCKTIME", "Locktime requirement not satisfied"},
	ErrSigHashType:                        {"SIG_HASHTYPE", "Signature hash type missing or not understood"},
	ErrSigDER:                             {"SIG_DER", "Non-canonical DER signature"},
	ErrMinimalData:                        {"MINIMALDATA", "Data push larger than necessary"},
	ErrSigPushOnly:                        {"SIG_PUSHONLY", "Only push operators allowed in signatures"},
	ErrSigHighS:                           {"SIG_HIGH_S", "Non-canonical signature: S value is unnecessarily high"},
	ErrSigNullDummy:                       {"SIG_NULLDUMMY", "Dummy CHECKMULTISIG argument must be zero"},
	ErrPubKeyType:                         {"PUBKEYTYPE", "Public key is neither compressed or uncompressed"},
	ErrCleanStack:                         {"CLEANSTACK", "Stack size must be exactly one after execution"},
	ErrMinimalIf:                          {"MINIMALIF", "OP_IF/NOTIF argument must be minimal"},
	ErrNullFail:                           {"NULLFAIL", "Signature must be zero for failed CHECK(MULTI)SIG operation"},
	ErrDiscourageUpgradableNops:           {"DISCOURAGE_UPGRADABLE_NOPS", "NOPx reserved for soft-fork upgrades"},
	ErrDiscourageUpgradableWitnessProgram: {"DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", "Witness version reserved for soft-fork upgrades"},
	ErrDiscourageUpgradableTaprootVersion: {"DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", "Taproot version reserved for soft-fork upgrades"},
	ErrDiscourageOpSuccess:                {"DISCOURAGE_OP_SUCCESS", "OP_SUCCESSx reserved for soft-fork upgrades"},
	ErrDiscourageUpgradablePubKeyType:     {"DISCOURAGE_UPGRADABLE_PUBKEYTYPE", "Public key version reserved for soft-fork upgrades"},
	ErrWitnessProgramWrongLength:          {"WITNESS_PROGRAM_WRONG_LENGTH", "Witness program has incorrect length"},
	ErrWitnessProgramWitnessEmpty:         {"WITNESS_PROGRAM_WITNESS_EMPTY", "Witness program was passed an empty witness"},
	ErrWitnessProgramMismatch:             {"WITNESS_PROGRAM_MISMATCH", "Witness program hash mismatch"},
	ErrWitnessMalleated:                   {"WITNESS_MALLEATED", "Witness requires empty scriptSig"},
	ErrWitnessMalleatedP2SH:               {"WITNESS_MALLEATED_P2SH", "Witness requires only-redeemscript scriptSig"},
	ErrWitnessUnexpected:                  {"WITNESS_UNEXPECTED", "Witness provided for non-witness script"},
	ErrWitnessPubKeyType:                  {"WITNESS_PUBKEYTYPE", "Using non-compressed keys in segwit"},
	ErrSchnorrSigSize:                     {"SCHNORR_SIG_SIZE", "Invalid Schnorr signature size"},
	ErrSchnorrSigHashType:                 {"SCHNORR_SIG_HASHTYPE", "Invalid Schnorr signature hash type"},
	ErrSchnorrSig:                         {"SCHNORR_SIG", "Invalid Schnorr signature"},
	ErrTaprootWrongControlSize:            {"TAPROOT_WRONG_CONTROL_SIZE", "Invalid Taproot control block size"},
	ErrTapscriptValidationWeight:          {"TAPSCRIPT_VALIDATION_WEIGHT", "Too much signature validation relative to witness weight"},
	ErrTapscriptCheckMultiSig:             {"TAPSCRIPT_CHECKMULTISIG", "OP_CHECKMULTISIG(VERIFY) is not available in tapscript"},
	ErrTapscriptMinimalIf:                 {"TAPSCRIPT_MINIMALIF", "OP_IF/NOTIF argument must be minimal in tapscript"},
	ErrTapscriptEmptyPubKey:               {"TAPSCRIPT_EMPTY_PUBKEY", "Empty public key in tapscript"},
	ErrOpCodeSeparator:                    {"OP_CODESEPARATOR", "Using OP_CODESEPARATOR in non-witness script"},
	ErrSigFindAndDelete:                   {"SIG_FINDANDDELETE", "Signature is found in scriptCode"},
}

// String returns the code's name as Core's script_tests.json spells it:
// Core's SCRIPT_ERR_ name without the prefix, except SCRIPT_ERR_SIG_NULLFAIL,
// which the vectors call "NULLFAIL".
func (c ErrorCode) String() string {
	if c < 0 || c >= numErrorCodes {
		return "UNKNOWN_ERROR"
	}
	return errorTable[c].name
}

// Description returns Core's ScriptErrorString text for the code.
func (c ErrorCode) Description() string {
	if c < 0 || c >= numErrorCodes {
		return errorTable[ErrUnknown].desc
	}
	return errorTable[c].desc
}

// Error implements error as "<NAME>: <description>", so that a bare code
// can be the target of errors.Is.
func (c ErrorCode) Error() string { return c.String() + ": " + c.Description() }

// ParseErrorCode returns the code whose String is name ("EVAL_FALSE"),
// reporting false for an unknown name.
func ParseErrorCode(name string) (ErrorCode, bool) {
	for i := range errorTable {
		if errorTable[i].name == name {
			return ErrorCode(i), true
		}
	}
	return ErrUnknown, false
}

// Error is a script verification failure: the code and Core's description
// of it. errors.Is(err, code) matches on Code; errors.As gives the struct.
type Error struct {
	Code        ErrorCode
	Description string
}

// Error returns "<NAME>: <description>".
func (e *Error) Error() string {
	return e.Code.String() + ": " + e.Description
}

// Is reports whether target is the same ErrorCode, or an *Error with the
// same code.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case ErrorCode:
		return e.Code == t
	case *Error:
		return t != nil && e.Code == t.Code
	}
	return false
}

// Unwrap returns the code, so errors.As can extract an ErrorCode as well.
func (e *Error) Unwrap() error { return e.Code }

// toError converts an internal result code into VerifyScript's error: nil
// for ErrOK, otherwise a new *Error (failures are rare on the hot path, and
// a fresh value cannot be mutated behind another caller's back).
func toError(c ErrorCode) error {
	if c == ErrOK {
		return nil
	}
	if c < 0 || c >= numErrorCodes {
		c = ErrUnknown
	}
	return &Error{Code: c, Description: errorTable[c].desc}
}
