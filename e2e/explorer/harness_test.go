package explorer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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

// bins holds twinchaind, built once for the whole package.
var bins struct {
	daemon string
	root   string // module root
	err    error
}

func TestMain(m *testing.M) {
	e2eutil.Main(m, "twinchain-e2e-explorer-", func(root string, b []string, err error) {
		bins.root, bins.err = root, err
		if err == nil {
			bins.daemon = b[0]
		}
	}, "./cmd/twinchaind")
}

// Waits. They are failure guards only: every wait polls for the condition
// it needs and returns as soon as it holds.
const (
	startTimeout = 90 * time.Second
	stopTimeout  = 30 * time.Second
	rpcTimeout   = 60 * time.Second
	pollEvery    = 50 * time.Millisecond
)

// node is one running twinchaind with both chains and the explorer.
type node struct {
	t        *testing.T
	dir      string // -datadir
	args     []string
	rpcPort  int
	ethPort  int
	explorer string // host:port of the explorer ("" when not asked for)
	cmd      *exec.Cmd
	out      *os.File // the daemon's stdout and stderr
	exited   chan struct{}
	waitErr  error
	btcRPC   *jsonrpc.Client
	ethRPC   *jsonrpc.Client
	http     *http.Client
}

// defaultExplorer, given to startNode, leaves the explorer at the node's
// default (no -explorer option).
const defaultExplorer = "<default explorer>"

