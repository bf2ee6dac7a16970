package node

import (
	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// filterChain adapts the chain to indexers.Chain: the spent scripts come
// from the block's undo data.
type filterChain struct{ *blockchain.Chain }

// SpentScripts returns the scriptPubKeys of the coins the block spent.
func (c filterChain) SpentScripts(hash chainhash.Hash) ([][]byte, error) {
	u, err := c.BlockUndo(hash)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, tx := range u.Txs {
		for _, coin := range tx.PrevOuts {
			out = append(out, coin.Out.ScriptPubKey)
		}
	}
	return out, nil
}

// startFilterIndex opens the -blockfilterindex index, feeds it the chain's
// notifications and starts its background catch-up.
func (b *btcNode) startFilterIndex() error {
	if !b.cfg.BlockFilterIndex {
		return nil
	}
	src := filterChain{b.chain}
	log := b.logs.For("index")
	ix, err := indexers.OpenBlockFilterIndex(indexers.Config{
		Chain:   src,
		DataDir: b.cfg.BTCDataDir,
		Progress: func(height int32, synced bool, err error) {
			if err != nil {
				log.Error("basic block filter index stopped syncing", "height", height, "err", err)
			} else if synced {
				log.Info("basic block filter index is enabled at height", "height", height)
			} else {
				log.Info("Syncing basic block filter index", "height", height)
			}
		},
	})
	if err != nil {
		return makeError(ErrStartup, "Error opening the block filter index: %v", err)
	}
	b.filters = ix
	b.filterUnsub = b.chain.Subscribe(func(n blockchain.Notification) {
		switch n.Type {
		case blockchain.NTBlockConnected:
			var spent [][]byte
			if n.Undo != nil {
				for _, tx := range n.Undo.Txs {
					for _, coin := range tx.PrevOuts {
						spent = append(spent, coin.Out.ScriptPubKey)
					}
				}
			}
			ix.BlockConnected(n.Block, n.Hash, n.Height, spent)
		case blockchain.NTBlockDisconnected:
			ix.BlockDisconnected(n.Hash, n.Height)
		}
	})
	ix.Start()
	return nil
}

// stopFilterIndex detaches and closes the block filter index (before the
// chain closes).
func (b *btcNode) stopFilterIndex() {
	if b.filterUnsub != nil {
		b.filterUnsub()
		b.filterUnsub = nil
	}
	if b.filters != nil {
		if err := b.filters.Close(); err != nil {
			b.log.Error("Failed to close the block filter index", "err", err)
		}
		b.filters = nil
	}
}
