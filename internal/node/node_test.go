package node

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/logging"
)

// testChain is a small generated regtest chain shared by the tests: 104
// blocks with transactions from height 101 and a 3-block branch replacing
// the last two.
var testChain = sync.OnceValues(func() (*chaingen.Chain, error) {
	return chaingen.GenerateChain(chaingen.Config{Seed: 7, Blocks: 104, TxsPerBlock: 6, ForkDepth: 2})
})

func genChain(t *testing.T) *chaingen.Chain {
	t.Helper()
	c, err := testChain()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// loadConfig resolves args (plus -datadir=dir) as twinchaind would and binds
// the RPC server to an ephemeral loopback port.
func loadConfig(t *testing.T, dir string, args ...string) *config.Config {
	t.Helper()
	cfg, err := config.Load(append([]string{"-datadir=" + dir}, args...), config.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.RPCListen = []string{"127.0.0.1:0"}
	cfg.ETHRPCPort = 0 // the account chain on an ephemeral port too
	cfg.Metrics = ""   // no fixed metrics port; metrics_test.go binds port 0
	// No fixed explorer port either; explorer_test.go binds port 0.
	cfg.Explorer = ""
	return cfg
}

// startNode starts a node on cfg and returns it with a cookie client.
func startNode(t *testing.T, cfg *config.Config) (*Node, *jsonrpc.Client) {
	t.Helper()
	logs, err := logging.New(logging.Config{File: cfg.DebugLogFile, Debug: cfg.Debug})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logs.Close() })
	n, err := New(cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	if !cfg.Server {
		return n, nil
	}
	addrs := n.RPCAddrs()
	if len(addrs) == 0 {
		t.Fatal("no RPC address")
	}
	cl := &jsonrpc.Client{URL: "http://" + addrs[0].String() + "/", Timeout: 30 * time.Second}
	if err := cl.UseCookie(n.CookieFile()); err != nil {
		t.Fatal(err)
	}
	return n, cl
}

// stopByRPC sends stop and waits for the node to finish.
func stopByRPC(t *testing.T, n *Node, cl *jsonrpc.Client) {
	t.Helper()
	var res string
	if err := cl.Call(context.Background(), "stop", nil, &res); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if !strings.Contains(res, "stopping") {
		t.Fatalf("stop answered %q", res)
	}
	select {
	case <-n.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("node did not stop")
	}
	if err := n.Wait(); err != nil {
		t.Fatalf("stop: %v", err)
	}
}

func submit(t *testing.T, n *Node, blocks []*primitives.Block) {
	t.Helper()
	for _, b := range blocks {
		if err := n.Chain().ProcessBlock(b); err != nil {
			t.Fatalf("block %s: %v", b.Header.BlockHash(), err)
		}
	}
}

func TestStopResume(t *testing.T) {
	gc := genChain(t)
	dir := t.TempDir()
	cfg := loadConfig(t, dir)
	n, cl := startNode(t, cfg)
	if got := n.Chain().BestHeight(); got != 0 {
		t.Fatalf("fresh height %d", got)
	}
	if err := n.Start(context.Background()); !errors.Is(err, ErrState) {
		t.Fatalf("second Start: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.BTCDataDir, LockFileName)); err != nil {
		t.Fatal(err)
	}
	submit(t, n, gc.Blocks[:102])
	// Block 103's transactions go to the mempool.
	accepted := 0
	for _, tx := range gc.Blocks[102].Txs[1:] {
		acc, _, err := n.Mempool().ProcessTransaction(tx)
		if err != nil {
			t.Logf("tx %s refused: %v", tx.TxHash(), err)
		}
		accepted += len(acc)
		for _, d := range acc {
			n.txAccepted(d.Tx)
		}
	}
	if accepted == 0 {
		t.Fatal("no transaction accepted")
	}
	if got := n.btc.fees.Tracked(); got != accepted {
		t.Fatalf("fee estimator tracks %d, want %d", got, accepted)
	}
	var help string
	if err := cl.Call(context.Background(), "help", []any{"stop"}, &help); err != nil || !strings.HasPrefix(help, "stop") {
		t.Fatalf("help stop = %q, %v", help, err)
	}
	stopByRPC(t, n, cl)
	if _, err := os.Stat(cfg.RPCCookieFile); !os.IsNotExist(err) {
		t.Fatalf("cookie left behind: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.BTCDataDir, MempoolFileName)); err != nil {
		t.Fatalf("mempool.dat: %v", err)
	}

	// Restart: the chain and the mempool resume.
	n2, cl2 := startNode(t, loadConfig(t, dir))
	if got := n2.Chain().BestHeight(); got != 102 {
		t.Fatalf("height after restart %d, want 102", got)
	}
	if got := n2.Mempool().Count(); got != accepted {
		t.Fatalf("mempool after restart %d, want %d", got, accepted)
	}
	// The block confirming them empties the pool.
	submit(t, n2, gc.Blocks[102:103])
	if got := n2.Mempool().Count(); got != 0 {
		t.Fatalf("mempool after block 103: %d", got)
	}
	if got := n2.btc.fees.BestSeenHeight(); got != 103 {
		t.Fatalf("fee estimator saw height %d", got)
	}
	if _, _, ok := (feeSource{n2.btc.fees}).EstimateSmartFee(2, false); ok {
		t.Fatal("an estimate from no data")
	}
	t.Logf("resumed at height 102 with %d mempool transactions", accepted)
	stopByRPC(t, n2, cl2)
}

func TestReorgUpdatesMempool(t *testing.T) {
	gc := genChain(t)
	n, _ := startNode(t, loadConfig(t, t.TempDir()))
	submit(t, n, gc.Blocks)
	if n.Mempool().Count() != 0 {
		t.Fatal("pool not empty")
	}
	var tips []string
	n.btc.disp.addSink(sinkFunc{
		conn: func(b *primitives.Block, h int32) { tips = append(tips, "+"+itoa(h)) },
		disc: func(b *primitives.Block, h int32) { tips = append(tips, "-"+itoa(h)) },
	})
	_, ch := n.btc.disp.tipWait()
	submit(t, n, gc.Fork)
	select {
	case <-ch:
	default:
		t.Fatal("tip waiters not woken")
	}
	if got, want := n.Chain().BestHash(), gc.Fork[len(gc.Fork)-1].Header.BlockHash(); got != want {
		t.Fatalf("tip %s, want the branch's %s", got, want)
	}
	// The disconnected blocks' transactions that the branch does not hold
	// are back in the pool.
	inFork := map[string]bool{}
	for _, b := range gc.Fork {
		for _, tx := range b.Txs {
			inFork[tx.TxHash().String()] = true
		}
	}
	readded := 0
	for _, b := range gc.Blocks[len(gc.Blocks)-2:] {
		for _, tx := range b.Txs[1:] {
			if n.Mempool().Has(tx.TxHash()) {
				readded++
			}
		}
	}
	if readded == 0 {
		t.Fatal("no transaction re-added after the reorganisation")
	}
	if len(n.btc.disp.disconnected) != 0 {
		t.Fatal("reorganisation left pending")
	}
	t.Logf("sink saw %v; %d transactions re-added, pool %d", tips, readded, n.Mempool().Count())
	if len(tips) != 5 || tips[0] != "-104" || tips[1] != "-103" || tips[4] != "+105" {
		t.Fatalf("sink saw %v", tips)
	}
}

type sinkFunc struct {
	conn, disc func(*primitives.Block, int32)
}

func (s sinkFunc) BlockConnected(b *primitives.Block, h int32)    { s.conn(b, h) }
func (s sinkFunc) BlockDisconnected(b *primitives.Block, h int32) { s.disc(b, h) }

func itoa(h int32) string {
	return strings.TrimSpace(strings.Replace(time.Duration(h).String(), "ns", "", 1))
}

func TestLockRefusal(t *testing.T) {
	dir := t.TempDir()
	startNode(t, loadConfig(t, dir))
	cfg := loadConfig(t, dir)
	n2, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = n2.Start(context.Background())
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second node: %v, want ErrLocked", err)
	}
	want := "Cannot obtain a lock on data directory " + cfg.BTCDataDir + ". twinchaind is probably already running."
	if err.Error() != want {
		t.Fatalf("message %q\nwant    %q", err.Error(), want)
	}
	if n2.Wait() != nil {
		t.Fatal("failed start did not stop cleanly")
	}
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

func TestRPCBindNeedsAllowIP(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		loopback bool
		warning  string
	}{
		{name: "rpcbind alone", args: []string{"-rpcbind=0.0.0.0"}, loopback: true,
			warning: "-rpcbind was ignored because -rpcallowip was not also specified"},
		{name: "rpcallowip alone", args: []string{"-rpcallowip=10.0.0.0/8"}, loopback: true,
			warning: "-rpcallowip was specified without -rpcbind"},
		{name: "both", args: []string{"-rpcbind=127.0.0.2", "-rpcallowip=127.0.0.0/8"}, loopback: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"-rpcport=" + freePort(t)}, tc.args...)
			cfg, err := config.Load(append([]string{"-datadir=" + dir}, args...), config.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			listen, warns := rpcListen(cfg)
			all := strings.Join(append(warns, cfg.Warnings...), "\n")
			if tc.warning != "" && !strings.Contains(all, tc.warning) {
				t.Fatalf("warnings %q lack %q", all, tc.warning)
			}
			for _, a := range listen {
				h, _, _ := net.SplitHostPort(a)
				ip := net.ParseIP(h)
				if tc.loopback && (ip == nil || !ip.IsLoopback()) {
					t.Fatalf("binds %s", a)
				}
			}
			n, _ := startNode(t, cfg)
			for _, a := range n.RPCAddrs() {
				if !a.(*net.TCPAddr).IP.IsLoopback() {
					t.Fatalf("bound %s", a)
				}
			}
			data, _ := os.ReadFile(cfg.DebugLogFile)
			if tc.warning != "" && !strings.Contains(string(data), tc.warning) {
				t.Fatalf("debug.log lacks the warning:\n%s", data)
			}
		})
	}
}

