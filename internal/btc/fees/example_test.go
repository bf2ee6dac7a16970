package fees_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// An estimator learns from transactions entering the pool and the blocks
// that confirm them.
func Example() {
	e := fees.New()
	e.BlockConnected(1, nil)
	var n byte
	for height := int32(1); height < 60; height++ {
		var confirmed []chainhash.Hash
		for range 20 {
			n++
			id := chainhash.Hash{n, byte(height)}
			// 25 sat/vB, confirmed in the next block.
			e.TxAdded(mempool.TxDesc{TxID: id, Fee: 25 * 200, VSize: 200, AncestorCount: 1}, height)
			confirmed = append(confirmed, id)
		}
		e.BlockConnected(height+1, confirmed)
	}
	rate, blocks, ok := e.EstimateSmartFee(6, false)
	fmt.Println(rate, blocks, ok)
	_, _, ok = e.EstimateSmartFee(1008, false)
	fmt.Println("target lowered:", ok)
	// Output:
	// 25000 6 true
	// target lowered: true
}
