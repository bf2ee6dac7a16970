package evm

import (
	"bytes"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

var calleeAddr = ethtypes.Address{19: 0xee}

// slot reads a storage word as an integer.
func slot(st *memState, addr ethtypes.Address, k uint64) uint256.Int {
	v := st.GetState(addr, hashOf(k))
	var u uint256.Int
	u.SetBytes32(v[:])
	return u
}

// callTo returns code that calls addr with op (CALL, CALLCODE, DELEGATECALL
// or STATICCALL), all gas, the given value (CALL/CALLCODE), input from
// memory [0, inSize) and output to [0, 32), then stores the status in slot
// 0, RETURNDATASIZE in slot 1 and the output word in slot 2.
func callTo(op string, addr string, value string, inSize string) []byte {
	args := "PUSH1 32 PUSH0 PUSH1 " + inSize + " PUSH0 "
	if op == "CALL" || op == "CALLCODE" {
		args += "PUSH1 " + value + " "
	}
	return asm(args + "PUSH1 " + addr + " GAS " + op +
		" PUSH0 SSTORE RETURNDATASIZE PUSH1 1 SSTORE PUSH0 MLOAD PUSH1 2 SSTORE")
}

func TestCallKinds(t *testing.T) {
	// The callee records CALLER (slot 10), CALLVALUE (11) and ADDRESS (12) in
	// the storage it runs on, and returns 0x2a.
	callee := asm("CALLER PUSH1 10 SSTORE CALLVALUE PUSH1 11 SSTORE ADDRESS PUSH1 12 SSTORE" +
		" PUSH1 0x2a PUSH0 MSTORE PUSH1 32 PUSH0 RETURN")
	cases := []struct {
		op        string
		storageAt ethtypes.Address // whose storage the callee wrote
		caller    ethtypes.Address
		value     uint64
		address   ethtypes.Address
	}{
		{"CALL", calleeAddr, testContract, 3, calleeAddr},
		{"CALLCODE", testContract, testContract, 3, testContract},
		{"DELEGATECALL", testContract, testCaller, 7, testContract}, // the frame's caller and value
	}
	for _, c := range cases {
		for _, exact := range []bool{false, true} {
			env := newTestEnv(Cancun)
			if exact {
				env.config.Tracer = exactTracer
			}
			env.state.setAccount(calleeAddr, 1, newU(0), callee, nil)
			env.state.setAccount(testContract, 1, newU(100), callTo(c.op, "0xee", "3", "0"), nil)
			if _, _, err := env.call(testContract, nil, 1_000_000, 7); err != nil {
				t.Fatalf("%s: %v", c.op, err)
			}
			if s := slot(env.state, testContract, 0); s.Uint64() != 1 {
				t.Fatalf("%s: status %v", c.op, s)
			}
			if s := slot(env.state, testContract, 1); s.Uint64() != 32 {
				t.Errorf("%s: returndatasize %v", c.op, s)
			}
			if s := slot(env.state, testContract, 2); s.Uint64() != 0x2a {
				t.Errorf("%s: output %v", c.op, s)
			}
			var ca, ad ethtypes.Address
			cv := slot(env.state, c.storageAt, 11)
			v := env.state.GetState(c.storageAt, hashOf(10))
			copy(ca[:], v[12:])
			v = env.state.GetState(c.storageAt, hashOf(12))
			copy(ad[:], v[12:])
			if ca != c.caller || cv.Uint64() != c.value || ad != c.address {
				t.Errorf("%s: caller %x value %v address %x", c.op, ca, cv.Uint64(), ad)
			}
		}
	}
}

func TestStaticCall(t *testing.T) {
	for _, callee := range []string{
		"PUSH1 1 PUSH0 SSTORE",
		"PUSH1 1 PUSH0 TSTORE",
		"PUSH0 PUSH0 LOG0",
		"PUSH0 PUSH0 PUSH0 CREATE",
		"PUSH0 SELFDESTRUCT",
		"PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH1 0xdd GAS CALL",
	} {
		env := newTestEnv(Cancun)
		env.state.setAccount(calleeAddr, 1, newU(5), asm(callee), nil)
		env.state.setAccount(testContract, 1, newU(0), callTo("STATICCALL", "0xee", "", "0"), nil)
		if _, _, err := env.call(testContract, nil, 1_000_000, 0); err != nil {
			t.Fatal(err)
		}
		if s := slot(env.state, testContract, 0); !s.IsZero() {
			t.Errorf("%q in a static call succeeded", callee)
		}
	}
	// Reading and a zero-value CALL are allowed.
	env := newTestEnv(Cancun)
	env.state.setAccount(calleeAddr, 1, newU(5), asm("PUSH0 SLOAD POP PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xdd GAS CALL"), nil)
	env.state.setAccount(testContract, 1, newU(0), callTo("STATICCALL", "0xee", "", "0"), nil)
	if _, _, err := env.call(testContract, nil, 1_000_000, 0); err != nil {
		t.Fatal(err)
	}
	if s := slot(env.state, testContract, 0); s.Uint64() != 1 {
		t.Errorf("reads in a static call failed")
	}
}

func TestCallRevertAndFailure(t *testing.T) {
	// The callee writes storage, then reverts with 0x2a.
	env := newTestEnv(Cancun)
	env.state.setAccount(calleeAddr, 1, newU(0), asm("PUSH1 1 PUSH1 5 SSTORE PUSH1 0x2a PUSH0 MSTORE PUSH1 32 PUSH0 REVERT"), nil)
	env.state.setAccount(testContract, 1, newU(0), callTo("CALL", "0xee", "0", "0"), nil)
	_, left, err := env.call(testContract, nil, 1_000_000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := slot(env.state, testContract, 0); !s.IsZero() {
		t.Fatal("reverted call reported success")
	}
	if s := slot(env.state, testContract, 2); s.Uint64() != 0x2a {
		t.Fatalf("revert data not copied: %v", s)
	}
	if s := slot(env.state, calleeAddr, 5); !s.IsZero() {
		t.Fatal("reverted storage write kept")
	}
	if left < 900_000 {
		t.Fatalf("a revert must return the callee's gas: %d left", left)
	}

	// A failing callee (invalid opcode) consumes the gas it was given.
	env = newTestEnv(Cancun)
	env.state.setAccount(calleeAddr, 1, newU(0), []byte{0xfe}, nil)
	env.state.setAccount(testContract, 1, newU(0), callTo("CALL", "0xee", "0", "0"), nil)
	_, left, err = env.call(testContract, nil, 1_000_000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if left > 1_000_000/64+100_000 {
		t.Fatalf("failed callee kept its gas: %d left", left)
	}
	if s := slot(env.state, testContract, 1); !s.IsZero() {
		t.Fatal("failure left return data")
	}

	// Not enough balance for the value: the call fails without running and
	// the gas is returned.
	env = newTestEnv(Cancun)
	env.state.setAccount(calleeAddr, 1, newU(0), asm("PUSH1 1 PUSH0 SSTORE"), nil)
	env.state.setAccount(testContract, 1, newU(2), callTo("CALL", "0xee", "3", "0"), nil)
	_, left, err = env.call(testContract, nil, 1_000_000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := slot(env.state, calleeAddr, 0); !s.IsZero() || left < 900_000 {
		t.Fatalf("insufficient balance: callee ran or gas lost (%d left)", left)
	}
}

func TestCallDepthLimit(t *testing.T) {
	// The contract increments slot 0 and calls itself with all gas. The
	// transaction's frame and 1024 nested ones run; the next call fails for
	// depth. Slot 0 counts the frames.
	code := asm("PUSH0 SLOAD PUSH1 1 ADD PUSH0 SSTORE PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 ADDRESS GAS CALL")
	env := newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), code, nil)
	if _, _, err := env.call(testContract, nil, 1_000_000_000_000, 0); err != nil {
		t.Fatal(err)
	}
	if s := slot(env.state, testContract, 0); s.Uint64() != 1025 {
		t.Fatalf("%d frames ran, want 1025", s.Uint64())
	}
	// Calling directly at the limit fails with ErrDepth and returns the gas.
	evm := env.evm()
	evm.depth = callCreateDepth + 1
	if _, left, err := evm.Call(testCaller, testContract, nil, 5000, new(uint256.Int)); !errors.Is(err, ErrDepth) || left != 5000 {
		t.Fatalf("at the limit: %v, %d left", err, left)
	}
}

func TestPrecompileCall(t *testing.T) {
	// Identity (0x04) echoes its input.
	code := asm("PUSH1 0x2a PUSH0 MSTORE") // memory[0:32] = 0x2a
	code = append(code, callTo("STATICCALL", "4", "", "32")...)
	env := newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), code, nil)
	if _, _, err := env.call(testContract, nil, 100_000, 0); err != nil {
		t.Fatal(err)
	}
	if s := slot(env.state, testContract, 2); s.Uint64() != 0x2a {
		t.Fatalf("identity output %v", s)
	}
	// Out of gas in a precompile consumes the call's gas.
	evm := env.evm()
	input := make([]byte, 1000)
	if _, left, err := evm.Call(testCaller, ethtypes.Address{19: 4}, input, 10, new(uint256.Int)); !errors.Is(err, ErrOutOfGas) || left != 0 {
		t.Fatalf("identity with 10 gas: %v, %d left", err, left)
	}
}

