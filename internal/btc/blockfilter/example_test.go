package blockfilter_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Build a filter with the basic parameters for a block hash, decode it as a
// peer would, query it and chain its header.
func Example() {
	blockHash := chainhash.DoubleSHA256([]byte("some block"))
	params, _ := blockfilter.ParamsFor(blockfilter.Basic, blockHash)

	scripts := [][]byte{
		{0x00, 0x14, 0x01, 0x02, 0x03}, // stand-ins for scriptPubKeys
		{0x51, 0x20, 0x04, 0x05},
		{0x00, 0x14, 0x01, 0x02, 0x03}, // a duplicate counts once
	}
	filter, err := blockfilter.NewFilter(params, scripts)
	if err != nil {
		panic(err)
	}
	decoded, err := blockfilter.DecodeBlockFilter(blockfilter.Basic, blockHash, filter.Bytes())
	if err != nil {
		panic(err)
	}
	fmt.Println("elements:", decoded.N())
	fmt.Println("match member:", decoded.Match(scripts[1]))
	fmt.Println("match any:", decoded.MatchAny([][]byte{{0x6a}, scripts[0]}))
	fmt.Println("match other:", decoded.Match([]byte{0x6a}))
	fmt.Println("header chains:", filter.Header(chainhash.Hash{}) == blockfilter.FilterHeader(decoded.Hash(), chainhash.Hash{}))
	// Output:
	// elements: 2
	// match member: true
	// match any: true
	// match other: false
	// header chains: true
}
