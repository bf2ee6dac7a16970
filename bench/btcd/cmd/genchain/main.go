// Command genchain writes a generated regtest chain (package chaingen; by
// default the acceptance chain of issue 3: 1,000 blocks, 100,800 signed
// transactions) as a blk file, genesis block first, for bench/run-import.sh.
// It prints the chain's counts as key=value lines:
//
//	blocks=1000 txs=100800 inputs=169323 bytes=42747961 tip=<hash> height=1000
//
// With -recent the chain is generated twice, the second time shifted so
// that its tip is an hour old: nodes that hold it are out of initial block
// download and serve it to peers (bench/run-sync.sh).
//
// usage: genchain -out FILE [-blocks N] [-txs N] [-seed N] [-recent]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
)

func main() {
	out := flag.String("out", "", "blk file to write (required)")
	cfg := chaingen.DefaultConfig()
	flag.IntVar(&cfg.Blocks, "blocks", cfg.Blocks, "blocks after genesis")
	flag.IntVar(&cfg.TxsPerBlock, "txs", cfg.TxsPerBlock, "transactions per block once coinbases mature")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "generator seed")
	recent := flag.Bool("recent", false, "shift the timestamps so that the tip is an hour old")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	gen, err := chaingen.GenerateChain(cfg)
	if err == nil && *recent {
		// Block timestamps advance by seeded random steps from StartTime,
		// so shifting StartTime shifts every block by the same amount.
		last := gen.Blocks[len(gen.Blocks)-1].Header.Timestamp
		start := int64(chaingen.DefaultStartTime)
		if cfg.StartTime != 0 {
			start = int64(cfg.StartTime)
		}
		cfg.StartTime = uint32(start + time.Now().Add(-time.Hour).Unix() - int64(last))
		gen, err = chaingen.GenerateChain(cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genchain:", err)
		os.Exit(1)
	}
	size, err := gen.WriteBlkFile(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genchain:", err)
		os.Exit(1)
	}
	tip := gen.Blocks[len(gen.Blocks)-1]
	fmt.Printf("blocks=%d txs=%d inputs=%d bytes=%d tip=%s height=%d\n",
		gen.Stats.Blocks, gen.Stats.Txs, gen.Stats.Inputs, size, tip.BlockHash(), len(gen.Blocks))
}
