// Package txpool holds the account chain's transactions waiting to be
// mined, following the behaviour of geth's legacy pool.
//
// # Model
//
// Each account has a pending list (executable now: contiguous nonces
// starting at the account's nonce in the head state) and a queued list
// (transactions behind a nonce gap). New transactions enter the queue and
// are promoted to pending as soon as the gap before them fills. Reset
// moves the pool to a new head: on a reorg the abandoned branch's
// transactions return; then stale nonces and unaffordable transactions
// are dropped, pending lists that are no longer contiguous are demoted,
// and the queue is promoted again.
//
// Capacity is counted in slots of 32 KiB (TxSlotSize); a transaction is
// at most TxMaxSize (128 KiB). Limits: AccountSlots executable
// transactions guaranteed per account, GlobalSlots executable in all,
// AccountQueue queued per account, GlobalQueue queued in all. When the
// pool is full a new remote transaction evicts the cheapest remote ones
// (a min-heap by effective tip under the next block's base fee) or is
// rejected. Queued transactions of an account idle for Lifetime (3 hours)
// are dropped at the next Reset (or by EvictExpired). The clock is
// Config.Now.
//
// Local transactions (AddLocal: submitted through this node's RPC) are
// exempt from the price limit, eviction and the account limits; their
// accounts stay local, and they are journalled to Config.Journal (geth's
// transactions.rlp format, see DecodeJournal) and re-added by New after a
// restart. Appends are single writes; the file is rewritten crash-safely
// (temporary file, fsync, rename) by New and by Reset every Rejournal (1
// hour) or when it has doubled, so a crash loses at most a torn last
// record, which loading ignores.
//
// A transaction replaces a pooled one with the same sender and nonce only
// if it raises both the max fee per gas and the max priority fee per gas
// by at least PriceBump percent (10%). Blob (type 3) transactions are not
// accepted: geth keeps them in a separate pool, which twinchain lacks.
//
// Pending gives the miner the executable transactions per account;
// NewPriceAndNonceIterator orders them across accounts by effective tip,
// keeping each account's nonce order. Content, Status, Get, Has and Nonce
// serve txpool_* and eth_* RPC; SubscribeNewTxs announces transactions
// that become executable.
//
// # Interfaces
//
// The pool reads the chain through Chain (head header, blocks for reorgs,
// state by root) and the state through StateReader (nonce, balance); the
// node adapts its chain and state database to them. Fork rules and the
// signer come from the ethparams.ChainConfig in Config, for the block
// after the head.
//
// # Errors
//
// Rejections are *RuleError values whose kind is an ErrorKind of this
// package or of ethtypes (re-exported here); test with errors.Is. The
// texts are geth's: "nonce too low", "insufficient funds for gas * price
// + value", "intrinsic gas too low", "exceeds block gas limit",
// "transaction underpriced", "replacement transaction underpriced",
// "already known", "txpool is full", "invalid sender" (with the signer's
// error, for example "invalid chain id for signer"), and so on.
//
// # Concurrency
//
// A Pool is safe for concurrent use: one RWMutex guards it. Reset runs
// synchronously in the caller. Subscribers are called after the pool is
// unlocked, on the goroutine that changed it. The package starts no
// goroutines.
package txpool
