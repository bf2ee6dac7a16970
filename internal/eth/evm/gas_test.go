package evm

import (
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// sstoreCase is a row of the SSTORE tables of EIP-1283, EIP-2200 and
// EIP-3529: code, gas used, refund counter, original value of slot 0.
type sstoreCase struct {
	code     string
	used     uint64
	refund   uint64
	original uint64
}

// The tables as the EIPs list them (EIP-3529's with the slot already warm).
var (
	sstoreEIP1283 = []sstoreCase{
		{"0x60006000556000600055", 412, 0, 0},
		{"0x60006000556001600055", 20212, 0, 0},
		{"0x60016000556000600055", 20212, 19800, 0},
		{"0x60016000556002600055", 20212, 0, 0},
		{"0x60016000556001600055", 20212, 0, 0},
		{"0x60006000556000600055", 5212, 15000, 1},
		{"0x60006000556001600055", 5212, 4800, 1},
		{"0x60006000556002600055", 5212, 0, 1},
		{"0x60026000556000600055", 5212, 15000, 1},
		{"0x60026000556003600055", 5212, 0, 1},
		{"0x60026000556001600055", 5212, 4800, 1},
		{"0x60026000556002600055", 5212, 0, 1},
		{"0x60016000556000600055", 5212, 15000, 1},
		{"0x60016000556002600055", 5212, 0, 1},
		{"0x60016000556001600055", 412, 0, 1},
		{"0x600160005560006000556001600055", 40218, 19800, 0},
		{"0x600060005560016000556000600055", 10218, 19800, 1},
	}
	sstoreEIP2200 = []sstoreCase{
		{"0x60006000556000600055", 1612, 0, 0},
		{"0x60006000556001600055", 20812, 0, 0},
		{"0x60016000556000600055", 20812, 19200, 0},
		{"0x60016000556002600055", 20812, 0, 0},
		{"0x60016000556001600055", 20812, 0, 0},
		{"0x60006000556000600055", 5812, 15000, 1},
		{"0x60006000556001600055", 5812, 4200, 1},
		{"0x60006000556002600055", 5812, 0, 1},
		{"0x60026000556000600055", 5812, 15000, 1},
		{"0x60026000556003600055", 5812, 0, 1},
		{"0x60026000556001600055", 5812, 4200, 1},
		{"0x60026000556002600055", 5812, 0, 1},
		{"0x60016000556000600055", 5812, 15000, 1},
		{"0x60016000556002600055", 5812, 0, 1},
		{"0x60016000556001600055", 1612, 0, 1},
		{"0x600160005560006000556001600055", 40818, 19200, 0},
		{"0x600060005560016000556000600055", 10818, 19200, 1},
	}
	sstoreEIP3529 = []sstoreCase{
		{"0x60006000556000600055", 212, 0, 0},
		{"0x60006000556001600055", 20112, 0, 0},
		{"0x60016000556000600055", 20112, 19900, 0},
		{"0x60016000556002600055", 20112, 0, 0},
		{"0x60016000556001600055", 20112, 0, 0},
		{"0x60006000556000600055", 3012, 4800, 1},
		{"0x60006000556001600055", 3012, 2800, 1},
		{"0x60006000556002600055", 3012, 0, 1},
		{"0x60026000556000600055", 3012, 4800, 1},
		{"0x60026000556003600055", 3012, 0, 1},
		{"0x60026000556001600055", 3012, 2800, 1},
		{"0x60026000556002600055", 3012, 0, 1},
		{"0x60016000556000600055", 3012, 4800, 1},
		{"0x60016000556002600055", 3012, 0, 1},
		{"0x60016000556001600055", 212, 0, 1},
		{"0x600160005560006000556001600055", 40118, 19900, 0},
		{"0x600060005560016000556000600055", 5918, 7600, 1},
	}
)

func TestSstoreTables(t *testing.T) {
	tables := []struct {
		name  string
		fork  Fork
		cases []sstoreCase
	}{
		{"EIP-1283 (Constantinople)", Constantinople, sstoreEIP1283},
		{"EIP-2200 (Istanbul)", Istanbul, sstoreEIP2200},
		{"EIP-3529 (London, warm slot)", London, sstoreEIP3529},
		{"EIP-3529 (Cancun, warm slot)", Cancun, sstoreEIP3529},
	}
	for _, tab := range tables {
		t.Run(tab.name, func(t *testing.T) {
			for _, c := range tab.cases {
				for _, exact := range []bool{false, true} {
					env := newTestEnv(tab.fork)
					if exact {
						env.config.Tracer = exactTracer
					}
					storage := map[ethtypes.Hash]ethtypes.Hash{{}: hashOf(c.original)}
					env.state.setAccount(testContract, 1, newU(0), mustHex(c.code), storage)
					env.state.AddSlotToAccessList(testContract, ethtypes.Hash{})
					_, left, err := env.call(testContract, nil, 100000, 0)
					if err != nil {
						t.Fatalf("%s original %d: %v", c.code, c.original, err)
					}
					if used, refund := 100000-left, env.state.GetRefund(); used != c.used || refund != c.refund {
						t.Errorf("%s original %d (exact %v): used %d refund %d, want %d and %d",
							c.code, c.original, exact, used, refund, c.used, c.refund)
					}
				}
			}
		})
	}
}

// TestSstoreSentry checks EIP-2200's rule: SSTORE fails with 2300 gas or
// less left, even for a no-op.
func TestSstoreSentry(t *testing.T) {
	code := asm("PUSH1 0 PUSH1 0 SSTORE") // a no-op store: 800 gas under Istanbul
	if r := runCode(t, Istanbul, code, nil, 6+2300); !errors.Is(r.err, ErrOutOfGas) || !errors.Is(r.err, ErrSStoreSentry) {
		t.Fatalf("2300 left: %v", r)
	}
	if r := runCode(t, Istanbul, code, nil, 6+2301); r.err != nil || r.gasUsed != 806 {
		t.Fatalf("2301 left: %v", r)
	}
	// Before Istanbul there is no sentry.
	if r := runCode(t, Petersburg, code, nil, 6+5000); r.err != nil {
		t.Fatalf("Petersburg: %v", r)
	}
}

func TestDynamicGas(t *testing.T) {
	cases := []struct {
		name string
		fork Fork
		code string
		used uint64
	}{
		// Memory: 3 per word + words^2/512, charged on growth only.
		{"mstore one word", Cancun, "PUSH1 1 PUSH1 0 MSTORE", 3 + 3 + 3 + 3},
		{"mstore 32 words", Cancun, "PUSH1 1 PUSH2 992 MSTORE", 3 + 3 + 3 + 96 + 2},
		{"mstore 1024 words", Cancun, "PUSH1 1 PUSH2 32736 MSTORE", 3 + 3 + 3 + 3072 + 2048},
		{"mstore twice", Cancun, "PUSH1 1 PUSH1 0 MSTORE PUSH1 1 PUSH1 0 MSTORE", 2*(3+3+3) + 3},
		{"mstore8 grows one word", Cancun, "PUSH1 1 PUSH1 0 MSTORE8", 3 + 3 + 3 + 3},
		// EXP: 10 + 10 per exponent byte before Spurious Dragon, 50 after.
		{"exp frontier", Frontier, "PUSH2 0x0100 PUSH1 2 EXP", 3 + 3 + 10 + 2*10},
		{"exp spurious", SpuriousDragon, "PUSH2 0x0100 PUSH1 2 EXP", 3 + 3 + 10 + 2*50},
		{"exp zero exponent", Cancun, "PUSH1 0 PUSH1 2 EXP", 3 + 3 + 10},
		// KECCAK256: 30 + 6 per word + memory.
		{"keccak 64 bytes", Cancun, "PUSH1 64 PUSH0 KECCAK256", 3 + 2 + 30 + 12 + 6},
		// Copies: 3 + 3 per word + memory.
		{"calldatacopy 33 bytes", Cancun, "PUSH1 33 PUSH0 PUSH0 CALLDATACOPY", 3 + 2 + 2 + 3 + 6 + 6},
		{"codecopy zero", Cancun, "PUSH0 PUSH0 PUSH0 CODECOPY", 2 + 2 + 2 + 3},
		{"mcopy one word", Cancun, "PUSH1 32 PUSH0 PUSH1 32 MCOPY", 3 + 2 + 3 + 3 + 3 + 6},
		// LOG: 375 + 375 per topic + 8 per byte + memory.
		{"log1 32 bytes", Cancun, "PUSH1 1 PUSH1 32 PUSH0 LOG1", 3 + 3 + 2 + 375 + 375 + 256 + 3},
		// EIP-2929 account and slot access.
		{"extcodehash cold then extcodesize warm", Berlin, "PUSH1 1 EXTCODEHASH POP PUSH1 1 EXTCODESIZE POP", 3 + 2600 + 2 + 3 + 100 + 2},
		{"balance of self is warm", Berlin, "ADDRESS BALANCE", 2 + 100},
		{"sload cold then warm", Berlin, "PUSH1 1 SLOAD POP PUSH1 1 SLOAD", 3 + 2100 + 2 + 3 + 100},
		{"extcodecopy cold", Cancun, "PUSH0 PUSH0 PUSH0 PUSH1 9 EXTCODECOPY", 2 + 2 + 2 + 3 + 2600},
		{"call cold then warm", Cancun, "PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xff PUSH0 CALL PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xff PUSH0 CALL",
			2*(6*2+3) + 2600 + 100},
		// Tangerine Whistle: state access repriced.
		{"balance frontier", Frontier, "PUSH1 9 BALANCE", 3 + 20},
		{"balance tangerine", TangerineWhistle, "PUSH1 9 BALANCE", 3 + 400},
		{"balance istanbul", Istanbul, "PUSH1 9 BALANCE", 3 + 700},
		{"sload istanbul", Istanbul, "PUSH1 9 SLOAD", 3 + 800},
		// Shanghai: init code words (EIP-3860).
		{"create empty", Cancun, "PUSH0 PUSH0 PUSH0 CREATE", 2 + 2 + 2 + 32000},
		{"create 33 bytes of zeros", Cancun, "PUSH1 33 PUSH0 PUSH0 CREATE", 3 + 2 + 2 + 32000 + 6 + 2*2},
		{"create2 33 bytes of zeros", Cancun, "PUSH0 PUSH1 33 PUSH0 PUSH0 CREATE2", 2 + 3 + 2 + 2 + 32000 + 6 + 2*8},
		{"create2 33 bytes london", London, "PUSH1 0 PUSH1 33 PUSH1 0 PUSH1 0 CREATE2", 4*3 + 32000 + 6 + 2*6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCode(t, c.fork, asm(c.code), nil, 1_000_000)
			if r.err != nil {
				t.Fatalf("error %v", r.err)
			}
			if r.gasUsed != c.used {
				t.Fatalf("gas used %d, want %d", r.gasUsed, c.used)
			}
		})
	}
}

