package connmgr

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// resolve turns "host[:port]" into an address, looking names up with the
// resolver.
func (m *Manager) resolve(ctx context.Context, name string) (addrmgr.Addr, error) {
	host, portStr, err := net.SplitHostPort(name)
	port := m.cfg.DefaultPort
	if err != nil {
		host = name
	} else {
		p, err := strconv.ParseUint(portStr, 10, 16)
		if err != nil {
			return addrmgr.Addr{}, makeError(ErrInvalidAddress, "invalid port in %q", name)
		}
		port = uint16(p)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return addrmgr.AddrFromIP(ip, port), nil
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.DialTimeout)
	defer cancel()
	ips, err := m.cfg.Resolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return addrmgr.Addr{}, makeError(ErrInvalidAddress, "cannot resolve %q: %v", name, err)
	}
	return addrmgr.AddrFromIP(ips[0], port), nil
}

// connectedLocked reports whether a connection to addr exists or is being
// dialled.
func (m *Manager) connectedLocked(addr addrmgr.Addr, name string) bool {
	if _, ok := m.dialing[addr]; ok {
		return true
	}
	for _, p := range m.peers {
		if p.addr == addr || name != "" && p.name == name {
			return true
		}
	}
	return false
}

// connect opens an outbound connection of type ctype to addr, or to the
// name when name is set (manual, -connect, -seednode), and starts its
// handler; it is Core's OpenNetworkConnection. Automatic connections skip
// our own, banned and discouraged addresses; named ones do not (as in
// Core). It reports whether a connection was made.
func (m *Manager) connect(ctx context.Context, addr addrmgr.Addr, name string, ctype ConnType, countFailure bool) bool {
	if name != "" {
		m.mu.Lock()
		dup := m.connectedLocked(addrmgr.Addr{}, name)
		m.mu.Unlock()
		if dup {
			return false
		}
		a, err := m.resolve(ctx, name)
		if err != nil {
			m.cfg.Log.Debug("cannot connect", "name", name, "err", err)
			return false
		}
		addr = a
	} else if m.cfg.IsLocal(addr) || m.bans.IsBanned(addr) || m.bans.IsDiscouraged(addr) {
		return false
	}
	m.mu.Lock()
	if m.stopped || m.connectedLocked(addr, name) {
		m.mu.Unlock()
		return false
	}
	m.dialing[addr] = ctype
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.dialing, addr)
		m.mu.Unlock()
	}()

	dctx, cancel := context.WithTimeout(ctx, m.cfg.DialTimeout)
	conn, err := m.cfg.Dialer.DialContext(dctx, "tcp", addr.String())
	cancel()
	if m.cfg.AddrBook != nil {
		m.cfg.AddrBook.Attempt(addr, countFailure)
	}
	if err != nil {
		m.cfg.Log.Debug("connection failed", "addr", addr.String(), "type", ctype.String(), "err", err)
		return false
	}
	if !m.active.Load() {
		_ = conn.Close()
		return false
	}
	p := m.register(conn, ctype, addr, name, false)
	if p != nil {
		m.cfg.Log.Debug("connected", "peer", p.id, "addr", p.name, "type", ctype.String())
	}
	return p != nil
}

// isAddedLocked reports whether addr is one of the -addnode entries (by
// its "host:port" text).
func (m *Manager) isAddedLocked(addr addrmgr.Addr) bool {
	s := addr.String()
	for _, n := range m.added {
		if n == s {
			return true
		}
	}
	return false
}

// processAddrFetch opens one -seednode connection if any is queued and an
// automatic outbound slot is free.
func (m *Manager) processAddrFetch(ctx context.Context) {
	m.mu.Lock()
	if len(m.addrFetch) == 0 {
		m.mu.Unlock()
		return
	}
	n := m.countsLocked()
	if n[OutboundFullRelay]+n[BlockRelay]+n[Feeler]+n[AddrFetch] >= m.cfg.maxAutoOutbound() {
		m.mu.Unlock()
		return
	}
	name := m.addrFetch[0]
	m.addrFetch = m.addrFetch[1:]
	m.mu.Unlock()
	m.connect(ctx, addrmgr.Addr{}, name, AddrFetch, false)
}

