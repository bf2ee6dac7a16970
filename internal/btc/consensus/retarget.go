package consensus

import (
	"slices"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// HeaderCtx is the view of a header chain the difficulty and time rules need:
// one block of the chain and access to its ancestors. The chain-state
// package's block index implements it; tests use a slice.
//
// Ancestor(h) returns the block's ancestor at height h (the block itself for
// h == Height()), or a nil interface when h is negative or above Height().
// Implementations should make Ancestor cheap for h == Height()-1 (the parent)
// and logarithmic otherwise (a skip list, as Core's CBlockIndex).
type HeaderCtx interface {
	Height() int32
	Bits() uint32
	Timestamp() int64
	Ancestor(height int32) HeaderCtx
}

// MedianTimeSpan is the number of blocks whose median timestamp is the
// median time past.
const MedianTimeSpan = 11

// MaxFutureBlockTime is how far, in seconds, a block's timestamp may be
// ahead of the validating node's clock (Core's MAX_FUTURE_BLOCK_TIME).
const MaxFutureBlockTime = 2 * 60 * 60

// MaxTimewarp is BIP94's limit, in seconds, on how much earlier than its
// parent the first block of a difficulty period may be.
const MaxTimewarp = 600

// MedianTimePast returns the median timestamp of block and the up to ten
// blocks before it (Core's CBlockIndex::GetMedianTimePast). For fewer than 11
// blocks (near genesis) it is the median of those there are.
//
// This function is safe for concurrent access.
func MedianTimePast(block HeaderCtx) int64 {
	var buf [MedianTimeSpan]int64
	n := 0
	for b := block; b != nil && n < MedianTimeSpan; n++ {
		buf[n] = b.Timestamp()
		h := b.Height()
		if h == 0 {
			n++
			break
		}
		b = b.Ancestor(h - 1)
	}
	ts := buf[:n]
	slices.Sort(ts)
	return ts[n/2]
}

// GetNextWorkRequired returns the bits a block must have whose parent is
// prev and whose timestamp is blockTime (Core's GetNextWorkRequired):
//
//   - within a difficulty period, the parent's bits; on networks with
//     PowAllowMinDifficultyBlocks (testnet3, testnet4, regtest), the limit
//     bits when blockTime is more than twice the target spacing after the
//     parent, and otherwise the bits of the last block that is the first of
//     its period or not at the limit;
//   - at the first block of a period, CalculateNextWorkRequired from the
//     period's first block (height prev.Height()-interval+1, Core's
//     off-by-one: the timespan measured covers interval-1 block intervals).
//
// prev must not be nil (the genesis block has no required bits).
//
// This function is safe for concurrent access if prev is.
func GetNextWorkRequired(p *chaincfg.Params, prev HeaderCtx, blockTime int64) uint32 {
	interval := p.DifficultyAdjustmentInterval()
	height := prev.Height() + 1
	if height%interval != 0 {
		if !p.PowAllowMinDifficultyBlocks {
			return prev.Bits()
		}
		// Testnet: a block more than 20 minutes after its parent may be
		// mined at minimum difficulty.
		if blockTime > prev.Timestamp()+2*p.PowTargetSpacing {
			return p.PowLimitBits
		}
		// Otherwise: the last block not mined under that exception.
		b := prev
		for b.Height() > 0 && b.Height()%interval != 0 && b.Bits() == p.PowLimitBits {
			b = b.Ancestor(b.Height() - 1)
		}
		return b.Bits()
	}
	first := prev.Ancestor(prev.Height() - (interval - 1))
	return CalculateNextWorkRequired(p, prev, first.Timestamp())
}

// CalculateNextWorkRequired returns the bits of the first block of a new
// difficulty period whose parent is last, the period's first block having
// timestamp firstBlockTime (Core's CalculateNextWorkRequired). Without
// retargeting (regtest) it is last's bits. With BIP94 the new target scales
// the bits of the period's first block instead of last's, so a
// min-difficulty last block cannot reset the difficulty.
//
// This function is safe for concurrent access if last is.
func CalculateNextWorkRequired(p *chaincfg.Params, last HeaderCtx, firstBlockTime int64) uint32 {
	if p.PowNoRetargeting {
		return last.Bits()
	}
	base := last.Bits()
	if p.EnforceBIP94 {
		first := last.Ancestor(last.Height() - (p.DifficultyAdjustmentInterval() - 1))
		base = first.Bits()
	}
	return RetargetBits(p, base, firstBlockTime, last.Timestamp())
}

// RetargetBits is the retarget arithmetic on plain values: the target of
// baseBits scaled by the period's actual timespan (lastTime - firstTime,
// clamped to [timespan/4, timespan*4]) over the target timespan, capped at
// the network's limit, in compact form.
//
// This function is safe for concurrent access.
func RetargetBits(p *chaincfg.Params, baseBits uint32, firstTime, lastTime int64) uint32 {
	actual := clampTimespan(p, lastTime-firstTime)
	target, _, _ := CompactToTarget(baseBits)
	return scaleTarget(p, &target, actual)
}

func clampTimespan(p *chaincfg.Params, actual int64) int64 {
	if lo := p.PowTargetTimespan / 4; actual < lo {
		return lo
	}
	if hi := p.PowTargetTimespan * 4; actual > hi {
		return hi
	}
	return actual
}

// scaleTarget returns compact(min(target * num / PowTargetTimespan,
// PowLimit)), with the multiplication modulo 2^256 as in Core.
func scaleTarget(p *chaincfg.Params, target *uint256.Int, num int64) uint32 {
	var n, d uint256.Int
	n.Mul(target, uint256.NewInt(uint64(num)))
	d.SetUint64(uint64(p.PowTargetTimespan))
	n.Div(&n, &d)
	if n.Gt(&p.PowLimit) {
		n = p.PowLimit
	}
	return TargetToCompact(&n)
}

// PermittedDifficultyTransition reports whether a block at height may have
// newBits after a parent with oldBits (Core's PermittedDifficultyTransition,
// used to vet headers before their ancestors are known): anything goes on
// networks allowing min-difficulty blocks; at a period boundary the new
// target must lie within what a timespan of 1/4 to 4 target timespans gives
// (each bound rounded through compact form); elsewhere the bits must not
// change.
//
// This function is safe for concurrent access.
func PermittedDifficultyTransition(p *chaincfg.Params, height int64, oldBits, newBits uint32) bool {
	if p.PowAllowMinDifficultyBlocks {
		return true
	}
	if height%int64(p.DifficultyAdjustmentInterval()) != 0 {
		return oldBits == newBits
	}
	observed, _, _ := CompactToTarget(newBits)
	old, _, _ := CompactToTarget(oldBits)

	maxBits := scaleTarget(p, &old, p.PowTargetTimespan*4)
	maxTarget, _, _ := CompactToTarget(maxBits)
	if maxTarget.Lt(&observed) {
		return false
	}
	minBits := scaleTarget(p, &old, p.PowTargetTimespan/4)
	minTarget, _, _ := CompactToTarget(minBits)
	return !minTarget.Gt(&observed)
}
