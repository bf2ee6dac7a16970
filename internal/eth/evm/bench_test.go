package evm

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

// benchCall calls addr on st repeatedly, as geth's `evm run --bench` does:
// a new EVM per iteration (sharing a Cache), the access list prepared for
// the call, the state kept from one iteration to the next.
func benchCall(b *testing.B, st *memState, addr ethtypes.Address, input []byte, gas uint64, wantGas uint64) {
	benchCallCache(b, st, addr, input, gas, wantGas, true)
}

// benchCallCache is benchCall; with shared false every iteration starts
// with an empty cache (code analysed afresh, frames allocated).
func benchCallCache(b *testing.B, st *memState, addr ethtypes.Address, input []byte, gas uint64, wantGas uint64, shared bool) {
	b.Helper()
	rules := rulesFor(Cancun)
	env := newTestEnv(Cancun)
	cache := NewCache(64)
	run := func() (uint64, error) {
		if !shared {
			cache = NewCache(64)
		}
		evm := NewEVM(env.block, env.tx, st, rules, Config{Cache: cache})
		st.AddAddressToAccessList(testCaller)
		st.AddAddressToAccessList(addr)
		for _, p := range evm.ActivePrecompiles() {
			st.AddAddressToAccessList(p)
		}
		_, left, err := evm.Call(testCaller, addr, input, gas, new(uint256.Int))
		st.finalise(true)
		return gas - left, err
	}
	used, err := run()
	if err != nil {
		b.Fatalf("call failed: %v", err)
	}
	if wantGas != 0 && used != wantGas {
		b.Fatalf("gas used %d, want %d", used, wantGas)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(used)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mgas/s")
}

func benchContract(b *testing.B, code []byte, input []byte, gas, wantGas uint64) {
	st := newMemState()
	st.setAccount(testCaller, 0, uint256.NewInt(1e18), nil, nil)
	st.setAccount(testContract, 1, new(uint256.Int), code, nil)
	benchCall(b, st, testContract, input, gas, wantGas)
}

// BenchmarkLoop is a counter loop of PUSH/DUP/ADD/LT/JUMPI (100000 turns).
func BenchmarkLoop(b *testing.B) {
	code := asm(`PUSH3 100000 PUSH0
		loop: JUMPDEST PUSH1 1 ADD DUP2 DUP2 LT PUSH2 @loop JUMPI STOP`)
	benchContract(b, code, nil, 100_000_000, 0)
}

// BenchmarkKeccak hashes a 64-byte word 10000 times.
func BenchmarkKeccak(b *testing.B) {
	code := asm(`PUSH2 10000
		loop: JUMPDEST PUSH1 64 PUSH0 KECCAK256 PUSH0 MSTORE PUSH1 1 SWAP1 SUB DUP1 PUSH2 @loop JUMPI STOP`)
	benchContract(b, code, nil, 100_000_000, 0)
}

func readHex(b testing.TB, elems ...string) []byte {
	raw, err := os.ReadFile(testdata.Path(b, elems...))
	if err != nil {
		b.Fatal(err)
	}
	code, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(string(raw)), "0x"))
	if err != nil {
		b.Fatal(err)
	}
	return code
}

// BenchmarkSnailtracer runs revm's snailtracer: 165,962,868 gas under
// Cancun, as geth 1.17.10's `evm run` with a Cancun genesis (SOURCES.md's
// 163,584,388 is under geth's default, later fork).
func BenchmarkSnailtracer(b *testing.B) {
	code := readHex(b, "evm-bench", "revm-bench", "snailtracer.hex")
	benchContract(b, code, []byte{0x30, 0x62, 0x7b, 0x7c}, 1_000_000_000, 165_962_868)
}

// BenchmarkERC20Analysis runs revm's analysis contract (an ERC-20): 12,685
// gas under Cancun (geth, Cancun genesis; 12,485 under its default fork).
// It mostly measures code analysis.
func BenchmarkERC20Analysis(b *testing.B) {
	code := readHex(b, "evm-bench", "revm-bench", "analysis.hex")
	benchContract(b, code, []byte{0x80, 0x35, 0xF0, 0xCE}, 1_000_000_000, 12_685)
}

