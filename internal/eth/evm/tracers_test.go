package evm

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// traceTx runs a call as a transaction with tracer's hooks, calling
// OnTxStart and OnTxEnd as the transaction layer would.
func traceTx(t *testing.T, env *testEnv, tr *Tracer, to ethtypes.Address, gas uint64) {
	t.Helper()
	env.config.Tracer = tr
	evm := env.evm()
	tr.OnTxStart(evm, &TxStart{From: testCaller, To: &to, Gas: gas})
	env.state.AddAddressToAccessList(testCaller)
	env.state.AddAddressToAccessList(to)
	_, left, _ := evm.Call(testCaller, to, nil, gas, new(uint256.Int))
	tr.OnTxEnd(&TxEnd{GasUsed: gas - left})
}

func TestStructLogger(t *testing.T) {
	env := newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), asm("PUSH1 1 PUSH0 SSTORE PUSH0 SLOAD STOP"), nil)
	l := NewStructLogger(nil)
	traceTx(t, env, l.Tracer(), testContract, 100000)
	got, err := l.Result()
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"gas":22207,"failed":false,"returnValue":"0x","structLogs":[` +
		`{"pc":0,"op":"PUSH1","gas":100000,"gasCost":3,"depth":1,"stack":[]},` +
		`{"pc":2,"op":"PUSH0","gas":99997,"gasCost":2,"depth":1,"stack":["0x1"]},` +
		`{"pc":3,"op":"SSTORE","gas":99995,"gasCost":22100,"depth":1,"stack":["0x1","0x0"],` +
		`"storage":{"0000000000000000000000000000000000000000000000000000000000000000":"0000000000000000000000000000000000000000000000000000000000000001"}},` +
		`{"pc":4,"op":"PUSH0","gas":77895,"gasCost":2,"depth":1,"stack":[]},` +
		`{"pc":5,"op":"SLOAD","gas":77893,"gasCost":100,"depth":1,"stack":["0x0"],` +
		`"storage":{"0000000000000000000000000000000000000000000000000000000000000000":"0000000000000000000000000000000000000000000000000000000000000001"}},` +
		`{"pc":6,"op":"STOP","gas":77793,"gasCost":0,"depth":1,"stack":["0x1"]}]}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}

	// A failure is recorded on the failing instruction and in the result.
	env = newTestEnv(Cancun)
	env.state.setAccount(testContract, 1, newU(0), asm("PUSH1 1 ADD"), nil)
	l = NewStructLogger(&StructLoggerConfig{DisableStack: true, EnableMemory: true})
	traceTx(t, env, l.Tracer(), testContract, 1000)
	got, _ = l.Result()
	const wantFail = `{"gas":1000,"failed":true,"returnValue":"0x","structLogs":[` +
		`{"pc":0,"op":"PUSH1","gas":1000,"gasCost":3,"depth":1},` +
		`{"pc":2,"op":"ADD","gas":997,"gasCost":3,"depth":1,"error":"stack underflow (1 \u003c=\u003e 2)"}]}`
	if string(got) != wantFail {
		t.Fatalf("got  %s\nwant %s", got, wantFail)
	}
	if !errors.Is(l.Error(), ErrStackUnderflow) {
		t.Fatalf("error %v", l.Error())
	}
}

