package connmgr

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// Manager is the connection manager: it listens, accepts and evicts
// inbound peers, keeps the outbound targets filled from the address book,
// maintains manual connections, enforces bans and discouragement, and runs
// the node's Handler on every connection. It is Core's CConnman.
type Manager struct {
	cfg       Config
	bans      *BanList
	groupSeed maphash.Seed

	mu        sync.Mutex
	peers     map[PeerID]*Peer
	nextID    PeerID
	dialing   map[addrmgr.Addr]ConnType
	added     []string
	addrFetch []string
	listeners []net.Listener
	started   bool
	stopped   bool

	acceptMu  sync.Mutex // serializes inbound admission
	active    atomic.Bool
	totalSent atomic.Uint64
	totalRecv atomic.Uint64

	rngMu sync.Mutex
	rng   *rand.Rand

	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	wakeAdded chan struct{}
	startTime time.Time
}

// New returns a Manager for cfg; Start runs it. It fails when cfg has no
// Handler, or neither an AddrBook nor Connect addresses.
func New(cfg Config) (*Manager, error) {
	if cfg.Handler == nil {
		return nil, errors.New("connmgr: Config.Handler is required")
	}
	if cfg.AddrBook == nil && len(cfg.Connect) == 0 {
		return nil, errors.New("connmgr: Config.AddrBook is required unless Connect is set")
	}
	cfg.setDefaults()
	var seed [32]byte
	_, _ = crand.Read(seed[:]) // never fails on supported platforms
	m := &Manager{
		cfg:       cfg,
		bans:      NewBanList(cfg.Now),
		groupSeed: maphash.MakeSeed(),
		peers:     make(map[PeerID]*Peer),
		dialing:   make(map[addrmgr.Addr]ConnType),
		added:     slices.Clone(cfg.AddNodes),
		addrFetch: slices.Clone(cfg.SeedNodes),
		rng:       rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:16]))),
		wakeAdded: make(chan struct{}, 1),
	}
	m.active.Store(true)
	return m, nil
}

// Bans returns the manager's ban list.
func (m *Manager) Bans() *BanList { return m.bans }

// Start loads banlist.json, opens the listeners and starts the accept,
// outbound, added-node, DNS-seed and ban-saving loops. An unusable
// banlist.json is logged and replaced by an empty list. ctx only bounds
// the start; Stop ends the manager.
//
// This function is safe for concurrent access.
func (m *Manager) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.started {
		return makeError(ErrNotRunning, "connmgr: already started")
	}
	if m.cfg.BanFile != "" {
		dropped, err := m.bans.LoadFile(m.cfg.BanFile)
		if err != nil {
			m.cfg.Log.Warn("Recreating the banlist database", "file", m.cfg.BanFile, "err", err)
		} else if dropped > 0 {
			m.cfg.Log.Warn("dropped unusable entries from the ban list", "count", dropped)
		}
	}
	var lc net.ListenConfig
	for _, a := range m.cfg.Listen {
		l, err := lc.Listen(ctx, "tcp", a)
		if err != nil {
			for _, l := range m.listeners {
				_ = l.Close()
			}
			m.listeners = nil
			return makeError(ErrInvalidAddress, "Unable to bind to %s on this computer: %v", a, err)
		}
		m.listeners = append(m.listeners, l)
		m.cfg.Log.Info("Bound to " + l.Addr().String())
	}
	m.started = true
	m.startTime = m.cfg.Now()
	m.ctx, m.cancel = context.WithCancel(context.Background())
	for _, l := range m.listeners {
		m.goLocked(func() { m.acceptLoop(l) })
	}
	m.goLocked(m.openConnectionsLoop)
	m.goLocked(m.addedNodesLoop)
	if len(m.cfg.DNSSeeds) > 0 && len(m.cfg.Connect) == 0 && m.cfg.AddrBook != nil {
		m.goLocked(m.dnsSeedLoop)
	}
	if m.cfg.BanFile != "" {
		m.goLocked(m.banSaveLoop)
	}
	return nil
}

// goLocked starts f as a tracked goroutine unless the manager stopped; it
// must be called with m.mu held.
func (m *Manager) goLocked(f func()) bool {
	if m.stopped || !m.started {
		return false
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		f()
	}()
	return true
}

// Stop closes the listeners, cancels dials, disconnects every peer, waits
// for all goroutines (handlers included) to return, and saves
// banlist.json. Stop is idempotent.
//
// This function is safe for concurrent access.
func (m *Manager) Stop() error {
	m.mu.Lock()
	if !m.started || m.stopped {
		m.mu.Unlock()
		return nil
	}
	m.stopped = true
	lns := m.listeners
	m.mu.Unlock()
	m.cancel()
	for _, l := range lns {
		_ = l.Close()
	}
	m.wg.Wait()
	if m.cfg.BanFile != "" {
		if err := m.bans.SaveFile(m.cfg.BanFile); err != nil {
			return err
		}
	}
	return nil
}

