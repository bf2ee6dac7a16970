package config

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// resolve fills the typed fields of c from s, applying Core's defaults and
// checks.
func (s *sources) resolve(c *Config, nd netDefaults) error {
	var err error
	c.Help = s.boolean("help", false) || s.boolean("?", false) || s.boolean("h", false)
	c.Version = s.boolean("version", false)
	c.DaemonWait = s.boolean("daemonwait", false)
	c.Daemon = s.boolean("daemon", false) || c.DaemonWait
	c.PrintToConsole = s.boolean("printtoconsole", !c.Daemon)
	c.DebugLogFile = absUnder(c.BTCDataDir, s.str("debuglogfile", "debug.log"))
	c.PIDFile = absUnder(c.DataDir, s.str("pid", "twinchaind.pid"))
	c.BTC = s.boolean("btc", true)
	c.ETH = s.boolean("eth", true)
	if err = s.resolveOperator(c); err != nil {
		return err
	}
	if err = s.resolveETH(c); err != nil {
		return err
	}
	if c.Debug, err = debugList(s.list("debug"), "debug"); err != nil {
		return err
	}
	if c.DebugExclude, err = debugList(s.list("debugexclude"), "debugexclude"); err != nil {
		return err
	}
	c.SignetChallenge = s.list("signetchallenge")
	c.TestActivationHeights = s.list("testactivationheight")
	if len(c.TestActivationHeights) > 0 && c.Chain != ChainRegTest {
		s.warn("-testactivationheight is only used on regtest; ignored on %s.", c.Chain)
		c.TestActivationHeights = nil
	}

	c.TxIndex = s.boolean("txindex", false)
	bfi := "0"
	if v, ok := s.single("blockfilterindex"); ok && !v.negated {
		bfi = v.value
	}
	switch bfi {
	case "0":
	case "", "1", "basic": // a bare -blockfilterindex means every type, as "1"
		c.BlockFilterIndex = true
	default:
		return makeError(ErrInvalidValue, "Unknown -blockfilterindex value %s.", bfi)
	}
	c.PeerBlockFilters = s.boolean("peerblockfilters", false)
	if c.PeerBlockFilters && !c.BlockFilterIndex {
		return makeError(ErrIncompatible, "Cannot set -peerblockfilters without -blockfilterindex.")
	}
	if c.Prune, err = s.integer("prune", 0); err != nil {
		return err
	}
	switch {
	case c.Prune < 0:
		return makeError(ErrInvalidValue, "Prune cannot be configured with a negative value.")
	case c.Prune > 1 && c.Prune < MinPruneTarget:
		return makeError(ErrInvalidValue, "Prune configured below the minimum of %d MiB.  Please use a higher number.", MinPruneTarget)
	}
	c.Reindex = s.boolean("reindex", false)
	c.ReindexChainstate = s.boolean("reindex-chainstate", false)
	if c.Prune != 0 && c.TxIndex {
		return makeError(ErrIncompatible, "Prune mode is incompatible with -txindex.")
	}
	if c.Prune != 0 && c.ReindexChainstate {
		return makeError(ErrIncompatible, "Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.")
	}
	if c.DBCache, err = s.integer("dbcache", DefaultDBCache); err != nil {
		return err
	}
	c.DBCache = max(c.DBCache, MinDBCache)
	if c.MaxMempool, err = s.integer("maxmempool", DefaultMaxMempool); err != nil {
		return err
	}
	if c.MaxMempool < MinMaxMempool {
		return makeError(ErrInvalidValue, "-maxmempool must be at least %d MB", MinMaxMempool)
	}
	hours, err := s.integer("mempoolexpiry", DefaultMempoolExpiry)
	if err != nil {
		return err
	}
	if hours < 0 || hours > 1<<20 {
		return makeError(ErrInvalidValue, "Invalid value for -mempoolexpiry=%d: out of range", hours)
	}
	c.MempoolExpiry = time.Duration(hours) * time.Hour
	c.PersistMempool = s.boolean("persistmempool", true)
	c.AssumeValid = s.str("assumevalid", "")
	c.MinRelayTxFee = s.str("minrelaytxfee", "")
	c.FallbackFee = s.str("fallbackfee", "")

	if c.Port, err = s.port("port", nd.port); err != nil {
		return err
	}
	c.Bind = s.list("bind")
	c.AddNode = s.list("addnode")
	c.Connect = s.list("connect")
	c.SeedNode = s.list("seednode")
	c.Listen = s.boolean("listen", len(c.Connect) == 0)
	mc, err := s.integer("maxconnections", DefaultMaxConnections)
	if err != nil {
		return err
	}
	c.MaxConnections = int(min(max(mc, 0), 1<<20))
	c.DNSSeed = s.boolean("dnsseed", true)
	c.BlocksOnly = s.boolean("blocksonly", false)

	c.Wallets = s.list("wallet")
	c.DisableWallet = s.boolean("disablewallet", false)

	c.Server = s.boolean("server", true)
	c.REST = s.boolean("rest", false)
	if c.RPCPort, err = s.port("rpcport", nd.rpcPort); err != nil {
		return err
	}
	c.RPCBind = s.list("rpcbind")
	c.RPCAllowIP = s.list("rpcallowip")
	c.RPCUser = s.str("rpcuser", "")
	c.RPCPassword = s.str("rpcpassword", "")
	c.RPCAuth = s.list("rpcauth")
	if (c.RPCUser == "") != (c.RPCPassword == "") {
		s.warn("-rpcuser and -rpcpassword must be set together; falling back to cookie authentication")
		c.RPCUser, c.RPCPassword = "", ""
	}
	c.RPCCookieFile = absUnder(c.BTCDataDir, s.str("rpccookiefile", ".cookie"))
	threads, err := s.integer("rpcthreads", DefaultRPCThreads)
	if err != nil {
		return err
	}
	c.RPCThreads = int(min(max(threads, 1), 1024))
	queue, err := s.integer("rpcworkqueue", DefaultRPCWorkQueue)
	if err != nil {
		return err
	}
	c.RPCWorkQueue = int(min(max(queue, 1), 1<<16))
	secs, err := s.integer("rpcservertimeout", int64(DefaultRPCServerTimeout/time.Second))
	if err != nil {
		return err
	}
	c.RPCServerTimeout = time.Duration(min(max(secs, 1), 1<<20)) * time.Second
	c.RPCListen, err = s.rpcListen(c)
	return err
}

