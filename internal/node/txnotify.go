package node

import (
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TxSink receives the transactions added to the mempool, from RPC, a wallet
// or a peer (Core's TransactionAddedToMempool); the wallet manager, the fee
// estimator and the explorer are ones.
type TxSink interface {
	TxAccepted(tx *primitives.Tx)
}

// addTxSink registers s for mempool additions from now on.
func (n *Node) addTxSink(s TxSink) {
	n.mu.Lock()
	n.txSinks = append(n.txSinks, s)
	n.mu.Unlock()
}

// txAccepted tells every TxSink about a transaction the mempool accepted.
func (n *Node) txAccepted(tx *primitives.Tx) { n.txAcceptedExcept(tx, nil) }

// txAcceptedExcept tells every TxSink but skip about a transaction.
func (n *Node) txAcceptedExcept(tx *primitives.Tx, skip TxSink) {
	n.mu.Lock()
	sinks := n.txSinks
	n.mu.Unlock()
	for _, s := range sinks {
		if s != skip {
			s.TxAccepted(tx)
		}
	}
}

// peerPool is the mempool as the P2P sync manager sees it: transactions
// accepted from peers (and orphans they release) also reach the node's
// TxSinks — wallets, the fee estimator, the explorer — as Core's
// TransactionAddedToMempool does for every source. The P2P service itself is
// skipped: the sync manager relays what it accepted.
type peerPool struct {
	*mempool.Pool
	n     *Node
	relay TxSink
}

// ProcessTransaction implements netsync.Mempool.
func (p peerPool) ProcessTransaction(tx *primitives.Tx) ([]mempool.TxDesc, bool, error) {
	accepted, orphaned, err := p.Pool.ProcessTransaction(tx)
	for _, d := range accepted {
		p.n.txAcceptedExcept(d.Tx, p.relay)
	}
	return accepted, orphaned, err
}

// clientVersion turns "major.minor.patch" into Core's CLIENT_VERSION number
// (10000*major + 100*minor + patch), as getnetworkinfo's version.
func clientVersion(v string) int {
	out := 0
	parts := strings.SplitN(v, ".", 3)
	for i, mul := range []int{10000, 100, 1} {
		if i < len(parts) {
			x, _ := strconv.Atoi(parts[i])
			out += x * mul
		}
	}
	return out
}
