package ethpeer

import (
	"context"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// syncPeer is a copy of ethsync.Peer (the contract in
// notes/ethp2p-contract.md); ethpeer may not import ethsync, so the
// assertion below keeps the method sets in step.
type syncPeer interface {
	ID() string
	Head() (hash ethtypes.Hash, td uint256.Int)
	RequestHeadersByNumber(ctx context.Context, origin, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error)
	RequestHeadersByHash(ctx context.Context, origin ethtypes.Hash, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error)
	RequestBodies(ctx context.Context, hashes []ethtypes.Hash) ([]*ethtypes.Body, error)
	RequestPooledTransactions(ctx context.Context, hashes []ethtypes.Hash) (ethtypes.Transactions, error)
	SendNewBlock(b *ethtypes.Block, td uint256.Int) error
	SendNewBlockHashes(hashes []ethtypes.Hash, numbers []uint64) error
	SendTransactions(txs ethtypes.Transactions) error
	SendPooledTransactionHashes(types []byte, sizes []uint32, hashes []ethtypes.Hash) error
	KnowsBlock(hash ethtypes.Hash) bool
	KnowsTx(hash ethtypes.Hash) bool
	Misbehaving(score int, reason string)
	Disconnect(reason string)
}

var _ syncPeer = (*Peer)(nil)
