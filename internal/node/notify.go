package node

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BlockSink receives the active chain's changes in order: the wallet manager
// and the fee estimator are fed through it.
type BlockSink interface {
	BlockConnected(blk *primitives.Block, height int32)
	BlockDisconnected(blk *primitives.Block, height int32)
}

// dispatcher turns the chain's notifications into the fee estimator's and the
// mempool's calls
// (RemoveForBlock per connected block, UpdateForReorg once a reorganisation
// has reached the chain's tip), feeds the BlockSinks and wakes tip waiters.
type dispatcher struct {
	chain *blockchain.Chain
	pool  *mempool.Pool
	fees  *fees.Estimator // nil: no fee estimation
	log   *slog.Logger

	mu           sync.Mutex
	sinks        []BlockSink
	disconnected []*primitives.Block // pending reorg: old tip first
	connected    []*primitives.Block

	tipMu sync.Mutex
	tipCh chan struct{} // closed and replaced on every tip change
	tip   chainhash.Hash
}

func newDispatcher(chain *blockchain.Chain, pool *mempool.Pool, est *fees.Estimator, log *slog.Logger) *dispatcher {
	return &dispatcher{chain: chain, pool: pool, fees: est, log: log, tipCh: make(chan struct{}), tip: chain.BestHash()}
}

// addSink registers s for the changes from now on.
func (d *dispatcher) addSink(s BlockSink) {
	d.mu.Lock()
	d.sinks = append(d.sinks, s)
	d.mu.Unlock()
}

// handle is the chain's subscription callback.
func (d *dispatcher) handle(n blockchain.Notification) {
	d.mu.Lock()
	switch n.Type {
	case blockchain.NTBlockConnected:
		if d.fees != nil {
			// Before the pool forgets the confirmed transactions (Core's
			// processBlock runs ahead of removeForBlock).
			txids := make([]chainhash.Hash, len(n.Block.Txs))
			for i, tx := range n.Block.Txs {
				txids[i] = tx.TxHash()
			}
			d.fees.BlockConnected(n.Height, txids)
		}
		if d.pool != nil {
			d.pool.RemoveForBlock(n.Block)
		}
		if len(d.disconnected) > 0 {
			d.connected = append(d.connected, n.Block)
			if n.Hash == d.chain.BestHash() {
				d.finishReorg()
			}
		}
		for _, s := range d.sinks {
			s.BlockConnected(n.Block, n.Height)
		}
		d.log.Info(fmt.Sprintf("UpdateTip: new best=%s height=%d version=0x%08x tx=%d date='%s'",
			n.Hash, n.Height, uint32(n.Block.Header.Version), len(n.Block.Txs),
			time.Unix(int64(n.Block.Header.Timestamp), 0).UTC().Format("2006-01-02T15:04:05Z")))
	case blockchain.NTBlockDisconnected:
		d.disconnected = append(d.disconnected, n.Block)
		// A disconnection that leaves the chain at the parent (invalidateblock
		// without a better branch) ends the reorganisation here.
		if n.Block.Header.PrevBlock == d.chain.BestHash() {
			d.finishReorg()
		}
		for _, s := range d.sinks {
			s.BlockDisconnected(n.Block, n.Height)
		}
		d.log.Info(fmt.Sprintf("DisconnectTip: disconnected best=%s height=%d", n.Hash, n.Height))
	}
	d.mu.Unlock()
	d.tipChanged()
}

// finishReorg hands the pending reorganisation to the mempool. d.mu is held.
func (d *dispatcher) finishReorg() {
	if d.pool != nil {
		n := d.pool.UpdateForReorg(d.disconnected, d.connected)
		d.log.Info("mempool updated for reorganisation", "disconnected", len(d.disconnected),
			"connected", len(d.connected), "readded", n)
	}
	d.disconnected, d.connected = nil, nil
}

// tipChanged wakes everyone waiting in tipWait.
func (d *dispatcher) tipChanged() {
	h := d.chain.BestHash()
	d.tipMu.Lock()
	if h != d.tip {
		d.tip = h
		close(d.tipCh)
		d.tipCh = make(chan struct{})
	}
	d.tipMu.Unlock()
}

// tipWait returns the current tip and a channel closed when it changes.
func (d *dispatcher) tipWait() (chainhash.Hash, <-chan struct{}) {
	d.tipMu.Lock()
	defer d.tipMu.Unlock()
	return d.tip, d.tipCh
}
