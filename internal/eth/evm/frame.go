package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// stackLimit is the largest number of items on the stack.
const stackLimit = 1024

// stackMask turns a stack index into one the compiler knows is in range.
// The interpreter checks stack bounds once per basic block, so masking never
// changes an index; it only removes bounds checks from the hot loop.
const stackMask = stackLimit - 1

// Frame is the execution context of one call: its code, input, stack and
// memory. Tracers receive it in OnOpcode and OnFault and may read it
// through its methods while the hook runs; the values belong to the EVM.
type Frame struct {
	stack [stackLimit]uint256.Int
	sp    uint // number of items on the stack

	pc  uint64
	gas uint64
	mem memory

	code     []byte
	codeHash ethtypes.Hash
	an       *codeAnalysis

	caller  ethtypes.Address
	address ethtypes.Address
	value   uint256.Int
	input   []byte

	returnData []byte // output of the last sub-call (RETURNDATA*)
	ret        []byte // output of this frame (RETURN/REVERT)

	evm *EVM

	// exact is set when the frame must continue in the exact,
	// instruction-by-instruction loop (see interpreter.go).
	exact bool
}

// StackData returns the stack, bottom first (the top is the last element).
func (f *Frame) StackData() []uint256.Int { return f.stack[:f.sp] }

// MemoryData returns the memory.
func (f *Frame) MemoryData() []byte { return f.mem.store }

// Address returns the address whose storage and balance the frame acts on.
func (f *Frame) Address() ethtypes.Address { return f.address }

// Caller returns the frame's caller (CALLER).
func (f *Frame) Caller() ethtypes.Address { return f.caller }

// CallValue returns the frame's value (CALLVALUE).
func (f *Frame) CallValue() *uint256.Int { return &f.value }

// CallInput returns the frame's input (call data; empty for init code).
func (f *Frame) CallInput() []byte { return f.input }

// Code returns the code being executed.
func (f *Frame) Code() []byte { return f.code }

// Gas returns the gas left.
func (f *Frame) Gas() uint64 { return f.gas }

// Stack helpers for instruction implementations. Bounds are checked by the
// interpreter before an instruction runs.

func (f *Frame) pop() *uint256.Int {
	f.sp--
	return &f.stack[f.sp&stackMask]
}

func (f *Frame) peek() *uint256.Int { return &f.stack[(f.sp-1)&stackMask] }

// back returns the n-th item below the top (back(0) is the top).
func (f *Frame) back(n uint) *uint256.Int { return &f.stack[(f.sp-1-n)&stackMask] }

// push returns the slot above the top and makes it the new top; the caller
// must overwrite it.
func (f *Frame) push() *uint256.Int {
	p := &f.stack[f.sp&stackMask]
	f.sp++
	return p
}

// memory is a frame's byte-addressed memory. It grows in 32-byte words and
// keeps its capacity when a frame is reused, so calls at the same depth do
// not allocate.
type memory struct {
	store       []byte
	lastGasCost uint64 // cost of the current size, for incremental charging
}

func (m *memory) reset() {
	m.store = m.store[:0]
	m.lastGasCost = 0
}

// resize grows the memory to size bytes (a multiple of 32), zeroing the new
// part. Gas for the growth has already been charged, which bounds size.
func (m *memory) resize(size uint64) {
	n := uint64(len(m.store))
	if size <= n {
		return
	}
	if size <= uint64(cap(m.store)) {
		m.store = m.store[:size]
		clear(m.store[n:])
		return
	}
	c := 2 * uint64(cap(m.store))
	if c < size {
		c = size
	}
	if c < 1024 {
		c = 1024
	}
	s := make([]byte, size, c)
	copy(s, m.store)
	m.store = s
}

// set copies value into memory at offset, at most size bytes (memory has
// been expanded to cover offset+size already).
func (m *memory) set(offset, size uint64, value []byte) {
	if size == 0 {
		return
	}
	copy(m.store[offset:offset+size], value)
}

// getCopy returns a copy of size bytes at offset.
func (m *memory) getCopy(offset, size uint64) []byte {
	if size == 0 {
		return nil
	}
	out := make([]byte, size)
	copy(out, m.store[offset:offset+size])
	return out
}

// getPtr returns the memory slice of size bytes at offset, aliasing memory.
func (m *memory) getPtr(offset, size uint64) []byte {
	if size == 0 {
		return nil
	}
	return m.store[offset : offset+size : offset+size]
}

// maxMemorySize is the largest memory size whose gas still fits in 64 bits
// (geth's bound); anything larger is ErrGasUintOverflow.
const maxMemorySize = 0x1FFFFFFFE0

// memoryCost returns the cost of growing m to newSize bytes (a multiple of
// 32): 3 gas per word plus words^2/512, minus what the current size cost.
// It records the new total, as the growth always follows a successful
// charge (or the frame fails).
func (m *memory) expansionCost(newSize uint64) (uint64, error) {
	if newSize <= uint64(len(m.store)) {
		return 0, nil
	}
	if newSize > maxMemorySize {
		return 0, ErrGasUintOverflow
	}
	words := newSize / 32
	total := words*3 + words*words/512
	fee := total - m.lastGasCost
	m.lastGasCost = total
	return fee, nil
}

// toWordSize returns the number of 32-byte words needed for size bytes.
func toWordSize(size uint64) uint64 {
	if size > ^uint64(0)-31 {
		return ^uint64(0)/32 + 1
	}
	return (size + 31) / 32
}
