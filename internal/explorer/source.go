package explorer

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// This file defines what the explorer reads. internal/node implements both
// interfaces (adapters over the chains, mempools/txpools and address indexes).
//
// Common contract for every method of BTCSource and ETHSource:
//
//   - Unknown keys (hash, height, txid, uncle) return an error for which
//     errors.Is(err, ErrNotFound) holds; the explorer answers 404. An
//     address without history is not unknown: it has zero stats and an
//     empty history.
//   - Any other error is an internal failure (I/O, index not built, ...); the
//     explorer answers 503 and logs it.
//   - Returned values are owned by the caller and are not modified by the
//     source afterwards; the explorer never modifies them either (so a source
//     may hand out shared immutable blocks and transactions).
//   - Methods are safe for concurrent use and must not block for long (the
//     explorer calls them from HTTP handlers).
//   - Heights are int64, -1 meaning "none/unconfirmed" where stated.

// BTCSource is the explorer's view of the UTXO chain.
type BTCSource interface {
	// Params returns the network's parameters (address encoding, genesis).
	// It never returns nil.
	Params() *chaincfg.Params

	// Tip returns the height and hash of the best (main-chain tip) block.
	Tip() (height int64, hash chainhash.Hash, err error)

	// BlockHashAt returns the hash of the main-chain block at height.
	// Height < 0 or above the tip: ErrNotFound.
	BlockHashAt(height int64) (chainhash.Hash, error)

	// Block returns the block with the given hash (main chain or not, as
	// long as its data is stored), with its chain context and the coins its
	// inputs spend (see BTCBlock). Unknown hash or no block data: ErrNotFound.
	Block(hash chainhash.Hash) (*BTCBlock, error)

	// Tx returns a transaction by txid: from the mempool, or from the main
	// chain (through the tx index or address index; a node without one may
	// only find mempool transactions). Unknown txid: ErrNotFound.
	Tx(txid chainhash.Hash) (*BTCTx, error)

	// AddressStats returns the funded/spent sums of an output script (the
	// address's scriptPubKey), confirmed and in the mempool. A script with
	// no history returns zero stats and a nil error (not ErrNotFound).
	// Without an address index: an error wrapping ErrNotFound.
	AddressStats(script []byte) (BTCAddrStats, error)

	// AddressHistory returns up to limit transactions touching the script,
	// newest first: mempool transactions first (newest entry first), then
	// confirmed ones by descending height and, within a block, descending
	// position. offset skips that many entries of this order. offset beyond
	// the end returns an empty slice and a nil error. limit is at most 100.
	AddressHistory(script []byte, offset, limit int) ([]BTCAddrTx, error)

	// AddressUnspent returns up to limit unspent outputs paying to the
	// script, including outputs created by mempool transactions and
	// excluding outputs spent by mempool transactions, in the same
	// newest-first order as AddressHistory. limit is at most 1000.
	AddressUnspent(script []byte, limit int) ([]BTCUTXO, error)

	// Mempool returns the mempool summary with the newest entries (at most
	// newest of them, newest first).
	Mempool(newest int) (*BTCMempool, error)

	// Subscribe registers fn for live events (a block connected to the main
	// chain, a transaction accepted to the mempool) and returns a function
	// that unregisters it (idempotent). fn is called from the source's
	// notification goroutine, one event at a time, in order; it returns
	// quickly and never blocks (the explorer only queues the event).
	Subscribe(fn func(BTCEvent)) (cancel func())
}

// BTCBlock is a stored UTXO-chain block with its chain context.
type BTCBlock struct {
	// Hash is the block hash; Block the decoded block.
	Hash  chainhash.Hash
	Block *primitives.Block
	// Size is the serialized size in bytes (with witnesses), as stored.
	Size int
	// Height is the block's height.
	Height int64
	// MainChain reports whether the block is in the main chain.
	MainChain bool
	// Next is the hash of the main-chain successor; nil at the tip or when
	// the block is not in the main chain.
	Next *chainhash.Hash
	// MedianTime is the median time past of the block (BIP113).
	MedianTime int64
	// ChainWork is the total work up to and including the block, as the
	// 32-byte big-endian number Core prints (may be zero if unknown).
	ChainWork uint256.Int
	// Prevouts holds the coins the inputs spend, from the block's undo data:
	// Prevouts[i][j] is the coin spent by input j of Block.Txs[i];
	// len(Prevouts) == len(Block.Txs) and Prevouts[0] (the coinbase) is nil.
	// Prevouts is nil when the block has no undo data (the genesis block, a
	// block not connected yet); fees are then shown as unknown.
	Prevouts [][]primitives.Coin
}

