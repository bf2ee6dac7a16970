package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethminer"
	"github.com/twinchain/twinchain/internal/eth/ethpeer"
	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethsync"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
	"github.com/twinchain/twinchain/internal/rpc/ethrpc"
)

// *ethpeer.Peer is the syncer's peer.
var _ ethsync.Peer = (*ethpeer.Peer)(nil)

// ethP2P is the account chain's P2P network: its own connection manager
// (listener, -ethconnect/-ethaddnode, bans in eth/<net>/banlist.json, no
// DNS seeds and no address gossip), one ethpeer.Peer per connection, and
// the syncer that keeps the chain in step and propagates blocks and
// transactions. It is created before the miner (whose mined blocks it
// broadcasts) and started after it.
type ethP2P struct {
	e    *ethNode
	log  *slog.Logger
	sync *ethsync.Syncer

	forks   *ethwire.ForkSchedule
	genesis ethtypes.Hash
	chainID uint64

	mu       sync.Mutex
	cm       *connmgr.Manager
	miner    *ethminer.Miner
	unsubTxs func()
}

// newEthP2P builds the network of e (chain and pool open); start runs it.
func newEthP2P(e *ethNode) *ethP2P {
	bc := e.chain
	g := bc.Genesis()
	cc := bc.Config()
	s := &ethP2P{
		e: e, log: e.logs.For("net"),
		genesis: g.Hash(), chainID: cc.ChainID,
		forks: ethwire.NewForkSchedule(cc, g.Hash(), g.Header.Time),
	}
	s.sync = ethsync.New(ethsync.Config{Chain: bc, Pool: e.pool, Logger: s.log})
	return s
}

// setMiner tells the network the miner whose uncle candidates and head
// notifications it feeds.
func (s *ethP2P) setMiner(m *ethminer.Miner) {
	s.mu.Lock()
	s.miner = m
	s.mu.Unlock()
}

func (s *ethP2P) getMiner() *ethminer.Miner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.miner
}

// ethP2PListen returns the listen address (none with -ethlisten=0).
func ethP2PListen(cfg *config.Config) []string {
	if !cfg.ETHListen {
		return nil
	}
	return []string{net.JoinHostPort(cfg.ETHBind, strconv.Itoa(cfg.ETHPort))}
}

// start starts the syncer and the connection manager. A listen failure on
// the default port (another node on this host) is a warning.
func (s *ethP2P) start(ctx context.Context) error {
	cfg := s.e.cfg
	if err := s.sync.Start(ctx); err != nil {
		return err
	}
	connect := nodeNames(cfg.ETHConnect)
	ccfg := connmgr.Config{
		Listen:          ethP2PListen(cfg),
		MaxConnections:  cfg.ETHMaxPeers,
		MaxOutboundFull: -1, // no address gossip: only -ethconnect/-ethaddnode dial out
		MaxBlockRelay:   -1,
		AddNodes:        nodeNames(cfg.ETHAddNode),
		Connect:         connect,
		DefaultPort:     uint16(cfg.ETHPort),
		AddrBook:        addrmgr.New(addrmgr.Config{}),
		Handler:         s.handle,
		BanFile:         filepath.Join(cfg.ETHDataDir, BanlistFileName),
		Log:             s.log,
	}
	if cfg.ETHMaxPeers == 0 {
		ccfg.MaxConnections = -1
	}
	cm, err := connmgr.New(ccfg)
	if err == nil {
		err = cm.Start(ctx)
		if err != nil && len(ccfg.Listen) > 0 && cfg.ETHPort == config.DefaultETHPort {
			s.log.Warn("Account chain: unable to listen on the default P2P address; not accepting connections", "err", err)
			_ = cm.Stop()
			ccfg.Listen = nil
			if cm, err = connmgr.New(ccfg); err == nil {
				err = cm.Start(ctx)
			}
		}
	}
	if err != nil {
		_ = s.sync.Stop()
		return makeError(ErrStartup, "account chain P2P: %v", err)
	}
	s.mu.Lock()
	s.cm = cm
	s.mu.Unlock()
	s.unsubTxs = s.e.pool.SubscribeNewTxs(func(txs []*ethtypes.Transaction) {
		s.sync.BroadcastTxs(txs)
	})
	return nil
}

