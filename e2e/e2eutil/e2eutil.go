// Package e2eutil holds what every end-to-end test package (e2e/btc,
// e2e/btcd, e2e/eth, e2e/explorer, e2e/netns) needs: a TestMain that builds
// the binaries once, free ports, the
// skip-locally-but-fail-under-CI rule for missing third-party tools, and
// log excerpts for failure messages. It is imported by tests only.
package e2eutil

import (
	"bufio"
	"flag"
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

// Main is the TestMain of an e2e package: it parses the flags, builds pkgs
// (except in -short mode) into a temporary directory removed at the end,
// hands setup the module root, the binaries' paths in the order of pkgs and
// any error (the tests report it), runs the tests and exits.
func Main(m *testing.M, prefix string, setup func(root string, bins []string, err error), pkgs ...string) {
	os.Exit(func() int {
		flag.Parse()
		if testing.Short() {
			return m.Run()
		}
		dir, err := os.MkdirTemp("", prefix)
		if err != nil {
			setup("", nil, err)
			return m.Run()
		}
		defer os.RemoveAll(dir)
		root, err := ModuleRoot()
		var bins []string
		if err == nil {
			bins, err = Build(root, dir, pkgs...)
		}
		setup(root, bins, err)
		return m.Run()
	}())
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