// port reads a port option, checking 1..65535 as Core's CheckHostPortOptions.
func (s *sources) port(name string, def int) (int, error) {
	v, err := s.integer(name, int64(def))
	if err != nil || v < 1 || v > 65535 {
		raw := s.str(name, "")
		return 0, makeError(ErrInvalidValue, "Invalid port specified in -%s: '%s'", name, raw)
	}
	return int(v), nil
}

// rpcListen applies Core's rules for the RPC bind addresses.
func (s *sources) rpcListen(c *Config) ([]string, error) {
	p := strconv.Itoa(c.RPCPort)
	if len(c.RPCAllowIP) == 0 {
		if len(c.RPCBind) > 0 {
			s.warn("Option -rpcbind was ignored because -rpcallowip was not also specified, refusing to allow everyone to connect")
		}
		return []string{net.JoinHostPort("127.0.0.1", p), net.JoinHostPort("::1", p)}, nil
	}
	if len(c.RPCBind) == 0 {
		return []string{net.JoinHostPort("::", p), net.JoinHostPort("0.0.0.0", p)}, nil
	}
	out := make([]string, 0, len(c.RPCBind))
	for _, b := range c.RPCBind {
		host, port, err := net.SplitHostPort(b)
		if err != nil {
			host, port = strings.TrimSuffix(strings.TrimPrefix(b, "["), "]"), p
		}
		n, err := strconv.Atoi(port)
		if host == "" || err != nil || n < 1 || n > 65535 {
			return nil, makeError(ErrInvalidValue, "Invalid port specified in -rpcbind: '%s'", b)
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	return out, nil
}

// debugList validates -debug/-debugexclude categories: 1/all mean every
// category, 0/none anywhere turns debug logging off.
func debugList(vals []string, opt string) ([]string, error) {
	var out []string
	for _, v := range vals {
		switch v {
		case "0", "none":
			return nil, nil
		case "", "1", "all":
			v = "all"
		default:
			if !debugCategories[v] {
				return nil, makeError(ErrInvalidValue, "Unsupported logging category -%s=%s.", opt, v)
			}
		}
		out = append(out, v)
	}
	return out, nil
}
