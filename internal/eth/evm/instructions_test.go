package evm

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

const (
	max256 = "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	min256 = "0x8000000000000000000000000000000000000000000000000000000000000000" // -2^255
)

// opCase runs "pushes; op" and expects the top of the stack.
type opCase struct {
	name string
	code string // assembled, then returnTop is appended
	want string // hex of the top word
}

func runOpCases(t *testing.T, fork Fork, cases []opCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCode(t, fork, asm(c.code+returnTop), nil, 1_000_000)
			if r.err != nil {
				t.Fatalf("error %v", r.err)
			}
			if want := word(c.want); !bytes.Equal(r.ret, want) {
				t.Fatalf("got %x, want %x", r.ret, want)
			}
		})
	}
}

// push32 is a PUSH32 of a hex value.
func push32(v string) string { return "PUSH32 " + v + " " }

func TestArithmetic(t *testing.T) {
	runOpCases(t, Cancun, []opCase{
		{"add", "PUSH1 2 PUSH1 3 ADD", "0x5"},
		{"add wraps", push32(max256) + "PUSH1 2 ADD", "0x1"},
		{"sub", "PUSH1 2 PUSH1 3 SUB", "0x1"},
		{"sub wraps", "PUSH1 3 PUSH1 2 SUB", max256},
		{"mul", "PUSH1 6 PUSH1 7 MUL", "0x2a"},
		{"mul wraps", push32(min256) + "PUSH1 2 MUL", "0x0"},
		{"div", "PUSH1 3 PUSH1 10 DIV", "0x3"},
		{"div by zero", "PUSH1 0 PUSH1 10 DIV", "0x0"},
		{"sdiv", "PUSH1 2 " + push32(max256) + "SDIV", "0x0"},                        // -1 / 2 = 0
		{"sdiv neg", push32(max256) + "PUSH1 10 SDIV", max256[:len(max256)-1] + "6"}, // 10 / -1 = -10
		{"sdiv overflow", push32(max256) + push32(min256) + "SDIV", min256},          // -2^255 / -1
		{"sdiv by zero", "PUSH1 0 PUSH1 10 SDIV", "0x0"},
		{"mod", "PUSH1 3 PUSH1 10 MOD", "0x1"},
		{"mod zero", "PUSH1 0 PUSH1 10 MOD", "0x0"},
		{"smod", "PUSH1 3 " + push32("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8") + "SMOD",
			"0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"}, // -8 % 3 = -2
		{"smod zero", "PUSH1 0 PUSH1 10 SMOD", "0x0"},
		{"addmod", "PUSH1 8 PUSH1 10 PUSH1 10 ADDMOD", "0x4"},
		{"addmod no overflow", "PUSH1 2 " + push32(max256) + "PUSH1 2 ADDMOD", "0x1"},
		{"addmod zero", "PUSH1 0 PUSH1 10 PUSH1 10 ADDMOD", "0x0"},
		{"mulmod", "PUSH1 8 PUSH1 10 PUSH1 10 MULMOD", "0x4"},
		{"mulmod wide", "PUSH1 12 " + push32(max256) + push32(max256) + "MULMOD", "0x9"},
		{"mulmod zero", "PUSH1 0 PUSH1 10 PUSH1 10 MULMOD", "0x0"},
		{"exp", "PUSH1 10 PUSH1 2 EXP", "0x400"},
		{"exp zero", "PUSH1 0 PUSH1 0 EXP", "0x1"},
		{"exp wraps", "PUSH2 256 PUSH1 2 EXP", "0x0"},
		{"signextend", "PUSH1 0xff PUSH1 0 SIGNEXTEND", max256},
		{"signextend positive", "PUSH1 0x7f PUSH1 0 SIGNEXTEND", "0x7f"},
		{"signextend large index", "PUSH1 0xff PUSH1 31 SIGNEXTEND", "0xff"},
		{"signextend huge index", "PUSH1 0xff " + push32(max256) + "SIGNEXTEND", "0xff"},
	})
}

func TestComparisonAndBitwise(t *testing.T) {
	runOpCases(t, Cancun, []opCase{
		{"lt", "PUSH1 2 PUSH1 1 LT", "0x1"},
		{"lt false", "PUSH1 1 PUSH1 2 LT", "0x0"},
		{"gt", "PUSH1 1 PUSH1 2 GT", "0x1"},
		{"slt", "PUSH1 1 " + push32(max256) + "SLT", "0x1"}, // -1 < 1
		{"sgt", push32(max256) + "PUSH1 1 SGT", "0x1"},      // 1 > -1
		{"eq", "PUSH1 5 PUSH1 5 EQ", "0x1"},
		{"iszero", "PUSH1 0 ISZERO", "0x1"},
		{"iszero false", "PUSH1 7 ISZERO", "0x0"},
		{"and", "PUSH1 0x0f PUSH1 0xff AND", "0xf"},
		{"or", "PUSH1 0xf0 PUSH1 0x0f OR", "0xff"},
		{"xor", "PUSH1 0xff PUSH1 0x0f XOR", "0xf0"},
		{"not", "PUSH1 0 NOT", max256},
		{"byte 31", "PUSH2 0x1234 PUSH1 31 BYTE", "0x34"},
		{"byte 0", push32(min256) + "PUSH1 0 BYTE", "0x80"},
		{"byte out of range", "PUSH2 0x1234 PUSH1 32 BYTE", "0x0"},
	})
}

