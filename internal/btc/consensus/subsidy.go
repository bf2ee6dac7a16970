package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// GetBlockSubsidy returns the new coins a block at height may create: 50 BTC
// halved every p.SubsidyHalvingInterval blocks, zero from the 64th halving on
// (Core's GetBlockSubsidy).
//
// This function is safe for concurrent access.
func GetBlockSubsidy(height int32, p *chaincfg.Params) int64 {
	halvings := height / p.SubsidyHalvingInterval
	if halvings >= 64 || halvings < 0 {
		return 0
	}
	return (50 * COIN) >> uint(halvings)
}

// AccumulateFees adds a transaction's fee to a block's running total, failing
// with ErrBadTxnsAccumulatedFeeOutOfRange when the sum leaves the money range
// (ConnectBlock's check).
//
// This function is safe for concurrent access.
func AccumulateFees(total, fee int64) (int64, error) {
	total += fee
	if !MoneyRange(total) {
		return 0, ruleErrorf(ErrBadTxnsAccumulatedFeeOutOfRange, "accumulated fee in the block out of range")
	}
	return total, nil
}

// CheckCoinbaseAmount fails with ErrBadCbAmount when the coinbase pays out
// more than the subsidy at height plus the block's fees (ConnectBlock's
// check).
//
// This function is safe for concurrent access.
func CheckCoinbaseAmount(coinbase *primitives.Tx, height int32, fees int64, p *chaincfg.Params) error {
	reward := fees + GetBlockSubsidy(height, p)
	var out int64
	for i := range coinbase.Outputs {
		out += coinbase.Outputs[i].Value
	}
	if out > reward {
		return ruleErrorf(ErrBadCbAmount, "coinbase pays too much (actual=%d vs limit=%d)", out, reward)
	}
	return nil
}
