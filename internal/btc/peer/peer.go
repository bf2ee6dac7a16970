package peer

import (
	"bufio"
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// hiQueueSize bounds the high-priority lane (handshake messages, pongs and
// the other control messages the peer itself sends).
const hiQueueSize = 64

// outMsg is one queued message: a message to encode, or a frame already
// encoded by the caller (QueueFramed).
type outMsg struct {
	msg   wire.Message
	frame []byte
	cmd   string
}

// remoteState is what the peer told us in the handshake and later; guarded
// by Peer.mu.
type remoteState struct {
	info          RemoteInfo
	gotVersion    bool
	connected     bool // verack received (Core's fSuccessfullyConnected)
	sentSendHdrs  bool
	nonceActive   bool
	pingNonce     uint64
	pingStart     time.Time
	pingQueued    bool
	lastPing      time.Duration
	minPing       time.Duration
	syncedHeaders int32
	syncedBlocks  int32
	feeFilterSent int64
	hbTo          bool
	score         int
	discourage    bool
}

// RemoteInfo is what the peer negotiated: the fields of its version message
// and the features it enabled.
type RemoteInfo struct {
	// Version is the peer's protocol version; CommonVersion the lower of
	// ours and its, which decides the features used.
	Version, CommonVersion int32
	Services               wire.ServiceFlag
	UserAgent              string
	StartHeight            int32
	// Relay is the version's relay flag: the peer wants transactions.
	Relay bool
	// TimeOffset is the peer's clock minus ours at the version message.
	TimeOffset time.Duration
	// WantsAddrV2: the peer sent sendaddrv2 (BIP155) before verack.
	WantsAddrV2 bool
	// WTxIDRelay: the peer sent wtxidrelay (BIP339) before verack;
	// transactions are announced to it by wtxid.
	WTxIDRelay bool
	// PreferHeaders: the peer sent sendheaders (BIP130).
	PreferHeaders bool
	// ProvidesCmpct: the peer sent sendcmpct version 2 (BIP152);
	// HighBandwidthCmpct: with announce set, asking us to push new blocks
	// as cmpctblock.
	ProvidesCmpct, HighBandwidthCmpct bool
	// FeeFilter is the peer's feefilter, satoshis per 1,000 vbytes.
	FeeFilter int64
}

// Peer is one Bitcoin P2P connection. See the package documentation.
type Peer struct {
	cfg      Config
	conn     net.Conn
	inbound  bool
	connType ConnectionType
	addr     string
	connTime time.Time
	nonce    uint64
	log      *slog.Logger

	hi    chan outMsg
	out   chan outMsg
	wake  chan struct{}
	quit  chan struct{}
	ready chan struct{}
	done  chan struct{}
	wg    sync.WaitGroup

	mu      sync.Mutex
	started bool
	closed  bool
	err     error
	remote  remoteState
	traffic traffic

	inv inventory
	rd  *bufio.Reader // read goroutine only
}

// New returns a peer for conn, not yet started. inbound tells whether the
// remote connected to us; for an outbound peer cfg.ConnType says which kind
// (OutboundFullRelay if left as Inbound).
//
// This function is safe for concurrent access.
func New(conn net.Conn, cfg Config, inbound bool) *Peer {
	cfg.setDefaults()
	ct := cfg.ConnType
	if inbound {
		ct = Inbound
	} else if ct == Inbound {
		ct = OutboundFullRelay
	}
	addr := ""
	if ra := conn.RemoteAddr(); ra != nil {
		addr = ra.String()
	}
	p := &Peer{
		cfg:      cfg,
		conn:     conn,
		inbound:  inbound,
		connType: ct,
		addr:     addr,
		connTime: time.Now(),
		nonce:    rand.Uint64() | 1,
		log:      cfg.Logger.With("peer", cfg.ID),
		hi:       make(chan outMsg, hiQueueSize),
		out:      make(chan outMsg, cfg.SendQueueSize),
		wake:     make(chan struct{}, 1),
		quit:     make(chan struct{}),
		ready:    make(chan struct{}),
		done:     make(chan struct{}),
	}
	p.inv.init(cfg.KnownInventory)
	p.traffic.init()
	return p
}

// Start runs the peer: it starts its reader and writer goroutines, performs
// the version handshake and returns nil once it is complete (verack
// received), or the error that ended the connection. After a successful
// Start the peer runs until Disconnect, a protocol error, a timeout, or the
// cancellation of ctx; Done is closed when its goroutines have exited.
//
// This function is safe for concurrent access.
func (p *Peer) Start(ctx context.Context) error {
	p.mu.Lock()
	if p.started {
		p.mu.Unlock()
		return makeError(ErrAlreadyStarted, "peer %d already started", p.cfg.ID)
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

// Disconnect closes the connection, recording reason (ErrRequested). It
// does not wait for the goroutines to exit; wait on Done for that. Calling
// it again, or after the peer ended by itself, does nothing.
//
// This function is safe for concurrent access.
func (p *Peer) Disconnect(reason string) {
	p.disconnect(makeError(ErrRequested, "%s", reason))
}

// disconnect ends the peer with err unless it has ended already.
func (p *Peer) disconnect(err error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.err = err
	removeNonce := p.remote.nonceActive
	p.remote.nonceActive = false
	close(p.quit)
	p.mu.Unlock()
	if removeNonce {
		p.cfg.Nonces.Remove(p.nonce)
	}
	p.conn.Close()
	p.log.Debug("disconnecting peer", "addr", p.addr, "reason", err)
	go func() {
		p.wg.Wait()
		close(p.done)
	}()
}

// Done returns a channel closed once the peer is disconnected and its
// goroutines have exited.
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

// Misbehaving records misbehaviour, as Core's Misbehaving since 25.0: there
// is no threshold; unless the peer has the noban permission or is a manual
// connection (then the event is only logged, as Core does), it is marked
// for discouragement (ShouldDiscourage) and disconnected (ErrMisbehaving).
// howmuch only accumulates in MisbehaviorScore, for getpeerinfo.
//
// This function is safe for concurrent access.
func (p *Peer) Misbehaving(howmuch int, reason string) {
	p.mu.Lock()
	p.remote.score += howmuch
	if p.cfg.NoBan || p.connType == Manual {
		p.mu.Unlock()
		p.log.Debug("not punishing peer", "reason", reason)
		return
	}
	p.remote.discourage = true
	p.mu.Unlock()
	p.log.Debug("misbehaving peer", "reason", reason)
	p.disconnect(makeError(ErrMisbehaving, "%s", reason))
}

// ShouldDiscourage reports whether the peer misbehaved and its address
// should be discouraged by the node's ban manager.
//
// This function is safe for concurrent access.
func (p *Peer) ShouldDiscourage() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.discourage
}

// MisbehaviorScore returns the sum of the howmuch arguments of Misbehaving.
//
// This function is safe for concurrent access.
func (p *Peer) MisbehaviorScore() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.score
}

// ID returns the peer's id (Config.ID).
func (p *Peer) ID() int64 { return p.cfg.ID }

// Addr returns the remote address as given by the connection.
func (p *Peer) Addr() string { return p.addr }

// Inbound reports whether the remote connected to us.
func (p *Peer) Inbound() bool { return p.inbound }

// ConnType returns the connection's type.
func (p *Peer) ConnType() ConnectionType { return p.connType }

// Connected reports whether the handshake has completed and the peer is not
// disconnected.
//
// This function is safe for concurrent access.
func (p *Peer) Connected() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.connected && !p.closed
}