// TestShifts ports the test cases of EIP-145.
func TestShifts(t *testing.T) {
	const (
		one    = "0x0000000000000000000000000000000000000000000000000000000000000001"
		half   = "0x4000000000000000000000000000000000000000000000000000000000000000"
		c0     = "0xc000000000000000000000000000000000000000000000000000000000000000"
		maxPos = "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
		fe     = "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
		zero   = "0x0"
		sevenF = "0x7f"
	)
	shiftOp := func(value, shift, op string) string { return push32(value) + push32(shift) + op }
	var cases []opCase
	add := func(op, value, shift, want string) {
		name := fmt.Sprintf("%s %s by %s", op, value[:min(len(value), 6)], shift)
		cases = append(cases, opCase{name, shiftOp(value, shift, op), want})
	}
	// SHL
	add("SHL", one, "0x00", one)
	add("SHL", one, "0x01", "0x2")
	add("SHL", one, "0xff", min256)
	add("SHL", one, "0x0100", zero)
	add("SHL", one, "0x0101", zero)
	add("SHL", max256, "0x00", max256)
	add("SHL", max256, "0x01", fe)
	add("SHL", max256, "0xff", min256)
	add("SHL", max256, "0x0100", zero)
	add("SHL", zero, "0x01", zero)
	add("SHL", maxPos, "0x01", fe)
	// SHR
	add("SHR", one, "0x00", one)
	add("SHR", one, "0x01", zero)
	add("SHR", min256, "0x01", half)
	add("SHR", min256, "0xff", one)
	add("SHR", min256, "0x0100", zero)
	add("SHR", min256, "0x0101", zero)
	add("SHR", max256, "0x00", max256)
	add("SHR", max256, "0x01", maxPos)
	add("SHR", max256, "0xff", one)
	add("SHR", max256, "0x0100", zero)
	add("SHR", zero, "0x01", zero)
	// SAR
	add("SAR", one, "0x00", one)
	add("SAR", one, "0x01", zero)
	add("SAR", min256, "0x01", c0)
	add("SAR", min256, "0xff", max256)
	add("SAR", min256, "0x0100", max256)
	add("SAR", min256, "0x0101", max256)
	add("SAR", max256, "0x00", max256)
	add("SAR", max256, "0x01", max256)
	add("SAR", max256, "0xff", max256)
	add("SAR", max256, "0x0100", max256)
	add("SAR", zero, "0x01", zero)
	add("SAR", half, "0xfe", one)
	add("SAR", maxPos, "0xf8", sevenF)
	add("SAR", maxPos, "0xfe", one)
	add("SAR", maxPos, "0xff", zero)
	add("SAR", maxPos, "0x0100", zero)
	runOpCases(t, Cancun, cases)
}

func TestEnvironment(t *testing.T) {
	runOpCases(t, Cancun, []opCase{
		{"address", "ADDRESS", "0xc0de000000000000000000000000000000000000"},
		{"caller", "CALLER", "0xca11e40000000000000000000000000000000000"},
		{"origin", "ORIGIN", "0xca11e40000000000000000000000000000000000"},
		{"callvalue", "CALLVALUE", "0x0"},
		{"gasprice", "GASPRICE", "0xa"},
		{"coinbase", "COINBASE", "0xcb00000000000000000000000000000000000000"},
		{"timestamp", "TIMESTAMP", "0x6553f100"},
		{"number", "NUMBER", "0x3e8"},
		{"gaslimit", "GASLIMIT", "0x1c9c380"},
		{"chainid", "CHAINID", "0x1"},
		{"basefee", "BASEFEE", "0x7"},
		{"blobbasefee", "BLOBBASEFEE", "0x1"},
		{"selfbalance", "SELFBALANCE", "0x0"},
		{"balance of caller", "CALLER BALANCE", "0xde0b6b3a7640000"},
		{"codesize", "CODESIZE", "0x9"},
		{"calldatasize", "CALLDATASIZE", "0x0"},
		{"calldataload past end", "PUSH1 0 CALLDATALOAD", "0x0"},
		{"pc", "PUSH1 0 POP PC", "0x3"},
		{"msize", "PUSH1 0x21 MLOAD POP MSIZE", "0x60"},
		{"blockhash", "PUSH2 999 BLOCKHASH", "0x" + hexOf(newTestEnv(Cancun).block.GetHash(999))},
		{"blockhash current", "PUSH2 1000 BLOCKHASH", "0x0"},
		{"blockhash too old", "PUSH2 743 BLOCKHASH", "0x0"},
		{"blockhash oldest", "PUSH2 744 BLOCKHASH", "0x" + hexOf(newTestEnv(Cancun).block.GetHash(744))},
		{"blobhash none", "PUSH1 0 BLOBHASH", "0x0"},
		{"push0", "PUSH0", "0x0"},
		{"extcodehash empty", "PUSH1 0x99 EXTCODEHASH", "0x0"},
		{"extcodehash of eoa", "CALLER EXTCODEHASH", "0x" + hexOf(emptyCodeHash())},
		{"extcodesize self", "ADDRESS EXTCODESIZE", "0xa"},
	})
}

