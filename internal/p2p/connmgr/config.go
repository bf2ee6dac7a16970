package connmgr

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// Core's defaults (net.h, net.cpp).
const (
	DefaultMaxConnections   = 125             // -maxconnections
	DefaultMaxOutboundFull  = 8               // MAX_OUTBOUND_FULL_RELAY_CONNECTIONS
	DefaultMaxBlockRelay    = 2               // MAX_BLOCK_RELAY_ONLY_CONNECTIONS
	DefaultMaxFeeler        = 1               // MAX_FEELER_CONNECTIONS
	DefaultMaxAddNode       = 8               // MAX_ADDNODE_CONNECTIONS
	DefaultDialTimeout      = 5 * time.Second // DEFAULT_CONNECT_TIMEOUT
	DefaultFeelerInterval   = 2 * time.Minute // FEELER_INTERVAL
	DefaultConnectInterval  = 500 * time.Millisecond
	DefaultAddNodeRetry     = 60 * time.Second // ThreadOpenAddedConnections
	DefaultAddNodeIdle      = 2 * time.Second
	DefaultDNSSeedDelayFew  = 11 * time.Second // DNSSEEDS_DELAY_FEW_PEERS
	DefaultDNSSeedDelayMany = 5 * time.Minute  // DNSSEEDS_DELAY_MANY_PEERS
	DefaultFixedSeedDelay   = time.Minute
	DefaultBanlistSaveEvery = 15 * time.Minute // DUMP_BANS_INTERVAL
	dnsSeedManyPeers        = 1000             // DNSSEEDS_DELAY_PEER_THRESHOLD
	seedOutboundThreshold   = 2                // SEED_OUTBOUND_CONNECTION_THRESHOLD
	dnsSeedsAtOnce          = 3                // DNSSEEDS_TO_QUERY_AT_ONCE
	feelerSleepWindow       = time.Second      // FEELER_SLEEP_WINDOW
	recentTryWindow         = 10 * time.Minute
	selectTries             = 100
)

// ConnType is the kind of a connection, Core's ConnectionType.
type ConnType uint8

// Connection types.
const (
	// Inbound: a peer connected to us.
	Inbound ConnType = iota
	// OutboundFullRelay: an automatic outbound connection relaying blocks,
	// transactions and addresses.
	OutboundFullRelay
	// BlockRelay: an automatic outbound connection relaying only blocks
	// (no transactions, no addresses).
	BlockRelay
	// Manual: -addnode, -connect or the addnode RPC.
	Manual
	// Feeler: a short-lived connection that tests an address and closes
	// after the handshake.
	Feeler
	// AddrFetch: a short-lived connection (-seednode) that asks for
	// addresses and closes when they arrive.
	AddrFetch
)