// BenchmarkERC20AnalysisCold is BenchmarkERC20Analysis without a shared
// cache: each run analyses the code and allocates its frames.
func BenchmarkERC20AnalysisCold(b *testing.B) {
	code := readHex(b, "evm-bench", "revm-bench", "analysis.hex")
	st := newMemState()
	st.setAccount(testCaller, 0, uint256.NewInt(1e18), nil, nil)
	st.setAccount(testContract, 1, new(uint256.Int), code, nil)
	benchCallCache(b, st, testContract, []byte{0x80, 0x35, 0xF0, 0xCE}, 1_000_000_000, 12_685, false)
}

// BenchmarkAnalyse measures code analysis alone (snailtracer's 17 KB).
func BenchmarkAnalyse(b *testing.B) {
	code := readHex(b, "evm-bench", "revm-bench", "snailtracer.hex")
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		analyse(code, jumpTables[Cancun])
	}
}

// BenchmarkBurntpix runs revm's burntpix (geth: 159,052,023 gas).
func BenchmarkBurntpix(b *testing.B) {
	st := newMemState()
	st.setAccount(testCaller, 0, uint256.NewInt(1e18), nil, nil)
	addrs := map[string]string{
		"one":   "0a743ba7304efcc9e384ece9be7631e2470e401e",
		"two":   "49206861766520746f6f206d7563682074696d65",
		"three": "c917e98213a05d271adc5d93d2fee6c1f1006f75",
		"four":  "f529c70db0800449ebd81fbc6e4221523a989f05",
	}
	addr := func(n string) ethtypes.Address {
		a, err := ethtypes.ParseAddress(addrs[n])
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	for n := range addrs {
		var storage map[ethtypes.Hash]ethtypes.Hash
		if n == "two" {
			slot := func(i byte, a ethtypes.Address) (ethtypes.Hash, ethtypes.Hash) {
				var k, v ethtypes.Hash
				k[31] = i
				copy(v[12:], a[:])
				return k, v
			}
			storage = map[ethtypes.Hash]ethtypes.Hash{}
			for i, m := range []string{"four", "one", "three"} {
				k, v := slot(byte(i), addr(m))
				storage[k] = v
			}
		}
		st.setAccount(addr(n), 1, new(uint256.Int), readHex(b, "evm-bench", "revm-bench", "burntpix", "bytecode_"+n+".hex"), storage)
	}
	input, _ := hex.DecodeString("a4de9ab4" +
		"0000000000000000000000000000000000000000000000000000000000000000" +
		"0000000000000000000000000000000000000000000000000000000000004e20")
	benchCall(b, st, addr("two"), input, 100_000_000_000, 159_052_023)
}

// BenchmarkIpsilon runs evmone's benchmark suite (state tests filled for
// London), executing each subtest's transaction on its pre-state.
func BenchmarkIpsilon(b *testing.B) {
	dir := testdata.Path(b, "evm-bench", "ipsilon-evm-benchmarks", "benchmarks")
	for _, sub := range []string{"main", "micro"} {
		entries, err := os.ReadDir(dir + "/" + sub)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			raw, err := os.ReadFile(dir + "/" + sub + "/" + e.Name())
			if err != nil {
				b.Fatal(err)
			}
			var tests map[string]*stTest
			if err := json.Unmarshal(raw, &tests); err != nil {
				b.Fatal(err)
			}
			for name, test := range tests {
				for i := range test.Post["London"] {
					post := &test.Post["London"][i]
					b.Run(strings.TrimSuffix(e.Name(), ".json")+"/"+name+"/"+strconv.Itoa(i), func(b *testing.B) {
						benchStateTest(b, test, post)
					})
				}
			}
		}
	}
}

func benchStateTest(b *testing.B, test *stTest, post *stPost) {
	cache := NewCache(64)
	res := test.run(London, post, cache, nil)
	if res.root != post.Hash {
		b.Fatalf("wrong state root (tx error %v)", res.txErr)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		test.run(London, post, cache, nil)
	}
}

// BenchmarkCalls makes 2000 CALLs to a contract that returns one word.
func BenchmarkCalls(b *testing.B) {
	st := newMemState()
	st.setAccount(testCaller, 0, uint256.NewInt(1e18), nil, nil)
	st.setAccount(calleeAddr, 1, new(uint256.Int), asm("PUSH1 42 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN"), nil)
	st.setAccount(testContract, 1, new(uint256.Int), callLoopCode, nil)
	benchCall(b, st, testContract, nil, 100_000_000, 322_506) // geth 1.17.10: 322,506
}

var callLoopCode = asm(`PUSH2 2000
	loop: JUMPDEST PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xee GAS CALL POP
	PUSH1 1 SWAP1 SUB DUP1 PUSH2 @loop JUMPI STOP`)
