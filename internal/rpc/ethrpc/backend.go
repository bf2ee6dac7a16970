package ethrpc

import (
	"context"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethminer"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// ChainReader is the view of the canonical chain the RPC reads. The
// node's *ethchain.BlockChain implements it.
type ChainReader interface {
	// Config returns the chain configuration.
	Config() *ethparams.ChainConfig
	// CurrentBlock returns the head block.
	CurrentBlock() *ethtypes.Block
	// GetBlockByNumber returns the canonical block at number.
	GetBlockByNumber(number uint64) (*ethtypes.Block, bool)
	// GetBlockByHash returns any stored block by hash.
	GetBlockByHash(hash ethtypes.Hash) (*ethtypes.Block, bool)
	// GetCanonicalHash returns the canonical hash at number.
	GetCanonicalHash(number uint64) (ethtypes.Hash, bool)
	// GetReceipts returns the receipts of the block with hash.
	GetReceipts(hash ethtypes.Hash) (ethtypes.Receipts, bool)
	// GetTransaction returns a canonical transaction and its location.
	GetTransaction(txHash ethtypes.Hash) (*ethtypes.Transaction, ethrawdb.TxLocation, bool)
	// StateAt returns a fresh, writable state on root; the RPC never
	// commits it.
	StateAt(root ethtypes.Hash) (*statedb.StateDB, error)
}

// TxPool is the view of the transaction pool the RPC needs. *txpool.Pool
// implements it.
type TxPool interface {
	// AddLocal adds a transaction submitted through this node.
	AddLocal(tx *ethtypes.Transaction) error
	// AddLocals adds transactions submitted through this node, in order,
	// and returns one rejection (nil when accepted) per transaction.
	AddLocals(txs []*ethtypes.Transaction) []error
	// Get returns a pooled transaction or nil.
	Get(hash ethtypes.Hash) *ethtypes.Transaction
	// Nonce returns the next nonce of addr counting its pending
	// transactions.
	Nonce(addr ethtypes.Address) uint64
	// Content returns the pending and queued transactions per account.
	Content() (pending, queued map[ethtypes.Address][]*ethtypes.Transaction)
	// Status returns the numbers of pending and queued transactions.
	Status() (pending, queued int)
	// BaseFee returns the base fee of the next block (nil before London).
	BaseFee() *uint256.Int
}

// Miner is the block producer of a dev node. *ethminer.Miner implements
// it. It is optional: without one, "pending" is the head and the dev
// helpers answer -32601.
type Miner interface {
	// MineBlock mines one block now, empty or not.
	MineBlock(ctx context.Context) (*ethtypes.Block, ethtypes.Receipts, error)
	// MinePending mines the pending transactions (automine).
	MinePending(ctx context.Context) ([]*ethtypes.Block, error)
	// Pending builds, without inserting, the block that would be mined
	// now.
	Pending() (*ethminer.Result, error)
	// SetNextTimestamp fixes the timestamp of the next block.
	SetNextTimestamp(ts uint64) error
	// IncreaseTime moves the miner's clock forward and returns the total
	// offset in seconds.
	IncreaseTime(secs uint64) int64
	// Mining reports whether a mining loop runs.
	Mining() bool
	// HashRate returns the proof-of-work hash rate.
	HashRate() float64
	// Etherbase returns the coinbase of mined blocks.
	Etherbase() ethtypes.Address
}

// DevBackend serves the dev helpers that change the chain outside of
// mining; the node implements it (optional: without one anvil_setBalance,
// hardhat_setBalance, evm_snapshot and evm_revert answer -32601).
type DevBackend interface {
	// SetBalance gives addr the balance at the head. The node decides how
	// the change reaches the head state; twinchain's node mines a block
	// that carries it, so the head state root stays the one of a valid
	// block (anvil instead mutates its head state in place).
	SetBalance(ctx context.Context, addr ethtypes.Address, balance *uint256.Int) error
	// SetHead rewinds the canonical chain to block number and resets the
	// pool to it (evm_revert). The transactions of the dropped blocks are
	// discarded, as Hardhat does.
	SetHead(ctx context.Context, number uint64) error
}

// Account is an unlocked dev account: its address and private key.
type Account struct {
	Address    ethtypes.Address
	PrivateKey [32]byte
}

// Config holds a Service's backend and parameters.
type Config struct {
	// Chain is the canonical chain (required).
	Chain ChainReader
	// Pool is the transaction pool (required).
	Pool TxPool
	// Miner produces blocks on demand (optional).
	Miner Miner
	// Dev, when non-nil, serves anvil_setBalance/hardhat_setBalance,
	// evm_snapshot and evm_revert.
	Dev DevBackend
	// Accounts are the unlocked dev accounts, in eth_accounts order.
	Accounts []Account
	// Automine mines the pending transactions after each accepted
	// eth_sendRawTransaction / eth_sendTransaction before answering.
	Automine bool
	// GasCap caps the gas of eth_call and eth_estimateGas (0: 50,000,000).
	GasCap uint64
	// NetworkID is net_version's answer (0: the chain id).
	NetworkID uint64
	// ClientVersion is web3_clientVersion's answer.
	ClientVersion string
	// VMConfig is the EVM configuration of calls (its Cache is shared).
	VMConfig evm.Config
	// LogRangeCap bounds the blocks one eth_getLogs call scans (0:
	// DefaultLogRangeCap).
	LogRangeCap uint64
	// Events feeds filters and subscriptions with chain events (optional;
	// when nil and Chain implements ChainEvents, Chain is used).
	Events ChainEvents
	// Net, when non-nil, answers net_peerCount, net_listening and
	// eth_syncing from the P2P network.
	Net NetInfo
}

// ChainEvents announces chain changes. *ethchain.BlockChain implements it.
type ChainEvents interface {
	SubscribeChainEvents(fn func(ethchain.ChainEvent)) (unsubscribe func())
}

// TxEvents announces transactions that became executable in the pool.
// *txpool.Pool implements it; when Config.Pool does, pending-transaction
// filters and subscriptions work.
type TxEvents interface {
	SubscribeNewTxs(fn func([]*ethtypes.Transaction)) (unsubscribe func())
}

// DefaultGasCap is the default gas cap of eth_call and eth_estimateGas
// (geth's --rpc.gascap).
const DefaultGasCap = 50_000_000
