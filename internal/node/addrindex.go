package node

import (
	"errors"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethindex"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// addrIndexes are the -addressindex indexes of both chains: the UTXO
// chain's script-hash index and the account chain's address index. Either
// is nil when its chain is off.
type addrIndexes struct {
	btc      *indexers.AddrIndex
	btcUnsub func()
	eth      *ethindex.Index
	ethUnsub func()
	ethFeed  *ethIndexFeed
}

// ethIndexFeed hands the account chain's head changes to its address index
// on a goroutine of its own, so that indexing is not on the path of block
// insertion (automine answers eth_sendRawTransaction only once the block
// is in). The index follows a moment behind, as the explorer expects of
// its indexes. When the queue is full an update is dropped and the index's
// background catch-up is kicked instead: it steps the index to the head
// from the stored blocks.
type ethIndexFeed struct {
	ix   ethIndexTarget
	ch   chan ethindex.Update
	done chan struct{}

	mu     sync.Mutex // guards closed and sending on ch
	closed bool
}

// ethIndexTarget is what the feed needs of the index (*ethindex.Index).
type ethIndexTarget interface {
	// ChainUpdate applies a change of the canonical chain.
	ChainUpdate(u ethindex.Update)
	// Start kicks the background catch-up.
	Start()
}

// ethIndexQueue bounds the head changes waiting for the address index.
const ethIndexQueue = 1024

// newETHIndexFeed starts a feed of ix with a queue of size updates.
func newETHIndexFeed(ix ethIndexTarget, size int) *ethIndexFeed {
	f := &ethIndexFeed{ix: ix, ch: make(chan ethindex.Update, size), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for u := range f.ch {
			ix.ChainUpdate(u)
		}
	}()
	return f
}

// push queues u, or kicks the catch-up when the queue is full; after close
// (a notification racing the unsubscription) it does nothing.
func (f *ethIndexFeed) push(u ethindex.Update) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	select {
	case f.ch <- u:
	default:
		f.ix.Start()
	}
}

// close applies the queued updates and stops the feed's goroutine.
func (f *ethIndexFeed) close() {
	f.mu.Lock()
	if !f.closed {
		f.closed = true
		close(f.ch)
	}
	f.mu.Unlock()
	<-f.done
}

// addrChain adapts the chain to indexers.AddrChain: the spent coins come
// from the block's undo data.
type addrChain struct{ *blockchain.Chain }

// SpentCoins returns the coins the block's inputs spent, in block order.
func (c addrChain) SpentCoins(hash chainhash.Hash) ([]primitives.Coin, error) {
	u, err := c.BlockUndo(hash)
	if err != nil {
		return nil, err
	}
	return flattenUndo(u), nil
}

func flattenUndo(u *utxoset.BlockUndo) []primitives.Coin {
	if u == nil {
		return nil
	}
	n := 0
	for _, tx := range u.Txs {
		n += len(tx.PrevOuts)
	}
	out := make([]primitives.Coin, 0, n)
	for _, tx := range u.Txs {
		out = append(out, tx.PrevOuts...)
	}
	return out
}