// String returns the name Core's getpeerinfo uses (connection_type).
func (t ConnType) String() string {
	switch t {
	case Inbound:
		return "inbound"
	case OutboundFullRelay:
		return "outbound-full-relay"
	case BlockRelay:
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

// AddrBook is the part of the address manager the connection manager uses;
// *addrmgr.Manager implements it.
type AddrBook interface {
	Select(newOnly bool, networks ...addrmgr.Network) (addrmgr.Address, time.Time, bool)
	SelectTriedCollision() (addrmgr.Address, time.Time, bool)
	ResolveCollisions()
	Add(addrs []addrmgr.Address, source addrmgr.Addr, penalty time.Duration) int
	Attempt(a addrmgr.Addr, countFailure bool)
	Good(a addrmgr.Addr) bool
	Connected(a addrmgr.Addr)
	Size(net addrmgr.Network, table addrmgr.Table) int
}

// Dialer opens outbound connections; *net.Dialer implements it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Resolver looks up host names (DNS seeds, -addnode names);
// *net.Resolver implements it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Outcome is what a connection handler reports when its connection ends.
type Outcome struct {
	// Reason says why the connection ended, for the log.
	Reason string
	// CountFailure asks to count a failed attempt against the address in
	// the address manager (an outbound peer that failed the handshake).
	CountFailure bool
}

// Handler runs the protocol on an established connection and returns when
// it ends. It runs in its own goroutine. ctx is cancelled, and the
// connection closed, when the peer is disconnected (DisconnectNode,
// eviction, a ban, SetNetworkActive(false), Stop); a handler blocked in a
// read or write returns then, since the conn is closed. The handler calls
// p.Established after a successful handshake, ends Feeler connections
// right after it and AddrFetch connections once addresses arrived (or
// after a timeout of its choosing), and runs block-relay-only connections
// without transaction or address relay.
type Handler func(ctx context.Context, p *Peer) Outcome

// Config configures a Manager. Zero numeric fields take Core's defaults;
// -1 means none (zero) for the connection counts.
type Config struct {
	// Listen lists "host:port" addresses to accept connections on (-bind,
	// -port; "127.0.0.1:0" picks a free port). Empty means -listen=0.
	Listen []string
	// MaxConnections is -maxconnections: the automatic connections
	// (inbound + automatic outbound); manual ones come on top.
	MaxConnections int
	// MaxOutboundFull and MaxBlockRelay are the automatic outbound targets.
	MaxOutboundFull int
	MaxBlockRelay   int
	// MaxAddNode bounds the manual connections.
	MaxAddNode int

	// AddNodes is -addnode, Connect is -connect (only these, no automatic
	// outbound), SeedNodes is -seednode. Entries are "host[:port]".
	AddNodes  []string
	Connect   []string
	SeedNodes []string
	// DNSSeeds are host names queried for addresses; FixedSeeds are used
	// when the address book stays empty. DefaultPort is the network's
	// port, used for names without one and for DNS results.
	DNSSeeds    []string
	FixedSeeds  []addrmgr.Address
	DefaultPort uint16
	// SeedServices are the service bits recorded for DNS seed results.
	SeedServices uint64
	// Networks are the networks automatic outbound connections may use
	// (-onlynet); empty means IPv4 and IPv6.
	Networks []addrmgr.Network

	// AddrBook is the address manager. Required unless Connect is set.
	AddrBook AddrBook
	// Handler runs each connection. Required.
	Handler Handler
	// Stats supplies eviction statistics (may be nil).
	Stats StatsSource
	// Dialer opens outbound connections; nil means a net.Dialer with
	// DialTimeout.
	Dialer      Dialer
	DialTimeout time.Duration
	// Resolver resolves names; nil means net.DefaultResolver.
	Resolver Resolver
	// IsLocal reports whether an address is one of our own (no connection
	// to ourselves). May be nil.
	IsLocal func(addrmgr.Addr) bool
	// NetGroup returns the network group of an address (Core's /16 for
	// IPv4); nil means NetGroup. Tests on loopback inject their own.
	NetGroup func(addrmgr.Addr) string
	// ServicesOK reports whether an address advertising services is worth
	// an automatic connection (feeler tells a feeler apart). Nil accepts
	// everything.
	ServicesOK func(services uint64, feeler bool) bool
	// BanFile is the path of banlist.json; empty means bans are not
	// persisted.
	BanFile string
	// Now is the clock for bans and connection times; nil means time.Now.
	Now func() time.Time
	// Log receives the manager's log lines; nil discards them.
	Log *slog.Logger

	// Timing; zero means Core's value. Tests shorten them.
	ConnectInterval  time.Duration // outbound loop period (500 ms)
	FeelerInterval   time.Duration // mean of the Poisson feeler timer (2 min)
	AddNodeRetry     time.Duration // added-node retry after an attempt (60 s)
	AddNodeIdle      time.Duration // added-node loop period otherwise (2 s)
	DNSSeedDelayFew  time.Duration // wait before DNS seeding with few addresses (11 s)
	DNSSeedDelayMany time.Duration // ... with 1000 or more addresses (5 min)
	FixedSeedDelay   time.Duration // wait before fixed seeds (60 s)
	BanSaveInterval  time.Duration // periodic banlist.json save (15 min)
}

func orDefault[T ~int | ~int64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

func (c *Config) setDefaults() {
	c.MaxConnections = orDefault(c.MaxConnections, DefaultMaxConnections)
	c.MaxOutboundFull = min(orDefault(c.MaxOutboundFull, DefaultMaxOutboundFull), c.MaxConnections)
	c.MaxBlockRelay = min(orDefault(c.MaxBlockRelay, DefaultMaxBlockRelay), c.MaxConnections-c.MaxOutboundFull)
	c.MaxAddNode = orDefault(c.MaxAddNode, DefaultMaxAddNode)
	c.DialTimeout = orDefault(c.DialTimeout, DefaultDialTimeout)
	c.ConnectInterval = orDefault(c.ConnectInterval, DefaultConnectInterval)
	c.FeelerInterval = orDefault(c.FeelerInterval, DefaultFeelerInterval)
	c.AddNodeRetry = orDefault(c.AddNodeRetry, DefaultAddNodeRetry)
	c.AddNodeIdle = orDefault(c.AddNodeIdle, DefaultAddNodeIdle)
	c.DNSSeedDelayFew = orDefault(c.DNSSeedDelayFew, DefaultDNSSeedDelayFew)
	c.DNSSeedDelayMany = orDefault(c.DNSSeedDelayMany, DefaultDNSSeedDelayMany)
	c.FixedSeedDelay = orDefault(c.FixedSeedDelay, DefaultFixedSeedDelay)
	c.BanSaveInterval = orDefault(c.BanSaveInterval, DefaultBanlistSaveEvery)
	if len(c.Networks) == 0 {
		c.Networks = []addrmgr.Network{addrmgr.NetIPv4, addrmgr.NetIPv6}
	}
	if c.Dialer == nil {
		c.Dialer = &net.Dialer{Timeout: c.DialTimeout}
	}
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	if c.IsLocal == nil {
		c.IsLocal = func(addrmgr.Addr) bool { return false }
	}
	if c.NetGroup == nil {
		c.NetGroup = NetGroup
	}
	if c.ServicesOK == nil {
		c.ServicesOK = func(uint64, bool) bool { return true }
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// maxInbound is Core's m_max_inbound: the automatic connections minus the
// automatic outbound ones (full relay, block relay, one feeler).
func (c *Config) maxInbound() int {
	return max(0, c.MaxConnections-c.maxAutoOutbound())
}

func (c *Config) maxAutoOutbound() int {
	return min(c.MaxOutboundFull+c.MaxBlockRelay+DefaultMaxFeeler, c.MaxConnections)
}