func TestMemoryOps(t *testing.T) {
	runOpCases(t, Cancun, []opCase{
		{"mstore mload", "PUSH1 0x42 PUSH1 0x20 MSTORE PUSH1 0x20 MLOAD", "0x42"},
		{"mstore8", "PUSH2 0x1234 PUSH1 31 MSTORE8 PUSH1 0 MLOAD", "0x34"},
		{"mload unaligned", "PUSH1 0x42 PUSH1 0 MSTORE PUSH1 1 MLOAD", "0x4200"},
		{"mcopy", "PUSH1 0x42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 PUSH1 64 MCOPY PUSH1 64 MLOAD", "0x42"},
		{"mcopy overlap", "PUSH1 0x42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 PUSH1 1 MCOPY PUSH1 0 MLOAD", "0x0"},
		{"mcopy zero length huge offsets", "PUSH1 0 " + push32(max256) + push32(max256) + "MCOPY MSIZE", "0x0"},
		{"keccak empty", "PUSH1 0 PUSH1 0 KECCAK256", "0x" + hexOf(emptyCodeHash())},
		{"calldatacopy pads", "PUSH1 32 PUSH1 0 PUSH1 0 CALLDATACOPY PUSH1 0 MLOAD", "0x0"},
		{"codecopy", "PUSH1 1 PUSH1 0 PUSH1 31 CODECOPY PUSH1 0 MLOAD", "0x60"},
		{"codecopy huge offset", "PUSH1 32 " + push32(max256) + "PUSH1 0 CODECOPY PUSH1 0 MLOAD", "0x0"},
		{"returndatasize none", "RETURNDATASIZE", "0x0"},
	})
}

func TestTransientStorage(t *testing.T) {
	runOpCases(t, Cancun, []opCase{
		{"tstore tload", "PUSH1 7 PUSH1 1 TSTORE PUSH1 1 TLOAD", "0x7"},
		{"tload unset", "PUSH1 1 TLOAD", "0x0"},
	})
	// Transient storage is reverted with its frame but outlives a
	// successful call within the transaction.
	env := newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), asm("PUSH1 7 PUSH1 1 TSTORE"), nil)
	if _, _, err := env.call(testContract, nil, 100000, 0); err != nil {
		t.Fatal(err)
	}
	if v := env.state.GetTransientState(testContract, hashOf(1)); v != hashOf(7) {
		t.Fatalf("transient slot = %x", v)
	}
}

func TestStorageOps(t *testing.T) {
	env := newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), asm("PUSH1 5 PUSH1 1 SSTORE PUSH1 1 SLOAD PUSH1 2 SSTORE"), nil)
	_, left, err := env.call(testContract, nil, 100000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v := env.state.GetState(testContract, hashOf(2)); v != hashOf(5) {
		t.Fatalf("slot 2 = %x", v)
	}
	// 4 pushes (12) + 2 cold SSTORE to a new value (2 * 22100) + warm SLOAD (100).
	if used := 100000 - left; used != 12+2*22100+100 {
		t.Fatalf("gas used %d", used)
	}
}

