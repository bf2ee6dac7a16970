//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// buildDaemon compiles cmd/twinchaind into a temporary directory.
func buildDaemon(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "twinchaind")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, p, _ := net.SplitHostPort(l.Addr().String())
	return p
}

// daemon is a running twinchaind process.
type daemon struct {
	cmd    *exec.Cmd
	out    syncBuffer // everything printed so far
	banner string
	done   chan error
}

// syncBuffer is a bytes.Buffer shared by the stdout reader and stderr.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) WriteString(p string) {
	s.Write([]byte(p))
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startDaemon runs bin with args and waits for its banner.
func startDaemon(t *testing.T, bin string, args ...string) *daemon {
	t.Helper()
	d := &daemon{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	stdout, err := d.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	d.cmd.Stderr = &d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.cmd.Process.Kill() })
	bannerCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		var banner strings.Builder
		inBanner := false
		for sc.Scan() {
			line := sc.Text()
			d.out.WriteString(line + "\n")
			if strings.HasPrefix(line, "twinchaind ") && strings.HasSuffix(line, " is running") {
				inBanner = true
			}
			if inBanner {
				banner.WriteString(line + "\n")
				if strings.HasPrefix(strings.TrimSpace(line), "stop:") {
					bannerCh <- banner.String()
					inBanner = false
				}
			}
		}
		io.Copy(io.Discard, stdout)
		d.done <- d.cmd.Wait()
	}()
	select {
	case d.banner = <-bannerCh:
	case err := <-d.done:
		t.Fatalf("twinchaind exited before its banner: %v\n%s", err, d.out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("no banner after 60 s:\n%s", d.out.String())
	}
	return d
}

// wait returns the exit code.
func (d *daemon) wait(t *testing.T) int {
	t.Helper()
	select {
	case err := <-d.done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(60 * time.Second):
		t.Fatal("twinchaind did not exit")
		return -1
	}
}

