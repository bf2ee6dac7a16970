package config

import (
	"net"
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
	return nil
}
