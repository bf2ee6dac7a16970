package ethsync

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Defaults of Config.
const (
	DefaultHeaderBatch    = 192 // headers per request (geth's MaxHeaderFetch)
	DefaultBodyBatch      = 128 // bodies per request (geth's MaxBlockFetch)
	DefaultRequestTimeout = 10 * time.Second
	DefaultForceSync      = 10 * time.Second
	// DefaultMaxAhead bounds how many downloaded blocks may wait for
	// insertion.
	DefaultMaxAhead = 4096
	// ancestorSpan is how many headers back from our head the first
	// common-ancestor request covers before the binary search.
	ancestorSpan = 64
	// Misbehaviour scores: 100 disconnects and discourages a peer.
	scoreInvalid = 100
	scoreStall   = 20
	scoreUseless = 5
)

// Config configures a Syncer.
type Config struct {
	Chain Chain
	Pool  TxPool // nil: transactions are ignored
	// HeaderBatch, BodyBatch: items per request (0: defaults).
	HeaderBatch, BodyBatch int
	// RequestTimeout bounds each request of the sync; a peer that does not
	// answer in time is penalised and its work reassigned.
	RequestTimeout time.Duration
	// ForceSync is the period at which the syncer looks for a better peer
	// without being told (0: DefaultForceSync).
	ForceSync time.Duration
	// MaxAhead bounds the blocks downloaded ahead of insertion.
	MaxAhead int
	// OnSynced, when non-nil, is called after each sync with the number of
	// blocks inserted and the ids of the peers that delivered bodies.
	OnSynced func(inserted int, bodyPeers map[string]int)
	// Logger receives notable events; nil discards them.
	Logger *slog.Logger
}

// Progress is the state of a running sync (eth_syncing).
type Progress struct {
	StartingBlock, CurrentBlock, HighestBlock uint64
}

// Syncer keeps the account chain in step with its peers: it syncs from a
// peer whose total difficulty is above ours (headers from that peer,
// bodies from all peers in parallel) and propagates blocks and
// transactions. A Syncer is safe for concurrent use.
type Syncer struct {
	cfg Config
	log *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	trigger chan struct{}

	mu       sync.Mutex
	peers    map[string]*peerEntry
	active   *fetch // the running sync's download, nil when idle
	progress Progress
	syncing  bool
	started  bool
	stopped  bool

	fetchMu   sync.Mutex
	fetching  map[ethtypes.Hash]struct{} // announced blocks being fetched
	txFetch   map[ethtypes.Hash]struct{} // announced transactions being fetched
	txWorkers int
}

// peerEntry is a peer with the syncer's bookkeeping.
type peerEntry struct {
	p     Peer
	tried ethtypes.Hash // the head we last synced against (success or not)
}

// New returns a Syncer; it does nothing until Start.
func New(cfg Config) *Syncer {
	if cfg.HeaderBatch <= 0 {
		cfg.HeaderBatch = DefaultHeaderBatch
	}
	if cfg.BodyBatch <= 0 {
		cfg.BodyBatch = DefaultBodyBatch
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.ForceSync <= 0 {
		cfg.ForceSync = DefaultForceSync
	}
	if cfg.MaxAhead <= 0 {
		cfg.MaxAhead = DefaultMaxAhead
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Syncer{
		cfg: cfg, log: log, ctx: ctx, cancel: cancel,
		trigger:  make(chan struct{}, 1),
		peers:    make(map[string]*peerEntry),
		fetching: make(map[ethtypes.Hash]struct{}),
		txFetch:  make(map[ethtypes.Hash]struct{}),
	}
}

// Start runs the sync loop until Stop or ctx's end.
func (s *Syncer) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return nil
	}
	s.started = true
	s.mu.Unlock()
	stop := context.AfterFunc(ctx, s.cancel)
	s.spawn(func() {
		defer stop()
		s.loop()
	})
	s.triggerSync()
	return nil
}

// Stop ends the sync loop and every request of the syncer and waits for
// them.
func (s *Syncer) Stop() error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// AddPeer registers a peer whose handshake is done; a sync starts if its
// total difficulty is above ours.
func (s *Syncer) AddPeer(p Peer) {
	s.mu.Lock()
	s.peers[p.ID()] = &peerEntry{p: p}
	f := s.active
	s.mu.Unlock()
	if f != nil {
		f.addWorker(p)
	}
	s.triggerSync()
}

// RemovePeer forgets a peer (its requests end with its connection).
func (s *Syncer) RemovePeer(id string) {
	s.mu.Lock()
	delete(s.peers, id)
	s.mu.Unlock()
}

// PeerCount returns the number of registered peers.
func (s *Syncer) PeerCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.peers)
}

// Progress returns the running sync's progress, and false when the syncer
// is not syncing.
func (s *Syncer) Progress() (Progress, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.syncing {
		return Progress{}, false
	}
	p := s.progress
	if h := s.cfg.Chain.CurrentHeader(); h != nil {
		p.CurrentBlock = h.Number
	}
	return p, true
}

// triggerSync wakes the sync loop.
func (s *Syncer) triggerSync() {
	select {
	case s.trigger <- struct{}{}:
	default:
	}
}

// peerList returns the registered peers.
func (s *Syncer) peerList() []Peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Peer, 0, len(s.peers))
	for _, e := range s.peers {
		out = append(out, e.p)
	}
	return out
}

// loop syncs whenever a peer is heavier than us.
func (s *Syncer) loop() {
	t := time.NewTicker(s.cfg.ForceSync)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.trigger:
		case <-t.C:
			// Retry the peers whose sync failed.
			s.mu.Lock()
			for _, e := range s.peers {
				e.tried = ethtypes.Hash{}
			}
			s.mu.Unlock()
		}
		for s.ctx.Err() == nil {
			p, head := s.bestPeer()
			if p == nil {
				break
			}
			s.mu.Lock()
			if e := s.peers[p.ID()]; e != nil {
				e.tried = head
			}
			s.mu.Unlock()
			if err := s.syncWith(p); err != nil && s.ctx.Err() == nil {
				s.log.Info("Account chain: sync failed", "peer", p.ID(), "err", err)
			}
		}
	}
}

// bestPeer returns the heaviest peer above our total difficulty whose head
// we have not tried yet.
func (s *Syncer) bestPeer() (Peer, ethtypes.Hash) {
	ours := s.cfg.Chain.CurrentTd()
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *peerEntry
	var bestHead ethtypes.Hash
	var bestTd = ours
	for _, e := range s.peers {
		head, td := e.p.Head()
		if head == e.tried || !td.Gt(&bestTd) {
			continue
		}
		best, bestHead, bestTd = e, head, td
	}
	if best == nil {
		return nil, ethtypes.Hash{}
	}
	return best.p, bestHead
}
