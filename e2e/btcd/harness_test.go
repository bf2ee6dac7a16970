package btcd

import (
	"context"
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

// btcdVersion is the btcd release the interop tests pin (issue 5).
const btcdVersion = "0.26.2"

// bins are the binaries: twinchaind built once for the package, and btcd.
var bins struct {
	daemon  string
	err     error // building twinchaind failed
	btcd    string
	btcdErr error // btcd is missing or not the pinned version
}

func TestMain(m *testing.M) {
	e2eutil.Main(m, "twinchain-e2e-btcd-", func(root string, b []string, err error) {
		bins.err = err
		if err != nil {
			return
		}
		bins.daemon = b[0]
		bins.btcd, bins.btcdErr = findBtcd(root)
	}, "./cmd/twinchaind")
}

// findBtcd returns $TWINCHAIN_BTCD or e2e/btcd/bin/btcd, checking that it
// runs and is the pinned version.
func findBtcd(root string) (string, error) {
	path := os.Getenv("TWINCHAIN_BTCD")
	if path == "" {
		path = filepath.Join(root, "e2e", "btcd", "bin", "btcd")
	}
	out, err := exec.Command(path, "--version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s --version: %v", path, err)
	}
	if !strings.Contains(string(out), "version "+btcdVersion) {
		return "", fmt.Errorf("%s is %q, want btcd %s", path, strings.TrimSpace(string(out)), btcdVersion)
	}
	return path, nil
}

// needBtcd skips (or under CI fails) the test when btcd is not available.
func needBtcd(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e tests are skipped in -short mode")
	}
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	if bins.btcdErr == nil {
		return
	}
	e2eutil.NeedTool(t, "btcd "+btcdVersion, bins.btcdErr)
}

// proc is a running daemon (ours or btcd): its process, RPC client and
// log files.
type proc struct {
	t       *testing.T
	name    string
	dir     string
	rpcPort int
	p2pPort int
	cmd     *exec.Cmd
	out     *os.File
	exited  chan struct{}
	waitErr error
	client  *jsonrpc.Client
	// logFiles are the files whose tails logs prints.
	logFiles []string
	// auth loads the RPC credentials (ours: the cookie, once written).
	auth func(*jsonrpc.Client) error
}

// p2pAddr is the node's P2P listening address.
func (p *proc) p2pAddr() string { return "127.0.0.1:" + strconv.Itoa(p.p2pPort) }

