package evm

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

// fuzzOutcome is everything an execution changes that the fuzz test
// compares between the two loops.
type fuzzOutcome struct {
	ret     string
	left    uint64
	err     string
	refund  uint64
	logs    int
	storage map[ethtypes.Hash]ethtypes.Hash
}

func fuzzRun(fork Fork, code, input []byte, exact bool) fuzzOutcome {
	env := newTestEnv(fork)
	if exact {
		env.config.Tracer = exactTracer
	}
	env.state.setAccount(testContract, 1, newU(1000), code, nil)
	// A second contract with the same code, for calls.
	env.state.setAccount(calleeAddr, 1, newU(1000), code, nil)
	ret, left, err := env.call(testContract, input, 300_000, 1)
	o := fuzzOutcome{ret: fmt.Sprintf("%x", ret), left: left, refund: env.state.GetRefund(), logs: len(env.state.logs)}
	if err != nil {
		o.err = err.Error()
	}
	if a := env.state.accounts[testContract]; a != nil {
		o.storage = a.storage
	}
	return o
}

// FuzzExecute runs arbitrary code with both interpreter loops: neither may
// panic, and they must agree on output, gas, error, refund, logs and
// storage.
func FuzzExecute(f *testing.F) {
	seeds := []string{
		"PUSH1 2 PUSH1 3 ADD" + returnTop,
		"PUSH1 0 CALLDATALOAD PUSH1 1 SSTORE PUSH1 1 SLOAD PUSH1 2 TSTORE",
		"loop: JUMPDEST PUSH1 1 PUSH0 SLOAD ADD PUSH0 SSTORE PUSH2 @loop JUMP",
		"PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xee GAS CALL PUSH0 PUSH0 RETURNDATACOPY",
		"PUSH1 32 PUSH0 PUSH0 CALLDATACOPY PUSH1 32 PUSH0 PUSH0 CREATE",
		"PUSH1 0xff PUSH1 0x40 MSTORE PUSH1 0x40 PUSH1 0 KECCAK256 PUSH1 0 PUSH1 0 LOG1",
		"PUSH1 0x20 PUSH0 PUSH1 0x10 MCOPY MSIZE PUSH0 PUSH0 PUSH1 0x20 PUSH1 0 PUSH1 0 CREATE2",
		"PUSH1 0xee SELFDESTRUCT",
		"PUSH1 5 JUMP JUMPDEST PUSH1 1 PUSH1 1 JUMPI",
	}
	for _, s := range seeds {
		f.Add(asm(s), []byte{1, 2, 3})
	}
	f.Add([]byte{0x60}, []byte(nil))
	f.Add([]byte{0x5b, 0x5b, 0x56}, []byte(nil))
	if dir, err := testdata.Locate(); err == nil {
		if raw, err := os.ReadFile(dir + "/evm-bench/revm-bench/analysis.hex"); err == nil {
			f.Add(mustHex(strings.TrimSpace(string(raw))), []byte{0x80, 0x35, 0xF0, 0xCE})
		}
	}
	f.Fuzz(func(t *testing.T, code, input []byte) {
		if len(code) > 4096 || len(input) > 1024 {
			return
		}
		fork := Cancun
		if len(input) > 0 {
			fork = Fork(input[0] % byte(numForks))
		}
		fast := fuzzRun(fork, code, input, false)
		exact := fuzzRun(fork, code, input, true)
		if fast.ret != exact.ret || fast.left != exact.left || fast.err != exact.err ||
			fast.refund != exact.refund || fast.logs != exact.logs || !maps.Equal(fast.storage, exact.storage) {
			t.Fatalf("%v: loops disagree on %x:\nfast:  %+v\nexact: %+v", fork, code, fast, exact)
		}
	})
}

// TestAnalysisBlocks checks block boundaries on a small program.
func TestAnalysisBlocks(t *testing.T) {
	// 0: PUSH1 4, 2: JUMP, 3: STOP, 4: JUMPDEST, 5: PUSH1 0x5b, 7: GAS,
	// 8: ADD, 9: 0x0c (undefined), 10: JUMPDEST
	code := []byte{0x60, 0x04, 0x56, 0x00, 0x5b, 0x60, 0x5b, 0x5a, 0x01, 0x0c, 0x5b}
	a := analyse(code, jumpTables[Cancun])
	type blk struct {
		start, end uint32
		gas        uint64
		min, max   uint16
		invalid    bool
	}
	want := []blk{
		{0, 3, 3 + 8, 0, 1023, false},
		{3, 4, 0, 0, 1024, false},
		{4, 8, 1 + 3 + 2, 0, 1022, false},
		{8, 9, 3, 2, 1024, true},
		{10, 11, 1, 0, 1024, false},
	}
	if len(a.blocks) != len(want) {
		t.Fatalf("%d blocks: %+v", len(a.blocks), a.blocks)
	}
	for i, w := range want {
		b := a.blocks[i]
		if b.end != w.end || b.gas != w.gas || b.stackMin != w.min || b.stackMax != w.max || b.invalid != w.invalid {
			t.Errorf("block %d: %+v, want %+v", i, b, w)
		}
		if a.blockIndex(uint64(w.start)) != uint(i) {
			t.Errorf("block %d: index of its start %d", i, a.blockIndex(uint64(w.start)))
		}
	}
	for pc := range code {
		if got, want := a.isJumpdest(uint64(pc)), pc == 4 || pc == 10; got != want {
			t.Errorf("jumpdest at %d: %v", pc, got)
		}
	}
}

