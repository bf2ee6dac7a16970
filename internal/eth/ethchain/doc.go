// Package ethchain applies transactions and blocks to the account chain's
// state and keeps an in-memory chain of validated blocks.
//
// # State transition
//
// A transaction is first turned into a Message (TransactionToMessage:
// sender recovery, effective gas price under the block's base fee), then
// applied with ApplyMessage on an evm.EVM whose StateDB also implements
// this package's StateDB (statedb.StateDB does). ApplyMessage follows
// geth's state transition step by step — nonce, EIP-3607 sender, fee caps,
// blob checks, buying gas, intrinsic gas, value, EIP-3860 init-code size,
// access list and transient storage, execution, refund (capped at 1/2, or
// 1/5 from London by EIP-3529), returning unused gas, paying the coinbase
// the tip and burning the base fee — and produces geth's error messages.
// GasPool is the gas left in a block.
//
// The caller finalises the state after each transaction
// (statedb.StateDB.Finalise or IntermediateRoot, with EIP-158 empty-account
// deletion from Spurious Dragon).
//
// # Blocks
//
// VerifyHeader checks a header against its parent under the NoProof
// engine: parent link, number, timestamp above the parent's, extra data of
// at most 32 bytes, gas limit within 1/1024 of the parent's (doubled for
// the London transition block), at least 5000 and at most 2^63-1, gas used
// within the limit, the EIP-1559 base fee (CalcBaseFee), post-merge zero
// difficulty, nonce and ommers, the Shanghai withdrawals root and the
// Cancun blob gas fields (CalcExcessBlobGas) and parent beacon root. A
// header is proof-of-stake (IsPoSHeader) when the configuration has a
// terminal total difficulty and the header's difficulty is zero. The
// proof-of-work difficulty formula and seal are not checked here (they
// belong to the PoW engine).
//
// ValidateBody checks the ommers hash, the transactions root and the
// withdrawals root. Process executes a block: the EIP-4788 beacon-root
// system call from Cancun, every transaction (ethtypes.ValidateTx, then
// ApplyMessage; an invalid one invalidates the block), receipts with
// cumulative gas, logs and blooms, the withdrawals (gwei credited as wei)
// and the proof-of-work block and uncle rewards (ethconsensus's
// AccumulateRewards; ProcessWith leaves them to a consensus engine). ValidateState compares
// gas used, blob gas used, bloom, receipts root and state root with the
// header. Chain strings these together: InsertBlock validates and executes
// a block on any known parent, commits its state and moves the head to the
// block with the highest total difficulty (after the merge, to every new
// block). Block rejections are *BlockError values with kinds named after
// geth's messages.
//
// Rules of a block come from HeaderRules/RulesAt: ethparams' rules,
// except that a chain that never merges (no terminal total difficulty) but
// schedules Shanghai or Cancun — the dev network — runs their execution
// rules and header fields on proof-of-work blocks (IsMerge selects the
// post-merge instruction sets; PREVRANDAO is the parent hash, see
// PrevRandao, because an Ethash seal sets the mix digest after execution)
// while keeping a non-zero difficulty, uncles and rewards.
//
// # Persistent chain
//
// BlockChain (NewBlockChain) is the node's chain on a kv.Store with
// ethrawdb's schema. At open it checks the schema version, runs
// ethrawdb.Repair and then either initialises the store with
// Config.Genesis (state, block, total difficulty, canonical entry, head
// pointers and the configuration JSON under the genesis hash, in one
// synced batch) or checks that the stored genesis is the given one
// (ErrGenesisMismatch, geth's "database contains incompatible genesis").
// InsertChain validates each block — Engine.VerifyHeader (difficulty,
// seal; skipped for proof-of-stake headers), VerifyHeader,
// Engine.VerifyUncles (when there are uncles), ValidateBody — executes it
// with ProcessWith on its parent's state, the rewards paid by
// Engine.Finalize (the one reward implementation, ethconsensus's; Process
// uses it too), checks it with ValidateState and writes, in one batch,
// its trie nodes (through a NodeStore batch writer), header, body,
// receipts and total difficulty and, when its total difficulty beats the
// head's (or it is a proof-of-stake block), its canonical entry, lookups
// and the head pointers last (WriteCanonicalHead, or
// RewriteCanonicalChain for a reorg). The last block of a call is written
// with sync, unless Config.DeferSync leaves the sync to Stop (a crash
// still leaves a consistent prefix of the chain). InsertMined stores a
// block its caller built on a StateDB from StateAt (the miner) with that
// state and its receipts, checked but not executed again; the state is
// committed into the block's batch and can be reused for the next block.
// The trie nodes of the last 16 blocks stay in memory (the node store
// caches nodes only when they are read back). Side blocks are kept
// (uncles, later reorgs). Subscribers
// (SubscribeChainEvents) get a ChainEvent per block: new head (with the
// removed and added blocks and logs of a reorg), side block, or SetHead's
// rewind. Senders are recovered ahead of execution on GOMAXPROCS
// goroutines. Every PruneInterval head blocks a background prune keeps
// the states of the last StateRetention (128) block numbers
// (ethrawdb.NodeStore.PruneRetained; writers wait while it runs); StateAt
// an older root is ErrMissingState, and a side block whose parent state
// was pruned cannot be imported.
//
// Genesis is geth's genesis JSON (ParseGenesis); DevGenesis is the
// built-in dev network: chain id 1337, every fork through Cancun from
// block 0 on proof of work (DevChainConfig), gas limit 30,000,000, base
// fee 1 gwei, and 10,000 ether for each of the 20 accounts of the test
// mnemonic at m/44'/60'/0'/0/i (DevAccounts: BIP39 seed,
// crypto.DeriveHDPrivate).
//
// # Errors
//
// A transaction that cannot be applied gets a *RuleError whose kind (an
// ErrorKind of this package, or one shared with ethtypes such as
// ErrIntrinsicGas) is tested with errors.Is. Errors of the execution itself
// (out of gas, revert...) are not errors of ApplyMessage: the transaction is
// valid and they are reported in ExecutionResult.Err.
//
// # Concurrency
//
// ApplyMessage runs on one EVM and its state; use one per goroutine. A
// GasPool is not safe for concurrent use. Chain is not safe for
// concurrent use; BlockChain is (its writers are serialised, and readers
// run alongside them).
package ethchain
