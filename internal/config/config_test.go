package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// load writes conf (if not empty) into a fresh data directory as
// twinchain.conf, plus extra files, and runs Load with -datadir set.
func load(t *testing.T, args []string, conf string, extra map[string]string) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	if conf != "" {
		if err := os.WriteFile(filepath.Join(dir, DefaultConfFile), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(append([]string{"-datadir=" + dir}, args...), LoadOptions{})
	return c, dir, err
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name         string
		args         []string
		chain        string
		rpcPort, p2p int
		netDir       string
	}{
		{"no arguments: regtest", nil, "regtest", 18443, 18444, "regtest"},
		{"chain=main", []string{"-chain=main"}, "main", 8332, 8333, "main"},
		{"testnet", []string{"-testnet"}, "test", 18332, 18333, "testnet3"},
		{"chain=test", []string{"-chain=test"}, "test", 18332, 18333, "testnet3"},
		{"testnet4", []string{"-testnet4"}, "testnet4", 48332, 48333, "testnet4"},
		{"signet", []string{"-signet"}, "signet", 38332, 38333, "signet"},
		{"regtest", []string{"-regtest"}, "regtest", 18443, 18444, "regtest"},
		{"double dash", []string{"--chain=signet"}, "signet", 38332, 38333, "signet"},
		{"regtest=0 then chain", []string{"-regtest=0", "-chain=main"}, "main", 8332, 8333, "main"},
		{"notestnet", []string{"-notestnet", "-signet"}, "signet", 38332, 38333, "signet"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, dir, err := load(t, tc.args, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Chain != tc.chain || c.RPCPort != tc.rpcPort || c.Port != tc.p2p {
				t.Errorf("chain %s rpcport %d port %d", c.Chain, c.RPCPort, c.Port)
			}
			if c.BTCDataDir != filepath.Join(dir, "btc", tc.netDir) || c.ETHDataDir != filepath.Join(dir, "eth", tc.netDir) {
				t.Errorf("dirs %s %s", c.BTCDataDir, c.ETHDataDir)
			}
			want := []string{"127.0.0.1:" + strconv.Itoa(tc.rpcPort), "[::1]:" + strconv.Itoa(tc.rpcPort)}
			if !slices.Equal(c.RPCListen, want) {
				t.Errorf("rpc listen %v", c.RPCListen)
			}
		})
	}
	c, dir, _ := load(t, nil, "", nil)
	if !c.Server || c.TxIndex || c.Prune != 0 || c.DBCache != 450 || c.MaxMempool != 300 ||
		c.MempoolExpiry != 336*time.Hour || !c.PrintToConsole || c.Daemon || c.Debug != nil ||
		c.RPCThreads != 16 || c.RPCWorkQueue != 64 || c.RPCServerTimeout != 30*time.Second || !c.BTC || !c.ETH ||
		!c.Listen || c.MaxConnections != 125 || !c.PersistMempool || c.ConfFile != "" || c.REST {
		t.Errorf("defaults: %+v", c)
	}
	if c.RPCCookieFile != filepath.Join(dir, "btc", "regtest", ".cookie") {
		t.Errorf("cookie file %s", c.RPCCookieFile)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings %v", c.Warnings)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		conf  string
		check func(*Config) bool
		warn  string
	}{
		{"file top", nil, "rpcuser=u\nrpcpassword=p\n", func(c *Config) bool { return c.RPCUser == "u" && c.RPCPassword == "p" }, ""},
		{"command line beats file", []string{"-dbcache=100"}, "dbcache=200\n", func(c *Config) bool { return c.DBCache == 100 }, ""},
		{"last on command line wins", []string{"-dbcache=100", "-dbcache=300"}, "", func(c *Config) bool { return c.DBCache == 300 }, ""},
		{"first in file wins", nil, "dbcache=200\ndbcache=300\n", func(c *Config) bool { return c.DBCache == 200 }, ""},
		{"network section beats top", nil, "dbcache=200\n[regtest]\ndbcache=250\n", func(c *Config) bool { return c.DBCache == 250 }, ""},
		{"other section ignored", nil, "[main]\ndbcache=250\n", func(c *Config) bool { return c.DBCache == 450 }, ""},
		{"dotted name", nil, "regtest.dbcache=260\nmain.dbcache=1\n", func(c *Config) bool { return c.DBCache == 260 }, ""},
		{"command line beats section", []string{"-dbcache=99"}, "[regtest]\ndbcache=250\n", func(c *Config) bool { return c.DBCache == 99 }, ""},
		{"chain from file", nil, "chain=signet\n", func(c *Config) bool { return c.Chain == "signet" && c.RPCPort == 38332 }, ""},
		{"shorthand from file", nil, "testnet4=1\n", func(c *Config) bool { return c.Chain == "testnet4" }, ""},
		{"network-only ignored in top", nil, "rpcport=1234\n", func(c *Config) bool { return c.RPCPort == 18443 },
			"Config setting for -rpcport only applied on regtest network when in [regtest] section."},
		{"network-only in section", nil, "[regtest]\nrpcport=1234\n", func(c *Config) bool { return c.RPCPort == 1234 }, ""},
		{"network-only top on main", []string{"-chain=main"}, "rpcport=1234\n", func(c *Config) bool { return c.RPCPort == 1234 }, ""},
		{"network-only list ignored", nil, "addnode=1.2.3.4\n", func(c *Config) bool { return len(c.AddNode) == 0 },
			"Config setting for -addnode only applied on regtest network when in [regtest] section."},
		{"lists combine sources", []string{"-rpcallowip=10.0.0.1"}, "rpcallowip=10.0.0.3\n[regtest]\nrpcallowip=10.0.0.2\n",
			func(c *Config) bool { return slices.Equal(c.RPCAllowIP, []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}) }, ""},
		{"negation clears lower sources", []string{"-norpcallowip"}, "rpcallowip=10.0.0.3\n",
			func(c *Config) bool { return len(c.RPCAllowIP) == 0 }, ""},
		{"negation then value", []string{"-norpcallowip", "-rpcallowip=10.0.0.9"}, "rpcallowip=10.0.0.3\n",
			func(c *Config) bool { return slices.Equal(c.RPCAllowIP, []string{"10.0.0.9"}) }, ""},
		{"bool flag", []string{"-txindex"}, "", func(c *Config) bool { return c.TxIndex }, ""},
		{"blockfilterindex 1", []string{"-blockfilterindex=1", "-peerblockfilters"}, "", func(c *Config) bool { return c.BlockFilterIndex && c.PeerBlockFilters }, ""},
		{"blockfilterindex basic", nil, "blockfilterindex=basic\n", func(c *Config) bool { return c.BlockFilterIndex && !c.PeerBlockFilters }, ""},
		{"blockfilterindex off", []string{"-blockfilterindex=0"}, "", func(c *Config) bool { return !c.BlockFilterIndex }, ""},
		{"negated bool", []string{"-noserver"}, "", func(c *Config) bool { return !c.Server }, ""},
		{"negated in file", nil, "noserver=1\n", func(c *Config) bool { return !c.Server }, ""},
		{"double negative", []string{"-notxindex=0"}, "", func(c *Config) bool { return c.TxIndex }, ""},
		{"bool zero", []string{"-txindex=0"}, "txindex=1", func(c *Config) bool { return !c.TxIndex }, ""},
		{"daemon turns console off", []string{"-daemon"}, "", func(c *Config) bool { return c.Daemon && !c.PrintToConsole }, ""},
		{"daemonwait implies daemon", []string{"-daemonwait"}, "", func(c *Config) bool { return c.Daemon }, ""},
		{"debug all", []string{"-debug"}, "", func(c *Config) bool { return slices.Equal(c.Debug, []string{"all"}) }, ""},
		{"debug categories", []string{"-debug=net", "-debug=rpc"}, "debug=mempool", func(c *Config) bool {
			return slices.Equal(c.Debug, []string{"net", "rpc", "mempool"})
		}, ""},
		{"debug none", []string{"-debug=net", "-debug=0"}, "", func(c *Config) bool { return c.Debug == nil }, ""},
		{"nodebug", []string{"-nodebug"}, "debug=net", func(c *Config) bool { return c.Debug == nil }, ""},
		{"prune manual", []string{"-prune=1"}, "", func(c *Config) bool { return c.Prune == 1 }, ""},
		{"prune target", []string{"-prune=550"}, "", func(c *Config) bool { return c.Prune == 550 }, ""},
		{"dbcache clamped", []string{"-dbcache=1"}, "", func(c *Config) bool { return c.DBCache == 4 }, ""},
		{"rpcthreads clamped", []string{"-rpcthreads=0", "-rpcworkqueue=-5"}, "", func(c *Config) bool { return c.RPCThreads == 1 && c.RPCWorkQueue == 1 }, ""},
		{"rpcbind without allowip", []string{"-rpcbind=0.0.0.0"}, "", func(c *Config) bool { return c.RPCListen[0] == "127.0.0.1:18443" },
			"Option -rpcbind was ignored because -rpcallowip was not also specified, refusing to allow everyone to connect"},
		{"allowip binds all", []string{"-rpcallowip=10.0.0.0/8"}, "", func(c *Config) bool {
			return slices.Equal(c.RPCListen, []string{"[::]:18443", "0.0.0.0:18443"})
		}, ""},
		{"rpcbind with allowip", []string{"-rpcallowip=10.0.0.0/8", "-rpcbind=10.0.0.5", "-rpcbind=10.0.0.6:999", "-rpcbind=[fe80::1]:7", "-rpcbind=::1"}, "", func(c *Config) bool {
			return slices.Equal(c.RPCListen, []string{"10.0.0.5:18443", "10.0.0.6:999", "[fe80::1]:7", "[::1]:18443"})
		}, ""},
		{"connect disables listen", []string{"-connect=1.2.3.4"}, "", func(c *Config) bool { return !c.Listen && c.Connect[0] == "1.2.3.4" }, ""},
		{"unknown in file warns", nil, "zmqpubrawblock=tcp://x\n", func(c *Config) bool { return true }, "Ignoring unknown configuration value zmqpubrawblock"},
		{"unknown section warns", nil, "[foo]\nx=1\n", func(c *Config) bool { return true }, "Section [foo] is not recognized."},
		{"user without password", []string{"-rpcuser=u"}, "", func(c *Config) bool { return c.RPCUser == "" },
			"-rpcuser and -rpcpassword must be set together; falling back to cookie authentication"},
		{"rpcauth list", []string{"-rpcauth=a:s$h"}, "rpcauth=b:s$h\n", func(c *Config) bool { return slices.Equal(c.RPCAuth, []string{"a:s$h", "b:s$h"}) }, ""},
		{"testactivationheight on main ignored", []string{"-chain=main", "-testactivationheight=segwit@1"}, "", func(c *Config) bool { return c.TestActivationHeights == nil },
			"-testactivationheight is only used on regtest; ignored on main."},
		{"testactivationheight regtest", []string{"-testactivationheight=segwit@1"}, "", func(c *Config) bool { return c.TestActivationHeights[0] == "segwit@1" }, ""},
		{"help", []string{"-?"}, "", func(c *Config) bool { return c.Help }, ""},
		{"comments and blanks", nil, "# comment\n\n  txindex = 1  # trailing\n", func(c *Config) bool { return c.TxIndex }, ""},
		{"noconf skips file", []string{"-noconf"}, "txindex=1\n", func(c *Config) bool { return !c.TxIndex && c.ConfFile == "" }, ""},
		{"eth off", []string{"-noeth"}, "", func(c *Config) bool { return !c.ETH && c.BTC }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := load(t, tc.args, tc.conf, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("check failed: %+v", c)
			}
			if tc.warn != "" && !slices.Contains(c.Warnings, tc.warn) {
				t.Errorf("warnings %q, want %q", c.Warnings, tc.warn)
			}
			if tc.warn == "" && len(c.Warnings) != 0 {
				t.Errorf("unexpected warnings %q", c.Warnings)
			}
		})
	}
}

