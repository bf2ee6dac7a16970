package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestEVMBlockTest(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests", "ValidBlocks", "bcExample")
	var out, errb bytes.Buffer
	if code := runEVM("blocktest", []string{dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; last != "4 passed, 0 failed" {
		t.Errorf("summary %q", last)
	}
	if !strings.HasPrefix(lines[0], `{"name":"basefeeExample_Cancun","pass":true,"fork":"Cancun"}`) {
		t.Errorf("first line %q", lines[0])
	}

	// --run filter; paths from standard input.
	out.Reset()
	file := filepath.Join(dir, "shanghaiExample.json")
	if code := runBlockTest([]string{"--run", "shanghai", "--fork", "Cancun"}, strings.NewReader(file+"\n"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got := out.String(); !strings.HasSuffix(got, "1 passed, 0 failed\n") || strings.Count(got, "\n") != 2 {
		t.Errorf("filtered output %q", got)
	}
	for _, args := range [][]string{{"--run", "("}, {"--bogus"}} {
		if code := runBlockTest(args, nil, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
