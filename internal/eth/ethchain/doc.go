// Package ethchain applies transactions and (later) blocks to the account
// chain's state.
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
