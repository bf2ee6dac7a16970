package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/node"
)

// testNode is a jsonrpc.Server with fake methods, laid out on disk the way
// twinchaind lays out a regtest data directory.
type testNode struct {
	dataDir string
	port    int
	srv     *jsonrpc.Server
	calls   atomic.Int64
	wallets []string
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startNode(t *testing.T, auth jsonrpc.Auth) *testNode {
	t.Helper()
	n := &testNode{dataDir: t.TempDir(), wallets: []string{"alice", "bob"}}
	cookieDir := filepath.Join(n.dataDir, "btc", "regtest")
	if err := os.MkdirAll(cookieDir, 0o700); err != nil {
		t.Fatal(err)
	}
	n.port = freePort(t)
	n.srv = jsonrpc.NewServer(jsonrpc.ServerConfig{
		Listen:        []string{"127.0.0.1:" + strconv.Itoa(n.port)},
		Auth:          auth,
		CookieDir:     cookieDir,
		AuthFailDelay: time.Millisecond,
	})
	reg := func(name string, h jsonrpc.Handler, argNames ...string) {
		t.Helper()
		wrapped := func(ctx context.Context, p *jsonrpc.Params) (any, error) {
			n.calls.Add(1)
			return h(ctx, p)
		}
		if err := n.srv.RegisterMethod(name, jsonrpc.Method{Handler: wrapped, ArgNames: argNames}); err != nil {
			t.Fatal(err)
		}
	}
	echo := func(_ context.Context, p *jsonrpc.Params) (any, error) {
		if p.Named != nil {
			return p.Named, nil
		}
		return p.Positional, nil
	}
	reg("getblockcount", func(context.Context, *jsonrpc.Params) (any, error) { return 101, nil })
	reg("getbestblockhash", func(context.Context, *jsonrpc.Params) (any, error) {
		return "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", nil
	})
	reg("echo", echo)
	reg("sendtoaddress", echo)
	reg("getblock", echo)
	reg("createrawtransaction", echo)
	reg("getblockstats", echo)
	reg("walletpassphrase", echo)
	reg("stop", func(context.Context, *jsonrpc.Params) (any, error) { return nil, nil })
	reg("fail", func(context.Context, *jsonrpc.Params) (any, error) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Block not found")
	})
	reg("getstring", func(context.Context, *jsonrpc.Params) (any, error) { return "a <b> & \"c\"", nil })
	reg("getfloat", func(context.Context, *jsonrpc.Params) (any, error) {
		return json.RawMessage(`{"amount":0.00010000,"empty":[],"obj":{},"nested":{"list":[1,{"k":null}]},"s":"<x>\u00e9"}`), nil
	})
	reg("whichwallet", func(ctx context.Context, _ *jsonrpc.Params) (any, error) {
		info, _ := jsonrpc.InfoFromContext(ctx)
		return info.Path, nil
	})
	reg("getbalance", func(ctx context.Context, _ *jsonrpc.Params) (any, error) {
		info, _ := jsonrpc.InfoFromContext(ctx)
		if info.Path == "/" {
			return nil, jsonrpc.NewError(codeWalletNotSpecified, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
		}
		return json.RawMessage(`50.00000000`), nil
	})
	reg("getnewaddress", func(context.Context, *jsonrpc.Params) (any, error) {
		return "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", nil
	})
	reg("generatetoaddress", func(_ context.Context, p *jsonrpc.Params) (any, error) {
		var nblocks int
		var addr string
		if err := p.Require(0, &nblocks); err != nil {
			return nil, err
		}
		if err := p.Require(1, &addr); err != nil {
			return nil, err
		}
		out := make([]string, nblocks)
		for i := range out {
			out[i] = strings.Repeat(strconv.Itoa(i%10), 64)
		}
		return out, nil
	}, "nblocks", "address", "maxtries")
	reg("getnetworkinfo", func(context.Context, *jsonrpc.Params) (any, error) {
		return json.RawMessage(`{"version":10000,"timeoffset":0,"connections":0,"connections_in":0,"connections_out":0,"networks":[{"name":"ipv4","proxy":""}],"relayfee":0.00001000,"warnings":""}`), nil
	})
	reg("getblockchaininfo", func(context.Context, *jsonrpc.Params) (any, error) {
		return json.RawMessage(`{"chain":"regtest","blocks":101,"headers":101,"verificationprogress":1,"difficulty":4.656542373906925e-10}`), nil
	})
	reg("getwalletinfo", func(ctx context.Context, _ *jsonrpc.Params) (any, error) {
		info, _ := jsonrpc.InfoFromContext(ctx)
		if info.Path == "/" {
			return nil, jsonrpc.NewError(codeWalletNotSpecified, "Multiple wallets are loaded.")
		}
		return json.RawMessage(`{"walletname":"` + strings.TrimPrefix(info.Path, "/wallet/") + `","keypoolsize":1000,"paytxfee":0.00000000}`), nil
	})
	reg("getbalances", func(ctx context.Context, _ *jsonrpc.Params) (any, error) {
		info, _ := jsonrpc.InfoFromContext(ctx)
		if info.Path == "/" {
			return nil, jsonrpc.NewError(codeWalletNotSpecified, "Multiple wallets are loaded.")
		}
		bal := "50.00000000"
		if info.Path == "/wallet/bob" {
			bal = "1.00000000"
		}
		return json.RawMessage(`{"mine":{"trusted":` + bal + `,"untrusted_pending":0,"immature":0}}`), nil
	})
	reg("listwallets", func(context.Context, *jsonrpc.Params) (any, error) { return n.wallets, nil })
	if err := n.srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = n.srv.Stop() })
	return n
}

