package netsync_test

import (
	"context"
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/netsync"
)

// Building a manager for a chain and a pool; the node then creates each
// peer with the manager as its peer.Config.Handler (and TxFeeRate as its
// FeeRate), calls NewPeer after the handshake and DonePeer when it ends.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "netsync-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	params := chaincfg.RegTest()
	chain, err := blockchain.Open(blockchain.Options{Params: params, DataDir: dir, DBCacheMiB: 8})
	if err != nil {
		panic(err)
	}
	defer chain.Close()
	if err := chain.Start(context.Background()); err != nil {
		panic(err)
	}
	var pool *mempool.Pool // nil: a blocks-only example
	cfg := netsync.Config{Params: params, Chain: chain}
	if pool != nil {
		cfg.Mempool = pool
	}
	m, err := netsync.New(cfg)
	if err != nil {
		panic(err)
	}
	if err := m.Start(context.Background()); err != nil {
		panic(err)
	}
	defer m.Stop()
	pr := m.Progress()
	fmt.Println("headers", pr.HeadersHeight, "blocks", pr.BlocksHeight, "ibd", pr.InitialBlockDownload)
	// Output:
	// headers 0 blocks 0 ibd true
}
