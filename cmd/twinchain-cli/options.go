package main

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/twinchain/twinchain/internal/config"
)

// Defaults of bitcoin-cli.
const (
	defaultRPCConnect    = "127.0.0.1"
	defaultClientTimeout = 900 // seconds; 0 means none
	defaultNBlocks       = "1"
	defaultMaxTries      = 1000000
	clientVersion        = "v0.4.0" // twinchaind's node.Version; TestClientVersion keeps them in step
)

// optKind says what a command-line option carries.
type optKind uint8

const (
	optBool optKind = iota
	optValue
)

// cliOption describes one option of twinchain-cli. daemon options are
// handed to internal/config, which resolves them exactly as twinchaind does
// (network, data directory, configuration file, RPC port and credentials).
type cliOption struct {
	kind   optKind
	daemon bool
	arg    string
	help   string
}

var cliOptions = map[string]cliOption{
	"?":                     {optBool, false, "", "Print this help message and exit"},
	"h":                     {optBool, false, "", "Print this help message and exit"},
	"help":                  {optBool, false, "", "Print this help message and exit"},
	"version":               {optBool, false, "", "Print version and exit"},
	"conf":                  {optValue, true, "<file>", "Specify configuration file. Relative paths will be prefixed by datadir location. (default: " + config.DefaultConfFile + ")"},
	"datadir":               {optValue, true, "<dir>", "Specify data directory (default: " + "~/.twinchain" + ")"},
	"chain":                 {optValue, true, "<chain>", "Use the chain <chain> (default: regtest). Allowed values: main, test, testnet4, signet, regtest"},
	"regtest":               {optBool, true, "", "Use the regression test chain (the default)"},
	"testnet":               {optBool, true, "", "Use the testnet3 chain. Equivalent to -chain=test"},
	"testnet4":              {optBool, true, "", "Use the testnet4 chain. Equivalent to -chain=testnet4"},
	"signet":                {optBool, true, "", "Use the signet chain. Equivalent to -chain=signet"},
	"rpcport":               {optValue, true, "<port>", "Connect to JSON-RPC on <port> (default: 8332, testnet: 18332, testnet4: 48332, signet: 38332, regtest: 18443)"},
	"rpcuser":               {optValue, true, "<user>", "Username for JSON-RPC connections"},
	"rpcpassword":           {optValue, true, "<pw>", "Password for JSON-RPC connections"},
	"rpccookiefile":         {optValue, true, "<loc>", "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)"},
	"ethrpcport":            {optValue, true, "<port>", "Connect the eth subcommand (twinchain-cli eth <method> [params...]) to the account chain's JSON-RPC on <port> (default: 8545)"},
	"rpcconnect":            {optValue, false, "<ip>", "Send commands to node running on <ip> (default: " + defaultRPCConnect + ")"},
	"rpcwallet":             {optValue, false, "<walletname>", "Send RPC for non-default wallet on RPC server (needs to exactly match corresponding -wallet option passed to twinchaind). This changes the RPC endpoint used, e.g. http://127.0.0.1:18443/wallet/<walletname>"},
	"rpcclienttimeout":      {optValue, false, "<n>", "Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)"},
	"rpcwait":               {optBool, false, "", "Wait for RPC server to start"},
	"rpcwaittimeout":        {optValue, false, "<n>", "Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)"},
	"named":                 {optBool, false, "", "Pass named instead of positional arguments (default: false)"},
	"stdin":                 {optBool, false, "", "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive information such as passphrases). When combined with -stdinrpcpass, the first line from standard input is used for the RPC password."},
	"stdinrpcpass":          {optBool, false, "", "Read RPC password from standard input as a single line. When combined with -stdin, the first line from standard input is used for the RPC password. When combined with -stdinwalletpassphrase, -stdinrpcpass consumes the first line, and -stdinwalletpassphrase consumes the second."},
	"stdinwalletpassphrase": {optBool, false, "", "Read wallet passphrase from standard input as a single line. When combined with -stdin, the first line from standard input is used for the wallet passphrase."},
	"getinfo":               {optBool, false, "", "Get general information from the remote server. Note that unlike server-side RPC calls, the output of -getinfo is the result of multiple non-atomic requests. Some entries in the output may represent results from different states (e.g. wallet balance may be as of a different block from the chain state reported)"},
	"generate":              {optBool, false, "", "Generate blocks, equivalent to RPC getnewaddress followed by RPC generatetoaddress. Optional positional integer arguments are number of blocks to generate (default: 1) and maximum iterations to try (default: 1000000), equivalent to RPC generatetoaddress nblocks and maxtries arguments. Example: twinchain-cli -generate 4 1000"},
	"color":                 {optValue, false, "<when>", "Color setting for CLI output (default: auto). Valid values: always, auto (add color codes when standard output is connected to a terminal and OS is not WIN32), never."},
}

