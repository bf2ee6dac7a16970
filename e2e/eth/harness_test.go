package eth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/e2e/e2eutil"
)

// bins holds twinchaind, built once for the whole package.
var bins struct {
	daemon string
	root   string // module root
	err    error
}

func TestMain(m *testing.M) {
	e2eutil.Main(m, "twinchain-e2e-eth-", func(root string, b []string, err error) {
		bins.root, bins.err = root, err
		if err == nil {
			bins.daemon = b[0]
		}
	}, "./cmd/twinchaind")
}

// jsDir returns the JS project's directory and the node binary, skipping
// (failing under CI) when node or a pinned npm package is missing or at
// another version than package.json pins.
func jsDir(t *testing.T) (dir, nodeBin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	dir, err := filepath.Abs("js")
	if err != nil {
		t.Fatal(err)
	}
	nodeBin, err = exec.LookPath("node")
	e2eutil.NeedTool(t, "node (Node.js 20 or newer)", err)
	e2eutil.NeedTool(t, "the pinned npm packages of e2e/eth/js", pinnedPackages(dir))
	return dir, nodeBin
}

// pinnedPackages checks that every dependency of dir/package.json is
// installed in dir/node_modules at the exact version pinned.
func pinnedPackages(dir string) error {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		return fmt.Errorf("package.json: %v", err)
	}
	for name, want := range pkg.Dependencies {
		var got struct {
			Version string `json:"version"`
		}
		data, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json"))
		if err != nil {
			return fmt.Errorf("%s is not installed", name)
		}
		if err := json.Unmarshal(data, &got); err != nil {
			return fmt.Errorf("node_modules/%s/package.json: %v", name, err)
		}
		if got.Version != want {
			return fmt.Errorf("%s is at %s, package.json pins %s", name, got.Version, want)
		}
	}
	return nil
}

// node is one running twinchaind.
type node struct {
	t       *testing.T
	dir     string // -datadir
	ethPort int
	cmd     *exec.Cmd
	out     *os.File // the daemon's stdout and stderr
	exited  chan struct{}
	waitErr error
}

// startNode starts twinchaind on regtest in a fresh data directory, with
// the account chain's JSON-RPC on a free port, and waits until eth_chainId
// answers. The node is stopped (SIGINT) at the end of the test; a shutdown
// that is not clean fails the test.
func startNode(t *testing.T) *node {
	t.Helper()
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	n := &node{t: t, dir: t.TempDir(), ethPort: e2eutil.FreePort(t)}
	args := []string{
		"-regtest",
		"-datadir=" + n.dir,
		"-rpcport=" + strconv.Itoa(e2eutil.FreePort(t)),
		"-port=" + strconv.Itoa(e2eutil.FreePort(t)),
		"-ethrpcport=" + strconv.Itoa(n.ethPort),
		"-disablewallet",
	}
	var err error
	if n.out, err = os.Create(filepath.Join(n.dir, "daemon.out")); err != nil {
		t.Fatal(err)
	}
	n.exited = make(chan struct{})
	n.cmd = exec.Command(bins.daemon, args...)
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		n.waitErr = n.cmd.Wait()
		close(n.exited)
	}()
	t.Cleanup(n.stop)
	n.waitReady()
	return n
}

// url is the account chain's JSON-RPC endpoint.
func (n *node) url() string { return "http://127.0.0.1:" + strconv.Itoa(n.ethPort) }

// waitReady polls eth_chainId until the node answers 0x539 (1337).
func (n *node) waitReady() {
	t := n.t
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
	deadline := time.Now().Add(60 * time.Second)
	var last string
	for {
		select {
		case <-n.exited:
			t.Fatalf("twinchaind exited during startup: %v\n%s", n.waitErr, n.logs())
		default:
		}
		resp, err := client.Post(n.url(), "application/json", bytes.NewReader(body))
		if err == nil {
			var reply struct {
				Result string `json:"result"`
			}
			err = json.NewDecoder(resp.Body).Decode(&reply)
			resp.Body.Close()
			if err == nil && reply.Result == "0x539" {
				return
			}
			last = fmt.Sprintf("eth_chainId answered %q (%v)", reply.Result, err)
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			t.Fatalf("the account chain's RPC did not answer within 60 s (%s)\n%s", last, n.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logs returns the tail of the daemon's console output and debug.log.
func (n *node) logs() string {
	var b strings.Builder
	for _, f := range []string{filepath.Join(n.dir, "daemon.out"), filepath.Join(n.dir, "btc", "regtest", "debug.log")} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(f), e2eutil.LastLines(string(data), 40))
	}
	return b.String()
}

// stop interrupts the node and waits for a clean exit.
func (n *node) stop() {
	t := n.t
	select {
	case <-n.exited:
	default:
		_ = n.cmd.Process.Signal(os.Interrupt)
		select {
		case <-n.exited:
		case <-time.After(30 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.exited
			t.Errorf("twinchaind did not stop within 30 s of SIGINT\n%s", n.logs())
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

// run runs a JavaScript scenario with node in dir, with the account chain's
// URL in TWINCHAIN_ETH_URL, and fails the test with its output when it
// exits non-zero or runs past the timeout.
func (n *node) run(t *testing.T, dir string, timeout time.Duration, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TWINCHAIN_ETH_URL="+n.url(),
		"HARDHAT_DISABLE_TELEMETRY_PROMPT=true",
		"NO_COLOR=1",
	)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (%.1f s):\n%s", filepath.Base(name), strings.Join(args, " "), time.Since(start).Seconds(), e2eutil.LastLines(out.String(), 80))
	if ctx.Err() != nil {
		t.Fatalf("%s %s did not finish within %v", filepath.Base(name), strings.Join(args, " "), timeout)
	}
	if err != nil {
		t.Fatalf("%s %s failed: %v", filepath.Base(name), strings.Join(args, " "), err)
	}
}
