package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Chain names accepted by -chain (Core's ChainTypeToString).
const (
	ChainMain     = "main"
	ChainTestNet3 = "test"
	ChainTestNet4 = "testnet4"
	ChainSigNet   = "signet"
	ChainRegTest  = "regtest"
)

// DefaultChain is the network twinchaind runs without -chain: the dev setup.
const DefaultChain = ChainRegTest

// DefaultConfFile is the configuration file name inside the data directory.
const DefaultConfFile = "twinchain.conf"

// Defaults of Core (init.cpp, httpserver.cpp, txdb.h, policy).
const (
	DefaultDBCache          = 450 // MiB
	MinDBCache              = 4   // MiB
	DefaultMaxMempool       = 300 // MB
	MinMaxMempool           = 5   // MB: room for one descendant package
	DefaultMempoolExpiry    = 336 // hours
	MinPruneTarget          = 550 // MiB
	DefaultMaxConnections   = 125
	DefaultRPCThreads       = 16
	DefaultRPCWorkQueue     = 64
	DefaultRPCServerTimeout = 30 * time.Second
)

// netDefaults are the per-network defaults.
type netDefaults struct {
	rpcPort, port int
	dir           string // sub-directory under <datadir>/btc/
}

var networkDefaults = map[string]netDefaults{
	ChainMain:     {8332, 8333, "main"},
	ChainTestNet3: {18332, 18333, "testnet3"},
	ChainTestNet4: {48332, 48333, "testnet4"},
	ChainSigNet:   {38332, 38333, "signet"},
	ChainRegTest:  {18443, 18444, "regtest"},
}

// Config is the resolved configuration of twinchaind.
type Config struct {
	// Chain is the selected network: main, test, testnet4, signet, regtest.
	Chain string
	// DataDir is the data directory root; BTCDataDir (<datadir>/btc/<net>)
	// and ETHDataDir (<datadir>/eth/<net>) are the per-chain directories.
	DataDir, BTCDataDir, ETHDataDir string
	// ConfFile is the configuration file that was read ("" if none).
	ConfFile string

	Help, Version bool

	Daemon, DaemonWait bool
	PrintToConsole     bool     // default: !Daemon
	Debug              []string // categories; ["all"] for -debug or -debug=1; nil when off
	DebugExclude       []string
	DebugLogFile       string // absolute; default <BTCDataDir>/debug.log
	PIDFile            string // absolute; default <DataDir>/twinchaind.pid

	BTC, ETH bool // which ledgers run (default both)

	// ETHRPCBind and ETHRPCPort are where the account chain's JSON-RPC
	// listens (default 127.0.0.1:8545); ETHBlockTime is the interval of
	// interval mining (0: automine); ETHGenesis is a genesis JSON file
	// (absolute; "" for the built-in dev network).
	ETHRPCBind   string
	ETHRPCPort   int
	ETHBlockTime time.Duration
	ETHGenesis   string

	// ETHRPCCORSDomain are the browser origins allowed by CORS (default
	// "*"; nil: no CORS), ETHRPCVHosts the accepted Host names (default
	// "localhost"; "*" allows all; empty: IP addresses only) and
	// ETHRPCWSOrigins the WebSocket origins (default: ETHRPCCORSDomain;
	// nil: same-origin only).
	ETHRPCCORSDomain []string
	ETHRPCVHosts     []string
	ETHRPCWSOrigins  []string

	// The account chain's P2P network: listener (ETHListen on
	// ETHBind:ETHPort, default 127.0.0.1:30303), ETHConnect (only these
	// peers) and ETHAddNode (kept connected), at most ETHMaxPeers peers.
	// ETHMine mines continuously with the chain's proof-of-work engine
	// (Ethash) instead of automining; Etherbase receives the rewards
	// ("" for the dev coinbase 0xc014ba5e...).
	ETHPort     int
	ETHBind     string
	ETHListen   bool
	ETHConnect  []string
	ETHAddNode  []string
	ETHMaxPeers int
	ETHMine     bool
	Etherbase   string

	// Explorer is the web explorer's listen address ("" when off; default
	// 127.0.0.1:8080 on regtest) and ExplorerDefault says it was not given
	// (a busy default port is a warning, a busy explicit one an error).
	// Metrics is the same for Prometheus's /metrics (127.0.0.1:9332).
	// AddressIndex keeps both chains' address indexes (default on regtest).
	// LogFormat is "text" or "json".
	Explorer        string
	ExplorerDefault bool
	Metrics         string
	MetricsDefault  bool
	AddressIndex    bool
	LogFormat       string

	SignetChallenge       []string
	TestActivationHeights []string // name@height, regtest only (chaincfg applies them)

	TxIndex                    bool
	BlockFilterIndex           bool  // -blockfilterindex (basic filters)
	PeerBlockFilters           bool  // -peerblockfilters: serve BIP157 filters to peers
	Prune                      int64 // MiB; 0 off, 1 manual, >= 550 automatic
	DBCache                    int64 // MiB
	MaxMempool                 int64 // MB
	MempoolExpiry              time.Duration
	PersistMempool             bool
	Reindex, ReindexChainstate bool
	AssumeValid                string
	MinRelayTxFee, FallbackFee string // BTC/kvB as written; "" for the default

	Listen         bool
	Port           int
	Bind           []string
	AddNode        []string
	Connect        []string
	SeedNode       []string
	MaxConnections int
	DNSSeed        bool
	BlocksOnly     bool // -blocksonly: no transaction relay

	Wallets       []string
	DisableWallet bool

	Server     bool
	REST       bool
	RPCPort    int
	RPCBind    []string // as given
	RPCAllowIP []string // as given; jsonrpc.ParseAllowIP validates them
	// RPCListen are the host:port addresses to bind, after Core's rules:
	// 127.0.0.1 and ::1 unless -rpcallowip is given; with -rpcallowip,
	// the -rpcbind addresses or all interfaces.
	RPCListen        []string
	RPCUser          string
	RPCPassword      string
	RPCAuth          []string
	RPCCookieFile    string // absolute; default <BTCDataDir>/.cookie
	RPCThreads       int
	RPCWorkQueue     int
	RPCServerTimeout time.Duration

	// Warnings are Core's non-fatal messages (ignored options, unknown
	// file entries) for the daemon to log.
	Warnings []string
}

// LoadOptions tunes Load for tests and embedding.
type LoadOptions struct {
	// DefaultDataDir is used without -datadir; empty means DefaultDataDir().
	DefaultDataDir string
}

// DefaultDataDir returns ~/.twinchain (or ".twinchain" without a home).
//
// This function is safe for concurrent access.
func DefaultDataDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ".twinchain"
	}
	return filepath.Join(home, ".twinchain")
}

