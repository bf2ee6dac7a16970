package consensus_test

import (
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
)

// The mainnet retarget at height 32256, the first difficulty increase:
// blocks 30240 to 32255 took 1,022,578 s instead of two weeks.
func ExampleRetargetBits() {
	p := chaincfg.MainNet()
	bits := consensus.RetargetBits(p, 0x1d00ffff, 1261130161, 1262152739)
	fmt.Printf("%08x\n", bits)
	// Output: 1d00d86a
}

func ExampleCheckBlock() {
	p := chaincfg.MainNet()
	genesis := p.GenesisBlock
	fmt.Println(consensus.CheckBlock(genesis, p, consensus.BFNone))

	// The regtest genesis under mainnet's rules: its bits are far above
	// mainnet's proof-of-work limit.
	err := consensus.CheckBlock(chaincfg.RegTest().GenesisBlock, p, consensus.BFNone)
	var re *consensus.RuleError
	fmt.Println(errors.Is(err, consensus.ErrHighHash), errors.As(err, &re) && re.Reason() == "high-hash")
	// Output:
	// <nil>
	// true true
}

func ExampleCalcWork() {
	w := consensus.CalcWork(0x1d00ffff)
	fmt.Println(w.Dec())
	// Output: 4295032833
}

func ExampleGetBlockSubsidy() {
	p := chaincfg.MainNet()
	fmt.Println(consensus.GetBlockSubsidy(840000, p))
	// Output: 312500000
}
