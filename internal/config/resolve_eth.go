package config

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// DefaultETHRPCPort is the account chain's JSON-RPC port (geth's 8545).
const DefaultETHRPCPort = 8545

// resolveETH fills the account chain's options.
func (s *sources) resolveETH(c *Config) error {
	var err error
	if c.ETHRPCPort, err = s.port("ethrpcport", DefaultETHRPCPort); err != nil {
		return err
	}
	c.ETHRPCBind = s.str("ethrpcbind", "127.0.0.1")
	if c.ETHRPCBind == "" || net.ParseIP(c.ETHRPCBind) == nil && c.ETHRPCBind != "localhost" {
		return makeError(ErrInvalidValue, "Invalid -ethrpcbind address: '%s'", c.ETHRPCBind)
	}
	if err := s.resolveETHBrowser(c); err != nil {
		return err
	}
	secs, err := s.integer("ethblocktime", 0)
	if err != nil {
		return err
	}
	if secs < 0 || secs > 1<<20 {
		return makeError(ErrInvalidValue, "Invalid value for -ethblocktime=%d: out of range", secs)
	}
	c.ETHBlockTime = time.Duration(secs) * time.Second
	if g := s.str("ethgenesis", ""); g != "" {
		c.ETHGenesis = absUnder(c.DataDir, g)
	}
	if c.ETHPort, err = s.port("ethport", DefaultETHPort); err != nil {
		return err
	}
	c.ETHBind = s.str("ethbind", "127.0.0.1")
	if net.ParseIP(c.ETHBind) == nil && c.ETHBind != "localhost" {
		return makeError(ErrInvalidValue, "Invalid -ethbind address: '%s'", c.ETHBind)
	}
	c.ETHConnect = s.list("ethconnect")
	c.ETHAddNode = s.list("ethaddnode")
	c.ETHListen = s.boolean("ethlisten", len(c.ETHConnect) == 0)
	n, err := s.integer("ethmaxpeers", DefaultETHMaxPeers)
	if err != nil {
		return err
	}
	if n < 0 || n > 10_000 {
		return makeError(ErrInvalidValue, "Invalid value for -ethmaxpeers=%d: out of range", n)
	}
	c.ETHMaxPeers = int(n)
	c.ETHMine = s.boolean("ethmine", false)
	c.Etherbase = s.str("etherbase", "")
	if c.Etherbase != "" && !isHexAddress(c.Etherbase) {
		return makeError(ErrInvalidValue, "Invalid -etherbase address: '%s'", c.Etherbase)
	}
	return nil
}

// resolveETHBrowser fills the account chain's RPC browser options:
// -ethrpccorsdomain, -ethrpcvhosts and -ethrpcwsorigins.
func (s *sources) resolveETHBrowser(c *Config) error {
	c.ETHRPCCORSDomain = splitComma(s.str("ethrpccorsdomain", "*"))
	for _, o := range c.ETHRPCCORSDomain {
		if o != "*" && !strings.Contains(o, "://") {
			return makeError(ErrInvalidValue, "Invalid -ethrpccorsdomain origin: '%s' (expected scheme://host[:port] or *)", o)
		}
	}
	c.ETHRPCVHosts = splitComma(s.str("ethrpcvhosts", "localhost"))
	if c.ETHRPCVHosts == nil {
		c.ETHRPCVHosts = []string{} // IP addresses only
	}
	for _, h := range c.ETHRPCVHosts {
		if strings.ContainsAny(h, "/:") {
			return makeError(ErrInvalidValue, "Invalid -ethrpcvhosts name: '%s' (expected a host name without scheme or port)", h)
		}
	}
	if _, ok := s.single("ethrpcwsorigins"); ok {
		c.ETHRPCWSOrigins = splitComma(s.str("ethrpcwsorigins", ""))
	} else {
		c.ETHRPCWSOrigins = c.ETHRPCCORSDomain
	}
	return nil
}

// splitComma splits a comma-separated list, trimming spaces and dropping
// empty items; nil when nothing is left.
func splitComma(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// DefaultETHPort is the account chain's P2P port (geth's 30303) and
// DefaultETHMaxPeers its peer limit (geth's 50).
const (
	DefaultETHPort     = 30303
	DefaultETHMaxPeers = 50
)

// DefaultExplorer and DefaultMetrics are the explorer's and the metrics'
// addresses on regtest.
const (
	DefaultExplorer = "127.0.0.1:8080"
	DefaultMetrics  = "127.0.0.1:9332"
)

// isHexAddress reports whether s is a 0x-prefixed 20-byte hex address.
func isHexAddress(s string) bool {
	if len(s) != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return false
	}
	for _, r := range s[2:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}

// resolveOperator fills the explorer, index, metrics and log options.
func (s *sources) resolveOperator(c *Config) error {
	dev := c.Chain == ChainRegTest
	var err error
	if c.Explorer, c.ExplorerDefault, err = s.listenAddr("explorer", dev, DefaultExplorer); err != nil {
		return err
	}
	if c.Metrics, c.MetricsDefault, err = s.listenAddr("metrics", dev, DefaultMetrics); err != nil {
		return err
	}
	c.AddressIndex = s.boolean("addressindex", dev)
	c.LogFormat = s.str("logformat", "text")
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return makeError(ErrInvalidValue, "Invalid -logformat '%s': use text or json", c.LogFormat)
	}
	return nil
}

// listenAddr resolves an optional host:port listener option that is on by
// default when on is true: the address, whether it is the default, and an
// error for a value that is not host:port. "-name=1" means the
// default address, "-noname" or "-name=0" off.
func (s *sources) listenAddr(name string, on bool, def string) (string, bool, error) {
	v, ok := s.single(name)
	if !ok {
		if on {
			return def, true, nil
		}
		return "", false, nil
	}
	if v.negated || v.value == "0" {
		return "", false, nil
	}
	if v.value == "" || v.value == "1" {
		return def, false, nil
	}
	host, port, err := net.SplitHostPort(v.value)
	if err != nil || host == "" || port == "" {
		return "", false, makeError(ErrInvalidValue, "Invalid -%s address: '%s' (expected host:port)", name, v.value)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return "", false, makeError(ErrInvalidValue, "Invalid port specified in -%s: '%s'", name, v.value)
	}
	return v.value, false, nil
}