// sources holds all assignments and answers Core's precedence queries.
type sources struct {
	cmd      settings
	file     map[string]settings // by section, "" = top
	chain    string
	warnings []string
	warned   map[string]bool
}

func (s *sources) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !s.warned[msg] {
		s.warned[msg] = true
		s.warnings = append(s.warnings, msg)
	}
}

// topApplies reports whether the top section applies to name, warning as
// Core does when a network-only option is ignored there.
func (s *sources) topApplies(name string) bool {
	if s.chain == ChainMain || !options[name].networkOnly {
		return true
	}
	if len(s.file[""][name]) > 0 {
		s.warn("Config setting for -%s only applied on %s network when in [%s] section.", name, s.chain, s.chain)
	}
	return false
}

// single returns the effective value of a single-valued option.
func (s *sources) single(name string) (setting, bool) {
	if v := s.cmd[name]; len(v) > 0 {
		return v[len(v)-1], true
	}
	if v := s.file[s.chain][name]; len(v) > 0 {
		return v[0], true
	}
	if v := s.file[""][name]; len(v) > 0 && s.topApplies(name) {
		return v[0], true
	}
	return setting{}, false
}

// list returns the effective values of a list option: all sources in
// precedence order, a negation clearing what follows it in lower sources.
func (s *sources) list(name string) []string {
	var out []string
	srcs := [][]setting{s.cmd[name], s.file[s.chain][name]}
	if len(srcs[0]) == 0 && len(srcs[1]) == 0 {
		if s.topApplies(name) {
			srcs = append(srcs, s.file[""][name])
		}
	} else if s.chain == ChainMain || !options[name].networkOnly {
		srcs = append(srcs, s.file[""][name])
	}
	for _, src := range srcs {
		start, negated := 0, false
		for i, v := range src {
			if v.negated {
				start, negated = i+1, true
			}
		}
		for _, v := range src[start:] {
			out = append(out, v.value)
		}
		if negated {
			break
		}
	}
	return out
}

func (s *sources) str(name, def string) string {
	v, ok := s.single(name)
	if !ok {
		return def
	}
	if v.negated {
		return ""
	}
	return v.value
}

func (s *sources) boolean(name string, def bool) bool {
	v, ok := s.single(name)
	if !ok {
		return def
	}
	if v.negated {
		return false
	}
	b, _ := interpretBool(v.value) // validated when parsed
	return b
}

func (s *sources) integer(name string, def int64) (int64, error) {
	v, ok := s.single(name)
	if !ok {
		return def, nil
	}
	if v.negated {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.value), 10, 64)
	if err != nil {
		return 0, makeError(ErrInvalidValue, "Invalid value for -%s=%s: not an integer", name, v.value)
	}
	return n, nil
}

// chainLast returns the last chain-type assignment of name on the command
// line, else the last in the top section of the file (Core does not apply
// its first-wins file rule to chain settings).
func (s *sources) chainLast(name string) (setting, bool) {
	if v := s.cmd[name]; len(v) > 0 {
		return v[len(v)-1], true
	}
	if v := s.file[""][name]; len(v) > 0 {
		return v[len(v)-1], true
	}
	return setting{}, false
}

