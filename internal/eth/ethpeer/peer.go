package ethpeer

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// hiQueueSize bounds the control lane (Status, Pong, Ping).
const hiQueueSize = 16

// byeTimeout bounds the write of a Disconnect message before the
// connection is closed.
const byeTimeout = time.Second

// Peer is one account-chain connection. See the package documentation.
type Peer struct {
	cfg      Config
	conn     net.Conn
	inbound  bool
	connTime time.Time
	log      *slog.Logger

	hi    chan []byte // control frames, written first
	out   chan []byte // everything else, bounded (Config.SendQueueSize)
	quit  chan struct{}
	ready chan struct{} // handshake done and Backend.PeerReady succeeded
	done  chan struct{}
	wg    sync.WaitGroup
	wmu   sync.Mutex // serialises writes to conn

	mu          sync.Mutex
	started     bool
	closed      bool
	err         error
	readyOK     bool
	remote      ethwire.Status
	headHash    ethtypes.Hash
	headTD      uint256.Int
	score       int
	discourage  bool
	pingNonce   uint64
	pingStart   time.Time
	lastPing    time.Duration
	lastPingReq time.Time

	reqMu   sync.Mutex
	pending map[uint64]*pendingReq
	nextID  atomic.Uint64

	knownBlocks *knownSet
	knownTxs    *knownSet

	rd *bufio.Reader // read goroutine only
}

// New returns a peer for conn, not yet started. inbound tells whether the
// remote connected to us.
//
// This function is safe for concurrent access.
func New(conn net.Conn, cfg Config, inbound bool) *Peer {
	cfg.setDefaults()
	p := &Peer{
		cfg:         cfg,
		conn:        conn,
		inbound:     inbound,
		connTime:    time.Now(),
		log:         cfg.Logger.With("peer", cfg.ID),
		hi:          make(chan []byte, hiQueueSize),
		out:         make(chan []byte, cfg.SendQueueSize),
		quit:        make(chan struct{}),
		ready:       make(chan struct{}),
		done:        make(chan struct{}),
		pending:     make(map[uint64]*pendingReq),
		knownBlocks: newKnownSet(cfg.KnownBlocks),
		knownTxs:    newKnownSet(cfg.KnownTxs),
	}
	return p
}

// Start runs the peer: it starts the reader and writer goroutines, performs
// the Status handshake, calls Backend.PeerReady and returns nil once the
// peer is ready, or the error that ended it. After a successful Start the
// peer runs until Disconnect, a protocol error, a timeout or the end of
// ctx; Done is closed when its goroutines have exited (and
// Backend.PeerGone has returned).
//
// This function is safe for concurrent access.
func (p *Peer) Start(ctx context.Context) error {
	p.mu.Lock()
	if p.started {
		p.mu.Unlock()
		return makeError(ErrAlreadyStarted, "peer %s already started", p.cfg.ID)
	}
	p.started = true
	if p.closed {
		err := p.err
		p.mu.Unlock()
		return err
	}
	p.wg.Add(2)
	p.mu.Unlock()
	go p.writeLoop(ctx)
	go p.readLoop()
	select {
	case <-p.ready:
		return nil
	case <-p.quit:
		return p.Err()
	}
}

// Disconnect ends the peer, sending it a Disconnect message with reason
// (ErrRequested). It does not wait; wait on Done for that. Calling it
// again, or after the peer ended, does nothing.
//
// This function is safe for concurrent access.
func (p *Peer) Disconnect(reason string) {
	p.disconnect(makeError(ErrRequested, "%s", reason), ethwire.DiscRequested, reason)
}

// disconnect ends the peer with err unless it has ended already. When
// reason is not nil a Disconnect message with it and text is written
// (bounded by byeTimeout) before the connection is closed.
func (p *Peer) disconnect(err error, reason ethwire.DisconnectReason, text string) {
	p.disconnectMaybeBye(err, &reason, text)
}

// disconnectQuiet ends the peer without a Disconnect message (the
// connection is broken, or the remote said goodbye).
func (p *Peer) disconnectQuiet(err error) { p.disconnectMaybeBye(err, nil, "") }

func (p *Peer) disconnectMaybeBye(err error, reason *ethwire.DisconnectReason, text string) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.err = err
	close(p.quit)
	p.mu.Unlock()
	p.log.Debug("disconnecting peer", "addr", p.conn.RemoteAddr(), "reason", err)

	var bye []byte
	if reason != nil {
		bye = ethwire.AppendMessage(nil, &ethwire.Disconnect{Reason: *reason, Text: text})
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if bye != nil {
			t := time.AfterFunc(byeTimeout, func() { p.conn.Close() })
			p.conn.SetWriteDeadline(time.Now().Add(byeTimeout))
			p.wmu.Lock()
			p.conn.Write(bye)
			p.wmu.Unlock()
			t.Stop()
		}
		p.conn.Close()
	}()
	go func() {
		p.wg.Wait()
		p.mu.Lock()
		gone := p.readyOK
		p.mu.Unlock()
		if gone && p.cfg.Backend != nil {
			p.cfg.Backend.PeerGone(p)
		}
		close(p.done)
	}()
}

