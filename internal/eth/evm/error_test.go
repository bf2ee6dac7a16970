package evm

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrOutOfGas, ErrCodeStoreOutOfGas, ErrDepth, ErrInsufficientBalance, ErrContractAddressCollision,
		ErrExecutionReverted, ErrMaxCodeSizeExceeded, ErrMaxInitCodeSizeExceeded, ErrInvalidJump,
		ErrWriteProtection, ErrReturnDataOutOfBounds, ErrGasUintOverflow, ErrInvalidCode,
		ErrNonceUintOverflow, ErrStackUnderflow, ErrStackOverflow, ErrInvalidOpCode, ErrSStoreSentry,
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if k.Error() == "" || seen[k.Error()] {
			t.Errorf("kind %q empty or duplicated", k)
		}
		seen[k.Error()] = true
		wrapped := fmt.Errorf("context: %w", k)
		if !errors.Is(wrapped, k) {
			t.Errorf("errors.Is fails for wrapped %q", k)
		}
		var got ErrorKind
		if !errors.As(wrapped, &got) || got != k {
			t.Errorf("errors.As fails for %q", k)
		}
	}
}

func TestErrorTypes(t *testing.T) {
	cases := []struct {
		err   error
		kinds []error
		msg   string
	}{
		{&StackError{Kind: ErrStackUnderflow, StackLen: 1, Bound: 2}, []error{ErrStackUnderflow}, "stack underflow (1 <=> 2)"},
		{&StackError{Kind: ErrStackOverflow, StackLen: 1024, Bound: 1023}, []error{ErrStackOverflow}, "stack limit reached 1024 (1023)"},
		{&InvalidOpCodeError{Op: INVALID}, []error{ErrInvalidOpCode}, "invalid opcode: INVALID"},
		{&InvalidOpCodeError{Op: 0xef}, []error{ErrInvalidOpCode}, "invalid opcode: opcode 0xef not defined"},
		{&GasError{Cause: ErrGasUintOverflow}, []error{ErrOutOfGas, ErrGasUintOverflow}, "out of gas: gas uint64 overflow"},
		{&GasError{Cause: &InitCodeSizeError{Size: 49153}}, []error{ErrOutOfGas, ErrMaxInitCodeSizeExceeded},
			"out of gas: max initcode size exceeded: size 49153"},
	}
	for _, c := range cases {
		if c.err.Error() != c.msg {
			t.Errorf("message %q, want %q", c.err, c.msg)
		}
		for _, k := range c.kinds {
			if !errors.Is(c.err, k) {
				t.Errorf("%q is not %q", c.err, k)
			}
		}
	}
	var se *StackError
	if !errors.As(fmt.Errorf("x: %w", &StackError{Kind: ErrStackUnderflow}), &se) || se.Kind != ErrStackUnderflow {
		t.Error("errors.As *StackError")
	}
	var ie *InvalidOpCodeError
	if !errors.As(fmt.Errorf("x: %w", &InvalidOpCodeError{Op: 0x0c}), &ie) || ie.Op != 0x0c {
		t.Error("errors.As *InvalidOpCodeError")
	}
}