// BTCStatus locates a transaction or output: Esplora's "status" object.
type BTCStatus struct {
	// Confirmed is false for a mempool transaction; the other fields are
	// then zero (Height -1).
	Confirmed bool
	Height    int64
	BlockHash chainhash.Hash
	// BlockTime is the header timestamp of the block.
	BlockTime int64
}

// BTCTx is a transaction with what the transaction page shows.
type BTCTx struct {
	Txid chainhash.Hash
	Tx   *primitives.Tx
	// Status says where the transaction is; Index is its position in the
	// block (0 for the coinbase), meaningless in the mempool.
	Status BTCStatus
	Index  int
	// Prevouts[j] is the coin spent by input j (from undo data for a
	// confirmed transaction, from the UTXO set or mempool parents for a
	// mempool one). nil for a coinbase, or when unknown (fees are then
	// shown as unknown); otherwise len(Prevouts) == len(Tx.Inputs).
	Prevouts []primitives.Coin
	// SpentBy[k] says which transaction spends output k. nil when the node
	// keeps no spent-by index; otherwise len(SpentBy) == len(Tx.Outputs)
	// and a zero BTCSpend means unspent.
	SpentBy []BTCSpend
	// MempoolTime is the Unix time the transaction entered the mempool
	// (zero when confirmed).
	MempoolTime int64
}

// BTCSpend names the input that spends an output: Esplora's outspend.
type BTCSpend struct {
	// Spent is false for an unspent output (the other fields are then
	// zero).
	Spent bool
	Txid  chainhash.Hash
	Vin   uint32
	// Status of the spending transaction (Confirmed false in the mempool).
	Status BTCStatus
}

// BTCAddrSums are an address's counters: Esplora's chain_stats and
// mempool_stats.
type BTCAddrSums struct {
	TxCount        int64
	FundedTxoCount int64
	FundedTxoSum   int64 // satoshis
	SpentTxoCount  int64
	SpentTxoSum    int64 // satoshis
}

// BTCAddrStats are the confirmed (Chain) and unconfirmed (Mempool) sums of
// an address. The balance is Chain.Funded-Chain.Spent (+ the same for
// Mempool).
type BTCAddrStats struct {
	Chain   BTCAddrSums
	Mempool BTCAddrSums
}

// BTCAddrTx is one history entry of an address.
type BTCAddrTx struct {
	Txid   chainhash.Hash
	Status BTCStatus
	// Funded is the sum of the transaction's outputs paying to the script;
	// Spent the sum of the coins of the script its inputs spend (satoshis).
	Funded int64
	Spent  int64
}

// BTCUTXO is an unspent output of an address.
type BTCUTXO struct {
	OutPoint primitives.OutPoint
	Value    int64 // satoshis
	Status   BTCStatus
}

// BTCMempool is the mempool summary.
type BTCMempool struct {
	// Count is the number of transactions, VSize their total virtual size
	// and TotalFee their total fee (satoshis).
	Count    int
	VSize    int64
	TotalFee int64
	// Histogram is the fee-rate histogram; build it with FeeHistogram.Add
	// for every entry.
	Histogram FeeHistogram
	// Recent are the newest entries, newest first.
	Recent []BTCMempoolEntry
}

// BTCMempoolEntry is one mempool transaction in the summary.
type BTCMempoolEntry struct {
	Txid  chainhash.Hash
	Fee   int64 // satoshis
	VSize int64
	Value int64 // sum of outputs, satoshis
	Time  int64 // Unix time of entry
}

// BTCEventKind says what happened.
type BTCEventKind uint8

// Event kinds.
const (
	// BTCBlockConnected: a block joined the main chain (Hash, Height).
	BTCBlockConnected BTCEventKind = iota + 1
	// BTCTxAccepted: a transaction entered the mempool (Hash is the txid;
	// Fee and VSize are set).
	BTCTxAccepted
	// BTCBlockDisconnected: the tip block left the main chain in a
	// reorganisation or an invalidateblock (Hash, Height); the new tip is
	// at Height-1 until the next BTCBlockConnected.
	BTCBlockDisconnected
)

// BTCEvent is a live UTXO-chain event.
type BTCEvent struct {
	Kind   BTCEventKind
	Hash   chainhash.Hash
	Height int64
	Fee    int64
	VSize  int64
}

