package node

import (
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TxSink receives the transactions added to the mempool by RPC or by a
// wallet (Core's TransactionAddedToMempool); the wallet manager is one.
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
func (n *Node) txAccepted(tx *primitives.Tx) {
	n.mu.Lock()
	sinks := n.txSinks
	n.mu.Unlock()
	for _, s := range sinks {
		s.TxAccepted(tx)
	}
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
