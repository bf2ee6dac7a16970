// Package evm is the Ethereum Virtual Machine: the interpreter of contract
// code with every instruction and gas rule from Frontier to Cancun, and the
// call and creation machinery around it.
//
// # Model
//
// An EVM is built per block with NewEVM from a BlockContext (coinbase,
// number, time, base fee, PREVRANDAO, BLOCKHASH lookup...), a TxContext
// (origin, gas price, blob hashes), a StateDB, the fork Rules
// (ethtypes.Rules) and a Config (tracer, precompiles, shared cache). Its
// entry points are Call, CallCode, DelegateCall, StaticCall, Create and
// Create2; each returns the output, the gas left and the error the frame
// ended with. Every error except ErrExecutionReverted consumes all the gas
// given to the frame; a frame that fails or reverts has its state changes
// undone through StateDB snapshots. The call depth is limited to 1024, calls
// pass on at most all but one 64th of the gas left (EIP-150), static calls
// forbid state changes (EIP-214), created code is limited to 24576 bytes
// (EIP-170) and may not start with 0xEF (EIP-3541), init code to 49152 bytes
// with a per-word charge (EIP-3860). A creation collides with an address
// that has a nonce or code (as geth 1.17 does: storage is not checked, so
// the EIP-7610 cases of the reference tests differ).
//
// The StateDB interface is defined here, the consumer; the state package
// implements it with a journal. PrecompiledContract is the interface of the
// native contracts (package precompile); Config.Precompiles selects a set,
// by default the one of the EVM's rules.
//
// Applying a transaction is the job of the layer above (nonce and balance
// checks, buying gas, intrinsic gas, the access list, refunds capped with
// MaxRefundQuotient, the coinbase tip, blob gas): NewEVM's documentation
// lists the steps around Call and Create.
//
// # Instruction sets
//
// Each fork's instruction table is built from the previous fork's by the
// EIPs that changed it (jump_table.go) and checked to have an
// implementation for every byte. An entry holds the implementation, the
// constant gas, the dynamic gas and memory-size functions and the stack
// bounds. ForkOf maps Rules to a table.
//
// # Performance
//
// Code is analysed once per code hash and fork (Cache, shared by a node's
// EVMs): valid jump destinations and basic blocks with their constant gas
// and stack bounds; a block that runs into a JUMPDEST is charged together
// with the blocks it runs into, so runs of tiny blocks cost one entry
// check. The fast loop charges gas and checks the stack once per block,
// keeps the stack pointer, pc and gas in locals, operates on a fixed
// [1024]uint256.Int stack in place and inlines the common instructions;
// frames, with their stacks and memory, come from the Cache's pool, and
// memory grows with amortised capacity after its gas is charged. Errors are always those of an instruction-by-instruction
// execution: when a block's advance charge would change the outcome the
// frame finishes in the exact loop (interpreter.go).
//
// # Tracing
//
// Config.Tracer is a set of optional hooks (Tracer); nil costs nothing.
// OnOpcode/OnFault/OnGasChange switch the interpreter to the exact loop.
// StructLogger gives the output of geth's default debug_traceTransaction
// tracer and CallTracer that of its callTracer.
//
// # Errors
//
// Execution errors are ErrorKind constants compared with errors.Is; stack
// errors (*StackError), undefined instructions (*InvalidOpCodeError),
// failed dynamic gas computations (*GasError, which wraps ErrOutOfGas as
// geth does) and oversized init code (*InitCodeSizeError) carry details.
// The texts are geth's.
//
// # Concurrency
//
// An EVM runs on one goroutine; Cancel may be called from another. A Cache
// is safe for concurrent use.
package evm