// ETHSource is the explorer's view of the account chain.
type ETHSource interface {
	// ChainID returns the chain id (EIP-155).
	ChainID() uint64

	// Head returns the header of the canonical head block.
	Head() (*ethtypes.Header, error)

	// BlockByNumber returns the canonical block at number. Above the head:
	// ErrNotFound.
	BlockByNumber(number uint64) (*ETHBlock, error)

	// BlockByHash returns the block with the given hash (canonical or not,
	// as long as it is stored). Unknown hash: ErrNotFound.
	BlockByHash(hash ethtypes.Hash) (*ETHBlock, error)

	// Tx returns a transaction by hash: canonical chain first, then the
	// txpool (pending or queued). Unknown hash: ErrNotFound.
	Tx(hash ethtypes.Hash) (*ETHTx, error)

	// Account returns the balance, nonce and code size of addr in the
	// state of the head block. An account that does not exist returns zero
	// values and a nil error.
	Account(addr ethtypes.Address) (ETHAccount, error)

	// AddressTxs returns up to limit canonical transactions sent by or to
	// addr (including contract creations by it and, where the index has
	// them, the contract it created), newest first (descending block
	// number, then descending index). offset skips entries; past the end
	// gives an empty slice and nil. limit is at most 100. Without an
	// address index: an error wrapping ErrNotFound.
	AddressTxs(addr ethtypes.Address, offset, limit int) ([]ETHTxRef, error)

	// TokenTransfers returns up to limit ERC-20 Transfer logs (topic0 =
	// keccak256("Transfer(address,address,uint256)"), 3 topics, 32-byte
	// data) whose from or to is addr, or which the token contract addr
	// emitted, newest first (block number, then log index, descending).
	// Paging and errors as AddressTxs.
	TokenTransfers(addr ethtypes.Address, offset, limit int) ([]TokenTransfer, error)

	// TxPool returns the txpool's pending (executable) and queued (future
	// nonce) transaction counts.
	TxPool() (ETHTxPool, error)

	// Subscribe registers fn for live events (a new canonical head block,
	// a transaction added to the pool) and returns the function that
	// unregisters it. Same calling contract as BTCSource.Subscribe.
	Subscribe(fn func(ETHEvent)) (cancel func())
}

// ETHBlock is a stored account-chain block with its receipts.
type ETHBlock struct {
	Block *ethtypes.Block
	// Receipts[i] is the receipt of Block.Txs[i] with the derived fields
	// filled (GasUsed, EffectiveGasPrice, ContractAddress, log locations);
	// len(Receipts) == len(Block.Txs).
	Receipts []*ethtypes.Receipt
	// Senders[i] is the sender of Block.Txs[i]; len(Senders) ==
	// len(Block.Txs).
	Senders []ethtypes.Address
	// Canonical reports whether the block is on the canonical chain.
	Canonical bool
	// TotalDifficulty up to and including the block (zero if unknown).
	TotalDifficulty uint256.Int
}

// ETHTx is a transaction with its receipt.
type ETHTx struct {
	Tx   *ethtypes.Transaction
	From ethtypes.Address
	// Pending is true for a txpool transaction: the block fields are zero
	// and Receipt is nil.
	Pending     bool
	BlockHash   ethtypes.Hash
	BlockNumber uint64
	BlockTime   uint64
	Index       uint
	// BaseFee of the including block (nil before London or pending).
	BaseFee *uint256.Int
	// Receipt, with its logs located (BlockNumber, TxHash, Index) and
	// derived fields filled.
	Receipt *ethtypes.Receipt
}

// ETHAccount is an account's state at the head.
type ETHAccount struct {
	Balance  uint256.Int // wei
	Nonce    uint64
	CodeSize int
}

// ETHTxRef points at one canonical transaction of an address.
type ETHTxRef struct {
	Hash        ethtypes.Hash
	BlockNumber uint64
	Index       uint
}

// TokenTransfer is one decoded ERC-20 Transfer log.
type TokenTransfer struct {
	Token       ethtypes.Address // the emitting contract
	From, To    ethtypes.Address
	Value       uint256.Int
	TxHash      ethtypes.Hash
	BlockNumber uint64
	LogIndex    uint
}

// ETHTxPool are the txpool counters.
type ETHTxPool struct {
	Pending int
	Queued  int
}

// ETHEventKind says what happened.
type ETHEventKind uint8

// Event kinds.
const (
	// ETHNewHead: a block became the canonical head (Hash, Number).
	ETHNewHead ETHEventKind = iota + 1
	// ETHTxAdded: a transaction entered the txpool (Hash).
	ETHTxAdded
	// ETHBlocksRemoved: the canonical blocks from Number up left the chain
	// (a reorganisation or a rewind such as evm_revert); the ETHNewHead
	// events of the blocks that replace them, if any, follow.
	ETHBlocksRemoved
)

// ETHEvent is a live account-chain event.
type ETHEvent struct {
	Kind   ETHEventKind
	Hash   ethtypes.Hash
	Number uint64
}
