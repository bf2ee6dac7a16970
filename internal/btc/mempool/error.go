package mempool

import "fmt"

// ErrorKind identifies why a transaction was refused by the mempool. Its
// value is the reject reason Bitcoin Core reports for it.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

// Standardness (Core's IsStandardTx, AreInputsStandard, IsWitnessStandard).
const (
	// ErrVersion: the version is below 1 or above MaxStandardVersion.
	ErrVersion = ErrorKind("version")
	// ErrTxSize: the weight exceeds MaxStandardTxWeight.
	ErrTxSize = ErrorKind("tx-size")
	// ErrTxSizeSmall: the stripped size is below MinStandardTxNonWitnessSize.
	ErrTxSizeSmall = ErrorKind("tx-size-small")
	// ErrScriptSigSize: a scriptSig is longer than MaxStandardScriptSigSize.
	ErrScriptSigSize = ErrorKind("scriptsig-size")
	// ErrScriptSigNotPushOnly: a scriptSig holds more than pushes.
	ErrScriptSigNotPushOnly = ErrorKind("scriptsig-not-pushonly")
	// ErrScriptPubKey: an output script is not a standard template.
	ErrScriptPubKey = ErrorKind("scriptpubkey")
	// ErrBareMultisig: a bare multisig output while bare multisig is not
	// permitted.
	ErrBareMultisig = ErrorKind("bare-multisig")
	// ErrDust: an output is worth less than its dust threshold.
	ErrDust = ErrorKind("dust")
	// ErrMultiOpReturn: more than one OP_RETURN output.
	ErrMultiOpReturn = ErrorKind("multi-op-return")
	// ErrNonstandardInputs: an input spends a non-standard or unknown
	// witness output, or a P2SH redeem script with too many sigops.
	ErrNonstandardInputs = ErrorKind("bad-txns-nonstandard-inputs")
	// ErrWitnessNonstandard: a witness breaks the standard witness limits.
	ErrWitnessNonstandard = ErrorKind("bad-witness-nonstandard")
	// ErrTooManySigops: the sigop cost exceeds MaxStandardTxSigOpsCost.
	ErrTooManySigops = ErrorKind("bad-txns-too-many-sigops")
)

// Acceptance (Core's MemPoolAccept).
const (
	// ErrCoinbase: a coinbase cannot enter the mempool.
	ErrCoinbase = ErrorKind("coinbase")
	// ErrNonFinal: the lock time is not satisfied in the next block.
	ErrNonFinal = ErrorKind("non-final")
	// ErrNonBIP68Final: a BIP68 relative lock is not satisfied in the next
	// block.
	ErrNonBIP68Final = ErrorKind("non-BIP68-final")
	// ErrAlreadyInMempool: the same wtxid is already in the pool.
	ErrAlreadyInMempool = ErrorKind("txn-already-in-mempool")
	// ErrSameNonWitnessData: the same txid with another witness is in the
	// pool.
	ErrSameNonWitnessData = ErrorKind("txn-same-nonwitness-data-in-mempool")
	// ErrAlreadyKnown: the transaction's outputs are already in the UTXO
	// set (it is confirmed).
	ErrAlreadyKnown = ErrorKind("txn-already-known")
	// ErrMissingInputs: an input is neither in the UTXO set nor created by
	// a pool transaction. Such a transaction may go to the orphan pool.
	ErrMissingInputs = ErrorKind("bad-txns-inputs-missingorspent")
	// ErrMempoolConflict: the transaction spends an output a pool
	// transaction spends, and replacement is not allowed.
	ErrMempoolConflict = ErrorKind("txn-mempool-conflict")
	// ErrMinRelayFee: the fee is below the minimum relay fee rate.
	ErrMinRelayFee = ErrorKind("min relay fee not met")
	// ErrMempoolMinFee: the fee is below the pool's rolling minimum fee
	// rate.
	ErrMempoolMinFee = ErrorKind("mempool min fee not met")
	// ErrTooLongMempoolChain: the ancestor or descendant limits would be
	// exceeded.
	ErrTooLongMempoolChain = ErrorKind("too-long-mempool-chain")
	// ErrMempoolFull: the transaction was accepted and then evicted at
	// once to keep the pool within its size limit.
	ErrMempoolFull = ErrorKind("mempool full")
	// ErrMandatoryScript: a script fails under consensus flags.
	ErrMandatoryScript = ErrorKind("mandatory-script-verify-flag-failed")
	// ErrNonMandatoryScript: a script passes consensus flags but fails a
	// policy flag.
	ErrNonMandatoryScript = ErrorKind("non-mandatory-script-verify-flag")
)

// Replacement (BIP125 as Core applies it, full RBF).
const (
	// ErrInsufficientFee: a replacement does not pay a higher fee rate
	// than each conflict, more absolute fee than all replaced
	// transactions, or the incremental relay fee for its own size.
	ErrInsufficientFee = ErrorKind("insufficient fee")
	// ErrTooManyReplacements: a replacement would evict more than
	// MaxReplacementCandidates transactions.
	ErrTooManyReplacements = ErrorKind("too many potential replacements")
	// ErrReplacementAddsUnconfirmed: a replacement spends an unconfirmed
	// output none of its conflicts spent.
	ErrReplacementAddsUnconfirmed = ErrorKind("replacement-adds-unconfirmed")
	// ErrSpendsConflictingTx: a transaction spends an output of a
	// transaction it would replace.
	ErrSpendsConflictingTx = ErrorKind("bad-txns-spends-conflicting-tx")
)

// RuleError is a rejection: the kind, whose text is Core's reject reason,
// and a description of the case. Rejections passed through from package
// consensus keep their *consensus.RuleError in Err, so errors.Is works with
// consensus kinds as well.
type RuleError struct {
	Err         error
	Description string
	// reason overrides the kind's text where Core's reason carries detail,
	// "mandatory-script-verify-flag-failed (...)".
	reason string
}

// Error returns the reason followed by the description.
func (e *RuleError) Error() string {
	if e.Description == "" {
		return e.Reason()
	}
	return e.Reason() + ": " + e.Description
}

// Reason returns Core's reject reason.
func (e *RuleError) Reason() string {
	if e.reason != "" {
		return e.reason
	}
	if r, ok := e.Err.(interface{ Reason() string }); ok {
		return r.Reason()
	}
	return e.Err.Error()
}

// Unwrap returns the kind, so errors.Is(err, kind) works.
func (e *RuleError) Unwrap() error { return e.Err }

func ruleErrorf(kind ErrorKind, format string, args ...any) *RuleError {
	return &RuleError{Err: kind, Description: fmt.Sprintf(format, args...)}
}
