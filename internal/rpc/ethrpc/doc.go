// Package ethrpc serves the account chain's Ethereum JSON-RPC API (eth_*,
// net_*, web3_*, txpool_* and the dev helpers evm_* / anvil_*) on a
// jsonrpc.Server, in the shapes geth and anvil give their results so that
// ethers.js, viem and Hardhat work against the node.
//
// # Model
//
// New takes a Config holding the Backend: small consumer-defined interfaces
// for the chain (ChainReader), the transaction pool (TxPool), the block
// producer (Miner, optional) and the unlocked dev accounts. The node's
// ethchain.BlockChain, *txpool.Pool and *ethminer.Miner satisfy ChainReader,
// TxPool and Miner as they are. Register adds every method to a
// jsonrpc.Server.
//
// Encoding follows geth's hexutil: quantities are "0x"-prefixed hex without
// leading zeros ("0x0" for zero), data is "0x"-prefixed even-length hex.
// Decoders reject leading zeros, odd lengths, missing prefixes and values
// above 64 (or 256) bits with -32602 (invalid params).
//
// Block parameters accept the tags latest, earliest, pending, safe and
// finalized (safe and finalized are the head on a proof-of-work chain), a
// quantity, or an EIP-1898 object {"blockNumber": q} / {"blockHash": h,
// "requireCanonical": b}. "pending" is the block the miner would mine now
// (Miner.Pending) when a miner is configured, otherwise the head.
//
// # Calls
//
// eth_call and eth_estimateGas run a message on a copy of the state of the
// requested block with ethchain.ApplyMessage (nonce and EOA checks skipped),
// capped by Config.GasCap (50,000,000 by default). When the call names no
// gas price at all, the block context's base fee is zero for it, so a call
// from an unfunded account with gas price 0 works as in geth (unlike geth,
// BASEFEE then reads zero inside such a call). State overrides (balance,
// nonce, code, state, stateDiff) apply to eth_call. A revert is the error
// code 3 with message "execution reverted" or "execution reverted: <reason>"
// when the data is an Error(string); jsonrpc.Error has no data member yet, so
// the raw revert data is not sent (see the package report).
//
// eth_estimateGas runs geth's binary search between the intrinsic gas (or
// the gas used by an unbounded run, minus one) and the cap (the block gas
// limit, the caller's gas, and the balance allowance when a price is given).
//
// # Sending
//
// eth_sendRawTransaction adds the transaction to the pool as a local one and,
// with Config.Automine, mines the pending transactions before it answers, so
// the receipt is available at once (as anvil and Hardhat). eth_sendTransaction
// fills nonce (the pool's pending nonce), gas (estimate), fees (EIP-1559:
// tip 1 gwei, fee cap 2 * base fee + tip) and chain id, signs with the
// account's dev key and sends. eth_sign signs the EIP-191 personal message.
//
// # Logs, filters and subscriptions
//
// eth_getLogs scans the canonical blocks of the range (at most
// Config.LogRangeCap, 10,000 by default; at most 10,000 results) or one
// block by hash, skipping blocks whose bloom cannot match; criteria take
// one address or a list, and up to four topic positions, each null, a
// topic or an OR list. Filters (eth_newFilter, eth_newBlockFilter,
// eth_newPendingTransactionFilter) are fed by the backend's events
// (ChainEvents, which *ethchain.BlockChain implements, and the pool's
// TxEvents); at most MaxFilters live, each buffers at most
// MaxFilterBuffer changes, and one not polled for FilterTimeout (5
// minutes) is dropped. eth_subscribe (newHeads, logs,
// newPendingTransactions) works over WebSocket only
// (jsonrpc.NotifierFromContext); each subscription has a bounded queue and
// is dropped when its client falls behind; at most MaxSubscriptions live,
// at most MaxConnSubscriptions of them on one connection.
// Logs of blocks removed by a reorg are sent with "removed": true.
//
// # Tracing and proofs
//
// debug_traceTransaction replays the transaction's block on its parent
// state with ethchain.ProcessWith and a tracer that is active for that
// transaction only; debug_traceCall traces a simulated call. The tracers
// are evm's struct logger (default; capped at 64 MiB of output) and
// "callTracer" (tracerConfig onlyTopCall, withLog). eth_getProof returns
// the EIP-1186 account and storage proofs from the tries of the block's
// state (trie.SecureTrie.Prove over the state database).
//
// # Signing
//
// eth_sign signs the EIP-191 personal message; eth_signTypedData_v4 hashes
// EIP-712 typed data (TypedData: encodeType with the referenced struct
// types sorted, arrays hashed element by element, nested structs,
// bytes and string hashed, integers range-checked) and signs the digest.
// Signatures are R || S || V with V 27 or 28.
//
// # Dev helpers
//
// evm_mine mines one block (optionally at a timestamp), evm_increaseTime and
// evm_setNextBlockTimestamp move the miner's clock. evm_snapshot records
// the head number; evm_revert rewinds to it through DevBackend.SetHead and
// drops that snapshot and every later one (Hardhat's semantics; the
// miner's time offset is not restored). anvil_setBalance and
// hardhat_setBalance are delegated to DevBackend.SetBalance: the node is
// expected to mine a block carrying the change so the head state stays the
// state of a valid block.
//
// # Errors
//
// Handlers return *jsonrpc.Error with geth's codes: -32602 for bad
// parameters, -32000 for execution and pool errors (with the pool's geth
// messages), 3 for reverts, -32601 for unsupported methods. Package errors
// (ErrorKind) describe configuration failures of New and Register.
//
// # Concurrency
//
// A Service is safe for concurrent use; it holds no chain state of its own
// beyond the filter table, which a mutex guards.
package ethrpc