// startAddrIndexes opens the address indexes (cfg.AddressIndex), feeds them
// the chains' notifications and starts their background catch-up; progress
// goes to the "index" log.
func (n *Node) startAddrIndexes() error {
	if !n.cfg.AddressIndex {
		return nil
	}
	log := n.logs.For("index")
	ai := &addrIndexes{}
	n.mu.Lock()
	n.addrIdx = ai
	b, e := n.btc, n.eth
	n.mu.Unlock()
	if b != nil && b.chain != nil {
		chain := b.chain
		ix, err := indexers.OpenAddrIndex(indexers.AddrConfig{
			Chain:   addrChain{chain},
			DataDir: n.cfg.BTCDataDir,
			Progress: func(height int32, synced bool, err error) {
				switch {
				case err != nil:
					log.Error("address index stopped syncing", "height", height, "err", err)
				case synced:
					log.Info("address index is enabled at height", "height", height)
				default:
					log.Info("Syncing address index", "height", height, "tip", chain.BestHeight())
				}
			},
		})
		if err != nil {
			return makeError(ErrStartup, "Error opening the address index: %v", err)
		}
		ai.btc = ix
		ai.btcUnsub = chain.Subscribe(func(nt blockchain.Notification) {
			switch nt.Type {
			case blockchain.NTBlockConnected:
				ix.BlockConnected(nt.Block, nt.Hash, nt.Height, flattenUndo(nt.Undo))
			case blockchain.NTBlockDisconnected:
				ix.BlockDisconnected(nt.Block, nt.Hash, nt.Height, flattenUndo(nt.Undo))
			}
		})
		log.Info("Address index: catching up", "from", ix.BestHeight(), "tip", chain.BestHeight())
		ix.Start()
	}
	if e != nil && e.chain != nil {
		bc := e.chain
		ix, err := ethindex.Open(ethindex.Config{
			Chain:   bc,
			Signer:  ethtypes.LatestSigner(bc.Config().ChainID),
			DataDir: n.cfg.ETHDataDir,
			Progress: func(number uint64, synced bool, err error) {
				switch {
				case err != nil:
					log.Error("account-chain address index stopped syncing", "number", number, "err", err)
				case synced:
					log.Info("account-chain address index is enabled at block", "number", number)
				default:
					log.Info("Syncing account-chain address index", "number", number, "head", bc.CurrentHeader().Number)
				}
			},
		})
		if err != nil {
			return makeError(ErrStartup, "Error opening the account-chain address index: %v", err)
		}
		ai.eth = ix
		feed := newETHIndexFeed(ix, ethIndexQueue)
		ai.ethFeed = feed
		ai.ethUnsub = bc.SubscribeChainEvents(func(ev ethchain.ChainEvent) {
			switch ev.Kind {
			case ethchain.EventNewHead, ethchain.EventSetHead:
				feed.push(ethindex.Update{Removed: ev.Removed, Added: ev.Added, Receipts: ev.Receipts})
			}
		})
		ix.Start()
	}
	return nil
}

// stopAddrIndexes detaches and closes the address indexes; it runs before
// the chains close.
func (n *Node) stopAddrIndexes() error {
	n.mu.Lock()
	ai := n.addrIdx
	n.addrIdx = nil
	n.mu.Unlock()
	if ai == nil {
		return nil
	}
	var errs []error
	if ai.btcUnsub != nil {
		ai.btcUnsub()
	}
	if ai.btc != nil {
		if err := ai.btc.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if ai.ethUnsub != nil {
		ai.ethUnsub()
	}
	if ai.ethFeed != nil {
		ai.ethFeed.close()
	}
	if ai.eth != nil {
		if err := ai.eth.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// BTCAddrIndex returns the UTXO chain's address index (nil without
// -addressindex or before Start).
//
// This function is safe for concurrent access.
func (n *Node) BTCAddrIndex() *indexers.AddrIndex {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.addrIdx == nil {
		return nil
	}
	return n.addrIdx.btc
}

// ETHAddrIndex returns the account chain's address index (nil without
// -addressindex, with -eth=0 or before Start).
//
// This function is safe for concurrent access.
func (n *Node) ETHAddrIndex() *ethindex.Index {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.addrIdx == nil {
		return nil
	}
	return n.addrIdx.eth
}

// btcIndex returns the UTXO chain's index (nil when off).
func (ai *addrIndexes) btcIndex() *indexers.AddrIndex {
	if ai == nil {
		return nil
	}
	return ai.btc
}

// ethIndex returns the account chain's index (nil when off).
func (ai *addrIndexes) ethIndex() *ethindex.Index {
	if ai == nil {
		return nil
	}
	return ai.eth
}