// Remote returns what the peer negotiated so far.
//
// This function is safe for concurrent access.
func (p *Peer) Remote() RemoteInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.info
}

// WTxIDRelay reports whether transactions are announced to and by the peer
// by wtxid (BIP339).
//
// This function is safe for concurrent access.
func (p *Peer) WTxIDRelay() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.info.WTxIDRelay
}

// WantsAddrV2 reports whether addresses go to the peer as addrv2 (BIP155).
//
// This function is safe for concurrent access.
func (p *Peer) WantsAddrV2() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.info.WantsAddrV2
}

// PreferHeaders reports whether the peer asked for headers announcements.
//
// This function is safe for concurrent access.
func (p *Peer) PreferHeaders() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.remote.info.PreferHeaders
}

// RelayTxs reports whether transactions are announced to the peer: it set
// the version relay flag and the connection is not block-relay-only.
//
// This function is safe for concurrent access.
func (p *Peer) RelayTxs() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.relayTxsLocked()
}

func (p *Peer) relayTxsLocked() bool {
	return p.remote.info.Relay && p.connType != BlockRelayOnly
}

// ourRelay is our version's relay flag (Core's !RejectIncomingTxs).
func (p *Peer) ourRelay() bool {
	return !p.cfg.BlocksOnly && p.connType != BlockRelayOnly
}

