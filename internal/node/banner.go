package node

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/config"
)

// Banner returns the text twinchaind prints once the node is up: network,
// data directory, RPC and P2P addresses and credentials, the explorer and
// metrics URLs when they run, wallets, how to talk to the node with
// twinchain-cli and how to stop it, then the account chain's lines.
//
// This function is safe for concurrent access.
func (n *Node) Banner() string {
	cfg := n.cfg
	var b strings.Builder
	fmt.Fprintf(&b, "twinchaind %s is running\n", Version)
	if !cfg.BTC {
		b.WriteString("  UTXO chain:     off (-btc=0)\n")
		if a := n.ExplorerAddr(); a != nil {
			fmt.Fprintf(&b, "  explorer:       http://%s\n", a)
		}
		if a := n.MetricsAddr(); a != nil {
			fmt.Fprintf(&b, "  metrics:        http://%s/metrics\n", a)
		}
		b.WriteString("  stop:           Ctrl-C (SIGINT) or SIGTERM\n")
		n.ethBanner(&b)
		return b.String()
	}
	fmt.Fprintf(&b, "  network:        %s\n", networkLabel(cfg.Chain))
	fmt.Fprintf(&b, "  data directory: %s\n", cfg.BTCDataDir)
	if cfg.DebugLogFile != "" {
		fmt.Fprintf(&b, "  debug log:      %s\n", cfg.DebugLogFile)
	}
	if c := n.Chain(); c != nil {
		best := c.BestState()
		fmt.Fprintf(&b, "  chain tip:      height %d, %s\n", best.Height, best.Hash)
	}
	addrs := n.RPCAddrs()
	if len(addrs) == 0 {
		b.WriteString("  RPC:            off (-server=0)\n")
	} else {
		s := make([]string, len(addrs))
		for i, a := range addrs {
			s[i] = a.String()
		}
		reach := "loopback only"
		if !allLoopback(addrs) {
			reach = "open to the -rpcallowip networks"
		}
		fmt.Fprintf(&b, "  RPC:            http://%s (%s)\n", strings.Join(s, ", http://"), reach)
		switch {
		case n.CookieFile() != "":
			fmt.Fprintf(&b, "  RPC auth:       cookie file %s\n", n.CookieFile())
		default:
			b.WriteString("  RPC auth:       -rpcuser/-rpcpassword\n")
		}
	}
	if p2p := n.P2PAddrs(); len(p2p) > 0 {
		s := make([]string, len(p2p))
		for i, a := range p2p {
			s[i] = a.String()
		}
		fmt.Fprintf(&b, "  P2P:            %s\n", strings.Join(s, ", "))
	} else {
		b.WriteString("  P2P:            not listening\n")
	}
	if a := n.ExplorerAddr(); a != nil {
		fmt.Fprintf(&b, "  explorer:       http://%s\n", a)
	}
	if a := n.MetricsAddr(); a != nil {
		fmt.Fprintf(&b, "  metrics:        http://%s/metrics\n", a)
	}
	if w := n.WalletNames(); len(w) > 0 {
		fmt.Fprintf(&b, "  wallets:        %s (in %s)\n", strings.Join(w, ", "), filepath.Join(cfg.BTCDataDir, "wallets"))
	} else {
		b.WriteString("  wallets:        none loaded\n")
	}
	if len(addrs) > 0 {
		cli := "twinchain-cli" + n.cliArgs(addrs)
		fmt.Fprintf(&b, "  try:            %s getblockchaininfo\n", cli)
		fmt.Fprintf(&b, "  stop:           Ctrl-C, or %s stop\n", cli)
	} else {
		b.WriteString("  stop:           Ctrl-C (SIGINT) or SIGTERM\n")
	}
	n.ethBanner(&b)
	return b.String()
}

// cliArgs are the twinchain-cli options that reach this node.
func (n *Node) cliArgs(addrs []net.Addr) string {
	cfg := n.cfg
	var s strings.Builder
	if cfg.Chain != config.ChainMain {
		s.WriteString(" -" + map[string]string{
			config.ChainTestNet3: "testnet", config.ChainTestNet4: "testnet4",
			config.ChainSigNet: "signet", config.ChainRegTest: "regtest",
		}[cfg.Chain])
	}
	if cfg.DataDir != config.DefaultDataDir() {
		s.WriteString(" -datadir=" + cfg.DataDir)
	}
	if len(addrs) > 0 {
		if ta, ok := addrs[0].(*net.TCPAddr); ok && ta.Port != int(n.params.DefaultRPCPort) {
			s.WriteString(" -rpcport=" + strconv.Itoa(ta.Port))
		}
	}
	if n.CookieFile() == "" {
		s.WriteString(" -rpcuser=... -rpcpassword=...")
	}
	return s.String()
}

func networkLabel(chain string) string {
	switch chain {
	case config.ChainRegTest:
		return "regtest (the Bitcoin regression test network: local, blocks on demand)"
	case config.ChainTestNet3:
		return "testnet3"
	default:
		return chain
	}
}

func allLoopback(addrs []net.Addr) bool {
	for _, a := range addrs {
		ta, ok := a.(*net.TCPAddr)
		if !ok || !ta.IP.IsLoopback() {
			return false
		}
	}
	return true
}

// WalletNames returns the loaded wallets' names (none until the wallet is
// wired).
//
// This function is safe for concurrent access.
func (n *Node) WalletNames() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.services {
		if w, ok := s.(interface{ walletNames() []string }); ok {
			return w.walletNames()
		}
	}
	return nil
}

// P2PAddrs returns the addresses the Bitcoin P2P network listens on (none
// with -listen=0 or before Start).
//
// This function is safe for concurrent access.
func (n *Node) P2PAddrs() []net.Addr {
	n.mu.Lock()
	services := n.services
	n.mu.Unlock()
	for _, s := range services {
		if p, ok := s.(*p2pService); ok && p.cm != nil {
			return p.cm.ListenAddrs()
		}
	}
	return nil
}
