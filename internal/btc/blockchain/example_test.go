package blockchain_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// A chain is opened on a data directory, started, fed blocks and closed.
// Rejections carry Core's reason and work with errors.Is.
func Example() {
	dir, err := os.MkdirTemp("", "chain")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	c, err := blockchain.Open(blockchain.Options{Params: chaincfg.RegTest(), DataDir: dir, DBCacheMiB: 16})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	if err := c.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	st := c.BestState()
	fmt.Println("tip:", st.Height, st.Hash)

	// A block whose header has the easiest target but no proof of work.
	blk := &primitives.Block{Header: primitives.Header{Version: 4, PrevBlock: st.Hash, Bits: 0x1d00ffff}}
	err = c.ProcessBlock(blk)
	fmt.Println(errors.Is(err, consensus.ErrHighHash), blockchain.Reason(err))
	// Output:
	// tip: 0 0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206
	// true high-hash
}
