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
// and the proof-of-work block and uncle rewards. ValidateState compares
// gas used, blob gas used, bloom, receipts root and state root with the
// header. Chain strings these together: InsertBlock validates and executes
// a block on any known parent, commits its state and moves the head to the
// block with the highest total difficulty (after the merge, to every new
// block). Block rejections are *BlockError values with kinds named after
// geth's messages.
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
// GasPool is not safe for concurrent use.
package ethchain
