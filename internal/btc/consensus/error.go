package consensus

import "fmt"

// ErrorKind identifies a kind of consensus rule violation. Its value is the
// reject reason Bitcoin Core uses for it.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

// Context-free transaction rule violations (Core's CheckTransaction).
const (
	// ErrBadTxnsVinEmpty: a transaction has no inputs.
	ErrBadTxnsVinEmpty = ErrorKind("bad-txns-vin-empty")
	// ErrBadTxnsVoutEmpty: a transaction has no outputs.
	ErrBadTxnsVoutEmpty = ErrorKind("bad-txns-vout-empty")
	// ErrBadTxnsOversize: the stripped size times the witness scale factor
	// exceeds the maximum block weight.
	ErrBadTxnsOversize = ErrorKind("bad-txns-oversize")
	// ErrBadTxnsVoutNegative: an output value is negative.
	ErrBadTxnsVoutNegative = ErrorKind("bad-txns-vout-negative")
	// ErrBadTxnsVoutTooLarge: an output value exceeds MaxMoney.
	ErrBadTxnsVoutTooLarge = ErrorKind("bad-txns-vout-toolarge")
	// ErrBadTxnsTxoutTotalTooLarge: the sum of output values exceeds MaxMoney.
	ErrBadTxnsTxoutTotalTooLarge = ErrorKind("bad-txns-txouttotal-toolarge")
	// ErrBadTxnsInputsDuplicate: two inputs spend the same outpoint.
	ErrBadTxnsInputsDuplicate = ErrorKind("bad-txns-inputs-duplicate")
	// ErrBadCbLength: a coinbase scriptSig is shorter than 2 or longer than
	// 100 bytes.
	ErrBadCbLength = ErrorKind("bad-cb-length")
	// ErrBadTxnsPrevoutNull: a non-coinbase input spends the null outpoint.
	ErrBadTxnsPrevoutNull = ErrorKind("bad-txns-prevout-null")
)

// Block header rule violations (Core's CheckBlockHeader and
// ContextualCheckBlockHeader).
const (
	// ErrHighHash: the header's hash is above the target its bits claim,
	// or the bits are negative, zero, overflowing or above the network's
	// proof-of-work limit.
	ErrHighHash = ErrorKind("high-hash")
	// ErrBadDiffBits: the header's bits are not the difficulty the chain
	// requires at its height.
	ErrBadDiffBits = ErrorKind("bad-diffbits")
	// ErrTimeTooOld: the timestamp is not after the median time of the
	// previous 11 blocks.
	ErrTimeTooOld = ErrorKind("time-too-old")
	// ErrTimeTooNew: the timestamp is more than two hours after the
	// validating node's clock.
	ErrTimeTooNew = ErrorKind("time-too-new")
	// ErrTimewarpAttack: BIP94, the first block of a difficulty period is
	// more than 600 seconds earlier than its parent.
	ErrTimewarpAttack = ErrorKind("time-timewarp-attack")
	// ErrBadVersion: the version is below 2, 3 or 4 after BIP34, BIP66 or
	// BIP65 activated. Core's reason carries the version,
	// "bad-version(0x%08x)"; RuleError.Reason returns that full text.
	ErrBadVersion = ErrorKind("bad-version")
)

// Context-free block rule violations (Core's CheckBlock).
const (
	// ErrBadTxnMrklRoot: the header's merkle root does not match the
	// transactions.
	ErrBadTxnMrklRoot = ErrorKind("bad-txnmrklroot")
	// ErrBadTxnsDuplicate: the transaction list is mutated (CVE-2012-2459):
	// duplicated transactions give the same merkle root.
	ErrBadTxnsDuplicate = ErrorKind("bad-txns-duplicate")
	// ErrBadBlkLength: no transactions, or the transaction count or the
	// stripped size times four exceeds the block weight limit.
	ErrBadBlkLength = ErrorKind("bad-blk-length")
	// ErrBadCbMissing: the first transaction is not a coinbase.
	ErrBadCbMissing = ErrorKind("bad-cb-missing")
	// ErrBadCbMultiple: a transaction other than the first is a coinbase.
	ErrBadCbMultiple = ErrorKind("bad-cb-multiple")
	// ErrBadBlkSigops: the block's signature operations exceed the limit
	// (legacy count × 4 in CheckBlock, total sigop cost in ConnectBlock).
	ErrBadBlkSigops = ErrorKind("bad-blk-sigops")
	// ErrBadSignetBlksig: a signet block's BIP325 solution is missing,
	// malformed or does not satisfy the challenge.
	ErrBadSignetBlksig = ErrorKind("bad-signet-blksig")
)