// Done returns a channel closed once the peer is disconnected, its
// goroutines have exited and Backend.PeerGone has returned.
//
// This function is safe for concurrent access.
func (p *Peer) Done() <-chan struct{} { return p.done }

// Err returns why the peer was disconnected, or nil while it is connected.
//
// This function is safe for concurrent access.
func (p *Peer) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// ID returns the peer's name (Config.ID).
func (p *Peer) ID() string { return p.cfg.ID }

// Inbound reports whether the remote connected to us.
func (p *Peer) Inbound() bool { return p.inbound }

// RemoteAddr returns the connection's remote address.
func (p *Peer) RemoteAddr() net.Addr { return p.conn.RemoteAddr() }

// ConnTime returns when the peer was created.
func (p *Peer) ConnTime() time.Time { return p.connTime }

// Head returns the peer's best block hash and total difficulty: from its
// Status, then from each NewBlock it sends whose total difficulty is
// higher (geth's SetHead).
//
// This function is safe for concurrent access.
func (p *Peer) Head() (hash ethtypes.Hash, td uint256.Int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.headHash, p.headTD
}

// SetHead records a new head for the peer (the node may learn it from
// other messages).
//
// This function is safe for concurrent access.
func (p *Peer) SetHead(hash ethtypes.Hash, td uint256.Int) {
	p.mu.Lock()
	p.headHash, p.headTD = hash, td
	p.mu.Unlock()
}

// Status returns the Status message the peer sent in the handshake.
//
// This function is safe for concurrent access.
func (p *Peer) Status() ethwire.Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote
}

// KnowsBlock reports whether the peer is known to have the block (it
// announced or sent it, or we sent it).
//
// This function is safe for concurrent access.
func (p *Peer) KnowsBlock(hash ethtypes.Hash) bool { return p.knownBlocks.contains(hash) }

// KnowsTx reports whether the peer is known to have the transaction.
//
// This function is safe for concurrent access.
func (p *Peer) KnowsTx(hash ethtypes.Hash) bool { return p.knownTxs.contains(hash) }

// MarkBlock records that the peer has the block.
//
// This function is safe for concurrent access.
func (p *Peer) MarkBlock(hash ethtypes.Hash) { p.knownBlocks.add(hash) }

// MarkTx records that the peer has the transaction.
//
// This function is safe for concurrent access.
func (p *Peer) MarkTx(hash ethtypes.Hash) { p.knownTxs.add(hash) }

// Misbehaving adds score to the peer's misbehaviour score; at
// MisbehaviorThreshold the peer is disconnected (ErrMisbehaving) and,
// unless Config.NoBan, marked for discouragement (ShouldDiscourage), which
// the connection manager glue turns into connmgr's Discourage.
//
// This function is safe for concurrent access.
func (p *Peer) Misbehaving(score int, reason string) {
	p.mu.Lock()
	p.score += score
	over := p.score >= MisbehaviorThreshold
	if over && !p.cfg.NoBan {
		p.discourage = true
	}
	total := p.score
	p.mu.Unlock()
	p.log.Debug("misbehaving peer", "score", score, "total", total, "reason", reason)
	if over {
		p.disconnect(makeError(ErrMisbehaving, "%s", reason), ethwire.DiscSubprotocolError, reason)
	}
}

// MisbehaviorScore returns the accumulated misbehaviour score.
//
// This function is safe for concurrent access.
func (p *Peer) MisbehaviorScore() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.score
}

// ShouldDiscourage reports whether the peer misbehaved enough for its
// address to be discouraged.
//
// This function is safe for concurrent access.
func (p *Peer) ShouldDiscourage() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.discourage
}

// LastPing returns the last measured ping round trip (0 before the first
// pong).
//
// This function is safe for concurrent access.
func (p *Peer) LastPing() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastPing
}

// SendQueueLen returns the number of messages waiting to be written.
//
// This function is safe for concurrent access.
func (p *Peer) SendQueueLen() int { return len(p.out) }

// isClosed reports whether the peer is ending.
func (p *Peer) isClosed() bool {
	select {
	case <-p.quit:
		return true
	default:
		return false
	}
}
