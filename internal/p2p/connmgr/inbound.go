package connmgr

import (
	"errors"
	"hash/maphash"
	"net"
	"time"
)

// acceptLoop accepts connections on l until it is closed.
func (m *Manager) acceptLoop(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			if m.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			m.cfg.Log.Warn("accept failed", "listener", l.Addr().String(), "err", err)
			if !sleep(m.ctx, 10*time.Millisecond) {
				return
			}
			continue
		}
		m.accept(c)
	}
}

// accept admits or drops an inbound connection, as Core's
// CreateNodeFromAcceptedSocket: dropped when the network is inactive or
// the address banned; a discouraged address only while at least two inbound
// slots are free; with no free slot another inbound peer is evicted first.
func (m *Manager) accept(c net.Conn) {
	addr, ok := addrOf(c.RemoteAddr())
	drop := func(why string) {
		m.cfg.Log.Debug("connection dropped", "from", c.RemoteAddr().String(), "reason", why)
		_ = c.Close()
	}
	switch {
	case !ok:
		drop("unknown address")
		return
	case !m.active.Load():
		drop("not accepting new connections")
		return
	case m.bans.IsBanned(addr):
		drop("banned")
		return
	}
	discouraged := m.bans.IsDiscouraged(addr)
	m.acceptMu.Lock()
	defer m.acceptMu.Unlock()
	maxIn := m.cfg.maxInbound()
	m.mu.Lock()
	nIn := m.countsLocked()[Inbound]
	m.mu.Unlock()
	if discouraged && nIn+1 >= maxIn {
		drop("discouraged")
		return
	}
	if nIn >= maxIn && !m.evictInbound() {
		drop("failed to find an eviction candidate")
		return
	}
	m.register(c, Inbound, addr, "", discouraged)
}

// Candidates returns the eviction candidates among the live inbound
// connections, with the node's statistics.
//
// This function is safe for concurrent access.
func (m *Manager) Candidates() []EvictionCandidate {
	m.mu.Lock()
	peers := make([]*Peer, 0, len(m.peers))
	for _, p := range m.peers {
		if p.Inbound() && !p.disconnect.Load() {
			peers = append(peers, p)
		}
	}
	m.mu.Unlock()
	cands := make([]EvictionCandidate, len(peers))
	for i, p := range peers {
		var st EvictionStats
		if m.cfg.Stats != nil {
			st = m.cfg.Stats.EvictionStats(p.id)
		}
		ip, _ := p.addr.IP()
		cands[i] = EvictionCandidate{
			ID:            p.id,
			Connected:     p.connTime,
			EvictionStats: st,
			KeyedNetGroup: maphash.String(m.groupSeed, m.cfg.NetGroup(p.addr)),
			PreferEvict:   p.preferEvict || m.bans.IsDiscouraged(p.addr),
			IsLocal:       ip.IsLoopback(),
			Network:       p.addr.Network(),
		}
	}
	return cands
}

// evictInbound disconnects the inbound peer SelectNodeToEvict picks and
// reports whether there was one (Core's AttemptToEvictConnection).
func (m *Manager) evictInbound() bool {
	id, ok := SelectNodeToEvict(m.Candidates())
	if !ok {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.peers[id]
	if !ok {
		return false
	}
	m.cfg.Log.Debug("selected peer for eviction", "peer", id, "addr", p.name)
	p.Disconnect()
	return true
}