// startNode starts twinchaind on regtest in a fresh data directory with both
// chains, every listener on a free loopback port, the explorer on a free
// port (unless extra holds an -explorer or -noexplorer option) and no
// metrics, and waits until both chains' RPC servers answer. The node is
// stopped at the end of the test; a shutdown that is not clean fails it.
func startNode(t *testing.T, extra ...string) *node {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	n := &node{
		t:       t,
		dir:     t.TempDir(),
		rpcPort: e2eutil.FreePort(t),
		ethPort: e2eutil.FreePort(t),
		http:    &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
	ownExplorer := true
	var rest []string
	for _, a := range extra {
		switch {
		case a == defaultExplorer:
			ownExplorer = false
			continue
		case strings.HasPrefix(a, "-explorer") || strings.HasPrefix(a, "-noexplorer"):
			ownExplorer = false
		}
		rest = append(rest, a)
	}
	extra = rest
	n.args = []string{
		"-regtest",
		"-datadir=" + n.dir,
		"-rpcport=" + strconv.Itoa(n.rpcPort),
		"-port=" + strconv.Itoa(e2eutil.FreePort(t)),
		"-ethrpcport=" + strconv.Itoa(n.ethPort),
		"-ethport=" + strconv.Itoa(e2eutil.FreePort(t)),
		"-nometrics",
	}
	if ownExplorer {
		n.explorer = "127.0.0.1:" + strconv.Itoa(e2eutil.FreePort(t))
		n.args = append(n.args, "-explorer="+n.explorer)
	}
	n.args = append(n.args, extra...)
	var err error
	if n.out, err = os.Create(filepath.Join(n.dir, "daemon.out")); err != nil {
		t.Fatal(err)
	}
	n.exited = make(chan struct{})
	n.cmd = exec.Command(bins.daemon, n.args...)
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

// btcDir is the UTXO chain's regtest directory (.cookie, debug.log).
func (n *node) btcDir() string { return filepath.Join(n.dir, "btc", "regtest") }

// waitReady polls both chains' RPC servers and, when the node was given an
// explorer address, the explorer, until they answer.
func (n *node) waitReady() {
	t := n.t
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	n.ethRPC = &jsonrpc.Client{URL: "http://127.0.0.1:" + strconv.Itoa(n.ethPort), V2: true, Timeout: rpcTimeout}
	ready := func() (bool, string) {
		if n.btcRPC == nil {
			c := &jsonrpc.Client{URL: "http://127.0.0.1:" + strconv.Itoa(n.rpcPort) + "/", Timeout: rpcTimeout}
			if err := c.UseCookie(filepath.Join(n.btcDir(), ".cookie")); err != nil {
				return false, err.Error()
			}
			var rpcErr *jsonrpc.Error
			if err := c.Call(context.Background(), "getblockcount", nil, nil); err != nil && !errors.As(err, &rpcErr) {
				return false, "UTXO RPC: " + err.Error()
			}
			n.btcRPC = c
		}
		var id string
		if err := n.ethRPC.Call(context.Background(), "eth_chainId", nil, &id); err != nil {
			return false, "account RPC: " + err.Error()
		}
		if n.explorer != "" {
			code, _, err := n.get("/api/blocks/tip/height")
			if err != nil {
				return false, "explorer: " + err.Error()
			}
			if code != http.StatusOK {
				return false, fmt.Sprintf("explorer: /api/blocks/tip/height answered %d", code)
			}
		}
		return true, ""
	}
	for {
		select {
		case <-n.exited:
			t.Fatalf("twinchaind exited during startup: %v\n%s", n.waitErr, n.logs())
		default:
		}
		ok, why := ready()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("twinchaind was not ready within %v (%s)\n%s", startTimeout, why, n.logs())
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
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(f), e2eutil.LastLines(string(data), 40))
	}
	return b.String()
}

// allLogs returns everything the node has logged so far.
func (n *node) allLogs() string {
	var b strings.Builder
	for _, f := range []string{filepath.Join(n.dir, "daemon.out"), filepath.Join(n.btcDir(), "debug.log")} {
		if data, err := os.ReadFile(f); err == nil {
			b.Write(data)
		}
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
		case <-time.After(stopTimeout):
			_ = n.cmd.Process.Kill()
			<-n.exited
			t.Errorf("twinchaind did not stop within %v of SIGINT\n%s", stopTimeout, n.logs())
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

// btc calls a UTXO-chain RPC (node-level, or a wallet's with wallet set).
func (n *node) btc(t *testing.T, wallet, method string, result any, params ...any) {
	t.Helper()
	if err := n.btcErr(wallet, method, result, params...); err != nil {
		t.Fatalf("%s %v: %v", method, params, err)
	}
}

// btcErr is btc returning the error.
func (n *node) btcErr(wallet, method string, result any, params ...any) error {
	c := n.btcRPC
	if wallet != "" {
		c = &jsonrpc.Client{URL: n.btcRPC.URL + "wallet/" + wallet, User: n.btcRPC.User, Password: n.btcRPC.Password, Timeout: rpcTimeout}
	}
	if params == nil {
		params = []any{}
	}
	return c.Call(context.Background(), method, params, result)
}

// eth calls an account-chain RPC.
func (n *node) eth(t *testing.T, method string, result any, params ...any) {
	t.Helper()
	if params == nil {
		params = []any{}
	}
	if err := n.ethRPC.Call(context.Background(), method, params, result); err != nil {
		t.Fatalf("%s %v: %v", method, params, err)
	}
}

// base is the explorer's URL.
func (n *node) base() string { return "http://" + n.explorer }

// get fetches path from the explorer without following redirects.
func (n *node) get(path string) (int, []byte, error) {
	return n.do(http.MethodGet, path, nil)
}

// do sends one request to the explorer and reads at most 8 MiB of the body.
func (n *node) do(method, path string, body io.Reader) (int, []byte, error) {
	req, err := http.NewRequest(method, n.base()+path, body)
	if err != nil {
		return 0, nil, err
	}
	resp, err := n.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, data, err
}

// apiJSON fetches an explorer JSON endpoint, fails the test unless it
// answers 200, and decodes the body into v.
func (n *node) apiJSON(t *testing.T, path string, v any) {
	t.Helper()
	code, body, err := n.get(path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, strings.TrimSpace(string(body)))
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// waitFor polls cond until it returns "" (and fails the test with the last
// reason after the timeout).
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		why := cond()
		if why == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %v: %s", what, timeout, why)
		}
		time.Sleep(pollEvery)
	}
}

// waitExplorerSynced waits until the explorer's tips equal the node's: the
// explorer and its address indexes follow the chains' notifications, which
// may lag an RPC answer by a moment.
func (n *node) waitExplorerSynced(t *testing.T) {
	t.Helper()
	var btcHash string
	n.btc(t, "", "getbestblockhash", &btcHash)
	var ethNum string
	n.eth(t, "eth_blockNumber", &ethNum)
	want, err := strconv.ParseUint(strings.TrimPrefix(ethNum, "0x"), 16, 64)
	if err != nil {
		t.Fatalf("eth_blockNumber %q: %v", ethNum, err)
	}
	waitFor(t, rpcTimeout, "explorer catches up with the tips", func() string {
		_, h, err := n.get("/api/blocks/tip/hash")
		if err != nil {
			return err.Error()
		}
		if got := strings.TrimSpace(string(h)); got != btcHash {
			return fmt.Sprintf("UTXO tip %s, node %s", got, btcHash)
		}
		_, e, err := n.get("/api/eth/blocks/tip/number")
		if err != nil {
			return err.Error()
		}
		if got := strings.TrimSpace(string(e)); got != strconv.FormatUint(want, 10) {
			return fmt.Sprintf("account head %s, node %d", got, want)
		}
		return ""
	})
}
