package ethconsensus

import (
	"context"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// DevDifficulty is the difficulty of every block of the dev engine: one,
// so that total difficulty is the chain length and the heaviest chain is
// the longest, while the chain stays a proof-of-work one for the rules
// that tell the two apart (a zero difficulty would mean proof of stake).
const DevDifficulty = 1

// DevConfig holds the parameters of the dev engine.
type DevConfig struct {
	// BlockReward, when non-nil, is credited per block (with the uncle
	// shares of AccumulateRewards); nil means no rewards, as Hardhat and
	// anvil.
	BlockReward *uint256.Int
	// HeaderCheck is as Config.HeaderCheck.
	HeaderCheck func(h, parent *ethtypes.Header) error
	// Now and AllowedFutureTime are as in Config; nil Now means no clock
	// check (a dev chain may set its next timestamp ahead).
	Now               func() uint64
	AllowedFutureTime uint64
}

// Dev is the engine of development networks: no proof of work, every
// block has difficulty DevDifficulty and a zero nonce and mix digest, and
// Seal returns at once, so a block can be sealed on demand (automine on
// each transaction, or every N seconds: the caller's schedule). Headers
// and uncles are otherwise checked as under Ethash.
//
// A Dev is safe for concurrent use.
type Dev struct {
	cfg DevConfig
}

var _ Engine = (*Dev)(nil)

// NewDev returns a dev engine with configuration cfg.
//
// This function is safe for concurrent access.
func NewDev(cfg DevConfig) *Dev {
	if cfg.AllowedFutureTime == 0 {
		cfg.AllowedFutureTime = DefaultAllowedFutureTime
	}
	return &Dev{cfg: cfg}
}

// SealHash returns the package-level SealHash of h.
//
// This method is safe for concurrent access.
func (d *Dev) SealHash(h *ethtypes.Header) ethtypes.Hash { return SealHash(h) }

// VerifyHeader checks h against its parent, read from chain: the extra
// data size, the clock (DevConfig.Now), a timestamp above the parent's,
// the number, difficulty DevDifficulty and DevConfig.HeaderCheck. There is
// no seal to check.
//
// This method is safe for concurrent access.
func (d *Dev) VerifyHeader(chain ChainHeaderReader, h *ethtypes.Header) error {
	parent, err := parentOf(chain, h)
	if err != nil {
		return err
	}
	return d.verifyHeader(chain, h, parent, false)
}

// verifyHeader is VerifyHeader with the parent given.
func (d *Dev) verifyHeader(_ ChainHeaderReader, h, parent *ethtypes.Header, uncle bool) error {
	if err := verifyCommon(h, parent, uncle, d.cfg.Now, d.cfg.AllowedFutureTime); err != nil {
		return err
	}
	if !h.Difficulty.IsUint64() || h.Difficulty.Uint64() != DevDifficulty {
		return ruleErrorf(ErrInvalidDifficulty, "have %s, want %d", h.Difficulty.Dec(), DevDifficulty)
	}
	if d.cfg.HeaderCheck != nil {
		return d.cfg.HeaderCheck(h, parent)
	}
	return nil
}

// VerifyUncles applies Ethash's uncle rules (see Ethash.VerifyUncles) with
// the dev header checks.
//
// This method is safe for concurrent access.
func (d *Dev) VerifyUncles(chain ChainReader, b *ethtypes.Block) error {
	return verifyUncles(chain, b, d.verifyHeader)
}

// CalcDifficulty returns DevDifficulty.
//
// This method is safe for concurrent access.
func (d *Dev) CalcDifficulty(ChainHeaderReader, uint64, *ethtypes.Header) *uint256.Int {
	return uint256.NewInt(DevDifficulty)
}

// Prepare sets h.Difficulty to DevDifficulty.
//
// This method is safe for concurrent access.
func (d *Dev) Prepare(_ ChainHeaderReader, h *ethtypes.Header) error {
	h.Difficulty.SetUint64(DevDifficulty)
	return nil
}

// Finalize credits DevConfig.BlockReward (AccumulateRewards), if set.
//
// This method is safe for concurrent access if no two calls share state.
func (d *Dev) Finalize(_ ChainHeaderReader, h *ethtypes.Header, state StateWriter, uncles []*ethtypes.Header) {
	if d.cfg.BlockReward != nil {
		AccumulateRewards(state, d.cfg.BlockReward, h, uncles)
	}
}

// Seal returns b unchanged (its nonce and mix digest are left as built,
// normally zero) unless ctx has already ended.
//
// This method is safe for concurrent access.
func (d *Dev) Seal(ctx context.Context, b *ethtypes.Block) (*ethtypes.Block, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return b, nil
}
