// Command genchain writes a generated regtest chain (package chaingen; by
// default the acceptance chain of issue 3: 1,000 blocks, 100,800 signed
// transactions) as a blk file, genesis block first, for bench/run-import.sh.
// It prints the chain's counts as key=value lines:
//
//	blocks=1000 txs=100800 inputs=169323 bytes=42747961 tip=<hash> height=1000
//
// usage: genchain -out FILE [-blocks N] [-txs N] [-seed N]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
)

func main() {
	out := flag.String("out", "", "blk file to write (required)")
	cfg := chaingen.DefaultConfig()
	flag.IntVar(&cfg.Blocks, "blocks", cfg.Blocks, "blocks after genesis")
	flag.IntVar(&cfg.TxsPerBlock, "txs", cfg.TxsPerBlock, "transactions per block once coinbases mature")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "generator seed")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	gen, err := chaingen.GenerateChain(cfg)
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