// cli runs twinchain-cli against the node with extra args.
func (n *testNode) cli(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	full := append([]string{"-datadir=" + n.dataDir, "-rpcport=" + strconv.Itoa(n.port)}, args...)
	var out, errb bytes.Buffer
	status = run(full, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), status
}

func TestCLIAgainstServer(t *testing.T) {
	n := startNode(t, jsonrpc.Auth{})
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantOut    string
		wantErr    string
		wantStatus int
	}{
		{name: "number", args: []string{"getblockcount"}, wantOut: "101\n"},
		{name: "string raw", args: []string{"getbestblockhash"}, wantOut: "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\n"},
		{name: "string not escaped", args: []string{"getstring"}, wantOut: "a <b> & \"c\"\n"},
		{name: "null prints nothing", args: []string{"stop"}, wantOut: ""},
		{name: "pretty JSON", args: []string{"getfloat"}, wantOut: "{\n  \"amount\": 0.00010000,\n  \"empty\": [\n  ],\n  \"obj\": {\n  },\n  \"nested\": {\n    \"list\": [\n      1,\n      {\n        \"k\": null\n      }\n    ]\n  },\n  \"s\": \"<x>\u00e9\"\n}\n"},
		{name: "strings stay strings", args: []string{"echo", "1", "true", "[1]"}, wantOut: "[\n  \"1\",\n  \"true\",\n  \"[1]\"\n]\n"},
		{name: "table converts", args: []string{"sendtoaddress", "bcrt1qxyz", "0.1", "", "", "true"}, wantOut: "[\n  \"bcrt1qxyz\",\n  0.1,\n  \"\",\n  \"\",\n  true\n]\n"},
		{name: "getblock verbosity", args: []string{"getblock", "00ff", "2"}, wantOut: "[\n  \"00ff\",\n  2\n]\n"},
		{name: "json or string height", args: []string{"getblockstats", "1000", "[\"avgfee\"]"}, wantOut: "[\n  1000,\n  [\n    \"avgfee\"\n  ]\n]\n"},
		{name: "json or string hash", args: []string{"getblockstats", "00ab"}, wantOut: "[\n  \"00ab\"\n]\n"},
		{name: "bad JSON", args: []string{"sendtoaddress", "addr", "abc"}, wantErr: "error: Error parsing JSON: abc\n", wantStatus: 1},
		{name: "rpc error", args: []string{"fail"}, wantErr: "error code: -5\nerror message:\nBlock not found\n", wantStatus: 5},
		{name: "unknown method", args: []string{"nosuchmethod"}, wantErr: "error code: -32601\nerror message:\nMethod not found\n", wantStatus: 32601},
		{name: "wallet endpoint", args: []string{"-rpcwallet=alice", "whichwallet"}, wantOut: "/wallet/alice\n"},
		{name: "wallet endpoint encoded", args: []string{"-rpcwallet=my wallet", "whichwallet"}, wantOut: "/wallet/my wallet\n"},
		{name: "default endpoint", args: []string{"whichwallet"}, wantOut: "/\n"},
		{name: "wallet not specified hint", args: []string{"getbalance"}, wantErr: "error code: -19\nerror message:\nMultiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path. Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command (run \"twinchain-cli -h\" for help or \"twinchain-cli listwallets\" to see which wallets are currently loaded).\n", wantStatus: 19},
		{name: "named", args: []string{"-named", "sendtoaddress", "address=bcrt1q", "amount=1.5", "comment=x=y"}, wantOut: "{\n  \"address\": \"bcrt1q\",\n  \"amount\": 1.5,\n  \"comment\": \"x=y\"\n}\n"},
		{name: "named positional args", args: []string{"-named", "createrawtransaction", "[]", "outputs={\"a\":1}"}, wantOut: "{\n  \"args\": [\n    [\n    ]\n  ],\n  \"outputs\": {\n    \"a\": 1\n  }\n}\n"},
		{name: "stdin", stdin: "bcrt1qabc\n2\n", args: []string{"-stdin", "sendtoaddress"}, wantOut: "[\n  \"bcrt1qabc\",\n  2\n]\n"},
		{name: "stdin without final newline", stdin: "x\ny", args: []string{"-stdin", "echo"}, wantOut: "[\n  \"x\",\n  \"y\"\n]\n"},
		{name: "too few", args: []string{"-named"}, wantErr: "error: too few parameters (need at least command)\n", wantStatus: 1},
		{name: "generate", args: []string{"-generate", "2"}, wantOut: "{\n  \"address\": \"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080\",\n  \"blocks\": [\n    \"" + strings.Repeat("0", 64) + "\",\n    \"" + strings.Repeat("1", 64) + "\"\n  ]\n}\n"},
		{name: "generate default 1", args: []string{"-generate"}, wantOut: "{\n  \"address\": \"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080\",\n  \"blocks\": [\n    \"" + strings.Repeat("0", 64) + "\"\n  ]\n}\n"},
		{name: "generate zero", args: []string{"-generate", "0"}, wantErr: "error: the first argument (number of blocks to generate, default: 1) must be an integer value greater than zero\n", wantStatus: 1},
		{name: "generate too many", args: []string{"-generate", "1", "2", "3"}, wantErr: "error: too many arguments (maximum 2 for nblocks and maxtries)\n", wantStatus: 1},
		{name: "generate bad", args: []string{"-generate", "foo"}, wantErr: "error: Error parsing JSON: foo\n", wantStatus: 1},
		{name: "getinfo args", args: []string{"-getinfo", "x"}, wantErr: "error: -getinfo takes no arguments\n", wantStatus: 1},
		{name: "unknown option", args: []string{"-bogus", "getblockcount"}, wantErr: "Error parsing command line arguments: Invalid parameter -bogus\n", wantStatus: 1},
		{name: "double dash option", args: []string{"--named", "echo", "a=1"}, wantOut: "{\n  \"a\": \"1\"\n}\n"},
		{name: "wrong password", args: []string{"-rpcuser=u", "-rpcpassword=p", "getblockcount"}, wantErr: "error: Authorization failed: Incorrect rpcuser or rpcpassword\n", wantStatus: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, status := n.cli(t, tc.stdin, tc.args...)
			if out != tc.wantOut || errOut != tc.wantErr || status != tc.wantStatus {
				t.Errorf("got stdout %q stderr %q status %d\nwant stdout %q stderr %q status %d", out, errOut, status, tc.wantOut, tc.wantErr, tc.wantStatus)
			}
		})
	}
}

