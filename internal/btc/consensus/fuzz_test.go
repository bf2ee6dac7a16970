package consensus

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// FuzzCheckBlock decodes arbitrary bytes as a block and runs every block
// check on it under regtest rules: none may panic, and an accepted block
// re-encodes to the same bytes.
func FuzzCheckBlock(f *testing.F) {
	p := chaincfg.RegTest()
	f.Add(p.GenesisBlock.Bytes())
	f.Add(chaincfg.MainNet().GenesisBlock.Bytes())
	f.Add(validRegtestBlock().Bytes())
	f.Add(addWitnessCommitment(validRegtestBlock()).Bytes())
	c := newTestChain(1, p.GenesisBlock.Header.Bits, int64(p.GenesisBlock.Header.Timestamp), 600)
	f.Fuzz(func(t *testing.T, raw []byte) {
		blk, err := primitives.DecodeBlock(raw)
		if err != nil {
			return
		}
		for _, flags := range []BehaviorFlags{BFNone, BFNoPoWCheck | BFNoMerkleCheck} {
			if CheckBlock(blk, p, flags) != nil {
				continue
			}
			_ = ContextualCheckBlockHeader(&blk.Header, c.tip(), p, 2_000_000_000)
			_ = ContextualCheckBlock(blk, c.tip(), p)
			_ = CheckSignetBlockSolution(blk, opTrue)
			if flags == BFNone && string(blk.Bytes()) != string(raw) {
				t.Fatal("accepted block does not re-encode to its bytes")
			}
		}
	})
}