// TestCallCosts checks the value-transfer and new-account charges of CALL
// and the stipend.
func TestCallCosts(t *testing.T) {
	// CALL(gas 0, 0xff, value 1, ...) from a funded contract.
	code := asm("PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 1 PUSH1 0xff PUSH1 0 CALL")
	cases := []struct {
		fork Fork
		used uint64
	}{
		// 7 pushes; 40 + 9000 + 25000 (the target does not exist); the
		// 2300 stipend comes back unused.
		{Homestead, 21 + 40 + 9000 + 25000 - 2300},
		{TangerineWhistle, 21 + 700 + 9000 + 25000 - 2300},
		{Istanbul, 21 + 700 + 9000 + 25000 - 2300},
		// Berlin: 100 warm base + 2500 cold surcharge.
		{Berlin, 21 + 2600 + 9000 + 25000 - 2300},
	}
	for _, c := range cases {
		for _, exact := range []bool{false, true} {
			env := newTestEnv(c.fork)
			if exact {
				env.config.Tracer = exactTracer
			}
			env.state.setAccount(testContract, 1, newU(10), code, nil)
			_, left, err := env.call(testContract, nil, 100000, 0)
			if err != nil {
				t.Fatalf("%v: %v", c.fork, err)
			}
			if used := 100000 - left; used != c.used {
				t.Errorf("%v (exact %v): used %d, want %d", c.fork, exact, used, c.used)
			}
			if b := env.state.GetBalance(ethtypes.Address{19: 0xff}); !b.Eq(newU(1)) {
				t.Errorf("%v: target balance %v", c.fork, b)
			}
		}
	}
}

// TestCallGasCap checks EIP-150's 63/64 rule: the callee sees all but one
// 64th of the gas left after the call's own cost.
func TestCallGasCap(t *testing.T) {
	env := newTestEnv(Cancun)
	callee := ethtypes.Address{19: 0xee}
	// The callee stores GAS (after its own 2) in slot 0.
	env.state.setAccount(callee, 1, newU(0), asm("GAS PUSH0 SSTORE"), nil)
	caller := asm("PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xee " + push32(max256) + "CALL")
	env.state.setAccount(testContract, 1, newU(0), caller, nil)
	const gas = 100000
	if _, _, err := env.call(testContract, nil, gas, 0); err != nil {
		t.Fatal(err)
	}
	left := uint64(gas - (5*2 + 3 + 3) - 2600) // pushes, then CALL's cost (cold)
	passed := left - left/64
	var got uint256.Int
	v := env.state.GetState(callee, ethtypes.Hash{})
	got.SetBytes32(v[:])
	if got.Uint64() != passed-2 {
		t.Fatalf("callee saw %d gas, want %d", got.Uint64(), passed-2)
	}
}
