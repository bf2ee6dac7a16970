package ethminer_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethminer"
)

// A miner configured with GasCeil moves each block's gas limit towards it
// by less than 1/1024 of the parent's.
func ExampleCalcGasLimit() {
	limit := uint64(30_000_000)
	for i := 0; i < 3; i++ {
		limit = ethminer.CalcGasLimit(limit, 36_000_000)
		fmt.Println(limit)
	}
	// Output:
	// 30029295
	// 30058619
	// 30087972
}