// options are the parsed command line of twinchain-cli.
type options struct {
	set        map[string]string // last value of every CLI option given
	negated    map[string]bool   // -noX given last
	daemonArgs []string          // handed to config.Load
	command    []string          // the method and its arguments
}

// isSet reports whether name was given (and not negated).
func (o *options) isSet(name string) bool {
	_, ok := o.set[name]
	return ok && !o.negated[name]
}

// boolean interprets name as Core's InterpretBool: present with an empty
// value is true, otherwise the leading integer is non-zero.
func (o *options) boolean(name string) bool {
	v, ok := o.set[name]
	if !ok || o.negated[name] {
		return false
	}
	return interpretBool(v)
}

func interpretBool(v string) bool {
	if v == "" {
		return true
	}
	return atoi(v) != 0
}

// atoi parses a leading optional sign and digits as C's atoi does; anything
// else yields 0.
func atoi(s string) int64 {
	s = strings.TrimLeft(s, " \t\n\r\f\v")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n > (1<<62)/10 {
			break
		}
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

// parseOptions splits args into options and the command, as Core's
// ParseParameters does: options start with '-' (or "--") and end at the
// first argument that does not.
func parseOptions(args []string) (*options, error) {
	o := &options{set: map[string]string{}, negated: map[string]bool{}}
	for i, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" {
			o.command = args[i:]
			break
		}
		key := strings.TrimPrefix(a[1:], "-")
		name, value, hasValue := strings.Cut(key, "=")
		opt, ok := cliOptions[name]
		negated := false
		if !ok {
			if base, isNeg := strings.CutPrefix(name, "no"); isNeg {
				if bo, known := cliOptions[base]; known {
					name, opt, ok, negated = base, bo, true, interpretBool(value)
				}
			}
		}
		if !ok {
			return nil, argError("Invalid parameter -" + key)
		}
		if opt.daemon {
			o.daemonArgs = append(o.daemonArgs, "-"+key)
		}
		if negated {
			o.negated[name] = true
			o.set[name] = ""
			continue
		}
		delete(o.negated, name)
		if !hasValue {
			value = ""
		}
		o.set[name] = value
	}
	return o, nil
}

// settings are the resolved connection settings.
type settings struct {
	cfg           *config.Config
	host          string
	port          int
	user          string
	password      string
	wallet        string
	walletSet     bool
	clientTimeout time.Duration // 0: none
	wait          bool
	waitTimeout   time.Duration // 0: none
	confEntries   []config.Entry
}

// confValue returns the first value of name in the configuration file for
// the selected network: its section first, then the top of the file.
func (s *settings) confValue(name string) (string, bool) {
	for _, section := range []string{s.cfg.Chain, ""} {
		for _, e := range s.confEntries {
			if e.Section == section && e.Name == name {
				return e.Value, true
			}
		}
	}
	return "", false
}

// cliValue returns a CLI option from the command line or, failing that,
// from the configuration file.
func (s *settings) cliValue(o *options, name string) (string, bool) {
	if v, ok := o.set[name]; ok {
		return v, !o.negated[name]
	}
	return s.confValue(name)
}

