package ethtypes

import "fmt"

// ErrorKind identifies a kind of error returned by this package. It
// satisfies the error interface, so callers test with errors.Is(err,
// ErrIntrinsicGas) whether or not the kind is wrapped in a RuleError.
type ErrorKind string

// Error returns the kind's text. Where geth has a well-known message for the
// same condition the text is the same.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors. The texts of the transaction kinds follow geth's
// (core/error.go, core/types) so users see the messages they know.
const (
	// ErrInvalidHex: a hex string of the wrong length or with a non-hex
	// digit where an address or hash was expected.
	ErrInvalidHex = ErrorKind("invalid hex string")

	// ErrBadChecksum: a mixed-case address whose capitalisation is not its
	// EIP-55 checksum.
	ErrBadChecksum = ErrorKind("invalid EIP-55 address checksum")

	// ErrTxDecode: a transaction encoding that is not canonical RLP of the
	// shape its type requires (wrong element count, a list where a string
	// belongs, non-canonical integers, an integer too large for its field,
	// an address that is not 20 bytes, trailing bytes...). The RuleError's
	// Cause holds the rlp error where there is one.
	ErrTxDecode = ErrorKind("invalid transaction encoding")

	// ErrTxTypeNotSupported: a transaction type that is unknown or not yet
	// enabled by the fork rules (or by the signer).
	ErrTxTypeNotSupported = ErrorKind("transaction type not supported")

	// ErrInvalidSig: signature values V, R, S out of range (R or S zero or
	// not below the group order, S above N/2 from Homestead (EIP-2), or a V
	// that is not a valid recovery id for the signer).
	ErrInvalidSig = ErrorKind("invalid transaction v, r, s values")

	// ErrInvalidChainID: the chain id of a transaction (explicit in a typed
	// transaction, encoded in V for EIP-155) is not the signer's.
	ErrInvalidChainID = ErrorKind("invalid chain id for signer")

	// ErrRecoveryFailed: V, R and S are in range but no public key can be
	// recovered (R is not the x coordinate of a curve point, or the result
	// is the point at infinity).
	ErrRecoveryFailed = ErrorKind("invalid signature: public key recovery failed")

	// ErrNonceMax: the nonce is 2^64-1, which EIP-2681 forbids (the sender's
	// nonce could never be incremented past it).
	ErrNonceMax = ErrorKind("nonce has max value")

	// ErrGasUintOverflow: the intrinsic gas of a transaction does not fit
	// in 64 bits.
	ErrGasUintOverflow = ErrorKind("gas uint64 overflow")

	// ErrIntrinsicGas: the gas limit is below the transaction's intrinsic
	// gas.
	ErrIntrinsicGas = ErrorKind("intrinsic gas too low")

	// ErrMaxInitCodeSizeExceeded: a contract creation whose init code is
	// larger than MaxInitCodeSize (EIP-3860, from Shanghai).
	ErrMaxInitCodeSizeExceeded = ErrorKind("max initcode size exceeded")

	// ErrTipAboveFeeCap: max priority fee per gas above max fee per gas.
	ErrTipAboveFeeCap = ErrorKind("max priority fee per gas higher than max fee per gas")

	// ErrFeeOverflow: gas limit times the (maximum) gas price does not fit
	// in 256 bits, so no balance could ever pay for the transaction.
	ErrFeeOverflow = ErrorKind("gas limit * gas price exceeds 256 bits")

	// ErrBlobTxCreate: a blob transaction without a recipient (EIP-4844
	// forbids contract creation).
	ErrBlobTxCreate = ErrorKind("blob transaction of type create")

	// ErrMissingBlobHashes: a blob transaction with no blob hashes.
	ErrMissingBlobHashes = ErrorKind("blob transaction missing blob hashes")

	// ErrBlobHashVersion: a blob versioned hash whose first byte is not
	// BlobHashVersionKZG.
	ErrBlobHashVersion = ErrorKind("blob versioned hash has an unsupported version")

	// ErrTooManyBlobs: a blob transaction with more blobs than a block of
	// the fork may hold (MaxBlobsPerBlockCancun), which could never be
	// included.
	ErrTooManyBlobs = ErrorKind("blob transaction has too many blobs")

	// ErrABIType: an ABI type string that is malformed or not supported by
	// the encoder.
	ErrABIType = ErrorKind("invalid ABI type")

	// ErrABIValue: a Go value that cannot be encoded as the requested ABI
	// type (wrong Go type, out of range, wrong length).
	ErrABIValue = ErrorKind("invalid ABI value")

	// ErrBlockDecode: a header, block, receipt, log or withdrawal encoding
	// that is not canonical RLP of the required shape (wrong element
	// count, a field of the wrong length, optional header fields out of
	// order, trailing bytes...). The RuleError's Cause holds the rlp error
	// where there is one.
	ErrBlockDecode = ErrorKind("invalid block encoding")
)

// RuleError is an error of a given kind with a description of the specific
// failure. Cause optionally holds the underlying error (for example the rlp
// error behind an ErrTxDecode), so both errors.Is(err, ErrTxDecode) and
// errors.Is(err, rlp.ErrCanonInt) hold.
type RuleError struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the kind's text followed by the description.
func (e *RuleError) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Description
}

// Unwrap returns the kind and, if set, the cause.
func (e *RuleError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// ruleErrorf returns a RuleError of kind k with a formatted description.
func ruleErrorf(k ErrorKind, format string, args ...any) error {
	return &RuleError{Err: k, Description: fmt.Sprintf(format, args...)}
}

// decodeError returns an ErrTxDecode RuleError describing field and
// carrying cause.
func decodeError(field string, cause error) error {
	return &RuleError{Err: ErrTxDecode, Description: field + ": " + cause.Error(), Cause: cause}
}

// blockDecodeError returns an ErrBlockDecode RuleError describing field and
// carrying cause.
func blockDecodeError(field string, cause error) error {
	return &RuleError{Err: ErrBlockDecode, Description: field + ": " + cause.Error(), Cause: cause}
}
