package blockchain

import (
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/scriptcheck"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ErrorKind identifies a kind of error returned by this package. It satisfies
// the error interface so callers can use errors.Is with the constants below.
//
// Rejections of blocks by a consensus rule that package consensus defines
// carry that package's kind instead (consensus.ErrBadCbAmount, ...), so
// errors.Is(err, consensus.ErrBadCbAmount) works on what ProcessBlock
// returns.
type ErrorKind string

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Rule violations found by the chain itself (Core's reject reasons).
const (
	// ErrPrevBlockNotFound: the block's parent is not in the block index
	// (Core's "prev-blk-not-found"). The block is not stored; it may be
	// submitted again once its parent is known.
	ErrPrevBlockNotFound = ErrorKind("prev-blk-not-found")

	// ErrBadPrevBlock: the block's parent, or an ancestor, is known to be
	// invalid (Core's "bad-prevblk").
	ErrBadPrevBlock = ErrorKind("bad-prevblk")

	// ErrDuplicate: the block is already in the index and marked invalid
	// (Core's "duplicate" with BLOCK_CACHED_INVALID). A valid block that
	// is already known is not an error.
	ErrDuplicate = ErrorKind("duplicate")

	// ErrScriptVerifyFailed: an input script failed under the block's
	// consensus flags. The reason reads
	// "mandatory-script-verify-flag-failed (<Core's ScriptErrorString>)";
	// the wrapped cause is a *scriptcheck.InputError holding the
	// txscript.Error, so errors.Is(err, txscript.ErrEvalFalse) works.
	ErrScriptVerifyFailed = ErrorKind("mandatory-script-verify-flag-failed")

	// ErrNotBestPrevBlock: TestBlockValidity was given a block that does
	// not build on the active chain's tip (Core's
	// "inconclusive-not-best-prevblk"); the block may still be valid.
	ErrNotBestPrevBlock = ErrorKind("inconclusive-not-best-prevblk")

	// ErrBlockDecode: the bytes given as a block do not decode (Core's
	// "Block decode failed").
	ErrBlockDecode = ErrorKind("block-decode-failed")

	// ErrBadTxnsInputsMissingOrSpent is consensus's kind, repeated here
	// for callers that only import this package: an input spends an
	// output that does not exist or is spent.
	ErrBadTxnsInputsMissingOrSpent = consensus.ErrBadTxnsInputsMissingOrSpent
)

// Errors that are not rule violations: the data directory, the options or
// a caller's request.
const (
	// ErrNotFound: the requested block, header or height is not known (or
	// not on the active chain, for height lookups).
	ErrNotFound = ErrorKind("ErrNotFound")

	// ErrBlockPruned: the block is known but its data was pruned (Core's
	// "Block not available (pruned data)").
	ErrBlockPruned = ErrorKind("ErrBlockPruned")

	// ErrCorrupt: the block index, the block files or the chainstate do not
	// agree with each other (a record points at missing data, undo data
	// does not fit its block, the chainstate's best block is unknown).
	// Core asks for -reindex or -reindex-chainstate in this case.
	ErrCorrupt = ErrorKind("ErrCorrupt")

	// ErrCorruptBlockDB: VerifyChain found a block that cannot be read or
	// fails CheckBlock, undo data that cannot be read or does not fit its
	// block, or a UTXO set that does not disconnect or reconnect cleanly
	// (Core's CORRUPTED_BLOCK_DB). Start fails with it ("Corrupted block
	// database detected"); Core asks to restart with -reindex or
	// -reindex-chainstate.
	ErrCorruptBlockDB = ErrorKind("ErrCorruptBlockDB")

	// ErrVerifySkipped: VerifyChain found nothing wrong but could not run
	// every check asked for: the UTXO cache budget was too small for
	// levels 3 and 4, or blocks were pruned (Core's SKIPPED_L3_CHECKS and
	// SKIPPED_MISSING_BLOCKS). Start accepts it; Core's verifychain
	// answers false.
	ErrVerifySkipped = ErrorKind("ErrVerifySkipped")

	// ErrNeedReindex: the options conflict with the data directory
	// (-txindex switched on or off, a pruned directory opened for a full
	// reindex of pruned data); rebuild with Reindex.
	ErrNeedReindex = ErrorKind("ErrNeedReindex")

	// ErrInvalidOptions: Options are inconsistent (prune below 550 MiB,
	// prune together with txindex, a missing data directory).
	ErrInvalidOptions = ErrorKind("ErrInvalidOptions")

	// ErrClosed: the chain was closed.
	ErrClosed = ErrorKind("ErrClosed")

	// ErrNotStarted: blocks were submitted before Start.
	ErrNotStarted = ErrorKind("ErrNotStarted")

	// ErrInterrupted: a long operation (reindex, import) stopped because
	// its context was cancelled.
	ErrInterrupted = ErrorKind("ErrInterrupted")
)

// RuleError is the rejection of a block: a kind usable with errors.Is,
// Core's reject reason, a description and the rejected block.
//
// Err is an ErrorKind of this package or a consensus.ErrorKind; Cause, when
// set, is the underlying error (a *consensus.RuleError, or a
// *scriptcheck.InputError wrapping a txscript.Error), which errors.Is and
// errors.As also reach.
type RuleError struct {
	Err         error
	Reason      string
	Description string
	Hash        chainhash.Hash
	Cause       error
}

// Error returns "block <hash> rejected: <reason> (<description>)".
func (e *RuleError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("block %s rejected: %s", e.Hash, e.Reason)
	}
	return fmt.Sprintf("block %s rejected: %s (%s)", e.Hash, e.Reason, e.Description)
}

// Unwrap returns the kind and, when set, the cause.
func (e *RuleError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// IsRuleError reports whether err rejects a block for a rule violation (as
// opposed to an I/O or corruption error, after which the chain state must
// not be trusted).
func IsRuleError(err error) bool {
	var re *RuleError
	return errors.As(err, &re)
}

// Reason returns Core's reject reason of a rule error, or "" when err is
// not one.
func Reason(err error) string {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Reason
	}
	return ""
}

func ruleError(kind ErrorKind, hash chainhash.Hash, format string, args ...any) *RuleError {
	return &RuleError{Err: kind, Reason: string(kind), Description: fmt.Sprintf(format, args...), Hash: hash}
}

// fromConsensus turns a rejection from package consensus into a RuleError
// for block hash, appending context (for example " in transaction <txid>")
// to the description. Errors that are not consensus rejections are
// returned unchanged.
func fromConsensus(err error, hash chainhash.Hash, context string) error {
	var ce *consensus.RuleError
	if !errors.As(err, &ce) {
		return err
	}
	return &RuleError{Err: ce.Err, Reason: ce.Reason(), Description: ce.Description + context, Hash: hash, Cause: ce}
}

// fromScript turns a script verification failure into Core's
// "mandatory-script-verify-flag-failed (...)" rejection. Other errors are
// returned unchanged.
func fromScript(err error, hash chainhash.Hash) error {
	var se *txscript.Error
	if !errors.As(err, &se) {
		return err
	}
	desc := se.Code.Description()
	re := &RuleError{
		Err:    ErrScriptVerifyFailed,
		Reason: fmt.Sprintf("%s (%s)", ErrScriptVerifyFailed, desc),
		Hash:   hash,
		Cause:  err,
	}
	var ie *scriptcheck.InputError
	if errors.As(err, &ie) {
		re.Description = fmt.Sprintf("input %d of %s", ie.InputIndex, ie.Txid)
	}
	return re
}

// isMutation reports whether a rejection may come from a block whose body
// was altered in transit while its header is fine (Core's BLOCK_MUTATED):
// such a block is not marked invalid, since the real block may still
// arrive.
func isMutation(err error) bool {
	for _, k := range []consensus.ErrorKind{
		consensus.ErrBadTxnMrklRoot, consensus.ErrBadTxnsDuplicate,
		consensus.ErrBadWitnessNonceSize, consensus.ErrBadWitnessMerkleMatch,
		consensus.ErrUnexpectedWitness,
	} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

// Error is a failure that is not a rule violation: its kind, a description
// and the underlying cause (an I/O or database error), if any.
type Error struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the description, followed by the cause.
func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Description + ": " + e.Cause.Error()
	}
	return e.Description
}

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}

func wrapError(kind ErrorKind, cause error, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...), Cause: cause}
}
