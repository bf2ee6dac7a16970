package ethchain

import "github.com/twinchain/twinchain/internal/eth/ethtypes"

// ErrorKind identifies why a transaction cannot be applied. It satisfies the
// error interface; compare with errors.Is. The texts are geth's
// (core/error.go), so users see the messages they know.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of transaction-level failures. A transaction that fails with one of
// these is invalid: it cannot be included in a block and changes nothing.
// (An execution error inside the EVM is not one of these: the transaction
// is valid, consumes its gas and is reported in ExecutionResult.Err.)
const (
	// ErrNonceTooLow: the transaction's nonce is below the sender's.
	ErrNonceTooLow = ErrorKind("nonce too low")

	// ErrNonceTooHigh: the transaction's nonce is above the sender's.
	ErrNonceTooHigh = ErrorKind("nonce too high")

	// ErrSenderNoEOA: the sender has code (EIP-3607).
	ErrSenderNoEOA = ErrorKind("sender not an eoa")

	// ErrFeeCapTooLow: max fee per gas below the block's base fee (from
	// London).
	ErrFeeCapTooLow = ErrorKind("max fee per gas less than block base fee")

	// ErrBlobFeeCapTooLow: max fee per blob gas below the block's blob base
	// fee (EIP-4844).
	ErrBlobFeeCapTooLow = ErrorKind("max fee per blob gas less than block blob gas fee")

	// ErrBlobHashVersion: a blob versioned hash without the KZG version
	// byte.
	ErrBlobHashVersion = ErrorKind("blob transaction has an invalid hash version")

	// ErrInsufficientFunds: the sender cannot pay gas limit * max fee (plus
	// blob gas * max blob fee) + value, or that sum exceeds 256 bits.
	ErrInsufficientFunds = ErrorKind("insufficient funds for gas * price + value")

	// ErrInsufficientFundsForTransfer: after buying gas the sender cannot
	// pay the transferred value.
	ErrInsufficientFundsForTransfer = ErrorKind("insufficient funds for transfer")

	// ErrGasLimitReached: the transaction's gas limit exceeds the gas left
	// in the block.
	ErrGasLimitReached = ErrorKind("gas limit reached")

	// ErrNoStatePrepare: the EVM's StateDB cannot prepare a transaction
	// (it lacks the Prepare method of this package's StateDB interface).
	ErrNoStatePrepare = ErrorKind("state does not implement Prepare")
)

// Kinds shared with the stateless checks of package ethtypes, so that
// errors.Is works whichever layer rejected the transaction.
const (
	ErrNonceMax                = ethtypes.ErrNonceMax                // "nonce has max value"
	ErrIntrinsicGas            = ethtypes.ErrIntrinsicGas            // "intrinsic gas too low"
	ErrGasUintOverflow         = ethtypes.ErrGasUintOverflow         // "gas uint64 overflow"
	ErrTipAboveFeeCap          = ethtypes.ErrTipAboveFeeCap          // "max priority fee per gas higher than max fee per gas"
	ErrMaxInitCodeSizeExceeded = ethtypes.ErrMaxInitCodeSizeExceeded // "max initcode size exceeded"
	ErrBlobTxCreate            = ethtypes.ErrBlobTxCreate            // "blob transaction of type create"
	ErrMissingBlobHashes       = ethtypes.ErrMissingBlobHashes       // "blob transaction missing blob hashes"
	ErrTooManyBlobs            = ethtypes.ErrTooManyBlobs            // "blob transaction has too many blobs"
)

// RuleError is a transaction rejection: a kind (an ErrorKind of this
// package or of ethtypes) and a description of the specific case, printed
// as geth prints it ("nonce too low: address 0x..., tx: 0 state: 1").
type RuleError struct {
	Err         error
	Description string
}

// Error returns the kind's text followed by the description.
func (e *RuleError) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Description
}

// Unwrap returns the kind.
func (e *RuleError) Unwrap() error { return e.Err }