// TestAnalysisRuns checks that blocks falling into JUMPDESTs cover the rest
// of their run.
func TestAnalysisRuns(t *testing.T) {
	// 0: PUSH1 1, 2: JUMPDEST, 3: JUMPDEST, 4: POP, 5: 0x0c (undefined)
	code := []byte{0x60, 0x01, 0x5b, 0x5b, 0x50, 0x0c}
	a := analyse(code, jumpTables[Cancun])
	want := []block{
		{gas: 3 + 1 + 1 + 2, end: 5, next: 3, stackMin: 0, stackMax: 1023, invalid: true},
		{gas: 1 + 1 + 2, end: 5, next: 3, stackMin: 1, stackMax: 1024, invalid: true},
		{gas: 1 + 2, end: 5, next: 3, stackMin: 1, stackMax: 1024, invalid: true},
	}
	if len(a.blocks) != len(want) {
		t.Fatalf("%d blocks: %+v", len(a.blocks), a.blocks)
	}
	for i, w := range want {
		if a.blocks[i] != w {
			t.Errorf("block %d: %+v, want %+v", i, a.blocks[i], w)
		}
	}
	if got := a.restGas(code, jumpTables[Cancun], 2); got != 3 {
		t.Errorf("restGas at 2: %d, want 3", got)
	}
}

// TestJumpTables checks every fork's table is complete and that forks only
// add instructions.
func TestJumpTables(t *testing.T) {
	for f := Frontier; f < numForks; f++ {
		jt := jumpTables[f]
		if jt.fork != f {
			t.Fatalf("table %v claims %v", f, jt.fork)
		}
		for i := range jt.ops {
			o := &jt.ops[i]
			if o.execute == nil {
				t.Errorf("%v: %v has no implementation", f, OpCode(i))
			}
			if f > Frontier && jumpTables[f-1].ops[i].flags&flagUndefined == 0 && o.flags&flagUndefined != 0 {
				t.Errorf("%v removes %v", f, OpCode(i))
			}
		}
	}
	if ForkOf(rulesFor(Cancun)) != Cancun || ForkOf(ethtypes.Rules{}) != Frontier || ForkOf(rulesFor(Petersburg)) != Petersburg {
		t.Error("ForkOf")
	}
	if Cancun.String() != "Cancun" || Fork(99).String() != "Fork(99)" {
		t.Error("Fork.String")
	}
}

// TestCacheSharing checks that analyses are shared by code hash and fork
// and that the cache stays bounded.
func TestCacheSharing(t *testing.T) {
	c := NewCache(2)
	env := newTestEnv(Cancun)
	env.config.Cache = c
	for i := byte(0); i < 5; i++ {
		addr := ethtypes.Address{19: 0x40 + i}
		env.state.setAccount(addr, 1, newU(0), []byte{0x60, i}, nil)
		if _, _, err := env.call(addr, nil, 1000, 0); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 2 {
		t.Fatalf("cache holds %d analyses", c.Len())
	}
	_ = uint256.Int{}
}

// TestRandomDifferential runs random programs (biased towards jumps,
// stack, memory, storage and calls) with both loops under every fork and
// requires identical outcomes.
func TestRandomDifferential(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r := rand.New(rand.NewPCG(1, 2))
	common := []byte{0x5f, 0x60, 0x56, 0x57, 0x5b, 0x01, 0x80, 0x90, 0x5a, 0xf1, 0xf0, 0xf5, 0x51, 0x52,
		0x55, 0x54, 0x20, 0x3e, 0x37, 0xa0, 0x5e, 0x5c, 0x5d, 0xfd, 0xf3, 0xff, 0x0a, 0x1b}
	for i := 0; i < n; i++ {
		code := make([]byte, r.IntN(96)+1)
		for j := range code {
			if r.IntN(3) == 0 {
				code[j] = byte(r.IntN(256))
			} else {
				code[j] = common[r.IntN(len(common))]
			}
		}
		fork := Fork(r.IntN(int(numForks)))
		input := []byte{byte(fork), byte(r.IntN(256))}
		a := fuzzRun(fork, code, input, false)
		b := fuzzRun(fork, code, input, true)
		if a.ret != b.ret || a.left != b.left || a.err != b.err || a.refund != b.refund || a.logs != b.logs || !maps.Equal(a.storage, b.storage) {
			t.Fatalf("%v: loops disagree on %x:\nfast:  %+v\nexact: %+v", fork, code, a, b)
		}
	}
}