func TestCallTracer(t *testing.T) {
	env := newTestEnv(Cancun)
	// The callee logs, then reverts with Error("boom"): it copies the revert
	// data from the end of its own code (at offset 0x20).
	revert := "0x08c379a0" +
		"0000000000000000000000000000000000000000000000000000000000000020" +
		"0000000000000000000000000000000000000000000000000000000000000004" +
		"626f6f6d00000000000000000000000000000000000000000000000000000000"
	callee := asm("PUSH1 7 PUSH0 PUSH0 LOG1 PUSH1 100 PUSH1 0x20 PUSH0 CODECOPY PUSH1 100 PUSH0 REVERT")
	callee = append(callee, make([]byte, 0x20-len(callee))...)
	callee = append(callee, mustHex(revert)...)
	env.state.setAccount(calleeAddr, 1, newU(0), callee, nil)
	caller := asm("PUSH0 PUSH0 PUSH1 4 PUSH0 PUSH1 5 PUSH1 0xee GAS CALL PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0xdd GAS STATICCALL")
	env.state.setAccount(testContract, 1, newU(10), caller, nil)

	ct := NewCallTracer(&CallTracerConfig{WithLog: true})
	traceTx(t, env, ct.Tracer(), testContract, 100000)
	got, err := ct.Result()
	if err != nil {
		t.Fatal(err)
	}
	var frame map[string]any
	if err := json.Unmarshal(got, &frame); err != nil {
		t.Fatal(err)
	}
	if frame["type"] != "CALL" || frame["from"] != "0xca11e40000000000000000000000000000000000" ||
		frame["to"] != "0xc0de000000000000000000000000000000000000" || frame["gas"] != "0x186a0" || frame["value"] != "0x0" {
		t.Fatalf("top frame %s", got)
	}
	calls := frame["calls"].([]any)
	if len(calls) != 2 {
		t.Fatalf("calls %s", got)
	}
	c0 := calls[0].(map[string]any)
	if c0["type"] != "CALL" || c0["to"] != "0x00000000000000000000000000000000000000ee" || c0["value"] != "0x5" ||
		c0["error"] != "execution reverted" || c0["revertReason"] != "boom" || c0["input"] != "0x00000000" {
		t.Fatalf("first call %v", c0)
	}
	if _, ok := c0["logs"]; ok {
		t.Fatalf("logs of a reverted call are dropped: %v", c0)
	}
	c1 := calls[1].(map[string]any)
	if c1["type"] != "STATICCALL" || c1["gasUsed"] != "0x0" {
		t.Fatalf("second call %v", c1)
	}
	if _, ok := c1["value"]; ok {
		t.Fatalf("a static call has no value: %v", c1)
	}
}

func TestUnpackRevert(t *testing.T) {
	cases := []struct {
		data string
		want string
		ok   bool
	}{
		{"0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020" +
			"0000000000000000000000000000000000000000000000000000000000000002" +
			"6869000000000000000000000000000000000000000000000000000000000000", "hi", true},
		{"0x4e487b71" + "0000000000000000000000000000000000000000000000000000000000000011", "arithmetic underflow or overflow", true},
		{"0x4e487b71" + "00000000000000000000000000000000000000000000000000000000000000ff", "unknown panic code: 0xff", true},
		{"0x08c379a0" + "00000000000000000000000000000000000000000000000000000000000000ff" +
			"0000000000000000000000000000000000000000000000000000000000000002", "", false},
		{"0x08c379a0", "", false},
		{"0x1234", "", false},
	}
	for _, c := range cases {
		got, ok := UnpackRevert(mustHex(c.data))
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %q %v", c.data[:10], got, ok)
		}
	}
}

// TestTracerHooks checks the order and arguments of the frame hooks.
func TestTracerHooks(t *testing.T) {
	env := newTestEnv(Cancun)
	env.state.setAccount(calleeAddr, 1, newU(0), asm("PUSH1 0xbb SELFDESTRUCT"), nil)
	env.state.setAccount(testContract, 1, newU(0), callTo("CALL", "0xee", "0", "0"), nil)
	var events []string
	tr := &Tracer{
		OnEnter: func(depth int, typ OpCode, from, to ethtypes.Address, _ []byte, _ uint64, _ *uint256.Int) {
			events = append(events, "enter "+typ.String()+" "+itoa3(depth))
		},
		OnExit: func(depth int, _ []byte, _ uint64, err error, reverted bool) {
			events = append(events, "exit "+itoa3(depth))
		},
	}
	env.config.Tracer = tr
	if _, _, err := env.call(testContract, nil, 100000, 0); err != nil {
		t.Fatal(err)
	}
	want := []string{"enter CALL 0", "enter CALL 1", "enter SELFDESTRUCT 2", "exit 2", "exit 1", "exit 0"}
	if len(events) != len(want) {
		t.Fatalf("events %v", events)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Fatalf("events %v, want %v", events, want)
		}
	}
}
