package netsync

import (
	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Chain is what the manager needs from the block chain; *blockchain.Chain
// satisfies it. Every method must be safe for concurrent use.
type Chain interface {
	// ProcessHeaders adds headers to the block index after the header
	// checks; a rejection is a *blockchain.RuleError.
	ProcessHeaders(headers []primitives.Header) error
	// ProcessBlock validates, stores and (when it has the most work)
	// connects a block whose parent header is known, in any order.
	ProcessBlock(blk *primitives.Block) error
	// BlockLocator returns a locator from hash backwards (the tip for nil).
	BlockLocator(hash *chainhash.Hash) ([]chainhash.Hash, error)
	// FindFork returns the last active-chain block a locator names.
	FindFork(loc []chainhash.Hash) (chainhash.Hash, int32)
	// BlockInfo returns what the block index knows about a block.
	BlockInfo(hash chainhash.Hash) (blockchain.BlockInfo, error)
	// BlockHashByHeight returns the active chain's block at height.
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	// RawBlockByHash reads a stored block's witness serialization.
	RawBlockByHash(hash chainhash.Hash) ([]byte, error)
	// BestState returns the tip and the best header.
	BestState() blockchain.BestState
	// IsInitialBlockDownload reports whether the chain is catching up.
	IsInitialBlockDownload() bool
	// Subscribe registers a callback for tip changes.
	Subscribe(fn func(blockchain.Notification)) (unsubscribe func())
}

// Mempool is what the manager needs from the transaction pool;
// *mempool.Pool satisfies it. Every method must be safe for concurrent
// use.
type Mempool interface {
	// ProcessTransaction accepts a transaction (or keeps it as an orphan)
	// and returns every transaction accepted, released orphans included.
	ProcessTransaction(tx *primitives.Tx) (accepted []mempool.TxDesc, orphaned bool, err error)
	// Get and GetByWtxid look a pool transaction up.
	Get(txid chainhash.Hash) (mempool.TxDesc, bool)
	GetByWtxid(wtxid chainhash.Hash) (mempool.TxDesc, bool)
	// Has reports whether the pool holds txid.
	Has(txid chainhash.Hash) bool
	// TxDescs returns every pool transaction (compact block
	// reconstruction).
	TxDescs() []mempool.TxDesc
}

// Interface checks: the chain and the pool satisfy the consumer interfaces
// directly, so the node needs no adapter.
var (
	_ Chain   = (*blockchain.Chain)(nil)
	_ Mempool = (*mempool.Pool)(nil)
)

// poolSource adapts a Mempool snapshot to wire.TxSource.
type poolSource []mempool.TxDesc

// RangeTxs calls fn for each pool transaction and its wtxid.
func (s poolSource) RangeTxs(fn func(wtxid *chainhash.Hash, tx *primitives.Tx) bool) {
	for i := range s {
		if !fn(&s[i].WTxID, s[i].Tx) {
			return
		}
	}
}
