// Package e2eutil holds what every end-to-end test package (e2e/btc,
// e2e/eth, e2e/btcd) needs: building the binaries once, free ports, the
// skip-locally-but-fail-under-CI rule for missing third-party tools, and
// log excerpts for failure messages. It is imported by tests only.
package e2eutil

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ModuleRoot returns the repository root as seen from an e2e/<suite>
// package directory (the working directory of its tests).
func ModuleRoot() (string, error) { return filepath.Abs(filepath.Join("..", "..")) }

// Build compiles the module's packages pkgs (e.g. "./cmd/twinchaind") into
// dir and returns the path of each binary, named after its package's last
// path element, in the order given.
func Build(root, dir string, pkgs ...string) ([]string, error) {
	args := append([]string{"build", "-o", dir + string(os.PathSeparator)}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
	bins := make([]string, len(pkgs))
	for i, p := range pkgs {
		bins[i] = filepath.Join(dir, filepath.Base(p))
	}
	return bins, nil
}

// InCI reports whether missing tools must fail the tests instead of
// skipping them (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// NeedTool skips (or under CI fails) the test when err says a third-party
// tool is missing.
func NeedTool(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := fmt.Sprintf("%s is not available (%v); run scripts/install-e2e.sh", what, err)
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// LastLines returns the last n lines of s.
func LastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
