package ethpeer

import (
	"log/slog"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// Defaults.
const (
	// DefaultHandshakeTimeout bounds the Status exchange.
	DefaultHandshakeTimeout = 5 * time.Second
	// DefaultPingInterval is the time between our pings.
	DefaultPingInterval = 15 * time.Second
	// DefaultPongTimeout is how long a ping may stay unanswered.
	DefaultPongTimeout = 20 * time.Second
	// DefaultRequestTimeout bounds each request (headers, bodies, pooled
	// transactions).
	DefaultRequestTimeout = 10 * time.Second
	// DefaultWriteTimeout bounds one write to the connection.
	DefaultWriteTimeout = 20 * time.Second
	// DefaultSendQueueSize bounds the messages waiting to be written;
	// a peer whose queue is full is dropped.
	DefaultSendQueueSize = 1024
	// DefaultKnownBlocks and DefaultKnownTxs bound the known-item sets
	// (geth's maxKnownBlocks and maxKnownTxs).
	DefaultKnownBlocks = 1024
	DefaultKnownTxs    = 32768

	// MisbehaviorThreshold is the score at which a peer is disconnected
	// and discouraged.
	MisbehaviorThreshold = 100

	// SoftResponseLimit is the size after which a server stops adding
	// items to an answer (geth's softResponseLimit).
	SoftResponseLimit = 2 << 20
)

// Backend receives what a peer learns. The peer calls it from its read
// goroutine, one message at a time and in order; a slow Backend slows only
// that peer. PeerReady is called once after the handshake (an error
// disconnects the peer) and PeerGone once after the peer ended, if
// PeerReady succeeded, before Done is closed.
type Backend interface {
	PeerReady(p *Peer) error
	PeerGone(p *Peer)
	HandleNewBlock(p *Peer, b *ethtypes.Block, td uint256.Int)
	HandleNewBlockHashes(p *Peer, hashes []ethtypes.Hash, numbers []uint64)
	HandleTransactions(p *Peer, txs ethtypes.Transactions)
	HandleTxHashes(p *Peer, types []byte, sizes []uint32, hashes []ethtypes.Hash)
}

// ChainReader is what a peer reads from our chain and pool, for the Status
// message and to serve requests. Absence is reported with false. The
// methods are called from the peers' read goroutines concurrently.
type ChainReader interface {
	// CurrentHead returns our head block's hash, number and timestamp,
	// and the total difficulty of the chain it ends.
	CurrentHead() (hash ethtypes.Hash, number, time uint64, td uint256.Int)
	// HeaderByHash returns a header of any known block.
	HeaderByHash(hash ethtypes.Hash) (*ethtypes.Header, bool)
	// HeaderByNumber returns the canonical header at number.
	HeaderByNumber(number uint64) (*ethtypes.Header, bool)
	// BodyRLP returns a block's body encoded as BlockBodies carries it,
	// rlp([[tx...], [uncle...], [withdrawal...]?]) — the form
	// ethrawdb stores.
	BodyRLP(hash ethtypes.Hash) ([]byte, bool)
	// Receipts returns a block's receipts.
	Receipts(hash ethtypes.Hash) (ethtypes.Receipts, bool)
	// PooledTransaction returns a transaction of the pool.
	PooledTransaction(hash ethtypes.Hash) (*ethtypes.Transaction, bool)
}

// Config is what a peer needs. NetworkID, Genesis, Forks and Chain are
// required; zero durations and sizes take the defaults above.
type Config struct {
	// ID names the peer (ethsync's Peer.ID); the connection manager's
	// peer id in decimal when the Handler builds it.
	ID string
	// NetworkID is our network id (the chain id).
	NetworkID uint64
	// Genesis is our genesis block hash.
	Genesis ethtypes.Hash
	// Forks is our chain's EIP-2124 fork schedule.
	Forks *ethwire.ForkSchedule
	// Chain serves Status fields and requests.
	Chain ChainReader
	// Backend receives announcements and peer events; nil drops them.
	Backend Backend
	// BlockRelayOnly: no transaction relay on this connection (connmgr's
	// block-relay-only connections): the transaction Send methods do
	// nothing and received transaction messages are ignored.
	BlockRelayOnly bool
	// NoBan: misbehaviour disconnects but never discourages the address
	// (manual connections).
	NoBan bool
	// Logger receives debug lines; nil discards.
	Logger *slog.Logger

	HandshakeTimeout time.Duration
	PingInterval     time.Duration
	PongTimeout      time.Duration
	RequestTimeout   time.Duration
	WriteTimeout     time.Duration
	// SendQueueSize bounds the queued messages (default 1024).
	SendQueueSize int
	// KnownBlocks and KnownTxs bound the known-item sets.
	KnownBlocks, KnownTxs int
	// MaxMessageSize bounds received payloads (default and maximum
	// ethwire.MaxMessageSize).
	MaxMessageSize uint32
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.HandshakeTimeout, DefaultHandshakeTimeout)
	def(&c.PingInterval, DefaultPingInterval)
	def(&c.PongTimeout, DefaultPongTimeout)
	def(&c.RequestTimeout, DefaultRequestTimeout)
	def(&c.WriteTimeout, DefaultWriteTimeout)
	if c.SendQueueSize <= 0 {
		c.SendQueueSize = DefaultSendQueueSize
	}
	if c.KnownBlocks <= 0 {
		c.KnownBlocks = DefaultKnownBlocks
	}
	if c.KnownTxs <= 0 {
		c.KnownTxs = DefaultKnownTxs
	}
	if c.MaxMessageSize == 0 || c.MaxMessageSize > ethwire.MaxMessageSize {
		c.MaxMessageSize = ethwire.MaxMessageSize
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}
