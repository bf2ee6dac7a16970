package peer

import (
	"log/slog"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Timing and size defaults, Core's values (net.h, net_processing.cpp).
const (
	// DefaultHandshakeTimeout is Core's DEFAULT_PEER_CONNECT_TIMEOUT: the
	// time a connection has to finish the version handshake.
	DefaultHandshakeTimeout = 60 * time.Second
	// DefaultPingInterval is PING_INTERVAL.
	DefaultPingInterval = 2 * time.Minute
	// DefaultIdleTimeout is TIMEOUT_INTERVAL: the longest silence (nothing
	// received, nothing sent, a ping unanswered) before disconnecting.
	DefaultIdleTimeout = 20 * time.Minute
	// DefaultInboundTrickle is INBOUND_INVENTORY_BROADCAST_INTERVAL: the
	// mean delay between transaction announcements to an inbound peer.
	DefaultInboundTrickle = 5 * time.Second
	// DefaultOutboundTrickle is OUTBOUND_INVENTORY_BROADCAST_INTERVAL.
	DefaultOutboundTrickle = 2 * time.Second
	// DefaultSendQueueSize is the default bound of the normal send lane, in
	// messages.
	DefaultSendQueueSize = 1024
	// DefaultKnownInventory is the default number of recently seen
	// inventory hashes remembered per peer (Core's known-inventory rolling
	// bloom filter holds 50,000).
	DefaultKnownInventory = 50_000
	// DefaultMaxPendingTx bounds the transactions waiting for the next
	// trickle; more are dropped (the node may announce them again).
	DefaultMaxPendingTx = 100_000
	// InventoryBroadcastTarget is INVENTORY_BROADCAST_TARGET: transactions
	// announced per trickle (7 per second times the inbound interval).
	InventoryBroadcastTarget = 7 * 5
	// InventoryBroadcastMax is INVENTORY_BROADCAST_MAX: the most
	// transactions announced in one trickle, however long the queue.
	InventoryBroadcastMax = 1000
	// MaxMoney is the largest valid fee filter (MAX_MONEY satoshis); Core
	// ignores feefilter values outside [0, MaxMoney].
	MaxMoney = 21_000_000 * 100_000_000
)

// ConnectionType is how a connection came about, as Core's ConnectionType
// and getpeerinfo's connection_type.
type ConnectionType uint8

// Connection types.
const (
	// Inbound: the remote connected to us.
	Inbound ConnectionType = iota
	// OutboundFullRelay: one of the automatic outbound connections relaying
	// blocks, transactions and addresses.
	OutboundFullRelay
	// BlockRelayOnly: an automatic outbound connection relaying blocks only
	// (our version's relay flag is false; no transactions, no addresses).
	BlockRelayOnly
	// Manual: a connection asked for by -connect/-addnode/addnode.
	Manual
	// Feeler: a short-lived connection testing an address.
	Feeler
	// AddrFetch: a short-lived connection asking for addresses (-seednode).
	AddrFetch
)

// String returns getpeerinfo's name of the type.
func (t ConnectionType) String() string {
	switch t {
	case Inbound:
		return "inbound"
	case OutboundFullRelay:
		return "outbound-full-relay"
	case BlockRelayOnly:
		return "block-relay-only"
	case Manual:
		return "manual"
	case Feeler:
		return "feeler"
	case AddrFetch:
		return "addr-fetch"
	}
	return "unknown"
}

// Handler receives the messages of a peer after the handshake, in the order
// they arrived, on the peer's read goroutine: while OnMessage runs, the peer
// reads nothing more (as Core processes one message of a peer at a time), so
// a slow handler slows that peer only. The messages the peer handles itself
// (version, verack, wtxidrelay, sendaddrv2, sendheaders, sendcmpct,
// feefilter, ping, pong) are not passed on. Both addr and addrv2 arrive as
// *wire.MsgAddrV2 (addr entries converted; see AddrV1ToV2). A message's
// fields alias its payload and stay valid after OnMessage returns.
type Handler interface {
	OnMessage(p *Peer, msg wire.Message)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(p *Peer, msg wire.Message)

// OnMessage calls f(p, msg).
func (f HandlerFunc) OnMessage(p *Peer, msg wire.Message) { f(p, msg) }

// NonceSet holds the version nonces of our outbound connections that have
// not finished their handshake, shared by all peers of a node: an inbound
// version carrying one of them is a connection to ourselves.
type NonceSet interface {
	Add(nonce uint64)
	Remove(nonce uint64)
	Contains(nonce uint64) bool
}

// LocalNonces is a NonceSet safe for concurrent use. The zero value is
// ready.
type LocalNonces struct {
	mu sync.Mutex
	m  map[uint64]int
}

// Add records a nonce.
//
// This function is safe for concurrent access.
func (s *LocalNonces) Add(n uint64) {
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[uint64]int)
	}
	s.m[n]++
	s.mu.Unlock()
}

