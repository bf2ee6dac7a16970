package evm

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// rulesFor returns the rules of a fork with every earlier fork active.
func rulesFor(f Fork) ethtypes.Rules {
	return ethtypes.Rules{
		IsHomestead:      f >= Homestead,
		IsEIP150:         f >= TangerineWhistle,
		IsEIP155:         f >= SpuriousDragon,
		IsEIP158:         f >= SpuriousDragon,
		IsByzantium:      f >= Byzantium,
		IsConstantinople: f >= Constantinople,
		IsPetersburg:     f >= Petersburg,
		IsIstanbul:       f >= Istanbul,
		IsBerlin:         f >= Berlin,
		IsLondon:         f >= London,
		IsMerge:          f >= Paris,
		IsShanghai:       f >= Shanghai,
		IsCancun:         f >= Cancun,
	}
}

var opByName = func() map[string]OpCode {
	m := make(map[string]OpCode)
	for i, n := range opNames {
		if n != "" {
			m[n] = OpCode(i)
		}
	}
	return m
}()

// asm assembles a program written as mnemonics and immediates separated by
// spaces. "name:" defines a label (a JUMPDEST is NOT added), "@name" is the
// label's offset as a 2-byte PUSH2 immediate. Numbers after PUSHn are
// decimal or 0x-hex and are left-padded to n bytes. "0x..." alone emits raw
// bytes.
func asm(src string) []byte {
	var (
		out    []byte
		labels = map[string]int{}
		fixups = map[int]string{}
	)
	toks := strings.Fields(src)
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if strings.HasSuffix(tok, ":") {
			labels[strings.TrimSuffix(tok, ":")] = len(out)
			continue
		}
		if strings.HasPrefix(tok, "0x") {
			b, err := hex.DecodeString(tok[2:])
			if err != nil {
				panic(err)
			}
			out = append(out, b...)
			continue
		}
		op, ok := opByName[strings.ToUpper(tok)]
		if !ok {
			panic("asm: unknown mnemonic " + tok)
		}
		out = append(out, byte(op))
		if n := pushSize(op); n > 0 {
			i++
			arg := toks[i]
			if strings.HasPrefix(arg, "@") {
				if n != 2 {
					panic("asm: labels need PUSH2")
				}
				fixups[len(out)] = arg[1:]
				out = append(out, 0, 0)
				continue
			}
			var v uint256.Int
			if strings.HasPrefix(arg, "0x") {
				v = parseHex256(arg)
			} else {
				u, err := strconv.ParseUint(arg, 10, 64)
				if err != nil {
					panic(err)
				}
				v.SetUint64(u)
			}
			b := v.Bytes32()
			out = append(out, b[32-n:]...)
		}
	}
	for pos, name := range fixups {
		l, ok := labels[name]
		if !ok {
			panic("asm: unknown label " + name)
		}
		out[pos], out[pos+1] = byte(l>>8), byte(l)
	}
	return out
}

// returnTop is appended to programs to return the stack's top word.
const returnTop = " PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN"

var (
	testCaller   = ethtypes.Address{0xca, 0x11, 0xe4}
	testContract = ethtypes.Address{0xc0, 0xde}
)

// testEnv is a small world for running code.
type testEnv struct {
	state  *memState
	rules  ethtypes.Rules
	block  BlockContext
	tx     TxContext
	config Config
}

func newTestEnv(fork Fork) *testEnv {
	st := newMemState()
	st.setAccount(testCaller, 0, uint256.NewInt(1e18), nil, nil)
	return &testEnv{
		state: st,
		rules: rulesFor(fork),
		block: BlockContext{
			Coinbase:    ethtypes.Address{0xcb},
			GasLimit:    30_000_000,
			BlockNumber: 1000,
			Time:        1_700_000_000,
			ChainID:     *uint256.NewInt(1),
			BaseFee:     *uint256.NewInt(7),
			BlobBaseFee: *uint256.NewInt(1),
			GetHash: func(n uint64) ethtypes.Hash {
				return ethtypes.Keccak256Hash([]byte(strconv.FormatUint(n, 10)))
			},
		},
		tx: TxContext{Origin: testCaller, GasPrice: *uint256.NewInt(10)},
	}
}

func (e *testEnv) evm() *EVM {
	return NewEVM(e.block, e.tx, e.state, e.rules, e.config)
}

// call runs a call from testCaller to addr, warming the pair as a
// transaction would.
func (e *testEnv) call(addr ethtypes.Address, input []byte, gas uint64, value uint64) ([]byte, uint64, error) {
	evm := e.evm()
	e.state.AddAddressToAccessList(testCaller)
	e.state.AddAddressToAccessList(addr)
	return evm.Call(testCaller, addr, input, gas, uint256.NewInt(value))
}

// runResult is what one execution produced.
type runResult struct {
	ret     []byte
	gasUsed uint64
	err     error
	refund  uint64
}

func (r runResult) String() string {
	return fmt.Sprintf("ret=%x gasUsed=%d err=%v refund=%d", r.ret, r.gasUsed, r.err, r.refund)
}

// exactTracer forces the exact loop without recording anything.
var exactTracer = &Tracer{OnOpcode: func(uint64, OpCode, uint64, uint64, *Frame, []byte, int, error) {}}

// runCode installs code at testContract and calls it with both loops,
// failing the test if they disagree. It returns the fast loop's result.
func runCode(t testing.TB, fork Fork, code, input []byte, gas uint64) runResult {
	t.Helper()
	var results [2]runResult
	for i, exact := range []bool{false, true} {
		env := newTestEnv(fork)
		if exact {
			env.config.Tracer = exactTracer
		}
		env.state.setAccount(testContract, 1, uint256.NewInt(0), code, nil)
		ret, left, err := env.call(testContract, input, gas, 0)
		results[i] = runResult{ret: ret, gasUsed: gas - left, err: err, refund: env.state.GetRefund()}
	}
	if results[0].String() != results[1].String() {
		t.Fatalf("fast and exact loops disagree:\nfast:  %v\nexact: %v", results[0], results[1])
	}
	return results[0]
}

func word(s string) []byte {
	v := parseHex256(s)
	b := v.Bytes32()
	return b[:]
}

// parseHex256 parses 0x-hex (leading zeros allowed) into a 256-bit value.
func parseHex256(s string) uint256.Int {
	b, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		panic("bad hex " + s)
	}
	var v uint256.Int
	if v.SetFromBig(b) {
		panic("hex too large " + s)
	}
	return v
}

func mustHex(s string) []byte {
	s = strings.TrimPrefix(strings.TrimSpace(s), "0x")
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func newU(v uint64) *uint256.Int { return uint256.NewInt(v) }

func hashOf(v uint64) ethtypes.Hash { return uint256.NewInt(v).Bytes32() }

func hexOf(h ethtypes.Hash) string { return hex.EncodeToString(h[:]) }

func emptyCodeHash() ethtypes.Hash { return ethtypes.EmptyCodeHash }
