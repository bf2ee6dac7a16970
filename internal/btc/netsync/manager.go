package netsync

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Core's constants (net_processing.cpp, validation.h).
const (
	// BlockDownloadWindow is BLOCK_DOWNLOAD_WINDOW: blocks are requested
	// at most this far past the tip.
	BlockDownloadWindow = 1024
	// MaxBlocksInTransitPerPeer is MAX_BLOCKS_IN_TRANSIT_PER_PEER.
	MaxBlocksInTransitPerPeer = 16
	// DefaultStallTimeout is BLOCK_STALLING_TIMEOUT_DEFAULT: how long one
	// peer may hold the block the download window waits for while another
	// peer is idle.
	DefaultStallTimeout = 2 * time.Second
	// MaxHeadersResults is MAX_HEADERS_RESULTS: headers per message.
	MaxHeadersResults = 2000
	// MaxBlocksToAnnounce is MAX_BLOCKS_TO_ANNOUNCE: the most headers sent
	// in one announcement.
	MaxBlocksToAnnounce = 8
	// MaxHighBandwidthPeers is the number of BIP152 high-bandwidth peers
	// Core keeps (three).
	MaxHighBandwidthPeers = 3
	// MinBlocksToKeep is MIN_BLOCKS_TO_KEEP: an unrequested block further
	// ahead of the tip is ignored.
	MinBlocksToKeep = 288
	// MaxPeerTxRequestInFlight is MAX_PEER_TX_REQUEST_IN_FLIGHT.
	MaxPeerTxRequestInFlight = 100
	// TxRequestTimeout is GETDATA_TX_INTERVAL: a transaction requested and
	// not received is requested again (from any peer) after it.
	TxRequestTimeout = 60 * time.Second
	// MaxCmpctBlockDepth is MAX_CMPCTBLOCK_DEPTH: getdata for a compact
	// block deeper than this is answered with the full block.
	MaxCmpctBlockDepth = 5
	// MaxBlockTxnDepth is MAX_BLOCKTXN_DEPTH.
	MaxBlockTxnDepth = 10
	// maxUnconnectingHeaders is MAX_NUM_UNCONNECTING_HEADERS_MSGS.
	maxUnconnectingHeaders = 10
	// maxRecentRejects bounds the rejected-transaction filter.
	maxRecentRejects = 50_000
	// DefaultHeadersSyncTimeout is HEADERS_DOWNLOAD_TIMEOUT_BASE.
	DefaultHeadersSyncTimeout = 15 * time.Minute
	// maxServedEntries bounds the per-peer delivery counts kept for
	// peers that are gone.
	maxServedEntries = 4096
	// DefaultProgressInterval is the default period of the progress log.
	DefaultProgressInterval = 10 * time.Second
)

// Config configures a Manager. Params and Chain are required.
type Config struct {
	// Params are the network's parameters.
	Params *chaincfg.Params
	// Chain is the block chain (a *blockchain.Chain).
	Chain Chain
	// Mempool is the transaction pool (a *mempool.Pool); nil relays no
	// transactions.
	Mempool Mempool
	// BlocksOnly is -blocksonly: transactions are neither requested nor
	// accepted from peers, and a peer sending them is disconnected.
	BlocksOnly bool
	// Logger receives progress (info) and per-peer (debug) lines; nil
	// discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// StallTimeout is BLOCK_STALLING_TIMEOUT (default 2 s).
	StallTimeout time.Duration
	// BlockDownloadTimeout is the time a peer has to deliver the first of
	// its requested blocks, before adding half of it per other peer
	// downloading (Core: the target spacing times BLOCK_DOWNLOAD_TIMEOUT_BASE
	// plus BLOCK_DOWNLOAD_TIMEOUT_PER_PEER). Zero means
	// Params.PowTargetSpacing seconds.
	BlockDownloadTimeout time.Duration
	// ProgressInterval is the period of the progress log while blocks are
	// behind headers (default 10 s).
	ProgressInterval time.Duration
	// HeadersSyncTimeout is how long the headers sync peer may go
	// without bringing the best header to less than a day old before
	// another peer is tried (default 15 min, Core's
	// HEADERS_DOWNLOAD_TIMEOUT_BASE).
	HeadersSyncTimeout time.Duration
	// DownloadWindow is BLOCK_DOWNLOAD_WINDOW (default 1,024); tests
	// shrink it to exercise stall detection on short chains.
	DownloadWindow int32
	// TickInterval is the period of the timeout and stall checks (default
	// 250 ms).
	TickInterval time.Duration
	// FilterIndex, when set (-peerblockfilters), answers BIP157
	// getcfilters, getcfheaders and getcfcheckpt; without it a peer
	// sending them is disconnected, as Core does.
	FilterIndex FilterIndex
}

