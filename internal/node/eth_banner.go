package node

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ethBanner appends the account chain's lines to the banner: its JSON-RPC
// URL (unauthenticated, unlike the UTXO side's cookie), P2P address, chain
// id and head, the first dev account and how to point Hardhat or ethers at
// it.
func (n *Node) ethBanner(b *strings.Builder) {
	if !n.cfg.ETH {
		b.WriteString("  account chain:  off (-eth=0)\n")
		return
	}
	n.mu.Lock()
	e := n.eth
	n.mu.Unlock()
	if e == nil || e.chain == nil {
		return
	}
	head := e.chain.CurrentHeader()
	fmt.Fprintf(b, "account chain (Ethereum JSON-RPC)\n")
	fmt.Fprintf(b, "  chain id:       %d, head %d, %s\n", e.chain.Config().ChainID, head.Number, head.Hash())
	fmt.Fprintf(b, "  data directory: %s\n", n.cfg.ETHDataDir)
	url := ""
	if addrs := e.rpcAddrs(); len(addrs) > 0 {
		url = "http://" + addrs[0].String()
		reach := "loopback only"
		if !allLoopback(addrs) {
			reach = "open to every client"
		}
		fmt.Fprintf(b, "  RPC:            %s and ws://%s (%s, no authentication, as geth --dev/anvil/Hardhat)\n",
			url, addrs[0].String(), reach)
	}
	if p2p := n.ETHP2PAddrs(); len(p2p) > 0 {
		s := make([]string, len(p2p))
		for i, a := range p2p {
			s[i] = a.String()
		}
		fmt.Fprintf(b, "  P2P:            %s\n", strings.Join(s, ", "))
	} else {
		b.WriteString("  P2P:            not listening\n")
	}
	if n.cfg.ETHBlockTime > 0 {
		fmt.Fprintf(b, "  mining:         a block every %s\n", n.cfg.ETHBlockTime)
	} else {
		b.WriteString("  mining:         automine (each transaction mined at once)\n")
	}
	if n.cfg.ETHGenesis == "" && len(e.accounts) > 0 {
		fmt.Fprintf(b, "  dev accounts:   %d funded with 10,000 ETH each (mnemonic \"test test ... junk\"), unlocked for eth_sendTransaction\n", len(e.accounts))
		fmt.Fprintf(b, "  account #0:     %s\n", e.accounts[0].Address)
		fmt.Fprintf(b, "  private key #0: 0x%x\n", e.accounts[0].PrivateKey)
	}
	if url != "" {
		fmt.Fprintf(b, "  Hardhat/ethers: %s\n", url)
		cli := "twinchain-cli"
		if ta, ok := e.rpcAddrs()[0].(*net.TCPAddr); ok && ta.Port != 8545 {
			cli += " -ethrpcport=" + strconv.Itoa(ta.Port)
		}
		fmt.Fprintf(b, "  try:            %s eth eth_blockNumber\n", cli)
	}
}