// TestForkAvailability checks that instructions are undefined before the
// fork that introduced them.
func TestForkAvailability(t *testing.T) {
	cases := []struct {
		code  string
		since Fork
	}{
		{"PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 DELEGATECALL", Homestead},
		{"RETURNDATASIZE", Byzantium},
		{"PUSH1 0 PUSH1 0 REVERT", Byzantium},
		{"PUSH1 1 PUSH1 1 SHL", Constantinople},
		{"PUSH1 0 EXTCODEHASH", Constantinople},
		{"CHAINID", Istanbul},
		{"SELFBALANCE", Istanbul},
		{"BASEFEE", London},
		{"PUSH0", Shanghai},
		{"PUSH1 0 TLOAD", Cancun},
		{"PUSH1 0 BLOBHASH", Cancun},
		{"BLOBBASEFEE", Cancun},
		{"PUSH1 0 PUSH1 0 PUSH1 0 MCOPY", Cancun},
	}
	for _, c := range cases {
		for f := Frontier; f < numForks; f++ {
			r := runCode(t, f, asm(c.code), nil, 100000)
			invalid := errors.Is(r.err, ErrInvalidOpCode)
			if invalid != (f < c.since) {
				t.Errorf("%s under %v: err %v", c.code, f, r.err)
			}
		}
	}
	if r := runCode(t, Cancun, asm("INVALID"), nil, 1000); r.err == nil || r.err.Error() != "invalid opcode: INVALID" || r.gasUsed != 1000 {
		t.Errorf("INVALID: %v", r)
	}
	if r := runCode(t, Cancun, []byte{0x0c}, nil, 1000); r.err == nil || r.err.Error() != "invalid opcode: opcode 0xc not defined" {
		t.Errorf("0x0c: %v", r)
	}
}

func TestExecutionErrors(t *testing.T) {
	cases := []struct {
		name string
		code string
		want error
		msg  string
	}{
		{"stack underflow", "PUSH1 1 ADD", ErrStackUnderflow, "stack underflow (1 <=> 2)"},
		{"stack overflow", "loop: JUMPDEST PUSH0 PUSH2 @loop JUMP", ErrStackOverflow, "stack limit reached 1024 (1023)"},
		{"invalid jump", "PUSH1 3 JUMP STOP", ErrInvalidJump, "invalid jump destination"},
		{"jump into push data", "PUSH1 4 JUMP PUSH1 0x5b STOP", ErrInvalidJump, ""},
		{"jumpi invalid", "PUSH1 1 PUSH1 9 JUMPI", ErrInvalidJump, ""},
		{"jump beyond code", "PUSH2 0xffff JUMP", ErrInvalidJump, ""},
		{"out of gas", "loop: JUMPDEST PUSH2 @loop JUMP", ErrOutOfGas, "out of gas"},
		{"memory overflow", push32(max256) + "MLOAD", ErrGasUintOverflow, "gas uint64 overflow"},
		{"memory too large", "PUSH5 0xffffffffff MLOAD", ErrOutOfGas, "out of gas: gas uint64 overflow"},
		{"returndatacopy out of bounds", "PUSH1 1 PUSH1 0 PUSH1 0 RETURNDATACOPY", ErrReturnDataOutOfBounds, "return data out of bounds"},
		{"revert", "PUSH1 0x2a PUSH1 0 MSTORE PUSH1 32 PUSH1 0 REVERT", ErrExecutionReverted, "execution reverted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCode(t, Cancun, asm(c.code), nil, 100000)
			if !errors.Is(r.err, c.want) {
				t.Fatalf("err %v, want %v", r.err, c.want)
			}
			if c.msg != "" && r.err.Error() != c.msg {
				t.Fatalf("message %q, want %q", r.err.Error(), c.msg)
			}
			if c.want == ErrExecutionReverted {
				if r.gasUsed == 100000 || len(r.ret) != 32 || r.ret[31] != 0x2a {
					t.Fatalf("revert: %v", r)
				}
			} else if r.gasUsed != 100000 {
				t.Fatalf("an error must consume all gas: %v", r)
			}
		})
	}
}

// TestTruncatedPush checks that a PUSH running past the end of the code
// reads zeros for the missing bytes (right-padded).
func TestTruncatedPush(t *testing.T) {
	for _, c := range []struct {
		code []byte
		want string
	}{
		{[]byte{0x61, 0xab}, "0xab00"},
		{[]byte{0x60}, "0x0"},
		{[]byte{0x63, 0x01, 0x02}, "0x01020000"},
		{[]byte{0x7f, 0x01}, "0x0100000000000000000000000000000000000000000000000000000000000000"},
	} {
		// Store the pushed value with code placed before the push: jump
		// over a store sequence that runs after falling off the end is
		// impossible, so check with the exact tracer instead.
		var top []byte
		env := newTestEnv(Cancun)
		env.config.Tracer = &Tracer{OnOpcode: func(pc uint64, op OpCode, _, _ uint64, f *Frame, _ []byte, _ int, _ error) {
			if op == STOP && f.sp > 0 {
				b := f.StackData()[0].Bytes32()
				top = b[:]
			}
		}}
		env.state.setAccount(testContract, 1, newU(0), c.code, nil)
		if _, _, err := env.call(testContract, nil, 1000, 0); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(top, word(c.want)) {
			t.Errorf("%x: top %x, want %s", c.code, top, c.want)
		}
		runCode(t, Cancun, c.code, nil, 1000) // both loops agree
	}
}