func TestCLIGetInfo(t *testing.T) {
	n := startNode(t, jsonrpc.Auth{})
	out, errOut, status := n.cli(t, "", "-getinfo", "-rpcwallet=alice")
	want := "Chain: regtest\nBlocks: 101\nHeaders: 101\nVerification progress: 100.0000%\nDifficulty: 4.656542373906925e-10\n\n" +
		"Network: in 0, out 0, total 0\nVersion: 10000\nTime offset (s): 0\nProxies: n/a\nMin tx relay fee rate (BTC/kvB): 0.00001000\n\n" +
		"Wallet: alice\nKeypool size: 1000\nTransaction fee rate (-paytxfee) (BTC/kvB): 0.00000000\n\n" +
		"Balance: 50.00000000\n\nWarnings: (none)\n"
	if status != 0 || out != want || errOut != "" {
		t.Errorf("-getinfo -rpcwallet: status %d stderr %q\n got %q\nwant %q", status, errOut, out, want)
	}
	out, _, status = n.cli(t, "", "-getinfo")
	wantMulti := "Balances\n50.00000000 alice\n 1.00000000 bob\n\nWarnings: (none)\n"
	if status != 0 || !strings.HasSuffix(out, wantMulti) || strings.Contains(out, "Wallet:") {
		t.Errorf("-getinfo multiwallet: status %d, got %q", status, out)
	}
}

