package node

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/walletrpc"
)

// DevWalletName is the wallet the dev setup (regtest without -wallet)
// creates or loads at start.
const DevWalletName = "default"

// walletChain is the wallets' view of the UTXO chain: the chain itself,
// and the coins of the chain and the mempool together (Core's findCoins)
// for simulaterawtransaction (wallet.CoinView).
type walletChain struct {
	*blockchain.Chain
	pool *mempool.Pool // nil without a mempool
}

// HaveCoin reports whether op is an output of a mempool transaction or an
// unspent output of the chain, as Core's mempool-backed coin view sees it
// (an output a mempool transaction spends still counts).
func (c walletChain) HaveCoin(op primitives.OutPoint) bool {
	if c.pool != nil {
		if d, ok := c.pool.Get(op.Hash); ok {
			return int(op.Index) < len(d.Tx.Outputs)
		}
	}
	_, ok, err := c.LookupCoin(op)
	return err == nil && ok
}

// walletService runs the wallet manager: wallets under <btcdatadir>/wallets,
// fed with the chain's blocks and the mempool's transactions.
type walletService struct {
	n   *Node
	mgr *wallet.Manager
	rpc *walletrpc.Service
}

func (s *walletService) name() string { return "wallet" }

func (s *walletService) start(context.Context) error {
	n := s.n
	fallback, err := feeRateOption(n.cfg.FallbackFee, "fallbackfee")
	if err != nil {
		return err
	}
	mcfg := wallet.ManagerConfig{
		Params:      n.params,
		Dir:         filepath.Join(n.cfg.BTCDataDir, "wallets"),
		Chain:       walletChain{Chain: n.btc.chain, pool: n.btc.pool},
		Broadcaster: broadcaster{n},
		Logger:      n.logs.For("walletdb"),
		FallbackFee: int64(fallback),
		// Rescan progress lines with an ETA.
		RescanProgress: newRescanLogger(n.logs.For("walletdb"), nil).report,
	}
	if n.btc.fees != nil {
		mcfg.FeeSource = feeSource{n.btc.fees}
	}
	if n.btc.pool != nil {
		// Only unconfirmed transactions the pool holds count as pending
		// (Core's CWalletTx::InMempool); asked live, so mempool.dat,
		// reorganisation re-adds and every removal are seen whatever the
		// start-up order.
		mcfg.Mempool = n.btc.pool
	}
	mgr, err := wallet.NewManager(mcfg)
	if err != nil {
		return err
	}
	s.mgr = mgr
	n.btc.disp.addSink(mgr)
	n.addTxSink(mgr)

	names, dev := n.cfg.Wallets, false
	if len(names) == 0 && n.cfg.Chain == config.ChainRegTest {
		names, dev = []string{DevWalletName}, true
	}
	for _, name := range names {
		if _, err := mgr.Load(name); err != nil {
			if !dev || !errors.Is(err, wallet.ErrWalletNotFound) {
				return err
			}
			if _, err := mgr.Create(name, wallet.CreateOptions{}); err != nil {
				return err
			}
			n.log.Info("Created the dev wallet", "wallet", name)
		}
	}
	s.rpc, err = walletrpc.New(walletrpc.Config{Manager: mgr, Params: n.params})
	return err
}

func (s *walletService) register(srv *jsonrpc.Server) error { return s.rpc.Register(srv) }

func (s *walletService) stop() error { return s.mgr.Close() }

func (s *walletService) walletNames() []string { return s.mgr.Wallets() }

// broadcaster is the wallet's way into the mempool.
type broadcaster struct{ n *Node }

// BroadcastTransaction adds tx to the mempool (Core's reject reason in the
// error text) and tells the TxSinks.
func (b broadcaster) BroadcastTransaction(tx *primitives.Tx) error {
	if _, err := b.n.btc.pool.AcceptTransaction(tx); err != nil {
		return err
	}
	b.n.txAccepted(tx)
	return nil
}