// ListenAddrs returns the addresses the manager listens on.
//
// This function is safe for concurrent access.
func (m *Manager) ListenAddrs() []net.Addr {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]net.Addr, len(m.listeners))
	for i, l := range m.listeners {
		out[i] = l.Addr()
	}
	return out
}

func (m *Manager) randDuration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	m.rngMu.Lock()
	defer m.rngMu.Unlock()
	return time.Duration(m.rng.Int64N(int64(d)))
}

// poisson returns an exponentially distributed delay of mean d (Core's
// rand_exp_duration).
func (m *Manager) poisson(d time.Duration) time.Duration {
	m.rngMu.Lock()
	defer m.rngMu.Unlock()
	return time.Duration(m.rng.ExpFloat64() * float64(d))
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// register adds an established connection and starts its handler; it
// returns nil (and closes conn) when the manager is stopping.
func (m *Manager) register(conn net.Conn, ctype ConnType, addr addrmgr.Addr, name string, preferEvict bool) *Peer {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped || !m.started {
		_ = conn.Close()
		return nil
	}
	if name == "" {
		name = addr.String()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	p := &Peer{
		id:          m.nextID,
		conn:        &countingConn{Conn: conn, totalSent: &m.totalSent, totalRecv: &m.totalRecv},
		ctype:       ctype,
		addr:        addr,
		name:        name,
		connTime:    m.cfg.Now(),
		preferEvict: preferEvict,
		cancel:      cancel,
		mgr:         m,
	}
	m.nextID++
	m.peers[p.id] = p
	context.AfterFunc(ctx, func() { _ = conn.Close() })
	m.goLocked(func() { m.runPeer(ctx, p) })
	return p
}

func (m *Manager) runPeer(ctx context.Context, p *Peer) {
	out := m.cfg.Handler(ctx, p)
	p.disconnect.Store(true)
	p.cancel()
	m.mu.Lock()
	delete(m.peers, p.id)
	m.mu.Unlock()
	if !p.Inbound() && m.cfg.AddrBook != nil {
		switch {
		case p.established.Load() && p.ctype != BlockRelay:
			m.cfg.AddrBook.Connected(p.addr)
		case out.CountFailure && !p.established.Load():
			m.cfg.AddrBook.Attempt(p.addr, true)
		}
	}
	m.cfg.Log.Debug("disconnected", "peer", p.id, "addr", p.name, "type", p.ctype.String(), "reason", out.Reason)
}

// counts returns the live (not disconnecting) connections per type, plus
// dials in flight.
func (m *Manager) countsLocked() (n [AddrFetch + 1]int) {
	for _, p := range m.peers {
		if !p.disconnect.Load() {
			n[p.ctype]++
		}
	}
	for _, t := range m.dialing {
		n[t]++
	}
	return n
}

// Direction selects connections in ConnectionCount.
type Direction uint8

// Directions.
const (
	DirAll Direction = iota
	DirIn
	DirOut
)

// ConnectionCount returns the number of connections in a direction
// (getconnectioncount, getnetworkinfo's connections_in/out).
//
// This function is safe for concurrent access.
func (m *Manager) ConnectionCount(dir Direction) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, p := range m.peers {
		if dir == DirAll || (dir == DirIn) == p.Inbound() {
			n++
		}
	}
	return n
}

// Peers returns the connections ordered by id (getpeerinfo).
//
// This function is safe for concurrent access.
func (m *Manager) Peers() []PeerInfo {
	m.mu.Lock()
	out := make([]PeerInfo, 0, len(m.peers))
	for _, p := range m.peers {
		out = append(out, p.info())
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b PeerInfo) int { return int(a.ID - b.ID) })
	return out
}

// Peer returns the connection with id.
//
// This function is safe for concurrent access.
func (m *Manager) Peer(id PeerID) (*Peer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.peers[id]
	return p, ok
}

// NetTotals returns the bytes received and sent over all connections since
// the manager was made (getnettotals).
func (m *Manager) NetTotals() (recv, sent uint64) {
	return m.totalRecv.Load(), m.totalSent.Load()
}

// DisconnectNode disconnects every peer whose name (the address as
// "host:port", or the -addnode/-connect string) is name (disconnectnode
// "address"). It fails with ErrNodeNotConnected.
//
// This function is safe for concurrent access.
func (m *Manager) DisconnectNode(name string) error {
	found := m.disconnectIf(func(p *Peer) bool { return p.name == name || p.addr.String() == name })
	if !found {
		return makeError(ErrNodeNotConnected, "Node not found in connected nodes")
	}
	return nil
}

// DisconnectNodeByID disconnects the peer with id (disconnectnode
// nodeid). It fails with ErrNodeNotConnected.
//
// This function is safe for concurrent access.
func (m *Manager) DisconnectNodeByID(id PeerID) error {
	if !m.disconnectIf(func(p *Peer) bool { return p.id == id }) {
		return makeError(ErrNodeNotConnected, "Node not found in connected nodes")
	}
	return nil
}

func (m *Manager) disconnectIf(match func(*Peer) bool) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	found := false
	for _, p := range m.peers {
		if match(p) {
			p.Disconnect()
			found = true
		}
	}
	return found
}