func TestCLIStdinRPCPass(t *testing.T) {
	n := startNode(t, jsonrpc.Auth{User: "user", Password: "secret"})
	out, errOut, status := n.cli(t, "secret\n", "-rpcuser=user", "-stdinrpcpass", "getblockcount")
	if status != 0 || out != "101\n" {
		t.Fatalf("status %d out %q err %q", status, out, errOut)
	}
	_, errOut, status = n.cli(t, "wrong\n", "-rpcuser=user", "-stdinrpcpass", "getblockcount")
	if status != 1 || errOut != "error: Authorization failed: Incorrect rpcuser or rpcpassword\n" {
		t.Fatalf("status %d err %q", status, errOut)
	}
	// No password and no cookie: Core's "Could not locate RPC credentials".
	_, errOut, status = n.cli(t, "", "getblockcount")
	if status != 1 || !strings.HasPrefix(errOut, "error: Could not locate RPC credentials.") {
		t.Fatalf("status %d err %q", status, errOut)
	}
}

func TestCLIConfFile(t *testing.T) {
	n := startNode(t, jsonrpc.Auth{User: "confuser", Password: "confpass"})
	conf := "rpcuser=confuser\nrpcpassword=confpass\n[regtest]\nrpcport=" + strconv.Itoa(n.port) + "\nrpcwallet=bob\n"
	if err := os.WriteFile(filepath.Join(n.dataDir, "twinchain.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	status := run([]string{"-datadir=" + n.dataDir, "whichwallet"}, strings.NewReader(""), &out, &errb)
	if status != 0 || out.String() != "/wallet/bob\n" {
		t.Fatalf("status %d out %q err %q", status, out.String(), errb.String())
	}
	// -rpcconnect with a port is overridden by the file's -rpcport.
	out.Reset()
	errb.Reset()
	status = run([]string{"-datadir=" + n.dataDir, "-rpcconnect=127.0.0.1:1", "getblockcount"}, strings.NewReader(""), &out, &errb)
	if status != 0 || out.String() != "101\n" {
		t.Fatalf("status %d out %q err %q", status, out.String(), errb.String())
	}
}

func TestCLIConnectionFailure(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	var out, errb bytes.Buffer
	status := run([]string{"-datadir=" + dir, "-rpcport=" + strconv.Itoa(port), "getblockcount"}, strings.NewReader(""), &out, &errb)
	want := "error: Could not connect to the server 127.0.0.1:" + strconv.Itoa(port) + "\n\nMake sure the twinchaind server is running and that you are connecting to the correct RPC port.\nUse \"twinchain-cli -help\" for more info.\n"
	if status != 1 || errb.String() != want {
		t.Fatalf("status %d err %q\nwant %q", status, errb.String(), want)
	}
	errb.Reset()
	start := time.Now()
	status = run([]string{"-datadir=" + dir, "-rpcport=" + strconv.Itoa(port), "-rpcwait", "-rpcwaittimeout=1", "getblockcount"}, strings.NewReader(""), &out, &errb)
	if status != 1 || !strings.HasPrefix(errb.String(), "error: timeout on transient error: Could not connect") || time.Since(start) > 10*time.Second {
		t.Fatalf("-rpcwait: status %d err %q after %v", status, errb.String(), time.Since(start))
	}
}

func TestCLIHelpVersionAndDataDir(t *testing.T) {
	var out, errb bytes.Buffer
	if status := run(nil, strings.NewReader(""), &out, &errb); status != 1 || errb.String() != "Error: too few parameters\n" || !strings.Contains(out.String(), "Usage:") {
		t.Errorf("no args: status %d err %q", status, errb.String())
	}
	out.Reset()
	errb.Reset()
	if status := run([]string{"-version"}, strings.NewReader(""), &out, &errb); status != 0 || out.String() != "Twinchain RPC client version "+clientVersion+"\n" {
		t.Errorf("-version: status %d out %q", status, out.String())
	}
	out.Reset()
	if status := run([]string{"-help"}, strings.NewReader(""), &out, &errb); status != 0 || !strings.Contains(out.String(), "  -rpcwallet=<walletname>\n") {
		t.Errorf("-help: status %d out %q", status, out.String())
	}
	errb.Reset()
	missing := filepath.Join(t.TempDir(), "nope")
	if status := run([]string{"-datadir=" + missing, "getblockcount"}, strings.NewReader(""), &out, &errb); status != 1 || errb.String() != "Error: Specified data directory \""+missing+"\" does not exist.\n" {
		t.Errorf("missing datadir: status %d err %q", status, errb.String())
	}
}

// TestClientVersion keeps -version in step with the daemon's version
// (the client does not link the node to read it).
func TestClientVersion(t *testing.T) {
	if clientVersion != "v"+node.Version {
		t.Errorf("clientVersion %s, node.Version %s", clientVersion, node.Version)
	}
}

func TestCLIWaitAndTimeouts(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	cookieDir := filepath.Join(dir, "btc", "regtest")
	if err := os.MkdirAll(cookieDir, 0o700); err != nil {
		t.Fatal(err)
	}
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Listen: []string{"127.0.0.1:" + strconv.Itoa(port)}, CookieDir: cookieDir})
	if err := srv.Register("getblockcount", func(context.Context, *jsonrpc.Params) (any, error) { return 7, nil }, ""); err != nil {
		t.Fatal(err)
	}
	if err := srv.Register("slow", func(ctx context.Context, _ *jsonrpc.Params) (any, error) {
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
		}
		return "late", nil
	}, ""); err != nil {
		t.Fatal(err)
	}
	// The server (and its cookie) appear 1.5 s after the client starts.
	go func() {
		time.Sleep(1500 * time.Millisecond)
		if err := srv.Start(context.Background()); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { _ = srv.Stop() })
	args := []string{"-datadir=" + dir, "-rpcport=" + strconv.Itoa(port)}
	var out, errb bytes.Buffer
	status := run(append(args, "-rpcwait", "getblockcount"), strings.NewReader(""), &out, &errb)
	if status != 0 || out.String() != "7\n" {
		t.Fatalf("-rpcwait: status %d out %q err %q", status, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	status = run(append(args, "-rpcclienttimeout=1", "slow"), strings.NewReader(""), &out, &errb)
	if status != 1 || !strings.Contains(errb.String(), `(error code 1 - "timeout reached")`) {
		t.Fatalf("-rpcclienttimeout: status %d err %q", status, errb.String())
	}
}

func TestCLIStdinWalletPassphrase(t *testing.T) {
	n := startNode(t, jsonrpc.Auth{})
	// The fake walletpassphrase echoes its parameters: the passphrase read
	// from stdin goes first, as a string; the timeout is converted.
	out, errOut, status := n.cli(t, "secret pass\n", "-stdinwalletpassphrase", "echo", "60")
	if status != 1 || errOut != "error: -stdinwalletpassphrase is only applicable for walletpassphrase(change)\n" {
		t.Fatalf("status %d out %q err %q", status, out, errOut)
	}
	out, errOut, status = n.cli(t, "secret pass\n", "-stdinwalletpassphrase", "walletpassphrase", "60")
	if status != 0 || out != "[\n  \"secret pass\",\n  60\n]\n" {
		t.Fatalf("status %d out %q err %q", status, out, errOut)
	}
}
