package ethtests

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// writeVariant writes a copy of the add11 state test (from the shared
// vectors) to dir with edit applied to its decoded JSON, and returns its
// path.
func writeVariant(t *testing.T, dir, name string, edit func(test map[string]any)) string {
	t.Helper()
	src := testdata.Path(t, "ethereum-tests", "GeneralStateTests", "stExample", "add11.json")
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]map[string]any
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(file["add11"])
	}
	out, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func post(test map[string]any) map[string]any {
	return test["post"].(map[string]any)["Cancun"].([]any)[0].(map[string]any)
}

func TestRunStateTestsOutput(t *testing.T) {
	dir := t.TempDir()
	good := writeVariant(t, dir, "a_good.json", nil)
	writeVariant(t, dir, "b_badroot.json", func(test map[string]any) {
		post(test)["hash"] = "0x" + strings.Repeat("00", 32)
	})
	writeVariant(t, dir, "c_unexpected.json", func(test map[string]any) {
		post(test)["expectException"] = "TransactionException.INTRINSIC_GAS_TOO_LOW"
	})
	writeVariant(t, dir, "d_rejected.json", func(test map[string]any) {
		test["transaction"].(map[string]any)["gasLimit"] = []any{"0x5208"}
		test["transaction"].(map[string]any)["data"] = []any{"0x01"}
		post(test)["expectException"] = "TransactionException.INTRINSIC_GAS_TOO_LOW"
	})
	writeVariant(t, dir, "e_badlogs.json", func(test map[string]any) {
		post(test)["logs"] = "0x" + strings.Repeat("11", 32)
	})
	writeVariant(t, dir, "f_unknownfork.json", func(test map[string]any) {
		p := test["post"].(map[string]any)
		p["Prague"] = p["Cancun"]
	})

	var out bytes.Buffer
	passed, failed, err := RunStateTests([]string{dir}, Options{Workers: 2}, &out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if passed != 3 || failed != 4 || len(lines) != 7 {
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
	wantErr := []string{"", "post state root mismatch", "expected error", "", "post state logs hash mismatch", "", "unsupported fork"}
	for i, line := range lines {
		var r struct {
			Name  string  `json:"name"`
			Pass  bool    `json:"pass"`
			Root  *string `json:"stateRoot"`
			Fork  string  `json:"fork"`
			Error string  `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if r.Name != "add11" || (r.Pass != (wantErr[i] == "")) || !strings.Contains(r.Error, wantErr[i]) {
			t.Errorf("line %d: %s", i, line)
		}
	}
	// The first line is exactly geth's shape.
	want := `{"name":"add11","pass":true,"stateRoot":"0xe8010ce590f401c9d61fef8ab05bea9bcec24281b795e5868809bc4e515aa530","fork":"Cancun"}`
	if lines[0] != want {
		t.Errorf("line 0:\n got %s\nwant %s", lines[0], want)
	}

	// Filters, and paths from a reader.
	out.Reset()
	passed, failed, err = RunStateTests(nil, Options{Fork: "Prague", Stdin: strings.NewReader(good + "\n\n")}, &out)
	if err != nil || passed+failed != 0 {
		t.Errorf("fork filter: %d %d %v", passed, failed, err)
	}
	passed, failed, err = RunStateTests([]string{good}, Options{Run: regexp.MustCompile("^nomatch$")}, &out)
	if err != nil || passed+failed != 0 {
		t.Errorf("run filter: %d %d %v", passed, failed, err)
	}
	passed, failed, err = RunStateTests(nil, Options{Stdin: strings.NewReader(good + "\n")}, &out)
	if err != nil || passed != 1 || failed != 0 {
		t.Errorf("stdin: %d %d %v", passed, failed, err)
	}
}

func TestRunStateTestsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"x": [1, 2]}`), 0o644)
	var out bytes.Buffer
	if _, _, err := RunStateTests([]string{bad}, Options{}, &out); !errors.Is(err, ErrInvalidTestFile) {
		t.Errorf("invalid file: %v", err)
	}
	if _, _, err := RunStateTests([]string{filepath.Join(dir, "missing.json")}, Options{}, &out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	// A malformed pre-state or environment fails the subtests, not the run.
	p := writeVariant(t, dir, "badenv.json", func(test map[string]any) {
		test["env"].(map[string]any)["currentNumber"] = "zz"
	})
	passed, failed, err := RunStateTests([]string{p}, Options{}, &out)
	if err != nil || passed != 0 || failed != 1 || !strings.Contains(out.String(), "currentNumber") {
		t.Errorf("bad env: %d %d %v\n%s", passed, failed, err, out.String())
	}
}

func TestParseNumbers(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"0x", "0", false},
		{"0x00", "0", false},
		{"0x0de0b6b3a7640000", "1000000000000000000", false},
		{"1000", "1000", false},
		{"0x" + strings.Repeat("f", 64), "115792089237316195423570985008687907853269984665640564039457584007913129639935", false},
		{"0x1" + strings.Repeat("0", 64), "", true},
		{"0x:bigint 0x10", "", true},
		{"-1", "", true},
		{"115792089237316195423570985008687907853269984665640564039457584007913129639936", "", true},
	}
	for _, tt := range tests {
		v, err := parseUint256(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && v.Dec() != tt.want) {
			t.Errorf("parseUint256(%q) = %s, %v", tt.in, v.Dec(), err)
		}
	}
	if v, err := parseUint64("0xffffffffffffffff"); err != nil || v != ^uint64(0) {
		t.Errorf("parseUint64 max: %d %v", v, err)
	}
	if _, err := parseUint64("0x1ffffffffffffffff"); err == nil {
		t.Error("parseUint64 overflow accepted")
	}
	if _, err := parseBytes("0x0"); err == nil {
		t.Error("odd hex accepted")
	}
}

// FuzzStateRunner checks that no test file content makes the runner
// panic.
func FuzzStateRunner(f *testing.F) {
	if d, err := testdata.Locate(); err == nil {
		if b, err := os.ReadFile(filepath.Join(d, "ethereum-tests", "GeneralStateTests", "stExample", "add11.json")); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"t":{"env":{},"pre":{},"post":{"Cancun":[{"indexes":{"data":-1}}]},"transaction":{}}}`))
	f.Add([]byte(`{"t":{"env":{"currentCoinbase":"0x00"},"pre":{"0x00":{"balance":"0x"}},"post":{"Berlin":[{}]},"transaction":{"data":["0x"],"gasLimit":["0x0"],"value":["0x"]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Bound the execution: gas limits above 10M could make a looping
		// contract run for minutes.
		var tests map[string]*stateTest
		if json.Unmarshal(b, &tests) != nil {
			return
		}
		for _, st := range tests {
			for _, g := range st.Tx.GasLimit {
				if v, err := parseUint64(g); err == nil && v > 10_000_000 {
					return
				}
			}
		}
		r := NewStateRunner(Options{})
		r.Run(b, "fuzz.json")
	})
}
