package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Tracer is a set of optional hooks called during execution. Unset hooks
// cost nothing; a nil *Tracer in Config disables tracing altogether. Hooks
// run on the executing goroutine and must not modify the values they are
// given (stack, memory, input, output): copy what they keep.
//
// OnTxStart and OnTxEnd are not called by the EVM itself but by the code
// that applies a transaction on top of it (buying gas, checking the nonce,
// refunds), which also owns the transaction-level gas accounting.
type Tracer struct {
	// OnTxStart is called before a transaction's execution.
	OnTxStart func(evm *EVM, tx *TxStart)
	// OnTxEnd is called after it.
	OnTxEnd func(res *TxEnd)

	// OnEnter is called when a frame starts: a call (CALL, CALLCODE,
	// DELEGATECALL, STATICCALL), a creation (CREATE, CREATE2) or a
	// SELFDESTRUCT's transfer. depth is 0 for the transaction's frame. value
	// is nil for STATICCALL.
	OnEnter func(depth int, typ OpCode, from, to ethtypes.Address, input []byte, gas uint64, value *uint256.Int)
	// OnExit is called when that frame ends, with the gas it used, its
	// error and whether its state changes were reverted (an error that is
	// not reverted is the pre-Homestead code-storage failure).
	OnExit func(depth int, output []byte, gasUsed uint64, err error, reverted bool)

	// OnOpcode is called before each instruction runs, after its gas has
	// been charged: gas is the gas before the instruction and cost what it
	// charged. err is set when the instruction fails before it runs (stack,
	// gas); depth is 1 for the transaction's frame.
	OnOpcode func(pc uint64, op OpCode, gas, cost uint64, scope *Frame, returnData []byte, depth int, err error)
	// OnFault is called when an instruction that OnOpcode saw fails while
	// running (including REVERT).
	OnFault func(pc uint64, op OpCode, gas, cost uint64, scope *Frame, depth int, err error)
	// OnGasChange is called when a frame's gas changes.
	OnGasChange func(old, new uint64, reason GasChangeReason)
	// OnLog is called for every LOG instruction that succeeds (the log may
	// still be reverted with its frame).
	OnLog func(addr ethtypes.Address, topics []ethtypes.Hash, data []byte)
}

// TxStart describes a transaction to OnTxStart.
type TxStart struct {
	From     ethtypes.Address
	To       *ethtypes.Address // nil for a creation
	Gas      uint64            // the gas limit
	GasPrice uint256.Int
	Value    uint256.Int
	Input    []byte
}

// TxEnd describes the end of a transaction to OnTxEnd.
type TxEnd struct {
	GasUsed uint64 // gas used after refunds, as in the receipt
	Err     error  // a transaction-level failure (nonce, funds...), nil when the transaction was executed
}

// GasChangeReason says why a frame's gas changed (OnGasChange).
type GasChangeReason byte

// Reasons for a gas change. The Tx* reasons are for the code that applies
// transactions; the EVM reports the others.
const (
	GasChangeUnspecified GasChangeReason = iota
	GasChangeTxInitialBalance
	GasChangeTxIntrinsicGas
	GasChangeTxRefunds
	GasChangeTxLeftOverReturned
	GasChangeCallInitialBalance   // a frame starts with its gas
	GasChangeCallLeftOverReturned // a frame returns its gas left to the caller
	GasChangeCallLeftOverRefunded // the caller takes back a sub-call's gas left
	GasChangeCallContractCreation // CREATE passes gas to the new frame
	GasChangeCallContractCreation2
	GasChangeCallCodeStorage         // a creation pays for its code
	GasChangeCallOpCode              // an instruction's cost
	GasChangeCallPrecompiledContract // a precompile's cost
	GasChangeCallStorageColdAccess   // the cold-account surcharge of a call (EIP-2929)
	GasChangeCallFailedExecution     // a failing frame loses its gas
)
