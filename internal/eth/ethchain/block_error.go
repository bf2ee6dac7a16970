package ethchain

import "fmt"

// Kinds of block-level failures: a header or block that breaks one of
// these is invalid and is not inserted. The texts follow geth's messages
// (consensus/misc, consensus/beacon, core/block_validator.go) where geth
// has one; a BlockError adds the specific values.
const (
	// ErrUnknownAncestor: the parent of the block is not known.
	ErrUnknownAncestor = ErrorKind("unknown ancestor")
	// ErrKnownBlock: the block is already in the chain.
	ErrKnownBlock = ErrorKind("block already known")
	// ErrInvalidNumber: the number is not the parent's plus one.
	ErrInvalidNumber = ErrorKind("invalid block number")
	// ErrOlderBlockTime: the timestamp is not above the parent's.
	ErrOlderBlockTime = ErrorKind("timestamp older than parent")
	// ErrExtraDataTooLong: more than 32 bytes of extra data.
	ErrExtraDataTooLong = ErrorKind("extra-data too long")
	// ErrInvalidGasLimit: the gas limit moved by 1/1024 of the parent's or
	// more, is below 5000 or above 2^63-1.
	ErrInvalidGasLimit = ErrorKind("invalid gasLimit")
	// ErrInvalidGasUsed: the header's gas used exceeds its gas limit.
	ErrInvalidGasUsed = ErrorKind("invalid gasUsed")
	// ErrInvalidBaseFee: the base fee is missing (from London), present
	// before London, or not the EIP-1559 value.
	ErrInvalidBaseFee = ErrorKind("invalid baseFee")
	// ErrInvalidDifficulty: a post-merge header with a non-zero difficulty.
	ErrInvalidDifficulty = ErrorKind("invalid difficulty")
	// ErrInvalidNonce: a post-merge header with a non-zero nonce.
	ErrInvalidNonce = ErrorKind("invalid nonce")
	// ErrInvalidUncleHash: a post-merge header with uncles.
	ErrInvalidUncleHash = ErrorKind("invalid uncle hash")
	// ErrTooManyUncles: more than two uncles (before the merge).
	ErrTooManyUncles = ErrorKind("too many uncles")
	// ErrInvalidWithdrawals: the withdrawals root is missing from Shanghai,
	// present before it, or the body's withdrawals list is inconsistent.
	ErrInvalidWithdrawals = ErrorKind("invalid withdrawals")
	// ErrInvalidBlobGas: blob gas used or excess blob gas missing from
	// Cancun, present before it, above the maximum, not a multiple of the
	// blob size, or not the EIP-4844 value.
	ErrInvalidBlobGas = ErrorKind("invalid blob gas")
	// ErrMissingBeaconRoot: a Cancun header without the parent beacon
	// block root (EIP-4788), or a pre-Cancun header with one.
	ErrMissingBeaconRoot = ErrorKind("header is missing beaconRoot")
	// ErrUncleRootMismatch: the ommers hash is not the hash of the uncles.
	ErrUncleRootMismatch = ErrorKind("uncle root hash mismatch")
	// ErrTxRootMismatch: the transactions root does not match the body.
	ErrTxRootMismatch = ErrorKind("transaction root hash mismatch")
	// ErrWithdrawalsRootMismatch: the withdrawals root does not match the
	// body.
	ErrWithdrawalsRootMismatch = ErrorKind("withdrawals root hash mismatch")
	// ErrGasUsedMismatch: the header's gas used is not what the
	// transactions used.
	ErrGasUsedMismatch = ErrorKind("invalid gas used")
	// ErrBlobGasUsedMismatch: the header's blob gas used is not the sum of
	// the transactions'.
	ErrBlobGasUsedMismatch = ErrorKind("blob gas used mismatch")
	// ErrBloomMismatch: the header's logs bloom is not the receipts'.
	ErrBloomMismatch = ErrorKind("invalid bloom")
	// ErrReceiptRootMismatch: the receipts root does not match.
	ErrReceiptRootMismatch = ErrorKind("invalid receipt root hash")
	// ErrStateRootMismatch: the state root after the block does not match.
	ErrStateRootMismatch = ErrorKind("invalid merkle root")
	// ErrTxApply: a transaction of the block cannot be applied; the
	// BlockError wraps the transaction's own error too.
	ErrTxApply = ErrorKind("could not apply tx")
)

// BlockError is a block rejection: a kind of this package, a description
// with the values involved and, for ErrTxApply, the transaction's error
// (so errors.Is finds both ErrTxApply and, say, ErrNonceTooLow).
type BlockError struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the kind's text followed by the description and cause.
func (e *BlockError) Error() string {
	s := e.Err.Error()
	if e.Description != "" {
		s += " " + e.Description
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the kind and, if set, the cause.
func (e *BlockError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// blockErrorf returns a BlockError of kind k with a formatted description.
func blockErrorf(k ErrorKind, format string, args ...any) error {
	return &BlockError{Err: k, Description: fmt.Sprintf(format, args...)}
}