// openConnectionsLoop is Core's ThreadOpenConnections.
func (m *Manager) openConnectionsLoop() {
	ctx := m.ctx
	if len(m.cfg.Connect) > 0 {
		for loop := 0; ; loop++ {
			m.processAddrFetch(ctx)
			for _, name := range m.cfg.Connect {
				if m.active.Load() {
					m.connect(ctx, addrmgr.Addr{}, name, Manual, false)
				}
				for i := 0; i < 10 && i < loop; i++ {
					if !sleep(ctx, m.cfg.ConnectInterval) {
						return
					}
				}
			}
			if !sleep(ctx, m.cfg.ConnectInterval) {
				return
			}
		}
	}
	book := m.cfg.AddrBook
	nextFeeler := m.cfg.Now().Add(m.poisson(m.cfg.FeelerInterval))
	addFixed := len(m.cfg.FixedSeeds) > 0
	for {
		if !sleep(ctx, m.cfg.ConnectInterval) {
			return
		}
		m.processAddrFetch(ctx)
		if !m.active.Load() {
			continue
		}
		now := m.cfg.Now()
		if addFixed && book.Size(0, addrmgr.TableAll) == 0 {
			m.mu.Lock()
			noAdded := len(m.added) == 0
			m.mu.Unlock()
			if now.Sub(m.startTime) > m.cfg.FixedSeedDelay || len(m.cfg.DNSSeeds) == 0 && len(m.cfg.SeedNodes) == 0 && noAdded {
				n := book.Add(m.cfg.FixedSeeds, addrmgr.Addr{}, 0)
				m.cfg.Log.Info("Adding fixed seeds", "added", n)
				addFixed = false
			}
		}

		m.mu.Lock()
		n := m.countsLocked()
		groups := make(map[string]bool)
		privacy := 0
		for _, p := range m.peers {
			switch p.ctype {
			case Manual, OutboundFullRelay, BlockRelay:
				if isPrivacyNet(p.addr) {
					privacy++
				} else {
					groups[m.cfg.NetGroup(p.addr)] = true
				}
			}
		}
		for a, t := range m.dialing {
			if t == Manual || t == OutboundFullRelay || t == BlockRelay {
				groups[m.cfg.NetGroup(a)] = true
			}
		}
		m.mu.Unlock()
		if n[OutboundFullRelay]+n[BlockRelay]+n[Feeler]+n[AddrFetch] >= m.cfg.maxAutoOutbound() {
			continue
		}
		var ctype ConnType
		switch {
		case n[OutboundFullRelay] < m.cfg.MaxOutboundFull:
			ctype = OutboundFullRelay
		case n[BlockRelay] < m.cfg.MaxBlockRelay:
			ctype = BlockRelay
		case !now.Before(nextFeeler):
			nextFeeler = now.Add(m.poisson(m.cfg.FeelerInterval))
			ctype = Feeler
		default:
			continue
		}
		feeler := ctype == Feeler
		book.ResolveCollisions()
		addr, ok := m.selectAddress(now, feeler, groups)
		if !ok {
			continue
		}
		if feeler && !sleep(ctx, m.randDuration(feelerSleepWindow)) {
			return
		}
		// Count failures only when we have working connections to
		// distinct groups: otherwise our own outage would ruin the book.
		countFailure := len(groups)+privacy >= min(m.cfg.maxAutoOutbound()-1, 2)
		m.connect(ctx, addr, "", ctype, countFailure)
	}
}

