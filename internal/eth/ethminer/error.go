package ethminer

// ErrorKind identifies why the miner could not build or insert a block. It
// satisfies the error interface; compare with errors.Is.
type ErrorKind string

// Kinds of miner failures.
const (
	// ErrNoParent: the chain has no current head to build on.
	ErrNoParent = ErrorKind("miner: no head block")
	// ErrTimestampTooLow: a next block timestamp not above the head's
	// (evm_setNextBlockTimestamp), as Hardhat rejects it.
	ErrTimestampTooLow = ErrorKind("timestamp is lower than or equal to previous block's timestamp")
	// ErrExtraTooLong: extra data of more than 32 bytes.
	ErrExtraTooLong = ErrorKind("miner: extra data too long")
	// ErrRunning: a mining loop (automine, interval or continuous) is
	// already running; stop it first.
	ErrRunning = ErrorKind("miner: already running")
	// ErrInvalidInterval: an interval mining period that is not positive.
	ErrInvalidInterval = ErrorKind("miner: interval must be positive")
	// ErrState: the parent's state could not be opened or the new state
	// root could not be computed.
	ErrState = ErrorKind("miner: state unavailable")
	// ErrNoWithdrawals: a block carrying credits (MineCredits) was asked
	// for before Shanghai, whose blocks have no withdrawals.
	ErrNoWithdrawals = ErrorKind("miner: withdrawals need Shanghai")
)

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Error is a miner failure: a kind and the underlying error, if any.
type Error struct {
	Err   ErrorKind
	Cause error
}

// Error returns the kind's text followed by the cause's.
func (e *Error) Error() string {
	if e.Cause == nil {
		return string(e.Err)
	}
	return string(e.Err) + ": " + e.Cause.Error()
}

// Unwrap returns the kind and, if set, the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}
