package node

import (
	"context"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// service is one part of the node started after the chain: a wallet manager,
// an RPC back-end. Services start in order, register their RPC methods on the
// server, and stop in reverse order after the RPC server and the mempool.
type service interface {
	name() string
	start(ctx context.Context) error
	register(srv *jsonrpc.Server) error
	stop() error
}

// buildServices returns the node's services in start order: the RPC
// back-ends of the chain, then the wallets (-disablewallet leaves them out).
func (n *Node) buildServices() []service {
	p2p := newP2PService(n)
	out := []service{&btcrpcService{n: n, net: p2pNet{p2p}}, &miningService{n: n}}
	if !n.cfg.DisableWallet {
		out = append(out, &walletService{n: n})
	}
	// The P2P network last: peers arrive once everything is ready, and
	// leave first.
	return append(out, p2p)
}
