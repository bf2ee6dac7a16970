package btcrpc

import (
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

var (
	genOnce  sync.Once
	genChain *chaingen.Chain
	genErr   error
)

// generated returns a deterministic 110-block regtest chain with 20
// transactions per block once coinbases mature (shared by the tests).
func generated(t testing.TB) *chaingen.Chain {
	t.Helper()
	genOnce.Do(func() {
		genChain, genErr = chaingen.GenerateChain(chaingen.Config{Seed: 7, Blocks: 110, TxsPerBlock: 20, Workers: 2})
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genChain
}

func rawBlocks(blocks []*primitives.Block) [][]byte {
	out := make([][]byte, len(blocks))
	for i, b := range blocks {
		out[i] = b.Bytes()
	}
	return out
}

// genEnv serves the generated chain without its last block, whose
// transactions are then valid for the mempool.
func genEnv(t testing.TB, txIndex bool) (*testEnv, *chaingen.Chain) {
	c := generated(t)
	return newTestEnv(t, rawBlocks(c.Blocks[:len(c.Blocks)-1]), envOptions{txIndex: txIndex}), c
}
