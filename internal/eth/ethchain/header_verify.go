package ethchain

import (
	"math/big"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Header limits and EIP-1559 parameters.
const (
	// MaxExtraDataSize is the maximum size of a header's extra data.
	MaxExtraDataSize = 32
	// MinGasLimit is the lowest gas limit a block may have.
	MinGasLimit = 5000
	// MaxGasLimit is the highest gas limit a block may have (2^63-1).
	MaxGasLimit = 0x7fffffffffffffff
	// GasLimitBoundDivisor bounds the change of the gas limit from one
	// block to the next: strictly less than parent/1024.
	GasLimitBoundDivisor = 1024
	// ElasticityMultiplier is EIP-1559's ratio of gas limit to gas target.
	ElasticityMultiplier = 2
	// BaseFeeChangeDenominator bounds the base fee change per block to 1/8.
	BaseFeeChangeDenominator = 8
	// InitialBaseFee is the base fee of the London transition block.
	InitialBaseFee = 1_000_000_000
)

// IsPoSHeader reports whether h is a proof-of-stake header of a chain
// with configuration cfg: the chain has a terminal total difficulty and
// the header's difficulty is zero (as geth's beacon engine decides).
//
// This function is safe for concurrent access.
func IsPoSHeader(cfg *ethparams.ChainConfig, h *ethtypes.Header) bool {
	return cfg.TerminalTotalDifficulty != nil && h.Difficulty.IsZero()
}

// HeaderRules returns the rules of the block with header h: ethparams'
// Rules with the header's proof-of-stake status, except on a chain that
// never merges (no terminal total difficulty) but schedules Shanghai or
// Cancun, such as the dev network (DevChainConfig): there the Shanghai and
// Cancun execution rules apply at their scheduled times on proof-of-work
// blocks, with IsMerge set to select the post-merge instruction sets
// (opcode 0x44 then returns PrevRandao: the parent hash). The
// header rules that depend on proof of stake (zero difficulty, nonce and
// no uncles) stay off for such blocks, so uncles and rewards remain. geth
// has no such chains (its Ethash rejects Shanghai headers); this is our
// extension, and every component must take a block's rules from here (or
// RulesAt) rather than from ChainConfig.Rules.
//
// This function is safe for concurrent access.
func HeaderRules(cfg *ethparams.ChainConfig, h *ethtypes.Header) ethtypes.Rules {
	return RulesAt(cfg, h.Number, IsPoSHeader(cfg, h), h.Time)
}

// PrevRandao returns the value of opcode 0x44 (PREVRANDAO) in a block
// whose rules have IsMerge: the header's mix digest for a proof-of-stake
// block (EIP-4399), and the parent hash for a proof-of-work block of a
// chain running the post-merge rules (HeaderRules) — a value known before
// sealing, since an Ethash seal overwrites the mix digest. Block builders
// must execute with this value.
//
// This function is safe for concurrent access.
func PrevRandao(cfg *ethparams.ChainConfig, h *ethtypes.Header) ethtypes.Hash {
	if IsPoSHeader(cfg, h) {
		return h.MixDigest
	}
	return h.ParentHash
}

// RulesAt returns the rules of a block with the given number, proof-of-
// stake status and time (see HeaderRules).
//
// This function is safe for concurrent access.
func RulesAt(cfg *ethparams.ChainConfig, num uint64, pos bool, time uint64) ethtypes.Rules {
	r := cfg.Rules(num, pos, time)
	if cfg.TerminalTotalDifficulty == nil && cfg.IsShanghai(num, time) {
		r.IsMerge = true
		r.IsShanghai = true
		r.IsCancun = cfg.IsCancun(num, time)
	}
	return r
}

// VerifyHeader checks h against its parent under the NoProof engine (no
// seal check, and no difficulty formula before the merge): the parent link
// and number, the timestamp, the extra-data size, the gas limit bounds and
// gas used, the EIP-1559 base fee, the post-merge constant fields, the
// presence of the Shanghai withdrawals root and of the Cancun blob gas
// fields (with EIP-4844's excess blob gas) and parent beacon root.
//
// This function is safe for concurrent access.
func VerifyHeader(cfg *ethparams.ChainConfig, h, parent *ethtypes.Header) error {
	if h.ParentHash != parent.Hash() {
		return blockErrorf(ErrUnknownAncestor, "parent %s", h.ParentHash)
	}
	if h.Number != parent.Number+1 {
		return blockErrorf(ErrInvalidNumber, "%d, parent %d", h.Number, parent.Number)
	}
	if h.Time <= parent.Time {
		return blockErrorf(ErrOlderBlockTime, "%d <= %d", h.Time, parent.Time)
	}
	if len(h.Extra) > MaxExtraDataSize {
		return blockErrorf(ErrExtraDataTooLong, "%d > %d", len(h.Extra), MaxExtraDataSize)
	}
	if h.GasUsed > h.GasLimit {
		return blockErrorf(ErrInvalidGasUsed, "have %d, gasLimit %d", h.GasUsed, h.GasLimit)
	}
	if err := verifyGasLimit(cfg, h, parent); err != nil {
		return err
	}
	if err := verifyBaseFee(cfg, h, parent); err != nil {
		return err
	}
	pos := IsPoSHeader(cfg, h)
	if IsPoSHeader(cfg, parent) && !pos {
		return blockErrorf(ErrInvalidDifficulty, "proof-of-work block %d after the merge", h.Number)
	}
	if pos {
		if h.Nonce != ([8]byte{}) {
			return blockErrorf(ErrInvalidNonce, "%x", h.Nonce)
		}
		if h.UncleHash != ethtypes.EmptyUncleHash {
			return blockErrorf(ErrInvalidUncleHash, "%s", h.UncleHash)
		}
	}
	rules := RulesAt(cfg, h.Number, pos, h.Time)
	switch {
	case rules.IsShanghai && h.WithdrawalsHash == nil:
		return blockErrorf(ErrInvalidWithdrawals, "missing withdrawalsHash")
	case !rules.IsShanghai && h.WithdrawalsHash != nil:
		return blockErrorf(ErrInvalidWithdrawals, "withdrawalsHash %s before Shanghai", *h.WithdrawalsHash)
	}
	if !rules.IsCancun {
		switch {
		case h.BlobGasUsed != nil || h.ExcessBlobGas != nil:
			return blockErrorf(ErrInvalidBlobGas, "blob gas fields before Cancun")
		case h.ParentBeaconRoot != nil:
			return blockErrorf(ErrMissingBeaconRoot, "beacon root %s before Cancun", *h.ParentBeaconRoot)
		}
		return nil
	}
	if h.ParentBeaconRoot == nil {
		return blockErrorf(ErrMissingBeaconRoot, "")
	}
	return verifyBlobGas(cfg, h, parent)
}

// verifyGasLimit checks the gas limit bounds, counting the London
// transition block's parent limit times the elasticity multiplier.
func verifyGasLimit(cfg *ethparams.ChainConfig, h, parent *ethtypes.Header) error {
	if h.GasLimit > MaxGasLimit {
		return blockErrorf(ErrInvalidGasLimit, "have %d, max %d", h.GasLimit, uint64(MaxGasLimit))
	}
	if h.GasLimit < MinGasLimit {
		return blockErrorf(ErrInvalidGasLimit, "have %d, min %d", h.GasLimit, MinGasLimit)
	}
	parentLimit := parent.GasLimit
	if cfg.IsLondon(h.Number) && !cfg.IsLondon(parent.Number) {
		parentLimit *= ElasticityMultiplier
	}
	diff := h.GasLimit - parentLimit
	if h.GasLimit < parentLimit {
		diff = parentLimit - h.GasLimit
	}
	if limit := parentLimit / GasLimitBoundDivisor; diff >= limit {
		return blockErrorf(ErrInvalidGasLimit, "have %d, want %d += %d", h.GasLimit, parentLimit, limit-1)
	}
	return nil
}

// verifyBaseFee checks the presence and the value of the base fee.
func verifyBaseFee(cfg *ethparams.ChainConfig, h, parent *ethtypes.Header) error {
	if !cfg.IsLondon(h.Number) {
		if h.BaseFee != nil {
			return blockErrorf(ErrInvalidBaseFee, "baseFee %s before London", h.BaseFee)
		}
		return nil
	}
	if h.BaseFee == nil {
		return blockErrorf(ErrInvalidBaseFee, "header is missing baseFee")
	}
	want := CalcBaseFee(cfg, parent)
	if !h.BaseFee.Eq(&want) {
		var pbf uint256.Int
		if parent.BaseFee != nil {
			pbf = *parent.BaseFee
		}
		return blockErrorf(ErrInvalidBaseFee, "have %s, want %s, parentBaseFee %s, parentGasUsed %d",
			h.BaseFee, &want, &pbf, parent.GasUsed)
	}
	return nil
}

// CalcBaseFee returns the EIP-1559 base fee of the child of parent: the
// initial base fee for the London transition block, then the parent's
// moved by at most 1/8 towards the gas target (half the gas limit),
// rising by at least 1 when the parent used more than the target.
//
// This function is safe for concurrent access.
func CalcBaseFee(cfg *ethparams.ChainConfig, parent *ethtypes.Header) uint256.Int {
	if !cfg.IsLondon(parent.Number) || parent.BaseFee == nil {
		return *uint256.NewInt(InitialBaseFee)
	}
	target := parent.GasLimit / ElasticityMultiplier
	if parent.GasUsed == target || target == 0 {
		return *parent.BaseFee
	}
	base := parent.BaseFee.ToBig()
	var delta big.Int
	if parent.GasUsed > target {
		delta.SetUint64(parent.GasUsed - target)
	} else {
		delta.SetUint64(target - parent.GasUsed)
	}
	delta.Mul(&delta, base)
	delta.Div(&delta, new(big.Int).SetUint64(target))
	delta.Div(&delta, big.NewInt(BaseFeeChangeDenominator))
	if parent.GasUsed > target {
		if delta.Sign() == 0 {
			delta.SetInt64(1)
		}
		base.Add(base, &delta)
	} else {
		base.Sub(base, &delta)
		if base.Sign() < 0 {
			base.SetInt64(0)
		}
	}
	var out uint256.Int
	if out.SetFromBig(base) {
		out.SetAllOne()
	}
	return out
}

// verifyBlobGas checks the Cancun blob gas fields of h.
func verifyBlobGas(cfg *ethparams.ChainConfig, h, parent *ethtypes.Header) error {
	if h.BlobGasUsed == nil || h.ExcessBlobGas == nil {
		return blockErrorf(ErrInvalidBlobGas, "header is missing blobGasUsed or excessBlobGas")
	}
	bc, ok := cfg.BlobConfigAt(h.Number, h.Time)
	if !ok {
		bc = ethparams.DefaultCancunBlobConfig
	}
	if *h.BlobGasUsed > bc.MaxBlobGas() {
		return blockErrorf(ErrInvalidBlobGas, "blob gas used %d exceeds maximum allowance %d", *h.BlobGasUsed, bc.MaxBlobGas())
	}
	if *h.BlobGasUsed%ethparams.BlobGasPerBlob != 0 {
		return blockErrorf(ErrInvalidBlobGas, "blob gas used %d not a multiple of blob gas per blob %d", *h.BlobGasUsed, ethparams.BlobGasPerBlob)
	}
	want := CalcExcessBlobGas(parent, bc)
	if *h.ExcessBlobGas != want {
		return blockErrorf(ErrInvalidBlobGas, "invalid excessBlobGas: have %d, want %d", *h.ExcessBlobGas, want)
	}
	return nil
}

// CalcExcessBlobGas returns the EIP-4844 excess blob gas of the child of
// parent under blob parameters bc: the parent's excess plus its blob gas
// used, less the target, floored at zero (a parent before Cancun counts as
// zero and zero).
//
// This function is safe for concurrent access.
func CalcExcessBlobGas(parent *ethtypes.Header, bc ethparams.BlobConfig) uint64 {
	var excess, used uint64
	if parent.ExcessBlobGas != nil && parent.BlobGasUsed != nil {
		excess, used = *parent.ExcessBlobGas, *parent.BlobGasUsed
	}
	sum := excess + used
	if sum < excess || sum < bc.TargetBlobGas() { // overflow cannot happen with valid parents
		return 0
	}
	return sum - bc.TargetBlobGas()
}
