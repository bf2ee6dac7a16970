package ethconsensus_test

import (
	"context"
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Example seals a header with Ethash on a dev network's small cache and
// dataset, then verifies the seal as a node receiving the block would.
func Example() {
	engine, err := ethconsensus.New(ethconsensus.Config{
		CacheBytes:   64 * 67,    // 4 KiB cache
		DatasetBytes: 128 * 1031, // 128 KiB dataset
		BombOff:      true,
	})
	if err != nil {
		panic(err)
	}
	h := &ethtypes.Header{Number: 1, Time: 1700000000, UncleHash: ethtypes.EmptyUncleHash}
	h.Difficulty.SetUint64(1000)
	sealed, err := engine.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil))
	if err != nil {
		panic(err)
	}
	fmt.Println("seal valid:", engine.VerifySeal(sealed.Header) == nil)

	tampered := *sealed.Header
	tampered.Time++
	fmt.Println("tampered:", engine.VerifySeal(&tampered) != nil)
	// Output:
	// seal valid: true
	// tampered: true
}

// ExampleCalcDifficulty shows the Byzantium rule: a block 5 seconds after
// a parent with uncles raises the difficulty by 2/2048.
func ExampleCalcDifficulty() {
	zero := uint64(0)
	cfg := &ethparams.ChainConfig{ChainID: 1337, HomesteadBlock: &zero, ByzantiumBlock: &zero}
	parent := &ethtypes.Header{Number: 100, Time: 1000, UncleHash: ethtypes.Hash{1}}
	parent.Difficulty.SetUint64(2048 * 1000)
	fmt.Println(ethconsensus.CalcDifficulty(cfg, true, 1005, parent))
	// Output: 2050000
}

// ExampleDev seals dev blocks on demand: difficulty 1, no proof of work.
func ExampleDev() {
	dev := ethconsensus.NewDev(ethconsensus.DevConfig{})
	h := &ethtypes.Header{Number: 1, Time: 1700000000, UncleHash: ethtypes.EmptyUncleHash}
	_ = dev.Prepare(nil, h)
	b, err := dev.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil))
	fmt.Println(b.Header.Difficulty.Uint64(), err)
	// Output: 1 <nil>
}