// Manager runs block and transaction synchronisation and relay for the
// peers the node hands it. It is the peers' peer.Handler.
type Manager struct {
	cfg   Config
	chain Chain
	pool  Mempool
	log   *slog.Logger
	now   func() time.Time
	magic [4]byte

	tipCh chan struct{}

	mu             sync.Mutex
	peers          map[*peer.Peer]*peerState
	blocksInFlight map[chainhash.Hash]*peerState
	syncPeer       *peerState
	syncSince      time.Time // sync peer chosen or last useful headers
	// hbPeers are our BIP152 high-bandwidth peers, oldest first.
	hbPeers    []*peerState
	path       downloadPath
	txInFlight map[chainhash.Hash]txRequest
	// processing holds the blocks received and being validated, so that
	// they are not requested again meanwhile.
	processing    map[chainhash.Hash]struct{}
	recentRejects map[chainhash.Hash]struct{}
	served        map[int64]int
	prog          progressState

	runMu       sync.Mutex
	started     bool
	stopped     bool
	cancel      context.CancelFunc
	done        chan struct{}
	unsubscribe func()
}

// peerState is what the manager knows about one peer. Guarded by
// Manager.mu.
type peerState struct {
	p          *peer.Peer
	registered bool
	// syncStarted: a getheaders sync was started with the peer.
	syncStarted bool
	// bestKnown is the best block the peer is known to have (Core's
	// pindexBestKnownBlock); bestKnownHeight is -1 when unknown.
	bestKnown       chainhash.Hash
	bestKnownHeight int32
	bestKnownWork   uint256.Int
	// lastUnknown is a block the peer announced before we had its header.
	lastUnknown chainhash.Hash

	inFlight         map[chainhash.Hash]time.Time
	downloadingSince time.Time
	stallingSince    time.Time

	blocksReceived int
	txInFlight     int
	unconnecting   int
	partial        *partialBlock
}

type partialBlock struct {
	hash   chainhash.Hash
	height int32
	pb     *wire.PartialBlock
}

type txRequest struct {
	ps *peerState
	at time.Time
}

// New returns a manager, not yet started.
//
// This function is safe for concurrent access.
func New(cfg Config) (*Manager, error) {
	if cfg.Params == nil || cfg.Chain == nil {
		return nil, makeError(ErrBadConfig, "netsync: Config needs Params and Chain")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.StallTimeout <= 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	if cfg.BlockDownloadTimeout <= 0 {
		cfg.BlockDownloadTimeout = time.Duration(cfg.Params.PowTargetSpacing) * time.Second
	}
	if cfg.ProgressInterval <= 0 {
		cfg.ProgressInterval = DefaultProgressInterval
	}
	if cfg.HeadersSyncTimeout <= 0 {
		cfg.HeadersSyncTimeout = DefaultHeadersSyncTimeout
	}
	if cfg.DownloadWindow <= 0 {
		cfg.DownloadWindow = BlockDownloadWindow
	}
	if cfg.TickInterval <= 0 {
		cfg.TickInterval = 250 * time.Millisecond
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Manager{
		cfg:            cfg,
		chain:          cfg.Chain,
		pool:           cfg.Mempool,
		log:            log,
		now:            cfg.Now,
		magic:          cfg.Params.NetMagic,
		tipCh:          make(chan struct{}, 1),
		peers:          make(map[*peer.Peer]*peerState),
		blocksInFlight: make(map[chainhash.Hash]*peerState),
		txInFlight:     make(map[chainhash.Hash]txRequest),
		processing:     make(map[chainhash.Hash]struct{}),
		recentRejects:  make(map[chainhash.Hash]struct{}),
		served:         make(map[int64]int),
	}
	return m, nil
}

// Start subscribes to the chain and starts the manager's timer goroutine
// (timeouts, stall detection, announcements of new tips, progress log).
//
// This function is safe for concurrent access.
func (m *Manager) Start(ctx context.Context) error {
	m.runMu.Lock()
	defer m.runMu.Unlock()
	if m.started {
		return makeError(ErrAlreadyStarted, "netsync: Start called twice")
	}
	m.started = true
	ctx, m.cancel = context.WithCancel(ctx)
	m.done = make(chan struct{})
	m.unsubscribe = m.chain.Subscribe(m.onChain)
	m.prog.lastAt = m.now()
	m.prog.lastHeight = m.chain.BestState().Height
	go m.run(ctx)
	return nil
}

// Stop stops the timer goroutine and unsubscribes; peers are left to the
// node.
//
// This function is safe for concurrent access.
func (m *Manager) Stop() error {
	m.runMu.Lock()
	defer m.runMu.Unlock()
	if !m.started {
		return makeError(ErrNotStarted, "netsync: Stop before Start")
	}
	if m.stopped {
		return nil
	}
	m.stopped = true
	m.unsubscribe()
	m.cancel()
	<-m.done
	return nil
}

// onChain is the chain subscription: it only wakes the run loop, so block
// processing is never held up by announcements.
func (m *Manager) onChain(n blockchain.Notification) {
	if n.Type != blockchain.NTBlockConnected {
		return
	}
	select {
	case m.tipCh <- struct{}{}:
	default:
	}
}

func (m *Manager) run(ctx context.Context) {
	defer close(m.done)
	tick := time.NewTicker(m.cfg.TickInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.tipCh:
			m.tipChanged()
		case <-tick.C:
			m.checkTimeouts()
			m.startHeadersSync()
			m.requestBlocksAll()
			m.logProgress()
		}
	}
}

// NewPeer registers a peer whose handshake is complete and starts syncing
// with it when appropriate.
//
// This function is safe for concurrent access.
func (m *Manager) NewPeer(p *peer.Peer) {
	m.mu.Lock()
	ps := m.stateLocked(p)
	if ps == nil {
		m.mu.Unlock()
		return
	}
	ps.registered = true
	m.mu.Unlock()
	m.log.Debug("peer added to sync", "peer", p.ID(), "addr", p.Addr(), "outbound", !p.Inbound())
	if m.headersHaveMinWork() {
		p.MaybeSendSendHeaders()
	}
	m.startHeadersSync()
	m.requestBlocksAll()
}

// DonePeer forgets a disconnected peer; its blocks in flight are requested
// from other peers.
//
// This function is safe for concurrent access.
func (m *Manager) DonePeer(p *peer.Peer) {
	m.mu.Lock()
	ps, ok := m.peers[p]
	if !ok {
		m.mu.Unlock()
		return
	}
	delete(m.peers, p)
	for h := range ps.inFlight {
		if m.blocksInFlight[h] == ps {
			delete(m.blocksInFlight, h)
		}
	}
	for h, r := range m.txInFlight {
		if r.ps == ps {
			delete(m.txInFlight, h)
		}
	}
	if m.syncPeer == ps {
		m.syncPeer = nil
	}
	for i, hb := range m.hbPeers {
		if hb == ps {
			m.hbPeers = append(m.hbPeers[:i], m.hbPeers[i+1:]...)
			break
		}
	}
	n := len(ps.inFlight)
	if len(m.served) > maxServedEntries {
		// Keep the counts of recent peers only.
		clear(m.served)
	}
	m.mu.Unlock()
	m.log.Debug("peer removed from sync", "peer", p.ID(), "reassigned", n)
	m.startHeadersSync()
	m.requestBlocksAll()
}

// stateLocked returns p's state, creating it for a connected peer. m.mu is
// held.
func (m *Manager) stateLocked(p *peer.Peer) *peerState {
	if ps, ok := m.peers[p]; ok {
		return ps
	}
	if !p.Connected() {
		return nil
	}
	ps := &peerState{p: p, bestKnownHeight: -1, inFlight: make(map[chainhash.Hash]time.Time)}
	m.peers[p] = ps
	return ps
}

func (m *Manager) state(p *peer.Peer) *peerState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stateLocked(p)
}

