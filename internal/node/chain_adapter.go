package node

import (
	"log/slog"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// mempoolChain adapts *blockchain.Chain to mempool.Chain.
type mempoolChain struct {
	chain *blockchain.Chain
	log   *slog.Logger
}

// TipHeight returns the active chain's height.
func (a mempoolChain) TipHeight() int32 { return a.chain.BestHeight() }

// MedianTimePast returns the median time past of the active block at height.
func (a mempoolChain) MedianTimePast(height int32) int64 {
	best := a.chain.BestState()
	if height == best.Height {
		return best.MedianTime.Unix()
	}
	h, err := a.chain.BlockHashByHeight(height)
	if err != nil {
		return best.MedianTime.Unix()
	}
	info, err := a.chain.BlockInfo(h)
	if err != nil {
		return best.MedianTime.Unix()
	}
	return info.MedianTime.Unix()
}

// LookupCoin returns the unspent output op at the tip; a storage error is
// logged and reported as a missing coin (the transaction is then refused).
func (a mempoolChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	c, ok, err := a.chain.LookupCoin(op)
	if err != nil {
		a.log.Error("UTXO lookup failed", "outpoint", op.Hash.String(), "index", op.Index, "err", err)
		return primitives.Coin{}, false
	}
	return c, ok
}

// ScriptFlags returns the consensus flags of the block after the tip.
func (a mempoolChain) ScriptFlags() txscript.Flags {
	return consensus.GetBlockScriptFlags(a.chain.Params(), a.chain.BestHeight()+1, chainhash.Hash{})
}
