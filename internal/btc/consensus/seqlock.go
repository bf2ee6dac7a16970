package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// BIP68 relative lock-time encoding of an input's sequence number.
const (
	// SequenceLockTimeDisableFlag: when set, the sequence number carries
	// no relative lock time.
	SequenceLockTimeDisableFlag = 1 << 31
	// SequenceLockTimeTypeFlag: when set, the lock is in units of 512
	// seconds of median time past; otherwise in blocks.
	SequenceLockTimeTypeFlag = 1 << 22
	// SequenceLockTimeMask extracts the lock value.
	SequenceLockTimeMask = 0x0000ffff
	// SequenceLockTimeGranularity is log2(512), the time unit's shift.
	SequenceLockTimeGranularity = 9
)

// SequenceLock is the strongest relative lock of a transaction's inputs in
// nLockTime semantics: the last height and the last median time past at
// which the transaction is NOT yet valid (-1: no constraint).
type SequenceLock struct {
	MinHeight int32
	MinTime   int64
}

// CalculateSequenceLocks computes tx's BIP68 lock (Core's
// CalculateSequenceLocks). enforce is Core's LOCKTIME_VERIFY_SEQUENCE flag
// (CSV active for the block); locks apply only to transactions of version 2
// or more. prevHeights has one entry per input: prevHeights[i] is the height
// of the block that created the coin input i spends (the spending block's
// height for a coin created in the same block). medianTimePast(h) must return the median time past of the block at
// height h on the chain being validated; it is called, with
// max(prevHeight-1, 0), only for time-based locks.
//
// This function is safe for concurrent access if medianTimePast is.
func CalculateSequenceLocks(tx *primitives.Tx, enforce bool, prevHeights []int32, medianTimePast func(height int32) int64) SequenceLock {
	lock := SequenceLock{MinHeight: -1, MinTime: -1}
	if !enforce || tx.Version < 2 {
		return lock
	}
	for i := range tx.Inputs {
		seq := tx.Inputs[i].Sequence
		if seq&SequenceLockTimeDisableFlag != 0 {
			continue
		}
		coinHeight := prevHeights[i]
		value := int64(seq & SequenceLockTimeMask)
		if seq&SequenceLockTimeTypeFlag != 0 {
			// Measured from the median time past of the block before the
			// one containing the coin, the earliest time it could have had.
			coinTime := medianTimePast(max(coinHeight-1, 0))
			// Minus one: nLockTime semantics, the last invalid time.
			lock.MinTime = max(lock.MinTime, coinTime+value<<SequenceLockTimeGranularity-1)
		} else {
			lock.MinHeight = max(lock.MinHeight, int32(int64(coinHeight)+value-1))
		}
	}
	return lock
}

// EvaluateSequenceLocks reports whether lock is satisfied by a block at
// blockHeight whose parent has median time past prevMTP (Core's
// EvaluateSequenceLocks).
//
// This function is safe for concurrent access.
func EvaluateSequenceLocks(lock SequenceLock, blockHeight int32, prevMTP int64) bool {
	return lock.MinHeight < blockHeight && lock.MinTime < prevMTP
}

// CheckSequenceLocks combines CalculateSequenceLocks and
// EvaluateSequenceLocks for a transaction in a block at blockHeight whose
// parent is prev, failing with ErrBadTxnsNonFinal as ConnectBlock does.
// Median times are read from prev's ancestors.
//
// This function is safe for concurrent access if prev is.
func CheckSequenceLocks(tx *primitives.Tx, enforce bool, prevHeights []int32, prev HeaderCtx) error {
	lock := CalculateSequenceLocks(tx, enforce, prevHeights, func(h int32) int64 {
		return MedianTimePast(prev.Ancestor(h))
	})
	if lock.MinHeight < 0 && lock.MinTime < 0 {
		return nil
	}
	if !EvaluateSequenceLocks(lock, prev.Height()+1, MedianTimePast(prev)) {
		return ruleErrorf(ErrBadTxnsNonFinal, "contains a non-BIP68-final transaction (min height %d, min time %d)", lock.MinHeight, lock.MinTime)
	}
	return nil
}
