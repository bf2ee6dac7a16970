// Package ethminer assembles, seals and inserts the account chain's blocks:
// the miner of a proof-of-work node and the on-demand sealer of a dev
// network.
//
// # Block assembly
//
// A block is built on the chain's head the way geth's miner worker builds
// it. The header takes the parent's hash, number + 1, the gas limit
// (the parent's, doubled at the London transition, moved towards
// Config.GasCeil by less than 1/1024 per block: CalcGasLimit), a timestamp
// (the clock plus the offset of IncreaseTime, a one-shot SetNextTimestamp,
// at least the parent's + 1), the etherbase and extra data, the EIP-1559
// base fee (ethchain.CalcBaseFee), from Shanghai an empty withdrawals list
// and from Cancun the blob gas fields (ethchain.CalcExcessBlobGas) and the
// parent beacon root (Config.BeaconRoot, applied with the EIP-4788 system
// call); then the engine's Prepare sets the difficulty.
//
// Transactions come from the pool's Pending (filtered by the base fee)
// through txpool's price-and-nonce iterator: the best effective tip first,
// each account's nonces in order. Each is applied with ethchain.ApplyMessage
// on the parent's state: a transaction whose gas limit exceeds the gas left
// drops its account for this block (geth's "gas limit reached"), a stale
// nonce moves to the account's next transaction, any other rejection drops
// the account; a rejected transaction changes nothing (state snapshot and
// gas pool restored) and stays in the pool. Assembly stops when less than
// 21000 gas is left or after a cap of transactions. Receipts, logs and the
// bloom are made as block processing makes them, so the block passes
// ethchain's full validation.
//
// Before the merge up to two uncles are chosen among the side blocks
// offered with AddSideBlock (the node's side blocks, and the miner's own
// blocks that lost a race): children of one of the block's seven previous
// ancestors other than its parent, not ancestors, not already included.
// The engine's Finalize pays the block and uncle rewards. A chain merged
// from genesis (terminal total difficulty zero, as the post-merge dev
// network) gets proof-of-stake blocks instead: difficulty zero, the parent
// hash as PREVRANDAO, no uncles, no rewards, no seal. A chain that passes
// the merge later is not handled (its blocks would need the beacon chain).
//
// # Modes
//
//   - MineBlock: one block now (evm_mine).
//   - MinePending and StartAutomine: a block per pending transaction, as
//     Hardhat and anvil automine (anvil mines each transaction in its own
//     block as it arrives); Config.AutomineTxsPerBlock < 0 puts all pending
//     transactions in one block instead. No empty blocks. Concurrent
//     MinePending calls are group-committed: a call returns once a block
//     mined since it began took every pending transaction that fitted,
//     whichever call mined it, so with AutomineTxsPerBlock < 0 the
//     transactions that arrive while a block is built share the next one
//     (as geth --dev), and a sequential client still gets one block per
//     transaction.
//   - StartInterval: a block every N seconds, empty or not (Hardhat's
//     interval mining, anvil --block-time).
//   - Start: continuous proof-of-work mining; the work is rebuilt on a new
//     head (NotifyNewHead) and every Config.Recommit; HashRate reports the
//     engine's hashes per second (eth_hashrate).
//   - MineCredits: one block now without transactions whose withdrawals
//     (from Shanghai) are computed, under the build lock, from the head's
//     state: the dev node's anvil_setBalance, a balance change that the
//     chain's validation reproduces because Process credits withdrawals.
//
// Pending builds the block the miner would mine now without inserting it:
// the "pending" block and state of eth_call and eth_estimateGas.
//
// # Interfaces
//
// The miner reads and extends the chain through Chain (configuration, head,
// headers and blocks, state by root, insertion) and takes transactions
// from Pool (*txpool.Pool implements it); after inserting a block that
// became the head it resets the pool to it. A Chain that also implements
// MinedInserter (*ethchain.BlockChain) stores the miner's blocks with the
// state they were built on instead of executing them again, and the miner
// then builds the next block on that state (the accounts, slots and trie
// nodes stay decoded), up to 256 blocks in a row. The consensus engine is an
// ethconsensus.Engine (Ethash or Dev). The clock and the interval ticker
// are in Config, so tests use fakes.
//
// # Concurrency
//
// A Miner is safe for concurrent use. Blocks are built and inserted one at
// a time; a mining loop runs on one goroutine of the miner, started by
// StartAutomine, StartInterval or Start and ended by Stop.
package ethminer