// start launches bin with args, its output in dir/console.out, and waits
// until its RPC answers. The process is stopped at the end of the test.
func (p *proc) start(bin string, args []string) {
	t := p.t
	t.Helper()
	var err error
	if p.out, err = os.Create(filepath.Join(p.dir, "console.out")); err != nil {
		t.Fatal(err)
	}
	p.logFiles = append([]string{p.out.Name()}, p.logFiles...)
	p.exited = make(chan struct{})
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-p.exited:
			t.Fatalf("%s exited during startup: %v\n%s", p.name, p.waitErr, p.logs())
		default:
		}
		c := &jsonrpc.Client{URL: "http://127.0.0.1:" + strconv.Itoa(p.rpcPort) + "/", Timeout: 60 * time.Second}
		if err := p.auth(c); err == nil {
			// Any JSON-RPC reply (even an error) means the server is up.
			var rpcErr *jsonrpc.Error
			if err := c.Call(context.Background(), "getblockcount", nil, nil); err == nil || errors.As(err, &rpcErr) {
				p.client = c
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s RPC did not answer within 60 s\n%s", p.name, p.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop asks the daemon to stop over RPC and waits for it to exit (an
// interrupt, then a kill, if it does not); an exit that is not clean fails
// the test.
func (p *proc) stop() {
	select {
	case <-p.exited:
	default:
		if p.client != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_ = p.client.Call(ctx, "stop", nil, nil)
			cancel()
		} else {
			_ = p.cmd.Process.Signal(os.Interrupt)
		}
		select {
		case <-p.exited:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Signal(os.Interrupt)
			select {
			case <-p.exited:
			case <-time.After(10 * time.Second):
				_ = p.cmd.Process.Kill()
				<-p.exited
			}
			p.t.Errorf("%s did not stop within 30 s of the stop RPC\n%s", p.name, p.logs())
		}
	}
	p.out.Close()
	if p.waitErr != nil {
		p.t.Errorf("%s did not exit cleanly: %v\n%s", p.name, p.waitErr, p.logs())
	}
}

// logs returns the tails of the daemon's console output and log files.
func (p *proc) logs() string {
	var b strings.Builder
	for _, f := range p.logFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > 40 {
			lines = lines[len(lines)-40:]
		}
		fmt.Fprintf(&b, "--- %s: %s (last %d lines)\n%s\n", p.name, filepath.Base(f), len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// call invokes an RPC method with positional params and decodes the result
// into result (nil drops it); a failure fails the test with the node's
// logs.
func (p *proc) call(result any, method string, params ...any) {
	p.t.Helper()
	if err := p.try(result, method, params...); err != nil {
		p.t.Fatalf("%s: %s %v: %v\n%s", p.name, method, params, err, p.logs())
	}
}

// try is call returning the error.
func (p *proc) try(result any, method string, params ...any) error {
	if params == nil {
		params = []any{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return p.client.Call(ctx, method, params, result)
}

// startOurs starts twinchaind on regtest (fresh data directory, free ports,
// P2P listening on loopback, the account chain off) with extra arguments.
func startOurs(t *testing.T, extra ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: "twinchaind", dir: t.TempDir(), rpcPort: e2eutil.FreePort(t), p2pPort: e2eutil.FreePort(t)}
	p.logFiles = []string{filepath.Join(p.dir, "btc", "regtest", "debug.log")}
	cookie := filepath.Join(p.dir, "btc", "regtest", ".cookie")
	p.auth = func(c *jsonrpc.Client) error { return c.UseCookie(cookie) }
	args := append([]string{
		"-regtest",
		"-datadir=" + p.dir,
		"-rpcport=" + strconv.Itoa(p.rpcPort),
		"-port=" + strconv.Itoa(p.p2pPort),
		"-listen=1",
		"-bind=" + p.p2pAddr(),
		"-eth=0",
		"-debug=net",
	}, extra...)
	p.start(bins.daemon, args)
	return p
}

// startBtcd starts btcd on regtest (fresh data directory, free ports, RPC
// over plain HTTP with user u and password p) mining to miningAddr, with
// extra arguments.
func startBtcd(t *testing.T, miningAddr string, extra ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: "btcd", dir: t.TempDir(), rpcPort: e2eutil.FreePort(t), p2pPort: e2eutil.FreePort(t)}
	p.auth = func(c *jsonrpc.Client) error {
		// btcd rejects requests without a "jsonrpc" version.
		c.User, c.Password, c.V2 = "u", "p", true
		return nil
	}
	args := append([]string{
		"--regtest",
		"--datadir=" + filepath.Join(p.dir, "data"),
		"--logdir=" + filepath.Join(p.dir, "logs"),
		"--listen=" + p.p2pAddr(),
		"--rpclisten=127.0.0.1:" + strconv.Itoa(p.rpcPort),
		"--rpcuser=u",
		"--rpcpass=p",
		"--notls",
		"--nodnsseed",
		"--miningaddr=" + miningAddr,
		"--debuglevel=debug",
	}, extra...)
	p.start(bins.btcd, args)
	return p
}

// failNow fails the test with msg and the logs of all nodes.
func failNow(t *testing.T, msg string, nodes ...*proc) {
	t.Helper()
	var b strings.Builder
	b.WriteString(msg)
	for _, n := range nodes {
		b.WriteString("\n")
		b.WriteString(n.logs())
	}
	t.Fatal(b.String())
}

// waitFor polls cond every 100 ms until it reports true, and fails the
// test (with cond's last description of the state and the nodes' logs)
// after timeout. It returns how long it took.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, string), nodes ...*proc) time.Duration {
	t.Helper()
	start := time.Now()
	var state string
	for {
		var ok bool
		if ok, state = cond(); ok {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			failNow(t, fmt.Sprintf("%s: not done within %v; last state: %s", what, timeout, state), nodes...)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// bestHash returns the node's best block hash and height ("" on an error).
func bestHash(p *proc) (string, int) {
	var hash string
	var height int
	if p.try(&hash, "getbestblockhash") != nil || p.try(&height, "getblockcount") != nil {
		return "", -1
	}
	return hash, height
}

// waitSameTip waits until both nodes report the same best block hash at
// height want and returns how long that took.
func waitSameTip(t *testing.T, what string, want int, a, b *proc, timeout time.Duration) time.Duration {
	t.Helper()
	return waitFor(t, what, timeout, func() (bool, string) {
		ha, na := bestHash(a)
		hb, nb := bestHash(b)
		state := fmt.Sprintf("%s at %d %s, %s at %d %s (want height %d)", a.name, na, ha, b.name, nb, hb, want)
		return ha != "" && ha == hb && na == want, state
	}, a, b)
}

// waitInMempool waits until all txids are in p's mempool.
func waitInMempool(t *testing.T, what string, p *proc, timeout time.Duration, txids []string, nodes ...*proc) time.Duration {
	t.Helper()
	return waitFor(t, what, timeout, func() (bool, string) {
		var pool []string
		if err := p.try(&pool, "getrawmempool"); err != nil {
			return false, err.Error()
		}
		have := make(map[string]bool, len(pool))
		for _, id := range pool {
			have[id] = true
		}
		for _, id := range txids {
			if !have[id] {
				return false, fmt.Sprintf("%s's mempool %v lacks %s", p.name, pool, id)
			}
		}
		return true, ""
	}, nodes...)
}