func TestCreate2Addresses(t *testing.T) {
	// The examples of EIP-1014, run through CREATE2 from the sender.
	cases := []struct {
		sender, salt, code, want string
	}{
		{"0x0000000000000000000000000000000000000000", "0x00", "0x00", "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38"},
		{"0xdeadbeef00000000000000000000000000000000", "0x00", "0x00", "0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3"},
		{"0xdeadbeef00000000000000000000000000000000", "0x000000000000000000000000feed000000000000000000000000000000000000", "0x00", "0xD04116cDd17beBE565EB2422F2497E06cC1C9833"},
		{"0x0000000000000000000000000000000000000000", "0x00", "0xdeadbeef", "0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e"},
		{"0x00000000000000000000000000000000deadbeef", "0xcafebabe", "0xdeadbeef", "0x60f3f640a8508fC6a86d45DF051962668E1e8AC7"},
		{"0x00000000000000000000000000000000deadbeef", "0xcafebabe", "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef", "0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C"},
		{"0x0000000000000000000000000000000000000000", "0x00", "0x", "0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0"},
	}
	for _, c := range cases {
		env := newTestEnv(Cancun)
		sender, _ := ethtypes.ParseAddress(c.sender)
		want, _ := ethtypes.ParseAddress(c.want)
		env.state.setAccount(sender, 1, newU(0), nil, nil)
		salt := parseHex256(c.salt)
		_, addr, _, err := env.evm().Create2(sender, mustHex(c.code), 100_000, new(uint256.Int), &salt)
		if addr != want {
			t.Errorf("CREATE2 from %s: %v (err %v), want %v", c.sender, addr, err, want)
		}
	}
}