// stop disconnects every peer and stops the syncer.
func (s *ethP2P) stop() error {
	var errs []error
	if s.unsubTxs != nil {
		s.unsubTxs()
		s.unsubTxs = nil
	}
	s.mu.Lock()
	cm := s.cm
	s.cm = nil
	s.mu.Unlock()
	if cm != nil {
		if err := cm.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.sync.Stop(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// listenAddrs returns the bound P2P addresses.
func (s *ethP2P) listenAddrs() []net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cm == nil {
		return nil
	}
	return s.cm.ListenAddrs()
}

// handle runs one connection: the peer's handshake, then until it ends;
// a peer that misbehaved is discouraged (unless it is a manual one).
func (s *ethP2P) handle(ctx context.Context, cp *connmgr.Peer) connmgr.Outcome {
	p := ethpeer.New(cp.Conn(), ethpeer.Config{
		ID:        strconv.FormatInt(int64(cp.ID()), 10),
		NetworkID: s.chainID,
		Genesis:   s.genesis,
		Forks:     s.forks,
		Chain:     ethPeerChain{s.e},
		Backend:   ethPeerBackend{s},
		NoBan:     cp.Type() == connmgr.Manual,
		Logger:    s.log,
	}, cp.Inbound())
	if err := p.Start(ctx); err != nil {
		<-p.Done()
		return connmgr.Outcome{Reason: err.Error(), CountFailure: !cp.Inbound()}
	}
	cp.Established()
	select {
	case <-p.Done():
	case <-ctx.Done():
		p.Disconnect("disconnected")
		<-p.Done()
	}
	if p.ShouldDiscourage() {
		s.mu.Lock()
		cm := s.cm
		s.mu.Unlock()
		if cm != nil {
			cm.Discourage(cp.Addr())
		}
	}
	reason := "disconnected"
	if err := p.Err(); err != nil {
		reason = err.Error()
	}
	s.log.Debug("Account chain: peer disconnected", "peer", p.ID(), "addr", cp.Name(), "reason", reason)
	return connmgr.Outcome{Reason: reason}
}

// onMined broadcasts a block of our miner (a new head, or a block that
// lost a race: it is an uncle candidate for the others).
func (s *ethP2P) onMined(b *ethtypes.Block, _ ethtypes.Receipts) {
	if td, ok := s.e.chain.GetTd(b.Hash(), b.Number()); ok {
		s.sync.BroadcastBlock(b, td)
	}
}

// onChainEvent feeds continuous mining: side blocks become uncle
// candidates and a new head restarts the work. It runs on the chain's
// writer goroutine and does not block.
func (s *ethP2P) onChainEvent(ev ethchain.ChainEvent) {
	m := s.getMiner()
	if m == nil {
		return
	}
	switch ev.Kind {
	case ethchain.EventSideBlock:
		m.AddSideBlock(ev.Block.Header)
	case ethchain.EventNewHead:
		for _, b := range ev.Removed {
			m.AddSideBlock(b.Header)
		}
		if m.Mining() {
			m.NotifyNewHead()
		}
	}
}

// startMining starts continuous proof-of-work mining (-ethmine).
func (s *ethP2P) startMining(gen *ethchain.Genesis) error {
	if !s.e.cfg.ETHMine {
		return nil
	}
	if !ethUsesEthash(gen) {
		return makeError(ErrStartup, "-ethmine needs a proof-of-work network: an -ethgenesis with an ethash config and a difficulty of at least 131072")
	}
	m := s.getMiner()
	if err := m.Start(); err != nil {
		return makeError(ErrStartup, "account chain: miner: %v", err)
	}
	s.log.Info(fmt.Sprintf("Account chain: mining with proof of work to %s", m.Etherbase()))
	return nil
}

// ethPeerBackend hands what peers learn to the syncer.
type ethPeerBackend struct{ s *ethP2P }

// PeerReady registers a peer with the syncer.
func (b ethPeerBackend) PeerReady(p *ethpeer.Peer) error {
	b.s.sync.AddPeer(p)
	return nil
}

// PeerGone forgets a peer.
func (b ethPeerBackend) PeerGone(p *ethpeer.Peer) { b.s.sync.RemovePeer(p.ID()) }

// HandleNewBlock passes a propagated block to the syncer.
func (b ethPeerBackend) HandleNewBlock(p *ethpeer.Peer, blk *ethtypes.Block, td uint256.Int) {
	b.s.sync.HandleNewBlock(p, blk, td)
}

// HandleNewBlockHashes passes a block announcement to the syncer.
func (b ethPeerBackend) HandleNewBlockHashes(p *ethpeer.Peer, hashes []ethtypes.Hash, numbers []uint64) {
	b.s.sync.HandleNewBlockHashes(p, hashes, numbers)
}

// HandleTransactions passes propagated transactions to the syncer.
func (b ethPeerBackend) HandleTransactions(p *ethpeer.Peer, txs ethtypes.Transactions) {
	b.s.sync.HandleTransactions(p, txs)
}

// HandleTxHashes passes a transaction announcement to the syncer.
func (b ethPeerBackend) HandleTxHashes(p *ethpeer.Peer, types []byte, sizes []uint32, hashes []ethtypes.Hash) {
	b.s.sync.HandleTxHashes(p, types, sizes, hashes)
}

// ethPeerChain serves the peers' requests from the chain, its database and
// the pool.
type ethPeerChain struct{ e *ethNode }

// CurrentHead returns the head's hash, number, time and total difficulty.
func (c ethPeerChain) CurrentHead() (ethtypes.Hash, uint64, uint64, uint256.Int) {
	b := c.e.chain.CurrentBlock()
	td, _ := c.e.chain.GetTd(b.Hash(), b.Number())
	return b.Hash(), b.Number(), b.Header.Time, td
}

// HeaderByHash returns a stored header.
func (c ethPeerChain) HeaderByHash(hash ethtypes.Hash) (*ethtypes.Header, bool) {
	return c.e.chain.GetHeaderByHash(hash)
}

// HeaderByNumber returns the canonical header at number.
func (c ethPeerChain) HeaderByNumber(number uint64) (*ethtypes.Header, bool) {
	hash, ok := c.e.chain.GetCanonicalHash(number)
	if !ok {
		return nil, false
	}
	return c.e.chain.GetHeader(hash, number)
}

// BodyRLP returns a stored body as the database holds it.
func (c ethPeerChain) BodyRLP(hash ethtypes.Hash) ([]byte, bool) {
	h, ok := c.e.chain.GetHeaderByHash(hash)
	if !ok {
		return nil, false
	}
	enc, err := ethrawdb.ReadBodyRLP(c.e.db, hash, h.Number)
	if err != nil || len(enc) == 0 {
		return nil, false
	}
	return enc, true
}

// Receipts returns a block's receipts.
func (c ethPeerChain) Receipts(hash ethtypes.Hash) (ethtypes.Receipts, bool) {
	return c.e.chain.GetReceipts(hash)
}

// PooledTransaction returns a pooled transaction.
func (c ethPeerChain) PooledTransaction(hash ethtypes.Hash) (*ethtypes.Transaction, bool) {
	tx := c.e.pool.Get(hash)
	return tx, tx != nil
}

// ethNetInfo answers net_peerCount, net_listening and eth_syncing.
type ethNetInfo struct{ s *ethP2P }

var _ ethrpc.NetInfo = ethNetInfo{}

// PeerCount returns the number of peers past the handshake.
func (n ethNetInfo) PeerCount() int { return n.s.sync.PeerCount() }

// Listening reports whether the P2P listener is bound.
func (n ethNetInfo) Listening() bool { return len(n.s.listenAddrs()) > 0 }

// SyncProgress returns the running sync's progress.
func (n ethNetInfo) SyncProgress() (uint64, uint64, uint64, bool) {
	p, ok := n.s.sync.Progress()
	return p.StartingBlock, p.CurrentBlock, p.HighestBlock, ok
}

// ETHP2PAddrs returns the addresses the account chain's P2P listener is
// bound to (nil with -eth=0, -ethlisten=0 or before Start), so a node
// started on port 0 can be reached.
//
// This function is safe for concurrent access.
func (n *Node) ETHP2PAddrs() []net.Addr {
	n.mu.Lock()
	e := n.eth
	n.mu.Unlock()
	if e == nil || e.p2p == nil {
		return nil
	}
	return e.p2p.listenAddrs()
}
