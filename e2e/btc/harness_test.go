package btc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/e2e/e2eutil"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// bins are the binaries built once for the whole package.
var bins struct {
	daemon, cli string
	root        string // module root
	err         error
}

func TestMain(m *testing.M) {
	e2eutil.Main(m, "twinchain-e2e-", func(root string, b []string, err error) {
		bins.root, bins.err = root, err
		if err == nil {
			bins.daemon, bins.cli = b[0], b[1]
		}
	}, "./cmd/twinchaind", "./cmd/twinchain-cli")
}

// node is one running twinchaind.
type node struct {
	t       *testing.T
	dir     string // -datadir
	rpcPort int
	cmd     *exec.Cmd
	out     *os.File // the daemon's stdout and stderr
	args    []string
	exited  chan struct{}
	waitErr error
	stopped bool // stop already ran for the current process
	client  *jsonrpc.Client
}

// startNode starts twinchaind on regtest in a fresh data directory and
// waits until its RPC answers. The node is stopped (with the stop RPC) at
// the end of the test; a shutdown that is not clean fails the test.
func startNode(t *testing.T, extra ...string) *node {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	n := &node{t: t, dir: t.TempDir(), rpcPort: e2eutil.FreePort(t)}
	n.args = append([]string{
		"-regtest",
		"-datadir=" + n.dir,
		"-rpcport=" + strconv.Itoa(n.rpcPort),
		"-port=" + strconv.Itoa(e2eutil.FreePort(t)),
		"-eth=0", // the Bitcoin scenarios; the account chain would take port 8545
	}, extra...)
	n.launch()
	t.Cleanup(n.stop)
	return n
}

// launch starts the daemon with n.args and waits for its RPC.
func (n *node) launch() {
	t := n.t
	t.Helper()
	var err error
	if n.out, err = os.OpenFile(filepath.Join(n.dir, "daemon.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
		t.Fatal(err)
	}
	n.exited = make(chan struct{})
	n.waitErr = nil
	n.stopped = false
	n.client = nil
	n.cmd = exec.Command(bins.daemon, n.args...)
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		n.waitErr = n.cmd.Wait()
		close(n.exited)
	}()
	n.waitReady()
}

// restart stops the node cleanly and starts it again on the same data
// directory.
func (n *node) restart() {
	n.t.Helper()
	n.stop()
	if n.t.Failed() {
		n.t.FailNow()
	}
	n.launch()
}

// btcDir is the regtest data directory (where .cookie and debug.log live).
func (n *node) btcDir() string { return filepath.Join(n.dir, "btc", "regtest") }

// cookie is the path of the cookie file.
func (n *node) cookie() string { return filepath.Join(n.btcDir(), ".cookie") }

// url is the RPC endpoint.
func (n *node) url() string { return "http://127.0.0.1:" + strconv.Itoa(n.rpcPort) }

func (n *node) waitReady() {
	t := n.t
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-n.exited:
			t.Fatalf("twinchaind exited during startup: %v\n%s", n.waitErr, n.logs())
		default:
		}
		c := &jsonrpc.Client{URL: n.url() + "/", Timeout: 5 * time.Second}
		if err := c.UseCookie(n.cookie()); err == nil {
			// Any JSON-RPC reply (even an error) means the server is up.
			var rpcErr *jsonrpc.Error
			if err := c.Call(context.Background(), "getblockcount", nil, nil); err == nil || errors.As(err, &rpcErr) {
				n.client = c
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("twinchaind RPC did not answer within 60 s\n%s", n.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logs returns the tail of the daemon's console output and debug.log.
func (n *node) logs() string {
	var b strings.Builder
	for _, f := range []string{filepath.Join(n.dir, "daemon.out"), filepath.Join(n.btcDir(), "debug.log")} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > 40 {
			lines = lines[len(lines)-40:]
		}
		fmt.Fprintf(&b, "--- %s (last %d lines)\n%s\n", filepath.Base(f), len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// stop asks the node to stop and waits for a clean exit.
func (n *node) stop() {
	t := n.t
	if n.stopped {
		return
	}
	n.stopped = true
	start := time.Now()
	defer func() { t.Logf("twinchaind stopped in %v", time.Since(start).Round(time.Millisecond)) }()
	select {
	case <-n.exited:
	default:
		if n.client != nil {
			_ = n.client.Call(context.Background(), "stop", nil, nil)
		} else {
			_ = n.cmd.Process.Signal(os.Interrupt)
		}
		select {
		case <-n.exited:
		case <-time.After(30 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.exited
			t.Errorf("twinchaind did not stop within 30 s of the stop RPC\n%s", n.logs())
		}
	}
	n.out.Close()
	if n.waitErr != nil {
		t.Errorf("twinchaind did not exit cleanly: %v\n%s", n.waitErr, n.logs())
	}
	if t.Failed() {
		t.Logf("node logs:\n%s", n.logs())
	}
}

// cliRun runs twinchain-cli against the node and returns its output and
// exit status.
func (n *node) cliRun(args ...string) (stdout, stderr string, status int) {
	return n.cliRunStdin("", args...)
}

// cliRunStdin is cliRun with text on standard input.
func (n *node) cliRunStdin(stdin string, args ...string) (stdout, stderr string, status int) {
	full := append([]string{"-datadir=" + n.dir, "-rpcport=" + strconv.Itoa(n.rpcPort)}, args...)
	cmd := exec.Command(bins.cli, full...)
	var out, errb bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	status = 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		status = -1
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), status
}

// cli runs twinchain-cli and fails the test (naming the command and the
// error it printed) unless it succeeds; it returns stdout without the final
// newline.
func (n *node) cli(args ...string) string {
	n.t.Helper()
	return n.cliT(n.t, args...)
}

// cliT is cli for a subtest t.
func (n *node) cliT(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, status := n.cliRun(args...)
	if status != 0 {
		t.Fatalf("twinchain-cli %s: exit %d: %s", strings.Join(args, " "), status, strings.TrimSpace(errOut))
	}
	return strings.TrimSuffix(out, "\n")
}

// cliJSON runs twinchain-cli and decodes its JSON output into v.
func (n *node) cliJSON(v any, args ...string) {
	n.t.Helper()
	n.cliJSONT(n.t, v, args...)
}

// cliJSONT is cliJSON for a subtest t.
func (n *node) cliJSONT(t *testing.T, v any, args ...string) {
	t.Helper()
	out := n.cliT(t, args...)
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("twinchain-cli %s: output is not the expected JSON (%v):\n%s", strings.Join(args, " "), err, out)
	}
}

// runScript runs an external scenario (node or python) with the node's
// connection details in the environment and fails the test with its
// output when it exits non-zero.
func (n *node) runScript(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TWINCHAIN_RPC_HOST=127.0.0.1",
		"TWINCHAIN_RPC_PORT="+strconv.Itoa(n.rpcPort),
		"TWINCHAIN_RPC_COOKIE="+n.cookie(),
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (%.1f s):\n%s", name, strings.Join(args, " "), time.Since(start).Seconds(), e2eutil.LastLines(out.String(), 60))
	if err != nil {
		t.Fatalf("%s %s failed: %v", name, strings.Join(args, " "), err)
	}
}
