package ethparams_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
)

func ExampleForkConfig() {
	cfg, _ := ethparams.ForkConfig("Cancun")
	// The rules of block 1 at time 1, a post-merge block.
	rules := cfg.Rules(1, true, 1)
	fmt.Println(rules.IsLondon, rules.IsCancun)
	bc, _ := cfg.BlobConfigAt(1, 1)
	fee, _ := bc.BlobBaseFee(10_000_000)
	fmt.Println(bc.Max, fee.Dec())
	// Output:
	// true true
	// 6 19
}
