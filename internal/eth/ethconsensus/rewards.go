package ethconsensus

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Block rewards of the public proof-of-work forks, in wei.
const (
	// FrontierBlockReward is 5 ether.
	FrontierBlockReward = 5e18
	// ByzantiumBlockReward is 3 ether (EIP-649).
	ByzantiumBlockReward = 3e18
	// ConstantinopleBlockReward is 2 ether (EIP-1234).
	ConstantinopleBlockReward = 2e18
)

// BlockReward returns the block reward of block number under cfg: 5 ether,
// 3 from Byzantium, 2 from Constantinople.
//
// This function is safe for concurrent access.
func BlockReward(cfg *ethparams.ChainConfig, number uint64) *uint256.Int {
	switch {
	case cfg.IsConstantinople(number):
		return uint256.NewInt(ConstantinopleBlockReward)
	case cfg.IsByzantium(number):
		return uint256.NewInt(ByzantiumBlockReward)
	}
	return uint256.NewInt(FrontierBlockReward)
}

// AccumulateRewards credits the rewards of the block with header h and
// these uncles, for a block reward of reward wei: reward + reward/32 per
// uncle to h.Coinbase, and reward * (8 + uncle.Number - h.Number) / 8 to
// each uncle's coinbase (7/8 for an uncle one generation back, down to
// 2/8 for six). Each credit is one AddBalance call, uncles first (as
// geth), so a zero reward still touches the accounts. The uncles must have
// passed VerifyUncles (their numbers are within six of h's). The
// amounts passed to AddBalance are fresh values the callee may keep.
//
// This function is safe for concurrent access if no two calls share state.
func AccumulateRewards(state StateWriter, reward *uint256.Int, h *ethtypes.Header, uncles []*ethtypes.Header) {
	total := new(uint256.Int).Set(reward)
	var share uint256.Int
	share.Rsh(reward, 5)
	for _, u := range uncles {
		r := uint256.NewInt(u.Number + 8 - h.Number)
		r.Mul(r, reward)
		r.Rsh(r, 3)
		state.AddBalance(u.Coinbase, r)
		total.Add(total, &share)
	}
	state.AddBalance(h.Coinbase, total)
}