func TestDaemonSignalAndRestart(t *testing.T) {
	bin := buildDaemon(t)
	dir := t.TempDir()
	port := freePort(t)
	args := []string{"-datadir=" + dir, "-rpcport=" + port, "-ethrpcport=" + freePort(t)}
	d := startDaemon(t, bin, args...)
	for _, want := range []string{"regtest", filepath.Join(dir, "btc", "regtest"), "127.0.0.1:" + port,
		".cookie", "twinchain-cli -regtest", "getblockchaininfo", "Ctrl-C"} {
		if !strings.Contains(d.banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, d.banner)
		}
	}
	cookie := filepath.Join(dir, "btc", "regtest", ".cookie")
	cl := &jsonrpc.Client{URL: "http://127.0.0.1:" + port + "/", Timeout: 10 * time.Second}
	if err := cl.UseCookie(cookie); err != nil {
		t.Fatal(err)
	}
	if err := cl.Call(context.Background(), "help", nil, nil); err != nil {
		t.Fatalf("help: %v", err)
	}
	// Mine five blocks to the dev wallet.
	var addr string
	if err := cl.Call(context.Background(), "getnewaddress", nil, &addr); err != nil {
		t.Fatalf("getnewaddress: %v", err)
	}
	var hashes []string
	if err := cl.Call(context.Background(), "generatetoaddress", []any{5, addr}, &hashes); err != nil || len(hashes) != 5 {
		t.Fatalf("generatetoaddress: %v %v", hashes, err)
	}
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := d.wait(t); code != 0 {
		t.Fatalf("exit code %d after SIGTERM:\n%s", code, d.out.String())
	}
	if !strings.Contains(d.out.String(), "Shutdown: done") {
		t.Fatalf("no clean shutdown:\n%s", d.out.String())
	}
	if _, err := os.Stat(cookie); !os.IsNotExist(err) {
		t.Fatalf("cookie left behind: %v", err)
	}
	for _, f := range []string{"mempool.dat", "debug.log", "blocks", "chainstate", "wallets/default"} {
		if _, err := os.Stat(filepath.Join(dir, "btc", "regtest", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}

	// Restart on the same directory, stop through the stop RPC this time.
	d2 := startDaemon(t, bin, args...)
	if !strings.Contains(d2.banner, "height 5, "+hashes[4]) || !strings.Contains(d2.banner, "default") {
		t.Fatalf("restart banner:\n%s", d2.banner)
	}
	if err := cl.UseCookie(cookie); err != nil {
		t.Fatal(err)
	}
	var count int
	if err := cl.Call(context.Background(), "getblockcount", nil, &count); err != nil || count != 5 {
		t.Fatalf("getblockcount after restart: %d %v", count, err)
	}
	var res string
	if err := cl.Call(context.Background(), "stop", nil, &res); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if code := d2.wait(t); code != 0 {
		t.Fatalf("exit code %d after stop:\n%s", code, d2.out.String())
	}
}

func TestDaemonRefusals(t *testing.T) {
	bin := buildDaemon(t)
	dir := t.TempDir()
	port := freePort(t)
	d := startDaemon(t, bin, "-datadir="+dir, "-rpcport="+port, "-ethrpcport="+freePort(t))

	// A second daemon on the same data directory.
	out, err := exec.Command(bin, "-datadir="+dir, "-rpcport="+freePort(t)).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("second daemon: %v\n%s", err, out)
	}
	want := "Cannot obtain a lock on data directory " + filepath.Join(dir, "btc", "regtest") + ". twinchaind is probably already running."
	if !strings.Contains(string(out), want) {
		t.Fatalf("second daemon said:\n%s", out)
	}
	if err := d.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := d.wait(t); code != 0 {
		t.Fatalf("exit code %d after SIGINT", code)
	}

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown option", []string{"-nosuchoption"}, 1, "Error:"},
		{"bad datadir", []string{"-datadir=" + filepath.Join(dir, "missing")}, 1, "Error:"},
		{"version", []string{"-version"}, 0, "twinchaind version"},
		{"help", []string{"-help"}, 0, "-rpcport"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != tc.code {
				t.Fatalf("code %d, want %d\n%s%s", code, tc.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String()+stderr.String(), tc.want) {
				t.Fatalf("output lacks %q:\n%s%s", tc.want, stdout.String(), stderr.String())
			}
		})
	}
}

func TestDaemonMode(t *testing.T) {
	bin := buildDaemon(t)
	dir := t.TempDir()
	port := freePort(t)
	out, err := exec.Command(bin, "-datadir="+dir, "-rpcport="+port, "-ethrpcport="+freePort(t), "-daemonwait").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "twinchaind starting") {
		t.Fatalf("-daemonwait: %v\n%s", err, out)
	}
	pidData, err := os.ReadFile(filepath.Join(dir, "twinchaind.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(pidData)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })

	// -daemonwait reports a failed start with status 1.
	out, err = exec.Command(bin, "-datadir="+dir, "-rpcport="+freePort(t), "-daemonwait").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "Cannot obtain a lock") {
		t.Fatalf("second -daemonwait: %v\n%s", err, out)
	}

	cl := &jsonrpc.Client{URL: "http://127.0.0.1:" + port + "/", Timeout: 10 * time.Second}
	if err := cl.UseCookie(filepath.Join(dir, "btc", "regtest", ".cookie")); err != nil {
		t.Fatal(err)
	}
	var count int
	if err := cl.Call(context.Background(), "getblockcount", nil, &count); err != nil || count != 0 {
		t.Fatalf("getblockcount: %d %v", count, err)
	}
	if err := cl.Call(context.Background(), "stop", nil, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatal("daemon still running 30 s after stop")
		}
		time.Sleep(50 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "btc", "regtest", "debug.log"))
	if !strings.Contains(string(log), "Shutdown: done") {
		t.Fatalf("debug.log:\n%s", log)
	}
}
