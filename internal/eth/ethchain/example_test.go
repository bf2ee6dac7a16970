package ethchain_test

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// ExampleCalcBaseFee shows EIP-1559's base fee following the gas used by
// the parent block against its target (half the gas limit).
func ExampleCalcBaseFee() {
	cfg, _ := ethparams.ForkConfig("Cancun")
	parent := &ethtypes.Header{Number: 1, GasLimit: 30_000_000, BaseFee: uint256.NewInt(1_000_000_000)}
	for _, used := range []uint64{0, 15_000_000, 30_000_000} {
		parent.GasUsed = used
		fee := ethchain.CalcBaseFee(cfg, parent)
		fmt.Println(used, fee.Uint64())
	}
	// Output:
	// 0 875000000
	// 15000000 1000000000
	// 30000000 1125000000
}