// SetSyncedHeaders records the height of the last header we have in common
// with the peer (getpeerinfo synced_headers), as the node learns it.
//
// This function is safe for concurrent access.
func (p *Peer) SetSyncedHeaders(h int32) {
	p.mu.Lock()
	p.remote.syncedHeaders = h
	p.mu.Unlock()
}

// SetSyncedBlocks records the height of the last block we have in common
// with the peer (getpeerinfo synced_blocks).
//
// This function is safe for concurrent access.
func (p *Peer) SetSyncedBlocks(h int32) {
	p.mu.Lock()
	p.remote.syncedBlocks = h
	p.mu.Unlock()
}

// MaybeSendSendHeaders sends sendheaders (BIP130) once, if the peer's
// version supports it. Core sends it only when our headers chain has
// reached the minimum chain work, so the node calls this at that point
// rather than the peer at verack. It reports whether it was sent now.
//
// This function is safe for concurrent access.
func (p *Peer) MaybeSendSendHeaders() bool {
	p.mu.Lock()
	ok := p.remote.connected && !p.remote.sentSendHdrs &&
		p.remote.info.CommonVersion >= wire.SendHeadersVersion
	if ok {
		p.remote.sentSendHdrs = true
	}
	p.mu.Unlock()
	if ok {
		p.queueHi(&wire.MsgSendHeaders{})
	}
	return ok
}

// SetFeeFilter sends feefilter (BIP133) with rate, satoshis per 1,000
// vbytes, if it differs from the last one sent and the peer can use it
// (handshake done, transaction relay on both sides, common version at least
// 70013). Core re-sends its mempool's minimum fee on a Poisson timer (mean
// 10 minutes), rounded for privacy; the node owns that timer and the
// rounding. It reports whether a message was queued.
//
// This function is safe for concurrent access.
func (p *Peer) SetFeeFilter(rate int64) bool {
	p.mu.Lock()
	ok := p.remote.connected && p.ourRelay() && p.relayTxsLocked() && rate >= 0 && rate <= MaxMoney &&
		p.remote.info.CommonVersion >= wire.FeeFilterVersion && rate != p.remote.feeFilterSent
	if ok {
		p.remote.feeFilterSent = rate
	}
	p.mu.Unlock()
	if ok {
		p.queueHi(&wire.MsgFeeFilter{MinFeeRate: rate})
	}
	return ok
}

// SetHighBandwidth selects (or deselects) the peer as one of our BIP152
// high-bandwidth peers: it sends sendcmpct with announce set (or clear),
// asking the peer to push new blocks to us as cmpctblock. Core keeps at
// most three such peers, chosen among those that last gave it a new block;
// that choice is the node's. It reports whether a message was queued (the
// handshake is done and the common version is at least 70014).
//
// This function is safe for concurrent access.
func (p *Peer) SetHighBandwidth(on bool) bool {
	p.mu.Lock()
	ok := p.remote.connected && p.remote.info.CommonVersion >= wire.ShortIDsBlocksVersion
	if ok {
		p.remote.hbTo = on
	}
	p.mu.Unlock()
	if ok {
		p.queueHi(&wire.MsgSendCmpct{Announce: on, Version: wire.CompactBlocksVersion})
	}
	return ok
}

// RequestPing asks for a ping to be sent now (the ping RPC); a ping already
// outstanding is not replaced.
//
// This function is safe for concurrent access.
func (p *Peer) RequestPing() {
	p.mu.Lock()
	p.remote.pingQueued = true
	p.mu.Unlock()
	p.poke()
}

// poke wakes the writer.
func (p *Peer) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}