// Remove forgets one recording of a nonce.
//
// This function is safe for concurrent access.
func (s *LocalNonces) Remove(n uint64) {
	s.mu.Lock()
	if s.m[n] <= 1 {
		delete(s.m, n)
	} else {
		s.m[n]--
	}
	s.mu.Unlock()
}

// Contains reports whether a nonce is recorded.
//
// This function is safe for concurrent access.
func (s *LocalNonces) Contains(n uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[n] > 0
}

// Config is what a peer needs from the node. Zero durations and sizes take
// the defaults above.
type Config struct {
	// ID is the node-wide peer id (getpeerinfo "id").
	ID int64
	// Magic is the network's message start (chaincfg.Params.NetMagic).
	Magic [4]byte
	// Services are the service bits we announce.
	Services wire.ServiceFlag
	// UserAgent is our BIP14 user agent, e.g. "/twinchain:0.1.0/".
	UserAgent string
	// ProtocolVersion is the version we announce; 0 means
	// wire.ProtocolVersion.
	ProtocolVersion int32
	// MinProtocolVersion is the oldest version accepted from the peer; 0
	// means wire.MinPeerProtocolVersion (Core's MIN_PEER_PROTO_VERSION,
	// 31800).
	MinProtocolVersion int32
	// RequiredServices are the services an outbound (full-relay,
	// block-relay-only or addr-fetch) peer must offer, as Core's
	// HasAllDesirableServiceFlags; 0 checks nothing.
	RequiredServices wire.ServiceFlag
	// StartHeight returns our best height for the version message; nil
	// means 0.
	StartHeight func() int32
	// ConnType is the connection's type; an inbound peer (New's inbound
	// argument) is always Inbound.
	ConnType ConnectionType
	// BlocksOnly is -blocksonly: we do not want transactions (our version's
	// relay flag is false, no transaction is announced to us or by us).
	BlocksOnly bool
	// NoBan is the noban permission: misbehaviour is logged but neither
	// discourages nor disconnects the peer.
	NoBan bool
	// Nonces is the node's shared NonceSet for self-connection detection;
	// nil disables the check.
	Nonces NonceSet
	// Handler receives the peer's messages; nil drops them.
	Handler Handler
	// FeeRate returns a transaction's fee rate in satoshis per 1,000
	// virtual bytes for the peer's fee filter, and false if the
	// transaction is no longer known (it is then not announced). nil
	// announces every transaction.
	FeeRate func(hash chainhash.Hash) (int64, bool)
	// FeeFilter is the fee rate sent in feefilter after the handshake to a
	// peer that relays transactions; 0 sends none.
	FeeFilter int64
	// Logger receives debug lines; nil discards.
	Logger *slog.Logger

	// HandshakeTimeout bounds the version handshake (default 60 s).
	HandshakeTimeout time.Duration
	// PingInterval is the time between pings (default 2 min).
	PingInterval time.Duration
	// IdleTimeout is Core's TIMEOUT_INTERVAL (default 20 min).
	IdleTimeout time.Duration
	// InboundTrickle and OutboundTrickle are the mean transaction
	// announcement intervals (defaults 5 s and 2 s).
	InboundTrickle, OutboundTrickle time.Duration
	// SendQueueSize bounds the normal send lane (default 1024 messages).
	SendQueueSize int
	// KnownInventory bounds the known-inventory set (default 50,000).
	KnownInventory int
	// MaxPendingTx bounds the transactions awaiting a trickle (default
	// 100,000).
	MaxPendingTx int
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.HandshakeTimeout, DefaultHandshakeTimeout)
	def(&c.PingInterval, DefaultPingInterval)
	def(&c.IdleTimeout, DefaultIdleTimeout)
	def(&c.InboundTrickle, DefaultInboundTrickle)
	def(&c.OutboundTrickle, DefaultOutboundTrickle)
	if c.SendQueueSize <= 0 {
		c.SendQueueSize = DefaultSendQueueSize
	}
	if c.KnownInventory <= 0 {
		c.KnownInventory = DefaultKnownInventory
	}
	if c.MaxPendingTx <= 0 {
		c.MaxPendingTx = DefaultMaxPendingTx
	}
	if c.ProtocolVersion == 0 {
		c.ProtocolVersion = wire.ProtocolVersion
	}
	if c.MinProtocolVersion == 0 {
		c.MinProtocolVersion = wire.MinPeerProtocolVersion
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}