// Contextual block rule violations (Core's ContextualCheckBlock and
// ConnectBlock).
const (
	// ErrBadTxnsNonFinal: a transaction's lock time is not satisfied
	// (IsFinalTx), or its BIP68 relative lock times are not.
	ErrBadTxnsNonFinal = ErrorKind("bad-txns-nonfinal")
	// ErrBadCbHeight: after BIP34 the coinbase script does not begin with
	// the block height.
	ErrBadCbHeight = ErrorKind("bad-cb-height")
	// ErrBadWitnessNonceSize: the block commits to witnesses but the
	// coinbase witness is not a single 32-byte reserved value.
	ErrBadWitnessNonceSize = ErrorKind("bad-witness-nonce-size")
	// ErrBadWitnessMerkleMatch: the witness commitment does not match the
	// witness merkle root.
	ErrBadWitnessMerkleMatch = ErrorKind("bad-witness-merkle-match")
	// ErrUnexpectedWitness: a transaction has witness data in a block that
	// does not commit to witnesses.
	ErrUnexpectedWitness = ErrorKind("unexpected-witness")
	// ErrBadBlkWeight: the block weight exceeds 4,000,000.
	ErrBadBlkWeight = ErrorKind("bad-blk-weight")
	// ErrBadTxnsBIP30: a transaction would overwrite an unspent output of
	// an earlier transaction with the same txid.
	ErrBadTxnsBIP30 = ErrorKind("bad-txns-BIP30")
	// ErrBadCbAmount: the coinbase pays more than the subsidy plus fees.
	ErrBadCbAmount = ErrorKind("bad-cb-amount")
	// ErrBadTxnsAccumulatedFeeOutOfRange: the block's total fees leave the
	// money range.
	ErrBadTxnsAccumulatedFeeOutOfRange = ErrorKind("bad-txns-accumulated-fee-outofrange")
)

// Transaction input rule violations (Core's Consensus::CheckTxInputs).
const (
	// ErrBadTxnsInputsMissingOrSpent: an input's previous output does not
	// exist or is spent.
	ErrBadTxnsInputsMissingOrSpent = ErrorKind("bad-txns-inputs-missingorspent")
	// ErrBadTxnsPrematureSpendOfCoinbase: an input spends a coinbase output
	// with fewer confirmations than the coinbase maturity.
	ErrBadTxnsPrematureSpendOfCoinbase = ErrorKind("bad-txns-premature-spend-of-coinbase")
	// ErrBadTxnsInputValuesOutOfRange: an input value, or the running sum
	// of input values, leaves the money range.
	ErrBadTxnsInputValuesOutOfRange = ErrorKind("bad-txns-inputvalues-outofrange")
	// ErrBadTxnsInBelowOut: the outputs spend more than the inputs hold.
	ErrBadTxnsInBelowOut = ErrorKind("bad-txns-in-belowout")
	// ErrBadTxnsFeeOutOfRange: the fee leaves the money range.
	ErrBadTxnsFeeOutOfRange = ErrorKind("bad-txns-fee-outofrange")
)

// RuleError is a consensus rejection: a kind (Core's reason string) and a
// human description of the specific failure.
type RuleError struct {
	Err         ErrorKind
	Description string
	// reason overrides the kind as Core's reject reason where Core's text
	// carries a value ("bad-version(0x00000001)").
	reason string
}

// Error returns the reason followed by the description.
func (e *RuleError) Error() string {
	if e.Description == "" {
		return e.Reason()
	}
	return e.Reason() + ": " + e.Description
}

// Unwrap returns the kind, so errors.Is(err, kind) works.
func (e *RuleError) Unwrap() error { return e.Err }

// Reason returns Core's reject reason string.
func (e *RuleError) Reason() string {
	if e.reason != "" {
		return e.reason
	}
	return string(e.Err)
}

func ruleError(kind ErrorKind, desc string) *RuleError {
	return &RuleError{Err: kind, Description: desc}
}

// ruleErrorf is ruleError with a formatted description.
func ruleErrorf(kind ErrorKind, format string, args ...any) *RuleError {
	return &RuleError{Err: kind, Description: fmt.Sprintf(format, args...)}
}