func TestIncludeConf(t *testing.T) {
	c, _, err := load(t, nil, "includeconf=extra.conf\n[regtest]\nincludeconf=reg.conf\n", map[string]string{
		"extra.conf": "txindex=1\nincludeconf=nested.conf\n",
		"reg.conf":   "[regtest]\nrpcport=9999\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !c.TxIndex || c.RPCPort != 9999 {
		t.Errorf("included values not applied: %+v", c)
	}
	if !slices.Contains(c.Warnings, "-includeconf cannot be used from included files; ignoring -includeconf=nested.conf") {
		t.Errorf("warnings %q", c.Warnings)
	}
	// The main file's first value still wins over an included one.
	c, _, err = load(t, nil, "dbcache=100\nincludeconf=extra.conf\n", map[string]string{"extra.conf": "dbcache=200\n"})
	if err != nil || c.DBCache != 100 {
		t.Errorf("precedence with include: %v %v", err, c)
	}
}

func TestExplicitConfAndDataDirInFile(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	conf := filepath.Join(dir, "my.conf")
	os.WriteFile(conf, []byte("datadir="+other+"\nchain=main\n"), 0o600)
	c, err := Load([]string{"-conf=" + conf}, LoadOptions{DefaultDataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != other || c.Chain != "main" || c.ConfFile != conf || c.BTCDataDir != filepath.Join(other, "btc", "main") {
		t.Errorf("%+v", c)
	}
	// Relative -conf is relative to the data directory.
	os.WriteFile(filepath.Join(dir, "rel.conf"), []byte("txindex=1\n"), 0o600)
	c, err = Load([]string{"-datadir=" + dir, "-conf=rel.conf"}, LoadOptions{})
	if err != nil || !c.TxIndex {
		t.Errorf("relative conf: %v %+v", err, c)
	}
	// A missing default file is fine.
	c, err = Load(nil, LoadOptions{DefaultDataDir: filepath.Join(dir, "not-yet-created")})
	if err != nil || c.DataDir != filepath.Join(dir, "not-yet-created") {
		t.Errorf("missing default datadir: %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		conf  string
		extra map[string]string
		kind  ErrorKind
		msg   string
	}{
		{"unknown option", []string{"-frobnicate=1"}, "", nil, ErrUnknownOption, "Invalid parameter -frobnicate"},
		{"unknown negated", []string{"-nofrobnicate"}, "", nil, ErrUnknownOption, "Invalid parameter -nofrobnicate"},
		{"dotted on command line", []string{"-regtest.rpcport=1"}, "", nil, ErrUnknownOption, "Invalid parameter -regtest.rpcport"},
		{"bare dash", []string{"-"}, "", nil, ErrUnexpectedToken, "Command line contains unexpected token '-', see twinchaind -h for a list of options."},
		{"positional token", []string{"getinfo"}, "", nil, ErrUnexpectedToken, "Command line contains unexpected token 'getinfo', see twinchaind -h for a list of options."},
		{"empty name", []string{"-=1"}, "", nil, ErrUnknownOption, "Invalid parameter -"},
		{"chain conflict", []string{"-regtest", "-testnet"}, "", nil, ErrChainConflict, "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one."},
		{"chain and shorthand", []string{"-chain=main", "-signet"}, "", nil, ErrChainConflict, ""},
		{"chain conflict across file", []string{"-testnet4"}, "regtest=1\n", nil, ErrChainConflict, ""},
		{"unknown chain", []string{"-chain=foo"}, "", nil, ErrUnknownChain, "Unknown chain foo. Valid values are main, test, testnet4, signet, regtest."},
		{"unknown filter type", []string{"-blockfilterindex=extended"}, "", nil, ErrInvalidValue, "Unknown -blockfilterindex value extended."},
		{"peerblockfilters without index", []string{"-peerblockfilters"}, "", nil, ErrIncompatible, "Cannot set -peerblockfilters without -blockfilterindex."},
		{"bool not a number", []string{"-txindex=yes"}, "", nil, ErrInvalidValue, "Invalid value for -txindex=yes: expected 0 or 1"},
		{"bool in file", nil, "txindex=true\n", nil, ErrInvalidValue, ""},
		{"bad negation value", []string{"-notxindex=x"}, "", nil, ErrInvalidValue, "Negating of -txindex is meaningless and therefore forbidden"},
		{"int without value", []string{"-prune"}, "", nil, ErrInvalidValue, "Can not set -prune with no value. Please specify value with -prune=value."},
		{"int not a number", []string{"-dbcache=big"}, "", nil, ErrInvalidValue, "Invalid value for -dbcache=big: not an integer"},
		{"prune negative", []string{"-prune=-1"}, "", nil, ErrInvalidValue, "Prune cannot be configured with a negative value."},
		{"prune too small", []string{"-prune=549"}, "", nil, ErrInvalidValue, "Prune configured below the minimum of 550 MiB.  Please use a higher number."},
		{"prune with txindex", []string{"-prune=550", "-txindex"}, "", nil, ErrIncompatible, "Prune mode is incompatible with -txindex."},
		{"prune with reindex-chainstate", []string{"-prune=1", "-reindex-chainstate"}, "", nil, ErrIncompatible, ""},
		{"maxmempool too small", []string{"-maxmempool=4"}, "", nil, ErrInvalidValue, "-maxmempool must be at least 5 MB"},
		{"mempoolexpiry negative", []string{"-mempoolexpiry=-1"}, "", nil, ErrInvalidValue, ""},
		{"bad rpcport", []string{"-rpcport=70000"}, "", nil, ErrInvalidValue, "Invalid port specified in -rpcport: '70000'"},
		{"zero port", []string{"-port=0"}, "", nil, ErrInvalidValue, "Invalid port specified in -port: '0'"},
		{"bad rpcbind port", []string{"-rpcallowip=1.2.3.4", "-rpcbind=1.2.3.4:x"}, "", nil, ErrInvalidValue, "Invalid port specified in -rpcbind: '1.2.3.4:x'"},
		{"unknown debug category", []string{"-debug=frob"}, "", nil, ErrInvalidValue, "Unsupported logging category -debug=frob."},
		{"unknown debugexclude", []string{"-debugexclude=frob"}, "", nil, ErrInvalidValue, "Unsupported logging category -debugexclude=frob."},
		{"includeconf on command line", []string{"-includeconf=x.conf"}, "", nil, ErrIncompatible, "-includeconf cannot be used from commandline; -includeconf=x.conf"},
		{"missing include", nil, "includeconf=missing.conf\n", nil, ErrConfRead, "Failed to include configuration file missing.conf"},
		{"conf in file", nil, "conf=other.conf\n", nil, ErrIncompatible, ""},
		{"file syntax", nil, "txindex\n", nil, ErrConfSyntax, ""},
		{"chain changed by include", nil, "includeconf=x.conf\n", map[string]string{"x.conf": "chain=main\n"}, ErrChainConflict, ""},
		{"missing explicit conf", []string{"-conf=nothere.conf"}, "", nil, ErrConfRead, ""},
		{"missing datadir", []string{"-datadir=/nonexistent/twinchain"}, "", nil, ErrDataDir, "Specified data directory \"/nonexistent/twinchain\" does not exist."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := load(t, tc.args, tc.conf, tc.extra)
			var ce *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &ce) {
				t.Fatalf("got %v, want kind %s", err, tc.kind)
			}
			if tc.msg != "" && ce.Description != tc.msg {
				t.Errorf("message %q, want %q", ce.Description, tc.msg)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	u := Usage()
	for _, want := range []string{"-rpcport=<port>", "-regtest\n", "-rpcauth=<userpw>"} {
		if !strings.Contains(u, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}