// configError formats a config.Load failure as bitcoin-cli does.
func configError(err error) string {
	var ce *config.Error
	if errors.As(err, &ce) {
		switch {
		case errors.Is(err, config.ErrDataDir):
			return "Error: " + ce.Description
		case errors.Is(err, config.ErrConfRead), errors.Is(err, config.ErrConfSyntax):
			if strings.HasPrefix(ce.Description, "Error reading configuration file") {
				return ce.Description
			}
			return "Error reading configuration file: " + ce.Description
		}
		return "Error: " + ce.Description
	}
	return "Error: " + err.Error()
}

// resolveSettings loads the configuration the way twinchaind does and
// derives where and how to connect.
func resolveSettings(o *options) (*settings, error) {
	cfg, err := config.Load(o.daemonArgs, config.LoadOptions{})
	if err != nil {
		return nil, errors.New(configError(err))
	}
	s := &settings{cfg: cfg}
	if cfg.ConfFile != "" {
		if data, err := os.ReadFile(cfg.ConfFile); err == nil {
			s.confEntries, _ = config.ParseConfFile(data, cfg.ConfFile)
		}
	}

	// Port preference as Core: -rpcport, then a port in -rpcconnect, then
	// the network's default.
	connect := defaultRPCConnect
	if v, ok := s.cliValue(o, "rpcconnect"); ok && v != "" {
		connect = v
	}
	host, port, hasPort := splitHostPort(connect)
	s.host = host
	s.port = cfg.RPCPort
	if hasPort && !s.rpcPortExplicit(o) {
		s.port = port
	}

	s.user, s.password = cfg.RPCUser, cfg.RPCPassword
	if v, ok := o.set["rpcuser"]; ok {
		s.user = v
	}
	if v, ok := o.set["rpcpassword"]; ok {
		s.password = v
	} else if s.password == "" {
		if v, ok := s.confValue("rpcpassword"); ok {
			s.password = v
			if u, ok := s.confValue("rpcuser"); ok {
				s.user = u
			}
		}
	}

	if v, ok := s.cliValue(o, "rpcwallet"); ok {
		s.wallet, s.walletSet = v, true
	}
	timeout := int64(defaultClientTimeout)
	if v, ok := s.cliValue(o, "rpcclienttimeout"); ok {
		timeout = atoi(v)
	}
	if timeout > 0 {
		s.clientTimeout = time.Duration(timeout) * time.Second
	}
	if v, ok := s.cliValue(o, "rpcwait"); ok {
		s.wait = interpretBool(v)
	}
	if v, ok := s.cliValue(o, "rpcwaittimeout"); ok {
		if n := atoi(v); n < 0 {
			return nil, argError("Error: Invalid value for -rpcwaittimeout: " + v)
		} else if n > 0 {
			s.waitTimeout = time.Duration(n) * time.Second
		}
	}
	return s, nil
}

// rpcPortExplicit reports whether -rpcport was given on the command line or
// for the selected network in the configuration file.
func (s *settings) rpcPortExplicit(o *options) bool {
	if _, ok := o.set["rpcport"]; ok {
		return true
	}
	for _, e := range s.confEntries {
		if e.Name == "rpcport" && (e.Section == s.cfg.Chain || (e.Section == "" && s.cfg.Chain == config.ChainMain)) {
			return true
		}
	}
	return false
}

// splitHostPort splits "host", "host:port", "[v6]:port" or a bare IPv6
// address as Core's SplitHostPort does.
func splitHostPort(in string) (host string, port int, ok bool) {
	if h, p, err := net.SplitHostPort(in); err == nil {
		n, err := strconv.Atoi(p)
		if err == nil && n > 0 && n <= 65535 {
			return h, n, true
		}
		return h, 0, false
	}
	return strings.TrimSuffix(strings.TrimPrefix(in, "["), "]"), 0, false
}