func TestAuthAndServerOff(t *testing.T) {
	dir := t.TempDir()
	line, _, err := jsonrpc.GenerateRPCAuth("alice", "secret")
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadConfig(t, dir, "-rpcauth="+line)
	n, cl := startNode(t, cfg)
	url := cl.URL
	bad := &jsonrpc.Client{URL: url, User: "alice", Password: "wrong"}
	if err := bad.Call(context.Background(), "help", nil, nil); !errors.Is(err, jsonrpc.ErrUnauthorized) {
		t.Fatalf("wrong password: %v", err)
	}
	good := &jsonrpc.Client{URL: url, User: "alice", Password: "secret"}
	if err := good.Call(context.Background(), "help", nil, nil); err != nil {
		t.Fatalf("rpcauth: %v", err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	// A -rpccookiefile of another name is written by the node itself.
	cfgC := loadConfig(t, dir, "-rpccookiefile=other.cookie")
	nc, clc := startNode(t, cfgC)
	if want := filepath.Join(cfgC.BTCDataDir, "other.cookie"); nc.CookieFile() != want {
		t.Fatalf("cookie file %s, want %s", nc.CookieFile(), want)
	}
	if err := clc.Call(context.Background(), "help", nil, nil); err != nil {
		t.Fatalf("custom cookie: %v", err)
	}
	if err := nc.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cfgC.RPCCookieFile); !os.IsNotExist(err) {
		t.Fatalf("custom cookie left behind: %v", err)
	}
	n2, _ := startNode(t, loadConfig(t, dir, "-server=0"))
	if n2.RPCAddrs() != nil || n2.CookieFile() != "" {
		t.Fatal("-server=0 started RPC")
	}
	if !strings.Contains(n2.Banner(), "RPC:            off") {
		t.Fatalf("banner:\n%s", n2.Banner())
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"rpcauth", []string{"-rpcauth=nocolon"}, "Invalid -rpcauth argument."},
		{"rpcallowip", []string{"-rpcallowip=not-an-ip", "-rpcbind=127.0.0.1"}, "Invalid -rpcallowip subnet specification"},
		{"minrelaytxfee", []string{"-minrelaytxfee=abc"}, "Invalid amount for -minrelaytxfee=<amount>: 'abc'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Load(append([]string{"-datadir=" + t.TempDir()}, tc.args...), config.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = New(cfg, nil)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseBTC(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0.00001", 1000, true}, {"1", 100_000_000, true}, {".5", 50_000_000, true},
		{"0.000000001", 0, false}, {"x", 0, false}, {"", 0, false}, {"21000001", 0, false},
	}
	for _, tc := range tests {
		got, err := parseBTC(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseBTC(%q) = %d, %v", tc.in, got, err)
		}
	}
}