// SetNetworkActive enables or disables all P2P activity (setnetworkactive):
// disabling disconnects every peer, drops incoming connections and stops
// outbound ones until enabled again.
//
// This function is safe for concurrent access.
func (m *Manager) SetNetworkActive(active bool) {
	if m.active.Swap(active) == active {
		return
	}
	m.cfg.Log.Info("SetNetworkActive", "active", active)
	if !active {
		m.disconnectIf(func(*Peer) bool { return true })
	}
}

// NetworkActive reports whether P2P activity is enabled.
func (m *Manager) NetworkActive() bool { return m.active.Load() }

// Ban bans subnet (an address or a subnet, see ParseSubnet) for bantime
// seconds from now, or until the unix time bantime when absolute; bantime
// 0 means DefaultBanTime (setban "add"). Connected peers in the subnet are
// disconnected and banlist.json is saved. It fails with ErrInvalidSubnet,
// ErrAlreadyBanned or ErrInvalidParameter (absolute time in the past).
//
// This function is safe for concurrent access.
func (m *Manager) Ban(subnet string, bantime int64, absolute bool) error {
	p, err := ParseSubnet(subnet)
	if err != nil {
		return err
	}
	single := !containsSlash(subnet)
	if single && m.bans.IsIPBanned(p.Addr()) || !single && m.bans.IsSubnetBanned(p) {
		return makeError(ErrAlreadyBanned, "Error: IP/Subnet already banned")
	}
	now := m.cfg.Now()
	var until time.Time
	switch {
	case absolute:
		until = time.Unix(bantime, 0)
		if until.Before(now) {
			return makeError(ErrInvalidParameter, "Error: Absolute timestamp is in the past")
		}
	case bantime <= 0:
		until = now.Add(DefaultBanTime)
	default:
		until = now.Add(time.Duration(min(bantime, int64(1<<62)/int64(time.Second))) * time.Second)
	}
	m.bans.Ban(p, until)
	m.disconnectIf(func(peer *Peer) bool {
		ip, ok := peer.addr.IP()
		return ok && p.Contains(ip.Unmap())
	})
	m.saveBans()
	return nil
}

func containsSlash(s string) bool {
	for i := range len(s) {
		if s[i] == '/' {
			return true
		}
	}
	return false
}

// Unban lifts the ban of exactly subnet (setban "remove") and saves
// banlist.json. It fails with ErrInvalidSubnet or ErrNotBanned.
//
// This function is safe for concurrent access.
func (m *Manager) Unban(subnet string) error {
	p, err := ParseSubnet(subnet)
	if err != nil {
		return err
	}
	if !m.bans.Unban(p) {
		return makeError(ErrNotBanned, "Error: Unban failed. Requested address/subnet was not previously manually banned.")
	}
	m.saveBans()
	return nil
}

// ListBanned returns the unexpired bans (listbanned).
//
// This function is safe for concurrent access.
func (m *Manager) ListBanned() []BanEntry { return m.bans.List() }

// ClearBanned removes every ban (clearbanned) and saves banlist.json.
//
// This function is safe for concurrent access.
func (m *Manager) ClearBanned() {
	m.bans.Clear()
	m.saveBans()
}

// Discourage records a misbehaving peer's address and disconnects every
// peer at that address (Core's Discourage + DisconnectNode). Discouraged
// addresses are never connected to, accepted inbound only when slots are
// free, and evicted first.
//
// This function is safe for concurrent access.
func (m *Manager) Discourage(a addrmgr.Addr) {
	m.bans.Discourage(a)
	key := a.WithPort(0)
	m.disconnectIf(func(p *Peer) bool { return p.addr.WithPort(0) == key })
}

// IsBanned reports whether an unexpired ban covers a.
//
// This function is safe for concurrent access.
func (m *Manager) IsBanned(a addrmgr.Addr) bool { return m.bans.IsBanned(a) }

// IsDiscouraged reports whether a's address was discouraged recently.
//
// This function is safe for concurrent access.
func (m *Manager) IsDiscouraged(a addrmgr.Addr) bool { return m.bans.IsDiscouraged(a) }

func (m *Manager) saveBans() {
	if m.cfg.BanFile == "" {
		return
	}
	if err := m.bans.SaveFile(m.cfg.BanFile); err != nil {
		m.cfg.Log.Error("cannot save ban list", "err", err)
	}
}

func (m *Manager) banSaveLoop() {
	t := time.NewTicker(m.cfg.BanSaveInterval)
	defer t.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-t.C:
			m.bans.sweep() // expired bans make the list dirty, as Core's SweepBanned
			if m.bans.Dirty() {
				m.saveBans()
			}
		}
	}
}

// addrOf converts a net.Addr of a TCP peer.
func addrOf(a net.Addr) (addrmgr.Addr, bool) {
	if t, ok := a.(*net.TCPAddr); ok {
		ap := t.AddrPort()
		return addrmgr.AddrFromAddrPort(netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())), ap.IsValid()
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return addrmgr.Addr{}, false
	}
	return addrmgr.AddrFromAddrPort(ap), true
}