// selectChain applies Core's GetChainTypeString.
func (s *sources) selectChain() (string, error) {
	selected := ""
	n := 0
	if v, ok := s.chainLast("chain"); ok && !v.negated {
		selected = v.value
		n++
	}
	for _, sh := range []struct{ opt, chain string }{
		{"regtest", ChainRegTest}, {"signet", ChainSigNet}, {"testnet", ChainTestNet3}, {"testnet4", ChainTestNet4},
	} {
		if v, ok := s.chainLast(sh.opt); ok && !v.negated {
			if b, _ := interpretBool(v.value); b {
				selected = sh.chain
				n++
			}
		}
	}
	if n > 1 {
		return "", makeError(ErrChainConflict, "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.")
	}
	if n == 0 {
		return DefaultChain, nil
	}
	if _, ok := networkDefaults[selected]; !ok {
		return "", makeError(ErrUnknownChain, "Unknown chain %s. Valid values are main, test, testnet4, signet, regtest.", selected)
	}
	return selected, nil
}

// Load parses args (without the program name), reads the configuration file
// and its includes, and resolves a Config. Errors are *Error values.
//
// This function is safe for concurrent access.
func Load(args []string, opts LoadOptions) (*Config, error) {
	cmd, err := parseCommandLine(args)
	if err != nil {
		return nil, err
	}
	s := &sources{cmd: cmd, file: map[string]settings{}, warned: map[string]bool{}}

	dataDir := opts.DefaultDataDir
	if dataDir == "" {
		dataDir = DefaultDataDir()
	}
	explicitDataDir := false
	if v, ok := s.single("datadir"); ok && !v.negated && v.value != "" {
		dataDir, explicitDataDir = v.value, true
	}

	confPath, explicitConf := DefaultConfFile, false
	if v, ok := s.single("conf"); ok {
		if v.negated {
			confPath = ""
		} else {
			confPath, explicitConf = v.value, true
		}
	}
	c := &Config{}
	if confPath != "" {
		confPath = absUnder(dataDir, confPath)
		data, err := os.ReadFile(confPath)
		switch {
		case err == nil:
			if err := s.readConf(data, confPath, false); err != nil {
				return nil, err
			}
			c.ConfFile = confPath
		case explicitConf || !errors.Is(err, os.ErrNotExist):
			return nil, makeError(ErrConfRead, "Error reading configuration file: specified config file \"%s\" could not be opened.", confPath)
		}
	}
	// The file may set the data directory (Core honours it).
	if !explicitDataDir {
		if v, ok := s.single("datadir"); ok && !v.negated && v.value != "" {
			dataDir, explicitDataDir = v.value, true
		}
	}

	if s.chain, err = s.selectChain(); err != nil {
		return nil, err
	}
	// includeconf from the top and the selected network's section.
	if c.ConfFile != "" {
		for _, inc := range s.list("includeconf") {
			p := absUnder(dataDir, inc)
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, makeError(ErrConfRead, "Failed to include configuration file %s", inc)
			}
			if err := s.readConf(data, p, true); err != nil {
				return nil, err
			}
		}
		chain, err := s.selectChain()
		if err != nil {
			return nil, err
		}
		if chain != s.chain {
			return nil, makeError(ErrChainConflict, "Chain selected in an included file (%s) differs from the one selected before (%s).", chain, s.chain)
		}
	}

	if explicitDataDir {
		if st, err := os.Stat(dataDir); err != nil || !st.IsDir() {
			return nil, makeError(ErrDataDir, "Specified data directory \"%s\" does not exist.", dataDir)
		}
	}
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	c.Chain = s.chain
	c.DataDir = dataDir
	nd := networkDefaults[c.Chain]
	c.BTCDataDir = filepath.Join(dataDir, "btc", nd.dir)
	c.ETHDataDir = filepath.Join(dataDir, "eth", nd.dir)
	if err := s.resolve(c, nd); err != nil {
		return nil, err
	}
	c.Warnings = s.warnings
	return c, nil
}

// absUnder makes p absolute relative to dir.
func absUnder(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// readConf parses one file into s.file. Unknown options and sections are
// warnings; nested includeconf is ignored with a warning.
func (s *sources) readConf(data []byte, path string, included bool) error {
	entries, err := ParseConfFile(data, path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Section != "" && !slices.Contains(networkSections, e.Section) {
			s.warn("Section [%s] is not recognized.", e.Section)
			continue
		}
		name, st, known, err := interpretName(e.Name, e.Value, true)
		if err != nil {
			var ce *Error
			errors.As(err, &ce)
			return &Error{Err: ce.Err, Description: fmt.Sprintf("%s (%s line %d)", ce.Description, path, e.Line)}
		}
		if !known {
			full := e.Name
			if e.Section != "" {
				full = e.Section + "." + e.Name
			}
			s.warn("Ignoring unknown configuration value %s", full)
			continue
		}
		switch {
		case name == "conf":
			return makeError(ErrIncompatible, "conf cannot be set in the configuration file; use includeconf= if you want to include additional config files (%s line %d)", path, e.Line)
		case name == "includeconf" && included:
			s.warn("-includeconf cannot be used from included files; ignoring -includeconf=%s", e.Value)
			continue
		}
		if s.file[e.Section] == nil {
			s.file[e.Section] = settings{}
		}
		s.file[e.Section][name] = append(s.file[e.Section][name], st)
	}
	return nil
}
