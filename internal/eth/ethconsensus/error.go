package ethconsensus

import "fmt"

// ErrorKind identifies why a header, a block's uncles or a configuration is
// rejected. It satisfies the error interface; compare with errors.Is. The
// texts are geth's (consensus/errors.go, consensus/ethash/consensus.go), so
// users see the messages they know.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of rejection.
const (
	// ErrUnknownAncestor: the parent of the header is not known to the
	// chain reader.
	ErrUnknownAncestor = ErrorKind("unknown ancestor")
	// ErrFutureBlock: the timestamp is further in the future than the
	// configured allowance.
	ErrFutureBlock = ErrorKind("block in the future")
	// ErrInvalidNumber: the number is not the parent's plus one.
	ErrInvalidNumber = ErrorKind("invalid block number")
	// ErrOlderBlockTime: the timestamp is not above the parent's.
	ErrOlderBlockTime = ErrorKind("timestamp older than parent")
	// ErrExtraDataTooLong: more than 32 bytes of extra data.
	ErrExtraDataTooLong = ErrorKind("extra-data too long")
	// ErrInvalidDifficulty: the difficulty is not the one the formula
	// gives for the parent and timestamp.
	ErrInvalidDifficulty = ErrorKind("invalid difficulty")
	// ErrNonPositiveDifficulty: a proof-of-work header with difficulty 0.
	ErrNonPositiveDifficulty = ErrorKind("non-positive difficulty")
	// ErrInvalidMixDigest: the header's mix digest is not the one Ethash
	// computes for its seal hash and nonce.
	ErrInvalidMixDigest = ErrorKind("invalid mix digest")
	// ErrInvalidPoW: the Ethash result is above 2^256 / difficulty.
	ErrInvalidPoW = ErrorKind("invalid proof-of-work")
	// ErrEpochTooHigh: the header's epoch is beyond the sizes this engine
	// can compute (MaxGrowingEpoch or MaxFixedEpoch).
	ErrEpochTooHigh = ErrorKind("ethash epoch too high")
	// ErrTooManyUncles: a block with more than two uncles.
	ErrTooManyUncles = ErrorKind("too many uncles")
	// ErrDuplicateUncle: an uncle included twice, or already included by
	// one of the last seven ancestors, or the block itself.
	ErrDuplicateUncle = ErrorKind("duplicate uncle")
	// ErrUncleIsAncestor: an uncle that is one of the block's ancestors.
	ErrUncleIsAncestor = ErrorKind("uncle is ancestor")
	// ErrDanglingUncle: an uncle whose parent is not one of the block's
	// seven previous ancestors, or is the block's own parent (a sibling).
	ErrDanglingUncle = ErrorKind("uncle's parent is not ancestor")
	// ErrInvalidConfig: an engine configuration that cannot work (sizes
	// that are not whole items, a zero epoch length...).
	ErrInvalidConfig = ErrorKind("invalid ethash configuration")
)

// RuleError is a rejection: a kind of this package and a description with
// the values involved. errors.Is(err, kind) matches the kind.
type RuleError struct {
	Err         ErrorKind
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

// ruleErrorf returns a RuleError of kind k with a formatted description.
func ruleErrorf(k ErrorKind, format string, args ...any) error {
	return &RuleError{Err: k, Description: fmt.Sprintf(format, args...)}
}
