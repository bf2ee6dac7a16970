package mining_test

import (
	"context"
	"fmt"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mining"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// memChain is a ChainView over headers in memory at regtest difficulty.
type memChain struct{ headers []primitives.Header }

func (c *memChain) Tip() (chainhash.Hash, int32, int64, error) {
	h := len(c.headers) - 1
	return c.headers[h].BlockHash(), int32(h), int64(c.headers[h].Timestamp), nil
}
func (c *memChain) NextBits(int64) (uint32, error) { return 0x207fffff, nil }
func (c *memChain) ProcessBlock(blk *primitives.Block) error {
	c.headers = append(c.headers, blk.Header)
	return nil
}

// A Generator mines blocks on a chain; with no mempool they hold the
// coinbase only.
func Example() {
	params := chaincfg.RegTest()
	chain := &memChain{headers: []primitives.Header{params.GenesisBlock.Header}}
	g := mining.New(mining.Config{Params: params, Chain: chain, Now: func() time.Time { return time.Unix(1_700_000_000, 0) }})
	hashes, err := g.Generate(context.Background(), 3, []byte{0x51}, 0)
	fmt.Println(len(hashes), err, len(chain.headers)-1)

	t, _ := g.NewTemplate([]byte{0x51})
	fmt.Println(t.Height, t.CoinbaseValue, len(t.Block.Txs))
	// Output:
	// 3 <nil> 3
	// 4 5000000000 1
}