// OnMessage implements peer.Handler: it dispatches one message of p.
//
// This function is safe for concurrent access.
func (m *Manager) OnMessage(p *peer.Peer, msg wire.Message) {
	ps := m.state(p)
	if ps == nil {
		return
	}
	switch msg := msg.(type) {
	case *wire.MsgHeaders:
		m.onHeaders(ps, msg)
	case *wire.MsgBlock:
		m.onBlock(ps, msg)
	case *wire.MsgInv:
		m.onInv(ps, msg)
	case *wire.MsgGetData:
		m.onGetData(ps, msg)
	case *wire.MsgGetHeaders:
		m.onGetHeaders(ps, msg)
	case *wire.MsgGetBlocks:
		m.onGetBlocks(ps, msg)
	case *wire.MsgTx:
		m.onTx(ps, msg)
	case *wire.MsgNotFound:
		m.onNotFound(ps, msg)
	case *wire.MsgCmpctBlock:
		m.onCmpctBlock(ps, msg)
	case *wire.MsgGetBlockTxn:
		m.onGetBlockTxn(ps, msg)
	case *wire.MsgBlockTxn:
		m.onBlockTxn(ps, msg)
	case *wire.MsgGetCFilters:
		m.onGetCFilters(ps, msg)
	case *wire.MsgGetCFHeaders:
		m.onGetCFHeaders(ps, msg)
	case *wire.MsgGetCFCheckpt:
		m.onGetCFCheckpt(ps, msg)
	}
}

// send queues msg to ps, logging a failure (the peer is going away).
func (m *Manager) send(ps *peerState, msg wire.Message) {
	if err := ps.p.QueueMessage(msg); err != nil {
		m.log.Debug("send failed", "peer", ps.p.ID(), "cmd", msg.Command(), "err", err)
	}
}

// canServeBlocks reports whether the peer offers the full chain with
// witnesses.
func canServeBlocks(p *peer.Peer) bool {
	return p.Remote().Services.Has(wire.NodeNetwork | wire.NodeWitness)
}

// headersHaveMinWork reports whether the best header has the network's
// minimum chain work: from then on Core asks its peers for headers
// announcements (sendheaders).
func (m *Manager) headersHaveMinWork() bool {
	best := m.chain.BestState()
	info, err := m.chain.BlockInfo(best.BestHeaderHash)
	return err == nil && info.ChainWork.Cmp(&m.cfg.Params.MinimumChainWork) >= 0
}