// initReturning returns init code that returns n bytes of memory starting
// with first.
func initReturning(n int, first byte) []byte {
	return asm("PUSH1 " + itoa3(int(first)) + " PUSH1 0 MSTORE8 PUSH3 " + itoa3(n) + " PUSH1 0 RETURN")
}

func itoa3(n int) string { return uint256.NewInt(uint64(n)).Dec() }

func TestCreate(t *testing.T) {
	t.Run("address and deployment", func(t *testing.T) {
		env := newTestEnv(Cancun)
		evm := env.evm()
		ret, addr, left, err := evm.Create(testCaller, initReturning(3, 0x60), 100_000, newU(5))
		if err != nil {
			t.Fatal(err)
		}
		if want := ethtypes.CreateAddress(testCaller, 0); addr != want {
			t.Fatalf("address %v, want %v", addr, want)
		}
		if !bytes.Equal(ret, []byte{0x60, 0, 0}) || !bytes.Equal(env.state.GetCode(addr), ret) {
			t.Fatalf("code %x", env.state.GetCode(addr))
		}
		if env.state.GetNonce(testCaller) != 1 || env.state.GetNonce(addr) != 1 {
			t.Fatal("nonces not updated")
		}
		if b := env.state.GetBalance(addr); !b.Eq(newU(5)) {
			t.Fatal("value not transferred")
		}
		// 32000 is the transaction's; init code: 4 pushes + MSTORE8 (3 + 3
		// memory) + RETURN, then 3 bytes * 200.
		if used := 100_000 - left; used != 4*3+3+3+600 {
			t.Fatalf("gas used %d", used)
		}
	})
	t.Run("code size limit", func(t *testing.T) {
		env := newTestEnv(Cancun)
		_, _, left, err := env.evm().Create(testCaller, initReturning(ethtypes.MaxCodeSize+1, 0), 10_000_000, newU(0))
		if !errors.Is(err, ErrMaxCodeSizeExceeded) || left != 0 {
			t.Fatalf("%v, %d left", err, left)
		}
		env = newTestEnv(Cancun)
		if _, _, _, err := env.evm().Create(testCaller, initReturning(ethtypes.MaxCodeSize, 0), 10_000_000, newU(0)); err != nil {
			t.Fatal(err)
		}
		env = newTestEnv(Homestead) // no limit before Spurious Dragon
		if _, _, _, err := env.evm().Create(testCaller, initReturning(ethtypes.MaxCodeSize+1, 0), 10_000_000, newU(0)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("0xEF prefix", func(t *testing.T) {
		env := newTestEnv(London)
		if _, _, _, err := env.evm().Create(testCaller, initReturning(1, 0xef), 100_000, newU(0)); !errors.Is(err, ErrInvalidCode) {
			t.Fatalf("London: %v", err)
		}
		env = newTestEnv(Berlin)
		if _, _, _, err := env.evm().Create(testCaller, initReturning(1, 0xef), 100_000, newU(0)); err != nil {
			t.Fatalf("Berlin: %v", err)
		}
	})
	t.Run("code deposit out of gas", func(t *testing.T) {
		// 100 bytes cost 20000 to store; give the init code less.
		code := initReturning(100, 1)
		env := newTestEnv(Homestead)
		_, addr, left, err := env.evm().Create(testCaller, code, 10_000, newU(0))
		if !errors.Is(err, ErrCodeStoreOutOfGas) || left != 0 || env.state.Exist(addr) {
			t.Fatalf("Homestead: %v, %d left, exists %v", err, left, env.state.Exist(addr))
		}
		// Frontier keeps the account without code and the gas.
		env = newTestEnv(Frontier)
		_, addr, left, err = env.evm().Create(testCaller, code, 10_000, newU(0))
		if !errors.Is(err, ErrCodeStoreOutOfGas) || left == 0 || !env.state.Exist(addr) || len(env.state.GetCode(addr)) != 0 {
			t.Fatalf("Frontier: %v, %d left", err, left)
		}
	})
	t.Run("collision", func(t *testing.T) {
		env := newTestEnv(Cancun)
		target := ethtypes.CreateAddress(testCaller, 0)
		env.state.setAccount(target, 1, newU(0), nil, nil)
		_, _, left, err := env.evm().Create(testCaller, nil, 100_000, newU(0))
		if !errors.Is(err, ErrContractAddressCollision) || left != 0 || env.state.GetNonce(testCaller) != 1 {
			t.Fatalf("%v, %d left", err, left)
		}
		// Storage alone is no collision (geth does not implement EIP-7610).
		env = newTestEnv(Cancun)
		env.state.setAccount(target, 0, newU(9), nil, map[ethtypes.Hash]ethtypes.Hash{{}: hashOf(1)})
		if _, _, _, err := env.evm().Create(testCaller, nil, 100_000, newU(0)); err != nil {
			t.Fatal(err)
		}
		if b := env.state.GetBalance(target); !b.Eq(newU(9)) {
			t.Fatal("pre-existing balance lost")
		}
	})
	t.Run("nonce overflow and balance", func(t *testing.T) {
		env := newTestEnv(Cancun)
		env.state.SetNonce(testCaller, ^uint64(0))
		if _, _, left, err := env.evm().Create(testCaller, nil, 100_000, newU(0)); !errors.Is(err, ErrNonceUintOverflow) || left != 100_000 {
			t.Fatalf("%v, %d left", err, left)
		}
		env = newTestEnv(Cancun)
		if _, _, left, err := env.evm().Create(testCaller, nil, 100_000, uint256.NewInt(2e18)); !errors.Is(err, ErrInsufficientBalance) || left != 100_000 {
			t.Fatalf("%v, %d left", err, left)
		}
	})
	t.Run("init code limit", func(t *testing.T) {
		// CREATE with 49153 bytes of (zero) init code fails in Shanghai.
		code := asm("PUSH3 49153 PUSH0 PUSH0 CREATE")
		r := runCode(t, Shanghai, code, nil, 10_000_000)
		if !errors.Is(r.err, ErrMaxInitCodeSizeExceeded) || !errors.Is(r.err, ErrOutOfGas) || r.gasUsed != 10_000_000 {
			t.Fatalf("%v", r)
		}
		if r.err.Error() != "out of gas: max initcode size exceeded: size 49153" {
			t.Fatalf("message %q", r.err)
		}
		if r := runCode(t, Shanghai, asm("PUSH3 49152 PUSH0 PUSH0 CREATE"), nil, 10_000_000); r.err != nil {
			t.Fatal(r.err)
		}
	})
	t.Run("revert in init code", func(t *testing.T) {
		env := newTestEnv(Cancun)
		code := asm("PUSH1 0x2a PUSH0 MSTORE PUSH1 32 PUSH0 REVERT")
		ret, addr, left, err := env.evm().Create(testCaller, code, 100_000, newU(0))
		if !errors.Is(err, ErrExecutionReverted) || left == 0 || len(ret) != 32 || env.state.Exist(addr) {
			t.Fatalf("%v, %d left, %x", err, left, ret)
		}
		if env.state.GetNonce(testCaller) != 1 {
			t.Fatal("the creator's nonce is incremented even on failure")
		}
	})
}

func TestSelfdestruct(t *testing.T) {
	beneficiary := ethtypes.Address{19: 0xbb}
	code := asm("PUSH1 0xbb SELFDESTRUCT")
	// Before Cancun the account is deleted at the end of the transaction.
	for _, c := range []struct {
		fork    Fork
		deleted bool
	}{{London, true}, {Shanghai, true}, {Cancun, false}} {
		env := newTestEnv(c.fork)
		env.state.setAccount(testContract, 1, newU(10), code, nil)
		if _, _, err := env.call(testContract, nil, 100_000, 0); err != nil {
			t.Fatal(err)
		}
		if b := env.state.GetBalance(beneficiary); !b.Eq(newU(10)) {
			t.Errorf("%v: beneficiary got %v", c.fork, b)
		}
		env.state.finalise(true)
		if env.state.Exist(testContract) == c.deleted {
			t.Errorf("%v: deleted %v, want %v", c.fork, !env.state.Exist(testContract), c.deleted)
		}
	}
	// Cancun: created and destroyed in the same transaction: deleted.
	env := newTestEnv(Cancun)
	_, addr, _, err := env.evm().Create(testCaller, code, 100_000, newU(3))
	if err != nil {
		t.Fatal(err)
	}
	env.state.finalise(true)
	if env.state.Exist(addr) {
		t.Fatal("a contract created and destroyed in one transaction survived")
	}
	if b := env.state.GetBalance(beneficiary); !b.Eq(newU(3)) {
		t.Fatalf("beneficiary got %v", b)
	}
	// Gas: 5000 + 2600 (cold beneficiary) + 25000 (new account receiving value).
	env = newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(10), code, nil)
	_, left, _ := env.call(testContract, nil, 100_000, 0)
	if used := 100_000 - left; used != 3+5000+2600+25000 {
		t.Fatalf("gas used %d", used)
	}
	// The refund before London.
	env = newTestEnv(Berlin)
	env.state.setAccount(testContract, 1, newU(0), code, nil)
	env.call(testContract, nil, 100_000, 0)
	if env.state.GetRefund() != 24000 {
		t.Fatalf("Berlin refund %d", env.state.GetRefund())
	}
}
