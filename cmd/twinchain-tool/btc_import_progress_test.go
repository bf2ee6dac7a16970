package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestImportProgressLines checks the plain progress lines importblocks
// writes when standard error is not a terminal.
func TestImportProgressLines(t *testing.T) {
	btcd := testdata.Path(t, "btcd", "database", "blocks1-256.bz2")
	var out, errb bytes.Buffer
	code := runImport([]string{"-progress=1ns", "-dbcache=16", "-datadir=" + t.TempDir(), btcd}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSuffix(errb.String(), "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("progress output %q", errb.String())
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "progress: ") || !strings.Contains(l, " MiB (") || !strings.Contains(l, "MiB/s") {
			t.Fatalf("progress line %q", l)
		}
	}
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "progress: done, ") || !strings.Contains(last, "height=255 ") {
		t.Fatalf("final line %q", last)
	}
	if strings.Contains(errb.String(), "\r") {
		t.Error("a bar was drawn on a non-terminal")
	}
}
