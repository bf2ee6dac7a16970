package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/testdata"
)

// runTool runs `evm run` with args and returns the exit status and outputs.
func runTool(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runEVM("run", args, &out, &errb)
	return code, out.String(), errb.String()
}

// gasLine is the gas report of stderr.
func gasLine(stderr string) string {
	for l := range strings.SplitSeq(stderr, "\n") {
		if strings.HasPrefix(l, "EVM gas used:") {
			return l
		}
	}
	return ""
}

// TestEVMRun checks outputs and gas used against geth's evm run 1.17.10
// under a Cancun genesis (each expectation was produced by geth).
func TestEVMRun(t *testing.T) {
	three := "0x" + strings.Repeat("0", 63) + "3"
	tests := []struct {
		name    string
		args    []string
		stdout  string
		gasUsed uint64
	}{
		{"add and return", []string{"0x60016002015f5260205ff3"}, three + "\n", 22},
		{"--code", []string{"--code", "60016002015f5260205ff3"}, three + "\n", 22},
		{"create", []string{"--create", "0x60016002015f5260205ff3"}, three + "\n", 6422},
		{"selfdestruct", []string{"0x600035ff"}, "\n", 5006},
		{"value without balance", []string{"--value", "3", "0x3460005260206000f3"}, "\n error: insufficient balance for transfer\n", 0},
		{"invalid", []string{"0xfe"}, "\n error: invalid opcode: INVALID\n", 10_000_000_000},
		{"invalid with --gas", []string{"--gas", "1000", "0xfe"}, "\n error: invalid opcode: INVALID\n", 1000},
		{"revert", []string{"0x60016000fd"}, "0x00\n error: execution reverted\n", 9},
		{"input", []string{"--input", "0xdeadbeef", "0x5f355f5260205ff3"}, "0xdeadbeef" + strings.Repeat("0", 56) + "\n", 18},
		{"call a precompile", []string{"0x5f5f5f5f5f60015af1"}, "\n", 3115},
		{"bad jump", []string{"0x5f56"}, "\n error: invalid jump destination\n", 10_000_000_000},
		{"chain id", []string{"0x4600"}, "\n", 2},
		{"no code", nil, "\n", 0},
		{"London has no PUSH0", []string{"--fork", "London", "0x5f00"}, "\n error: invalid opcode: PUSH0\n", 10_000_000_000},
		{"undefined", []string{"0xef"}, "\n error: invalid opcode: opcode 0xef not defined\n", 10_000_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runTool(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout, tc.stdout)
			}
			if got, want := gasLine(stderr), fmt.Sprintf("EVM gas used:    %d", tc.gasUsed); got != want {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
		})
	}
}