// selectAddress draws an address for an automatic outbound connection as
// Core's ThreadOpenConnections does: up to 100 draws, skipping groups we
// are connected to (not for feelers), addresses tried in the last ten
// minutes (for the first 30 draws), unwanted services, added nodes and
// addresses we are connected to or may not connect to.
func (m *Manager) selectAddress(now time.Time, feeler bool, groups map[string]bool) (addrmgr.Addr, bool) {
	book := m.cfg.AddrBook
	for tries := 1; tries <= selectTries; tries++ {
		var (
			a       addrmgr.Address
			lastTry time.Time
			ok      bool
		)
		if feeler {
			a, lastTry, ok = book.SelectTriedCollision()
			if !ok {
				a, lastTry, ok = book.Select(true, m.cfg.Networks...)
			}
		} else {
			a, lastTry, ok = book.Select(false, m.cfg.Networks...)
		}
		if !ok || m.cfg.IsLocal(a.Addr) {
			return addrmgr.Addr{}, false
		}
		if !slices.Contains(m.cfg.Networks, a.Addr.Network()) {
			continue
		}
		if !feeler && !isPrivacyNet(a.Addr) && groups[m.cfg.NetGroup(a.Addr)] {
			continue
		}
		if now.Sub(lastTry) < recentTryWindow && tries < 30 {
			continue
		}
		if !m.cfg.ServicesOK(a.Services, feeler) {
			continue
		}
		if m.bans.IsBanned(a.Addr) || m.bans.IsDiscouraged(a.Addr) {
			continue
		}
		m.mu.Lock()
		skip := m.isAddedLocked(a.Addr) || m.connectedLocked(a.Addr, "")
		m.mu.Unlock()
		if skip {
			continue
		}
		return a.Addr, true
	}
	return addrmgr.Addr{}, false
}

// fullOutboundCount returns the live full-relay outbound connections.
func (m *Manager) fullOutboundCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, p := range m.peers {
		if p.ctype == OutboundFullRelay && p.established.Load() {
			n++
		}
	}
	return n
}

// dnsSeedLoop is Core's ThreadDNSAddressSeed: with an empty address book
// the seeds are queried at once; otherwise it waits (11 s, or 5 min with
// 1000 or more addresses) before each batch of three seeds and gives up
// when two full-relay peers are connected.
func (m *Manager) dnsSeedLoop() {
	ctx := m.ctx
	book := m.cfg.AddrBook
	seeds := slices.Clone(m.cfg.DNSSeeds)
	m.rngMu.Lock()
	m.rng.Shuffle(len(seeds), func(i, j int) { seeds[i], seeds[j] = seeds[j], seeds[i] })
	m.rngMu.Unlock()
	found, batch := 0, 0
	for _, seed := range seeds {
		if batch == 0 {
			batch = dnsSeedsAtOnce
			if size := book.Size(0, addrmgr.TableAll); size > 0 {
				wait := m.cfg.DNSSeedDelayFew
				if size >= dnsSeedManyPeers {
					wait = m.cfg.DNSSeedDelayMany
				}
				for wait > 0 {
					w := min(wait, m.cfg.DNSSeedDelayFew)
					if !sleep(ctx, w) {
						return
					}
					wait -= w
					if m.fullOutboundCount() >= seedOutboundThreshold {
						m.cfg.Log.Info("P2P peers available. Skipped DNS seeding.", "found", found)
						return
					}
				}
			}
		}
		for !m.active.Load() {
			if !sleep(ctx, time.Second) {
				return
			}
		}
		rctx, cancel := context.WithTimeout(ctx, m.cfg.DialTimeout)
		ips, err := m.cfg.Resolver.LookupNetIP(rctx, "ip", seed)
		cancel()
		batch--
		if err != nil {
			m.cfg.Log.Debug("DNS seed lookup failed", "seed", seed, "err", err)
			continue
		}
		now := m.cfg.Now()
		addrs := make([]addrmgr.Address, 0, len(ips))
		for _, ip := range ips {
			// Core dates seed results three to seven days back.
			age := 3*24*time.Hour + m.randDuration(4*24*time.Hour)
			addrs = append(addrs, addrmgr.Address{Addr: addrmgr.AddrFromIP(ip, m.cfg.DefaultPort), Services: m.cfg.SeedServices, Time: now.Add(-age)})
		}
		found += book.Add(addrs, addrmgr.Addr{}, 0)
	}
	m.cfg.Log.Info("addresses found from DNS seeds", "count", found)
}
