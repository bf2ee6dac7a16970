package consensus

import (
	"bytes"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// LockTimeThreshold separates lock times that are block heights (below) from
// those that are Unix times (Core's LOCKTIME_THRESHOLD).
const LockTimeThreshold = 500_000_000

// ContextualCheckBlockHeader performs Core's ContextualCheckBlockHeader for a
// header whose parent is prev, with now the validating node's clock (Unix
// seconds; the function reads no clock):
//
//   - "bad-diffbits": the bits are not GetNextWorkRequired;
//   - "time-too-old": the timestamp is not after prev's median time past;
//   - "time-timewarp-attack" (BIP94 networks): the first block of a
//     difficulty period is more than MaxTimewarp seconds before prev;
//   - "time-too-new": the timestamp is more than MaxFutureBlockTime after now;
//   - "bad-version(0x%08x)": the version is below 2, 3 or 4 once BIP34,
//     BIP66 or BIP65 is active at the header's height.
//
// Core's "bad-fork-prior-to-checkpoint" is gone from Core (v30) and is not
// checked. prev must not be nil.
//
// This function is safe for concurrent access if prev is.
func ContextualCheckBlockHeader(h *primitives.Header, prev HeaderCtx, p *chaincfg.Params, now int64) error {
	height := prev.Height() + 1
	blockTime := int64(h.Timestamp)
	if want := GetNextWorkRequired(p, prev, blockTime); h.Bits != want {
		return ruleErrorf(ErrBadDiffBits, "incorrect proof of work: bits %08x, want %08x at height %d", h.Bits, want, height)
	}
	if mtp := MedianTimePast(prev); blockTime <= mtp {
		return ruleErrorf(ErrTimeTooOld, "block's timestamp %d is not after the median time past %d", blockTime, mtp)
	}
	if p.EnforceBIP94 && height%p.DifficultyAdjustmentInterval() == 0 {
		if blockTime < prev.Timestamp()-MaxTimewarp {
			return ruleErrorf(ErrTimewarpAttack, "block's timestamp %d is too early on diff adjustment block (parent %d)", blockTime, prev.Timestamp())
		}
	}
	if blockTime > now+MaxFutureBlockTime {
		return ruleErrorf(ErrTimeTooNew, "block timestamp %d too far in the future (now %d)", blockTime, now)
	}
	if (h.Version < 2 && p.DeploymentActiveAt(chaincfg.DeploymentHeightInCB, height)) ||
		(h.Version < 3 && p.DeploymentActiveAt(chaincfg.DeploymentDERSig, height)) ||
		(h.Version < 4 && p.DeploymentActiveAt(chaincfg.DeploymentCLTV, height)) {
		return &RuleError{
			Err:         ErrBadVersion,
			Description: fmt.Sprintf("rejected nVersion=0x%08x block", uint32(h.Version)),
			reason:      fmt.Sprintf("bad-version(0x%08x)", uint32(h.Version)),
		}
	}
	return nil
}

// ContextualCheckBlock performs Core's ContextualCheckBlock for a block whose
// parent is prev (nil for a genesis block):
//
//   - "bad-txns-nonfinal": a transaction is not final at the block's height
//     and lock-time cutoff (prev's median time past once CSV/BIP113 is
//     active, the block's own timestamp before);
//   - "bad-cb-height": once BIP34 is active, the coinbase scriptSig does not
//     start with the height as CScript() << height writes it;
//   - the witness rules of CheckWitnessMalleation, with commitments expected
//     once segwit is active;
//   - "bad-blk-weight": the block weight exceeds MaxBlockWeight.
//
// blk should have passed CheckBlock; a block without transactions fails
// with ErrBadBlkLength.
//
// This function is safe for concurrent access if blk and prev are.
func ContextualCheckBlock(blk *primitives.Block, prev HeaderCtx, p *chaincfg.Params) error {
	if len(blk.Txs) == 0 {
		return ruleError(ErrBadBlkLength, "block has no transactions")
	}
	var height int32
	if prev != nil {
		height = prev.Height() + 1
	}
	cutoff := int64(blk.Header.Timestamp)
	if prev != nil && p.DeploymentActiveAt(chaincfg.DeploymentCSV, height) {
		cutoff = MedianTimePast(prev)
	}
	for i, tx := range blk.Txs {
		if !IsFinalTx(tx, height, cutoff) {
			return ruleErrorf(ErrBadTxnsNonFinal, "non-final transaction %d (lock time %d, height %d, cutoff %d)", i, tx.LockTime, height, cutoff)
		}
	}
	if p.DeploymentActiveAt(chaincfg.DeploymentHeightInCB, height) {
		if err := CheckCoinbaseHeight(blk.Txs[0], height); err != nil {
			return err
		}
	}
	if err := CheckWitnessMalleation(blk, p.DeploymentActiveAt(chaincfg.DeploymentSegwit, height)); err != nil {
		return err
	}
	if w := blk.Weight(); w > MaxBlockWeight {
		return ruleErrorf(ErrBadBlkWeight, "weight limit failed (%d > %d)", w, MaxBlockWeight)
	}
	return nil
}

// CheckCoinbaseHeight fails with ErrBadCbHeight when the coinbase's scriptSig
// does not begin with height serialized as a script number push (BIP34).
//
// This function is safe for concurrent access.
func CheckCoinbaseHeight(coinbase *primitives.Tx, height int32) error {
	var buf [8]byte
	expect := txscript.AppendInt64(buf[:0], int64(height))
	if len(coinbase.Inputs) == 0 || !bytes.HasPrefix(coinbase.Inputs[0].ScriptSig, expect) {
		return ruleErrorf(ErrBadCbHeight, "block height mismatch in coinbase (height %d)", height)
	}
	return nil
}

// IsFinalTx reports whether tx may be included in a block at height with
// lock-time cutoff blockTime (Core's IsFinalTx): a zero lock time, a lock
// time below the height or time it is compared with, or every input's
// sequence final.
//
// This function is safe for concurrent access.
func IsFinalTx(tx *primitives.Tx, height int32, blockTime int64) bool {
	if tx.LockTime == 0 {
		return true
	}
	limit := blockTime
	if tx.LockTime < LockTimeThreshold {
		limit = int64(height)
	}
	if int64(tx.LockTime) < limit {
		return true
	}
	for i := range tx.Inputs {
		if tx.Inputs[i].Sequence != primitives.SequenceFinal {
			return false
		}
	}
	return true
}

// CheckWitnessMalleation performs Core's witness checks (CheckWitnessMalleation).
// When expectCommitment (segwit active) and the coinbase has a BIP141
// commitment output (the last matching one), the coinbase witness must be a
// single 32-byte reserved value ("bad-witness-nonce-size") and the
// commitment must equal SHA256d(witness merkle root || reserved value)
// ("bad-witness-merkle-match"). Otherwise no transaction may carry witness
// data ("unexpected-witness").
//
// This function is safe for concurrent access if blk is not being modified.
func CheckWitnessMalleation(blk *primitives.Block, expectCommitment bool) error {
	if expectCommitment && len(blk.Txs) > 0 {
		cb := blk.Txs[0]
		if pos := primitives.WitnessCommitmentIndex(cb); pos >= 0 {
			if len(cb.Inputs) == 0 {
				return ruleError(ErrBadWitnessNonceSize, "invalid witness reserved value size")
			}
			stack := cb.Inputs[0].Witness
			if len(stack) != 1 || len(stack[0]) != 32 {
				return ruleError(ErrBadWitnessNonceSize, "invalid witness reserved value size")
			}
			root, _ := blk.WitnessMerkleRoot()
			commitment := primitives.WitnessCommitment(root, stack[0])
			if !bytes.Equal(commitment[:], cb.Outputs[pos].ScriptPubKey[6:38]) {
				return ruleError(ErrBadWitnessMerkleMatch, "witness merkle commitment mismatch")
			}
			return nil
		}
	}
	for i, tx := range blk.Txs {
		if tx.HasWitness() {
			return ruleErrorf(ErrUnexpectedWitness, "unexpected witness data found (transaction %d)", i)
		}
	}
	return nil
}
