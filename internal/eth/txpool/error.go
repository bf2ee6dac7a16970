package txpool

import "github.com/twinchain/twinchain/internal/eth/ethtypes"

// ErrorKind identifies why the pool rejected a transaction. It satisfies
// the error interface; compare with errors.Is. The texts are geth's
// (core/txpool/errors.go, core/error.go), so users and tools see the
// messages they know.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of pool rejections.
const (
	// ErrAlreadyKnown: a transaction with the same hash is already in the
	// pool.
	ErrAlreadyKnown = ErrorKind("already known")

	// ErrInvalidSender: the signature does not yield a sender under the
	// head's signer (wrong chain id, out-of-range V/R/S, failed recovery).
	// The RuleError's Cause holds the signer's error, so
	// errors.Is(err, ethtypes.ErrInvalidChainID) works too.
	ErrInvalidSender = ErrorKind("invalid sender")

	// ErrUnderpriced: a remote transaction's tip is below the pool's price
	// limit, or the pool is full and the transaction pays less than the
	// cheapest remote transaction it would have to evict.
	ErrUnderpriced = ErrorKind("transaction underpriced")

	// ErrReplaceUnderpriced: a transaction with the nonce of one already
	// pooled for the same sender without raising both the fee cap and the
	// tip by at least the price bump (10% by default).
	ErrReplaceUnderpriced = ErrorKind("replacement transaction underpriced")

	// ErrTxPoolOverflow: the pool is full and no remote transaction can be
	// evicted to make room.
	ErrTxPoolOverflow = ErrorKind("txpool is full")

	// ErrFutureReplacePending: the pool is full and a non-executable
	// (gapped) transaction would evict an executable one.
	ErrFutureReplacePending = ErrorKind("future transaction tries to replace pending")

	// ErrAccountLimitExceeded: a remote sender already has AccountQueue
	// non-executable transactions in the pool.
	ErrAccountLimitExceeded = ErrorKind("account limit exceeded")

	// ErrGasLimit: the transaction's gas limit exceeds the head block's.
	ErrGasLimit = ErrorKind("exceeds block gas limit")

	// ErrOversizedData: the transaction's encoding exceeds TxMaxSize.
	ErrOversizedData = ErrorKind("oversized data")

	// ErrNonceTooLow: the nonce is below the sender's nonce in the head
	// state (same text as ethchain.ErrNonceTooLow).
	ErrNonceTooLow = ErrorKind("nonce too low")

	// ErrInsufficientFunds: the sender's balance in the head state cannot
	// pay gas limit * max fee + value (same text as
	// ethchain.ErrInsufficientFunds).
	ErrInsufficientFunds = ErrorKind("insufficient funds for gas * price + value")

	// ErrFeeCapTooLow: the max fee per gas is below the base fee of the
	// next block. Only returned when Config.RejectBelowBaseFee is set;
	// otherwise such transactions wait in the pool (as in geth) and
	// Pending leaves them out until the base fee falls (same text as
	// ethchain.ErrFeeCapTooLow).
	ErrFeeCapTooLow = ErrorKind("max fee per gas less than block base fee")

	// ErrJournal: the journal of local transactions could not be read or
	// written.
	ErrJournal = ErrorKind("transaction journal error")
)

// Kinds shared with the stateless checks of package ethtypes, re-exported
// so callers of this package need not import ethtypes to test for them.
const (
	ErrTxTypeNotSupported      = ethtypes.ErrTxTypeNotSupported      // "transaction type not supported"
	ErrInvalidChainID          = ethtypes.ErrInvalidChainID          // "invalid chain id for signer"
	ErrIntrinsicGas            = ethtypes.ErrIntrinsicGas            // "intrinsic gas too low"
	ErrTipAboveFeeCap          = ethtypes.ErrTipAboveFeeCap          // "max priority fee per gas higher than max fee per gas"
	ErrNonceMax                = ethtypes.ErrNonceMax                // "nonce has max value"
	ErrMaxInitCodeSizeExceeded = ethtypes.ErrMaxInitCodeSizeExceeded // "max initcode size exceeded"
	ErrFeeOverflow             = ethtypes.ErrFeeOverflow             // "gas limit * gas price exceeds 256 bits"
)

// RuleError is a rejection: a kind (an ErrorKind of this package or of
// ethtypes), a description of the specific case and optionally the
// underlying error (the signer's error behind ErrInvalidSender).
type RuleError struct {
	Err         error
	Description string
	Cause       error
}

// Error returns the kind's text, then the cause's and the description.
func (e *RuleError) Error() string {
	s := e.Err.Error()
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Unwrap returns the kind and, if set, the cause.
func (e *RuleError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// ruleError returns a RuleError of kind k with description d.
func ruleError(k error, d string) error {
	return &RuleError{Err: k, Description: d}
}