// TestEVMRunJSON compares the JSON trace with geth's evm run --json
// output for the same code (byte for byte, as geth 1.17.10 prints it).
func TestEVMRunJSON(t *testing.T) {
	tests := []struct {
		name, code string
		want       []string
	}{
		{"add", "0x60016002015f5260205ff3", []string{
			`{"pc":0,"op":96,"gas":"0x2540be400","gasCost":"0x3","memSize":0,"stack":[],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":2,"op":96,"gas":"0x2540be3fd","gasCost":"0x3","memSize":0,"stack":["0x1"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":4,"op":1,"gas":"0x2540be3fa","gasCost":"0x3","memSize":0,"stack":["0x1","0x2"],"depth":1,"refund":0,"opName":"ADD"}`,
			`{"pc":5,"op":95,"gas":"0x2540be3f7","gasCost":"0x2","memSize":0,"stack":["0x3"],"depth":1,"refund":0,"opName":"PUSH0"}`,
			`{"pc":6,"op":82,"gas":"0x2540be3f5","gasCost":"0x6","memSize":0,"stack":["0x3","0x0"],"depth":1,"refund":0,"opName":"MSTORE"}`,
			`{"pc":7,"op":96,"gas":"0x2540be3ef","gasCost":"0x3","memSize":32,"stack":[],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":9,"op":95,"gas":"0x2540be3ec","gasCost":"0x2","memSize":32,"stack":["0x20"],"depth":1,"refund":0,"opName":"PUSH0"}`,
			`{"pc":10,"op":243,"gas":"0x2540be3ea","gasCost":"0x0","memSize":32,"stack":["0x20","0x0"],"depth":1,"refund":0,"opName":"RETURN"}`,
			`{"output":"0000000000000000000000000000000000000000000000000000000000000003","gasUsed":"0x16"}`,
		}},
		{"invalid", "0xfe", []string{
			`{"pc":0,"op":254,"gas":"0x2540be400","gasCost":"0x0","memSize":0,"stack":[],"depth":1,"refund":0,"opName":"INVALID"}`,
			`{"pc":0,"op":254,"gas":"0x2540be400","gasCost":"0x0","memSize":0,"stack":[],"depth":1,"refund":0,"opName":"INVALID","error":"invalid opcode: INVALID"}`,
			`{"output":"","gasUsed":"0x2540be400","error":"invalid opcode: INVALID"}`,
		}},
		{"sub-call and refund", "0x6000600060006000600060016000f1600160005560006000555f00", []string{
			`{"pc":0,"op":96,"gas":"0x2540be400","gasCost":"0x3","memSize":0,"stack":[],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":2,"op":96,"gas":"0x2540be3fd","gasCost":"0x3","memSize":0,"stack":["0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":4,"op":96,"gas":"0x2540be3fa","gasCost":"0x3","memSize":0,"stack":["0x0","0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":6,"op":96,"gas":"0x2540be3f7","gasCost":"0x3","memSize":0,"stack":["0x0","0x0","0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":8,"op":96,"gas":"0x2540be3f4","gasCost":"0x3","memSize":0,"stack":["0x0","0x0","0x0","0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":10,"op":96,"gas":"0x2540be3f1","gasCost":"0x3","memSize":0,"stack":["0x0","0x0","0x0","0x0","0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":12,"op":96,"gas":"0x2540be3ee","gasCost":"0x3","memSize":0,"stack":["0x0","0x0","0x0","0x0","0x0","0x1"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":14,"op":241,"gas":"0x2540be3eb","gasCost":"0x64","memSize":0,"stack":["0x0","0x0","0x0","0x0","0x0","0x1","0x0"],"depth":1,"refund":0,"opName":"CALL"}`,
			`{"output":"","gasUsed":"0x0","error":"out of gas"}`,
			`{"pc":15,"op":96,"gas":"0x2540be387","gasCost":"0x3","memSize":0,"stack":["0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":17,"op":96,"gas":"0x2540be384","gasCost":"0x3","memSize":0,"stack":["0x0","0x1"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":19,"op":85,"gas":"0x2540be381","gasCost":"0x5654","memSize":0,"stack":["0x0","0x1","0x0"],"depth":1,"refund":0,"opName":"SSTORE"}`,
			`{"pc":20,"op":96,"gas":"0x2540b8d2d","gasCost":"0x3","memSize":0,"stack":["0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":22,"op":96,"gas":"0x2540b8d2a","gasCost":"0x3","memSize":0,"stack":["0x0","0x0"],"depth":1,"refund":0,"opName":"PUSH1"}`,
			`{"pc":24,"op":85,"gas":"0x2540b8d27","gasCost":"0x64","memSize":0,"stack":["0x0","0x0","0x0"],"depth":1,"refund":19900,"opName":"SSTORE"}`,
			`{"pc":25,"op":95,"gas":"0x2540b8cc3","gasCost":"0x2","memSize":0,"stack":["0x0"],"depth":1,"refund":19900,"opName":"PUSH0"}`,
			`{"pc":26,"op":0,"gas":"0x2540b8cc1","gasCost":"0x0","memSize":0,"stack":["0x0","0x0"],"depth":1,"refund":19900,"opName":"STOP"}`,
			`{"output":"","gasUsed":"0x573f"}`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runTool(t, "--json", tc.code)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing (the output is in the trace)", stdout)
			}
			got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(got) > 0 && strings.HasPrefix(got[len(got)-1], "EVM gas used:") {
				got = got[:len(got)-1]
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// writeFile writes a temporary file and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const cancunConfigJSON = `{"chainId": 7, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
	"byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0, "berlinBlock": 0,
	"londonBlock": 0, "mergeNetsplitBlock": 0, "shanghaiTime": 0, "cancunTime": 0, "terminalTotalDifficulty": 0,
	"blobSchedule": {"cancun": {"target": 3, "max": 6, "baseFeeUpdateFraction": 3338477}}}`

// TestEVMRunPrestate runs the code of a genesis account and reads the
// block context from the genesis.
func TestEVMRunPrestate(t *testing.T) {
	// Code at 0xaa: SLOAD(1) + CHAINID + TIMESTAMP + COINBASE + BASEFEE,
	// returned as one word.
	genesis := writeFile(t, "genesis.json", `{"config": `+cancunConfigJSON+`,
		"alloc": {"0x00000000000000000000000000000000000000aa": {"balance": "0x0",
			"code": "0x60015446014201410148015f5260205ff3", "storage": {"0x01": "0x05"}}},
		"gasLimit": "0x100000", "difficulty": "0x0", "timestamp": 1000, "coinbase": "0x0000000000000000000000000000000000000100",
		"baseFeePerGas": "0x10"}`)
	code, stdout, stderr := runTool(t, "--prestate", genesis, "--receiver", "0xaa")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 5 + 7 + 1000 + 0x100 + 0x10
	if want := fmt.Sprintf("0x%064x\n", 5+7+1000+0x100+0x10); stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	// A cold SLOAD (2100) and 12 cheap instructions, as geth counts them.
	if got := gasLine(stderr); got != "EVM gas used:    2136" {
		t.Errorf("gas: %q", got)
	}

	// The genesis gas limit replaces --gas, as in geth.
	code, stdout, stderr = runTool(t, "--prestate", genesis, "--gas", "5", "0xfe")
	if code != 0 || stdout != "\n error: invalid opcode: INVALID\n" || gasLine(stderr) != "EVM gas used:    1048576" {
		t.Errorf("gas limit: exit %d, %q, %q", code, stdout, stderr)
	}
	// --fork overrides the config but keeps its chain id.
	code, stdout, _ = runTool(t, "--prestate", genesis, "--fork", "Shanghai", "0x465f5260205ff3")
	if want := fmt.Sprintf("0x%064x\n", 7); code != 0 || stdout != want {
		t.Errorf("--fork: exit %d, %q", code, stdout)
	}
	code, stdout, _ = runTool(t, "--prestate", genesis, "--fork", "Shanghai", "0x5f5c00")
	if code != 0 || stdout != "\n error: invalid opcode: TLOAD\n" {
		t.Errorf("TLOAD before Cancun: exit %d, %q", code, stdout)
	}
}

// TestEVMRunBenchInputs runs the revm benchmark inputs and checks the gas
// both geth 1.17.10 and we use under Cancun.
func TestEVMRunBenchInputs(t *testing.T) {
	dir := testdata.Path(t, "evm-bench", "revm-bench")
	genesis := writeFile(t, "cancun.json", `{"config": `+cancunConfigJSON+`, "alloc": {},
		"gasLimit": "0x3b9aca00", "difficulty": "0x0"}`)
	burntpixInput := "0xa4de9ab4" + fmt.Sprintf("%064x%064x", 0, 20000)
	tests := []struct {
		name    string
		args    []string
		prefix  string
		gasUsed uint64
	}{
		{"snailtracer", []string{"--prestate", genesis, "--codefile", filepath.Join(dir, "snailtracer.hex"), "--input", "30627b7c"}, "0x1900", 165_962_868},
		{"analysis", []string{"--prestate", genesis, "--code", "@" + filepath.Join(dir, "analysis.hex"), "--input", "8035F0CE"}, "0x6060604052", 12_685},
		{"burntpix", []string{"--prestate", filepath.Join(dir, "burntpix", "prestate.geth-genesis.json"),
			"--receiver", "0x49206861766520746f6f206d7563682074696d65", "--input", burntpixInput}, "0x0000", 159_052_023},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.gasUsed > 1e6 {
				t.Skip("long run")
			}
			code, stdout, stderr := runTool(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.HasPrefix(stdout, tc.prefix) || strings.Contains(stdout, "error") {
				t.Errorf("stdout %.80q", stdout)
			}
			if got, want := gasLine(stderr), fmt.Sprintf("EVM gas used:    %d", tc.gasUsed); got != want {
				t.Errorf("%q, want %q", got, want)
			}
		})
	}
}

// TestEVMRunBench checks the benchmark report.
func TestEVMRunBench(t *testing.T) {
	for _, extra := range [][]string{nil, {"--keep-analysis"}} {
		args := append(append([]string{"--bench", "--benchtime", "20ms"}, extra...), "0x60016002015f5260205ff3")
		code, stdout, stderr := runTool(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, stderr)
		}
		if !strings.HasSuffix(stdout, "3\n") {
			t.Errorf("stdout %q", stdout)
		}
		lines := strings.Split(stderr, "\n")
		if len(lines) != 5 || lines[0] != "EVM gas used:    22" || !strings.HasPrefix(lines[1], "execution time:  ") ||
			!strings.HasPrefix(lines[2], "allocations:     ") || !strings.HasPrefix(lines[3], "allocated bytes: ") {
			t.Errorf("%v: stderr %q", extra, stderr)
		}
		d, err := time.ParseDuration(strings.TrimSpace(strings.TrimPrefix(lines[1], "execution time:")))
		if err != nil || d <= 0 {
			t.Errorf("execution time %q: %v", lines[1], err)
		}
	}
	code, _, stderr := runTool(t, "--statdump", "0x00")
	if code != 0 || !strings.Contains(stderr, "execution time:") {
		t.Errorf("--statdump: exit %d, %q", code, stderr)
	}
}

// TestEVMRunErrors checks that bad command lines fail with status 2.
func TestEVMRunErrors(t *testing.T) {
	badGenesis := writeFile(t, "bad.json", `{"alloc": {"0x01": {}}}`)
	badConfig := writeFile(t, "badcfg.json", `{"config": {"chainId": 1, "londonBlock": 0}, "alloc": {}}`)
	hexFile := writeFile(t, "code.hex", "0x6001\n")
	tests := []struct {
		name string
		args []string
	}{
		{"odd hex", []string{"0x600"}},
		{"not hex", []string{"--code", "zz"}},
		{"odd input", []string{"--input", "0x1", "0x00"}},
		{"code twice", []string{"--code", "00", "00"}},
		{"code and codefile", []string{"--code", "00", "--codefile", hexFile}},
		{"input and inputfile", []string{"--input", "00", "--inputfile", hexFile}},
		{"two arguments", []string{"00", "00"}},
		{"unknown flag", []string{"--bogus"}},
		{"unknown fork", []string{"--fork", "Atlantis", "00"}},
		{"bench and json", []string{"--bench", "--json", "00"}},
		{"zero benchtime", []string{"--bench", "--benchtime", "0s", "00"}},
		{"missing code file", []string{"--code", "@/nonexistent/code.hex"}},
		{"missing prestate", []string{"--prestate", "/nonexistent/genesis.json"}},
		{"bad alloc address", []string{"--prestate", badGenesis}},
		{"bad fork order", []string{"--prestate", badConfig}},
		{"bad value", []string{"--value", "-1", "00"}},
		{"bad price", []string{"--price", "0xzz", "00"}},
		{"bad sender", []string{"--sender", "0xzz", "00"}},
		{"bad receiver", []string{"--receiver", "xyz", "00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, _ := runTool(t, tc.args...); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
		})
	}
	if code, _, stderr := runTool(t, "-h"); code != 2 || !strings.Contains(stderr, "--prestate FILE") {
		t.Errorf("-h: exit %d, %q", code, stderr)
	}
	// Files and hex forms that work.
	if code, stdout, _ := runTool(t, "--codefile", hexFile, "--inputfile", hexFile); code != 0 || stdout != "\n" {
		t.Errorf("files: exit %d, %q", code, stdout)
	}
}

// TestLooseAddressAndQuantity covers the lenient parsers of the flags.
func TestLooseAddressAndQuantity(t *testing.T) {
	for in, want := range map[string]string{
		"0xaa":                          "0x00000000000000000000000000000000000000aa",
		"aaa":                           "0x0000000000000000000000000000000000000aaa",
		"0x" + strings.Repeat("11", 21): "0x" + strings.Repeat("11", 20),
	} {
		a, err := looseAddress(in)
		if err != nil || strings.ToLower(a.Hex()) != want {
			t.Errorf("looseAddress(%q) = %s, %v; want %s", in, a.Hex(), err, want)
		}
	}
	for in, want := range map[string]uint64{"": 0, "12": 12, "0x0c": 12, "0x": 0, "0x000": 0} {
		v, err := parseQuantity(in)
		if err != nil || v.Uint64() != want {
			t.Errorf("parseQuantity(%q) = %v, %v; want %d", in, v.Uint64(), err, want)
		}
	}
}

// TestBenchmarkLoop checks the batch sizing and error handling of the
// timer.
func TestBenchmarkLoop(t *testing.T) {
	calls := 0
	res, err := benchmark(5*time.Millisecond, func() error {
		calls++
		time.Sleep(100 * time.Microsecond)
		return nil
	})
	if err != nil || res.runs < 2 || calls <= res.runs || res.perRun < 100*time.Microsecond {
		t.Errorf("res %+v, calls %d, err %v", res, calls, err)
	}
	boom := errors.New("boom")
	if _, err := benchmark(time.Second, func() error { return boom }); !errors.Is(err, boom) {
		t.Errorf("err %v", err)
	}
}

// TestEVMStateTestBench runs `evm statetest --bench` on an evmone
// benchmark; the gas used is geth's.
func TestEVMStateTestBench(t *testing.T) {
	file := testdata.Path(t, "evm-bench", "ipsilon-evm-benchmarks", "benchmarks", "micro", "signextend.json")
	var out, errb bytes.Buffer
	if code := runStateTest([]string{"--bench", "--benchtime", "1ms", file}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || lines[2] != "2 passed, 0 failed" {
		t.Fatalf("output %q", out.String())
	}
	for i, gas := range []string{`"gasUsed":117194}}`, `"gasUsed":117206}}`} {
		if !strings.HasPrefix(lines[i], `{"name":"signextend","pass":true,`) || !strings.Contains(lines[i], `"benchStats":{"time":`) ||
			!strings.HasSuffix(lines[i], gas) {
			t.Errorf("line %d: %s", i, lines[i])
		}
	}
	if code := runStateTest([]string{"--bench", "--benchtime", "0s", file}, nil, &out, &errb); code != 2 {
		t.Errorf("zero benchtime: exit %d", code)
	}
}

// TestDefaultAddresses pins geth's default sender and receiver.
func TestDefaultAddresses(t *testing.T) {
	if got := strings.ToLower(defaultReceiver.Hex()); got != "0x0000000000000000000000007265636569766572" {
		t.Errorf("receiver %s", got)
	}
	if got := strings.ToLower(defaultSender.Hex()); got != "0x000000000000000000000000000073656e646572" {
		t.Errorf("sender %s", got)
	}
}
