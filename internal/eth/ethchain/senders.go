package ethchain

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/parallel"
)

// minParallelSenders is the number of transactions below which senders
// are left to the block processor.
const minParallelSenders = 16

// recoverSenders starts recovering, on GOMAXPROCS goroutines, the senders
// of the blocks' transactions in order, caching them in the transactions
// (ethtypes.Sender) ahead of the processor, which recovers any it reaches
// first itself. Errors are ignored here (the processor reports them). The
// returned function stops the workers and waits for them.
func (bc *BlockChain) recoverSenders(blocks []*ethtypes.Block) (stop func()) {
	type item struct {
		tx     *ethtypes.Transaction
		signer *ethtypes.Signer
	}
	var n int
	for _, b := range blocks {
		n += len(b.Txs)
	}
	if n < minParallelSenders {
		return func() {}
	}
	items := make([]item, 0, n)
	signers := make([]ethtypes.Signer, len(blocks))
	for i, b := range blocks {
		signers[i] = ethtypes.MakeSigner(HeaderRules(bc.cfg, b.Header), bc.cfg.ChainID)
		for _, tx := range b.Txs {
			items = append(items, item{tx, &signers[i]})
		}
	}
	return parallel.Start(len(items), 0, func(i int) { _, _ = ethtypes.Sender(*items[i].signer, items[i].tx) })
}
