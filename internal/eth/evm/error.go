package evm

import "strconv"

// ErrorKind is the type of the errors an execution ends with. It satisfies
// the error interface; the constants below are compared with errors.Is
// (directly or through the wrapping error types of this file). Every error
// except ErrExecutionReverted consumes all the gas of the failing frame and
// reverts its state changes; a revert also undoes the state changes but
// returns the remaining gas. The texts are geth's, so users and tracers see
// the messages they know.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrOutOfGas: the frame's gas does not cover an instruction (also the
	// wrapping kind of a failed dynamic gas computation, as in geth).
	ErrOutOfGas = ErrorKind("out of gas")

	// ErrCodeStoreOutOfGas: a creation succeeded but the gas left does not
	// pay for storing the returned code (200 per byte). Before Homestead the
	// creation still succeeds, without code.
	ErrCodeStoreOutOfGas = ErrorKind("contract creation code storage out of gas")

	// ErrDepth: a call or creation would exceed the 1024 call depth. The
	// gas passed to it is returned.
	ErrDepth = ErrorKind("max call depth exceeded")

	// ErrInsufficientBalance: the caller cannot pay the transferred value.
	// The gas passed to the call is returned.
	ErrInsufficientBalance = ErrorKind("insufficient balance for transfer")

	// ErrContractAddressCollision: a creation targets an address that
	// already has a nonce or code.
	ErrContractAddressCollision = ErrorKind("contract address collision")

	// ErrExecutionReverted: the code executed REVERT. State changes are
	// undone, the remaining gas and the revert data are returned.
	ErrExecutionReverted = ErrorKind("execution reverted")

	// ErrMaxCodeSizeExceeded: a creation returned more than 24576 bytes of
	// code (EIP-170, from Spurious Dragon).
	ErrMaxCodeSizeExceeded = ErrorKind("max code size exceeded")

	// ErrMaxInitCodeSizeExceeded: CREATE or CREATE2 with more than 49152
	// bytes of init code (EIP-3860, from Shanghai).
	ErrMaxInitCodeSizeExceeded = ErrorKind("max initcode size exceeded")

	// ErrInvalidJump: JUMP or JUMPI to a byte that is not a JUMPDEST
	// instruction.
	ErrInvalidJump = ErrorKind("invalid jump destination")

	// ErrWriteProtection: a state-changing instruction inside a static call
	// (SSTORE, TSTORE, LOG*, CREATE*, SELFDESTRUCT, CALL with value).
	ErrWriteProtection = ErrorKind("write protection")

	// ErrReturnDataOutOfBounds: RETURNDATACOPY reads past the return data.
	ErrReturnDataOutOfBounds = ErrorKind("return data out of bounds")

	// ErrGasUintOverflow: a gas or memory size computation does not fit in
	// 64 bits.
	ErrGasUintOverflow = ErrorKind("gas uint64 overflow")

	// ErrInvalidCode: a creation returned code starting with 0xEF
	// (EIP-3541, from London).
	ErrInvalidCode = ErrorKind("invalid code: must not begin with 0xef")

	// ErrNonceUintOverflow: the creator's nonce is 2^64-1 and cannot be
	// incremented. The gas passed to the creation is returned.
	ErrNonceUintOverflow = ErrorKind("nonce uint64 overflow")

	// ErrStackUnderflow: an instruction needs more stack items than there
	// are (the error is a *StackError with the numbers).
	ErrStackUnderflow = ErrorKind("stack underflow")

	// ErrStackOverflow: an instruction would grow the stack past 1024 items
	// (the error is a *StackError).
	ErrStackOverflow = ErrorKind("stack limit reached")

	// ErrInvalidOpCode: an instruction byte the fork does not define, or
	// INVALID (0xfe) (the error is an *InvalidOpCodeError).
	ErrInvalidOpCode = ErrorKind("invalid opcode")

	// ErrSStoreSentry: SSTORE with 2300 gas or less left (EIP-2200, from
	// Istanbul). It is reported wrapped in ErrOutOfGas.
	ErrSStoreSentry = ErrorKind("not enough gas for reentrancy sentry")

	// errStopToken ends the interpreter loop normally (STOP, RETURN,
	// SELFDESTRUCT); it never leaves the package.
	errStopToken = ErrorKind("stop token")
)

// StackError reports a stack underflow or overflow with geth's numbers: the
// stack length and the instruction's requirement (underflow) or limit
// (overflow). errors.Is(err, ErrStackUnderflow) and ErrStackOverflow work.
type StackError struct {
	Kind     ErrorKind // ErrStackUnderflow or ErrStackOverflow
	StackLen int
	Bound    int // items required (underflow) or the largest allowed length (overflow)
}

// Error formats the error like geth: "stack underflow (1 <=> 2)" or
// "stack limit reached 1024 (1023)".
func (e *StackError) Error() string {
	if e.Kind == ErrStackUnderflow {
		return "stack underflow (" + strconv.Itoa(e.StackLen) + " <=> " + strconv.Itoa(e.Bound) + ")"
	}
	return "stack limit reached " + strconv.Itoa(e.StackLen) + " (" + strconv.Itoa(e.Bound) + ")"
}

// Unwrap returns the kind.
func (e *StackError) Unwrap() error { return e.Kind }

// InvalidOpCodeError reports an undefined instruction.
// errors.Is(err, ErrInvalidOpCode) works.
type InvalidOpCodeError struct {
	Op OpCode
}

// Error formats the error like geth: "invalid opcode: INVALID" or
// "invalid opcode: opcode 0xef not defined".
func (e *InvalidOpCodeError) Error() string { return "invalid opcode: " + e.Op.String() }

// Unwrap returns ErrInvalidOpCode.
func (e *InvalidOpCodeError) Unwrap() error { return ErrInvalidOpCode }

// GasError is a dynamic gas computation that failed, reported as geth does:
// wrapped in ErrOutOfGas ("out of gas: gas uint64 overflow"). Both
// errors.Is(err, ErrOutOfGas) and errors.Is(err, Cause) hold.
type GasError struct {
	Cause error
}

// Error returns "out of gas: " and the cause.
func (e *GasError) Error() string { return string(ErrOutOfGas) + ": " + e.Cause.Error() }

// Unwrap returns ErrOutOfGas and the cause.
func (e *GasError) Unwrap() []error { return []error{ErrOutOfGas, e.Cause} }

// InitCodeSizeError reports init code above the EIP-3860 limit.
// errors.Is(err, ErrMaxInitCodeSizeExceeded) works.
type InitCodeSizeError struct {
	Size uint64
}

// Error formats the error like geth: "max initcode size exceeded: size N".
func (e *InitCodeSizeError) Error() string {
	return string(ErrMaxInitCodeSizeExceeded) + ": size " + strconv.FormatUint(e.Size, 10)
}

// Unwrap returns ErrMaxInitCodeSizeExceeded.
func (e *InitCodeSizeError) Unwrap() error { return ErrMaxInitCodeSizeExceeded }
