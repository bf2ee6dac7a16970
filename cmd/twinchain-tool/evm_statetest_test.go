package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestEVMStateTest(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "GeneralStateTests", "stExample")
	var out, errb bytes.Buffer
	if code := runEVM("statetest", []string{"--workers", "2", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; last != "39 passed, 0 failed" {
		t.Errorf("summary %q", last)
	}
	if !strings.HasPrefix(lines[0], `{"name":"accessListExample","pass":true,"stateRoot":"0x`) {
		t.Errorf("first line %q", lines[0])
	}

	// --run and --fork filters; paths from standard input.
	out.Reset()
	file := filepath.Join(dir, "add11.json")
	if code := runStateTest([]string{"--run", "^add11$", "--fork", "Cancun"}, strings.NewReader(file+"\n"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got := out.String(); !strings.HasSuffix(got, "1 passed, 0 failed\n") || strings.Count(got, "\n") != 2 {
		t.Errorf("filtered output %q", got)
	}

	for _, args := range [][]string{{"--run", "("}, {"--bogus"}} {
		if code := runStateTest(args, nil, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code := runEVM("nope", nil, &out, &errb); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code := runStateTest([]string{filepath.Join(dir, "missing.json")}, nil, &out, &errb); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}
