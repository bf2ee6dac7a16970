package ethsync

import (
	"context"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Peer is one connected account-chain peer as the syncer uses it.
// *ethpeer.Peer implements it; tests use in-memory fakes.
//
// Requests block until the answer, ctx's end or the peer's own request
// timeout. The peer checks the shape of an answer (counts, the numbers of
// headers by number); the syncer checks the content.
type Peer interface {
	ID() string
	Head() (hash ethtypes.Hash, td uint256.Int)
	RequestHeadersByNumber(ctx context.Context, origin, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error)
	RequestHeadersByHash(ctx context.Context, origin ethtypes.Hash, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error)
	RequestBodies(ctx context.Context, hashes []ethtypes.Hash) ([]*ethtypes.Body, error)
	RequestPooledTransactions(ctx context.Context, hashes []ethtypes.Hash) (ethtypes.Transactions, error)
	SendNewBlock(b *ethtypes.Block, td uint256.Int) error // queued; marks the block known to the peer
	SendNewBlockHashes(hashes []ethtypes.Hash, numbers []uint64) error
	SendTransactions(txs ethtypes.Transactions) error // marks them known
	SendPooledTransactionHashes(types []byte, sizes []uint32, hashes []ethtypes.Hash) error
	KnowsBlock(hash ethtypes.Hash) bool
	KnowsTx(hash ethtypes.Hash) bool
	Misbehaving(score int, reason string)
	Disconnect(reason string)
}

// Chain is the view of the block chain the syncer needs;
// *ethchain.BlockChain implements it.
type Chain interface {
	// Config returns the chain configuration (body checks).
	Config() *ethparams.ChainConfig
	// Genesis returns the genesis block.
	Genesis() *ethtypes.Block
	// CurrentHeader returns the head of the canonical chain.
	CurrentHeader() *ethtypes.Header
	// CurrentTd returns the head's total difficulty.
	CurrentTd() uint256.Int
	// GetHeaderByHash returns a stored block's header; a stored header
	// always has its body and all its ancestors.
	GetHeaderByHash(hash ethtypes.Hash) (*ethtypes.Header, bool)
	// GetTd returns the total difficulty of a stored block.
	GetTd(hash ethtypes.Hash, number uint64) (uint256.Int, bool)
	// InsertChain validates, executes and stores blocks in order and
	// returns how many were processed; on the first invalid block it
	// stops with its index and error. Stored blocks are skipped.
	InsertChain(blocks []*ethtypes.Block) (int, error)
}

// TxPool is the view of the transaction pool the syncer needs;
// *txpool.Pool implements it.
type TxPool interface {
	// Has reports whether the pool holds the transaction.
	Has(hash ethtypes.Hash) bool
	// Add adds transactions (local false: from the network) and returns
	// one error per transaction.
	Add(txs []*ethtypes.Transaction, local bool) []error
}
