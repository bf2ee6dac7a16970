package ethconsensus

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Difficulty formula constants.
const (
	// MinimumDifficulty is the lowest difficulty of a proof-of-work block.
	MinimumDifficulty = 131072
	// DifficultyBoundDivisor: the difficulty moves by parent/2048 per step.
	DifficultyBoundDivisor = 2048
	// DurationLimit is Frontier's block time below which the difficulty
	// rises.
	DurationLimit = 13
	// expDiffPeriod is the number of blocks per doubling of the bomb.
	expDiffPeriod = 100000
)

// Difficulty bomb delays (in blocks) of the forks that pushed the bomb
// back: Byzantium (EIP-649), Constantinople (EIP-1234), Muir Glacier
// (EIP-2384), London (EIP-3554), Arrow Glacier (EIP-4345) and Gray
// Glacier (EIP-5133).
const (
	ByzantiumBombDelay      = 3_000_000
	ConstantinopleBombDelay = 5_000_000
	MuirGlacierBombDelay    = 9_000_000
	LondonBombDelay         = 9_700_000
	ArrowGlacierBombDelay   = 10_700_000
	GrayGlacierBombDelay    = 11_400_000
)

// maxUint256 is 2^256-1, where difficulty arithmetic saturates.
var maxUint256 = new(uint256.Int).SetAllOne()

// CalcDifficulty returns the proof-of-work difficulty of a block with
// timestamp time on top of parent under cfg: Frontier's rule before
// Homestead, Homestead's (EIP-2) before Byzantium, and from Byzantium the
// EIP-100 rule with the uncle adjustment, with the bomb delayed by the
// latest of the forks above that is active at the block. With bombOff the
// exponential "ice age" term is left out (our networks). Arithmetic that
// would exceed 2^256-1 (hostile timestamps or numbers) saturates there.
//
// This function is safe for concurrent access.
func CalcDifficulty(cfg *ethparams.ChainConfig, bombOff bool, time uint64, parent *ethtypes.Header) *uint256.Int {
	next := parent.Number + 1
	var d *uint256.Int
	var bombBlock uint64 // the (fake) block number the bomb counts from
	switch {
	case cfg.IsByzantium(next):
		var delay uint64
		switch {
		case cfg.IsGrayGlacier(next):
			delay = GrayGlacierBombDelay
		case cfg.IsArrowGlacier(next):
			delay = ArrowGlacierBombDelay
		case cfg.IsLondon(next):
			delay = LondonBombDelay
		case cfg.IsMuirGlacier(next):
			delay = MuirGlacierBombDelay
		case cfg.IsConstantinople(next):
			delay = ConstantinopleBombDelay
		default:
			delay = ByzantiumBombDelay
		}
		// x = max(c - (time - parent.time) / 9, -99), c = 2 with uncles.
		c := int64(1)
		if parent.UncleHash != ethtypes.EmptyUncleHash {
			c = 2
		}
		d = adjustDifficulty(&parent.Difficulty, c-floorDiv(time, parent.Time, 9))
		if next >= delay {
			bombBlock = next - delay
		}
	case cfg.IsHomestead(next):
		// x = max(1 - (time - parent.time) / 10, -99)
		d = adjustDifficulty(&parent.Difficulty, 1-floorDiv(time, parent.Time, 10))
		bombBlock = next
	default:
		x := int64(-1)
		if time < parent.Time || time-parent.Time < DurationLimit {
			x = 1
		}
		d = adjustDifficulty(&parent.Difficulty, x)
		bombBlock = next
	}
	if !bombOff {
		addBomb(d, bombBlock)
	}
	return d
}

// floorDiv returns floor((a - b) / k) for unsigned a and b, clamped to
// ±2^40 (far beyond where the formula's -99 floor and saturation apply).
func floorDiv(a, b uint64, k int64) int64 {
	const limit = 1 << 40
	if a >= b {
		return int64(min(a-b, limit)) / k
	}
	n := int64(min(b-a, limit))
	return -((n + k - 1) / k)
}

// adjustDifficulty returns max(parent + parent/2048 * max(x, -99),
// MinimumDifficulty), saturating at 2^256-1.
func adjustDifficulty(parent *uint256.Int, x int64) *uint256.Int {
	x = max(x, -99)
	var step uint256.Int
	step.Rsh(parent, 11) // / DifficultyBoundDivisor
	d := new(uint256.Int).Set(parent)
	if x >= 0 {
		if _, over := step.MulOverflow(&step, uint256.NewInt(uint64(x))); over {
			return d.Set(maxUint256)
		}
		if _, over := d.AddOverflow(d, &step); over {
			return d.Set(maxUint256)
		}
	} else {
		step.Mul(&step, uint256.NewInt(uint64(-x))) // < parent: no overflow
		if step.Gt(d) {
			d.Clear()
		} else {
			d.Sub(d, &step)
		}
	}
	if d.LtUint64(MinimumDifficulty) {
		d.SetUint64(MinimumDifficulty)
	}
	return d
}

// addBomb adds the ice age term 2^(block/100000 - 2) to d when
// block/100000 > 1, saturating at 2^256-1.
func addBomb(d *uint256.Int, block uint64) {
	period := block / expDiffPeriod
	if period <= 1 {
		return
	}
	if period-2 >= 256 {
		d.Set(maxUint256)
		return
	}
	var bomb uint256.Int
	bomb.Lsh(uint256.NewInt(1), uint(period-2))
	if _, over := d.AddOverflow(d, &bomb); over {
		d.Set(maxUint256)
	}
}
