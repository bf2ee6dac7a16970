package node

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/netip"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// Core's address relay and self-advertisement (net_processing.cpp).
const (
	// addrRelayMaxEntries: only addr messages of at most 10 entries are
	// relayed (bigger ones answer a getaddr).
	addrRelayMaxEntries = 10
	// addrRelayMaxAge: only addresses seen in the last 10 minutes.
	addrRelayMaxAge = 10 * time.Minute
	// avgAddrBroadcast is AVG_ADDRESS_BROADCAST_INTERVAL: queued
	// addresses leave on a Poisson timer of this mean, per peer.
	avgAddrBroadcast = 30 * time.Second
	// avgLocalAddrBroadcast is AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL.
	avgLocalAddrBroadcast = 24 * time.Hour
	// maxAddrKnown bounds the per-peer set of addresses it knows
	// (Core's m_addr_known rolling bloom filter of 5,000).
	maxAddrKnown = 5000
	// addrRelayTick is how often the send loop looks at the queues.
	addrRelayTick = 500 * time.Millisecond
)

// addrRelayState is a peer's address-relay queue (Core's m_addrs_to_send,
// m_addr_known, m_next_addr_send, m_next_local_addr_send), guarded by
// p2pPeer.mu.
type addrRelayState struct {
	known         map[string]struct{}
	toSend        []wire.NetAddressV2
	nextSend      time.Time
	nextLocalSend time.Time
}

// addrKey identifies an address for the known set.
func addrKey(e *wire.NetAddressV2) string {
	var b [1 + 2 + 32]byte
	b[0] = byte(e.Net)
	binary.BigEndian.PutUint16(b[1:], e.Port)
	n := copy(b[3:], e.Addr)
	return string(b[:3+n])
}

// addrRelayEnabled reports whether addresses are relayed to the peer:
// not block-relay-only and not feeler connections.
func addrRelayEnabled(pp *p2pPeer) bool {
	typ := pp.cp.Type()
	return typ != connmgr.BlockRelay && typ != connmgr.Feeler
}

// markAddrKnown records that the peer knows the address (it sent it or we
// sent it); the set is cleared when it reaches its bound. Call with pp.mu.
func (pp *p2pPeer) markAddrKnown(e *wire.NetAddressV2) {
	if pp.relay.known == nil || len(pp.relay.known) >= maxAddrKnown {
		pp.relay.known = make(map[string]struct{})
	}
	pp.relay.known[addrKey(e)] = struct{}{}
}

// pushAddr queues an address for the peer unless it knows it (Core's
// PushAddress); a full queue (1,000) has a random entry replaced.
func (pp *p2pPeer) pushAddr(e wire.NetAddressV2) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if _, ok := pp.relay.known[addrKey(&e)]; ok {
		return
	}
	if len(pp.relay.toSend) >= wire.MaxAddrToSend {
		pp.relay.toSend[mrand.IntN(len(pp.relay.toSend))] = e
		return
	}
	pp.relay.toSend = append(pp.relay.toSend, e)
}

// relayAddrs forwards fresh, routable addresses from a small addr message
// to two peers (one for a network we cannot reach), chosen by a keyed hash
// of the address and the day so that the same address goes to the same
// peers for 24 hours (Core's RelayAddress), never back to the source.
func (s *p2pService) relayAddrs(src *p2pPeer, entries []wire.NetAddressV2, now time.Time) {
	if len(entries) == 0 || len(entries) > addrRelayMaxEntries {
		return
	}
	s.mu.Lock()
	cands := make([]*p2pPeer, 0, len(s.peers))
	for _, pp := range s.peers {
		if pp != src && addrRelayEnabled(pp) {
			cands = append(cands, pp)
		}
	}
	s.mu.Unlock()
	if len(cands) == 0 {
		return
	}
	for i := range entries {
		e := entries[i]
		if int64(e.Time)+int64(addrRelayMaxAge/time.Second) < now.Unix() {
			continue
		}
		a, err := addrmgr.NewAddr(addrmgr.Network(e.Net), e.Addr, e.Port)
		if err != nil || !a.IsRoutable() {
			continue
		}
		relayNodes := 1
		if e.Net == wire.NetIPv4 || e.Net == wire.NetIPv6 {
			relayNodes = 2 // Core: 2 for reachable networks
		}
		day := uint64(now.Unix()) / 86400
		type scored struct {
			pp    *p2pPeer
			score uint64
		}
		best := make([]scored, 0, relayNodes)
		for _, pp := range cands {
			var h maphash.Hash
			h.SetSeed(s.relaySeed)
			h.WriteString(addrKey(&e))
			var b [16]byte
			binary.LittleEndian.PutUint64(b[:], day)
			binary.LittleEndian.PutUint64(b[8:], uint64(pp.p.ID()))
			h.Write(b[:])
			sc := h.Sum64()
			for j := 0; j <= len(best); j++ {
				if j == len(best) || sc > best[j].score {
					if len(best) < relayNodes {
						best = append(best, scored{})
					}
					copy(best[j+1:], best[j:])
					best[j] = scored{pp, sc}
					break
				}
			}
			if len(best) > relayNodes {
				best = best[:relayNodes]
			}
		}
		for _, b := range best {
			b.pp.pushAddr(e)
		}
	}
}

// poissonDelay draws an exponentially distributed delay of the given mean.
func poissonDelay(mean time.Duration) time.Duration {
	u := mrand.Float64()
	if u <= 0 {
		u = math.SmallestNonzeroFloat64
	}
	return time.Duration(-math.Log(u) * float64(mean))
}

// localAddrs returns the routable addresses this node accepts connections
// on: the bound addresses, or each interface's address when bound to every
// interface.
func (s *p2pService) localAddrs() []addrmgr.Addr {
	if s.cm == nil {
		return nil
	}
	var out []addrmgr.Addr
	add := func(ip netip.Addr, port uint16) {
		a := addrmgr.AddrFromIP(ip.Unmap(), port)
		if a.IsRoutable() {
			out = append(out, a)
		}
	}
	for _, la := range s.cm.ListenAddrs() {
		ta, ok := la.(*net.TCPAddr)
		if !ok {
			continue
		}
		port := uint16(ta.Port)
		ip, ok := netip.AddrFromSlice(ta.IP)
		if !ok {
			continue
		}
		if !ip.IsUnspecified() {
			add(ip, port)
			continue
		}
		ifaddrs, err := net.InterfaceAddrs()
		if err != nil {
			continue
		}
		for _, ia := range ifaddrs {
			if pn, ok := ia.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(pn.IP); ok {
					add(ip, port)
				}
			}
		}
	}
	return out
}

// addrLoop sends each peer its queued addresses on its Poisson timer and,
// once the chain is out of initial block download, advertises our own
// listening addresses to peers we relay addresses to, after the handshake
// and then about once a day (Core's MaybeSendAddr).
func (s *p2pService) addrLoop() {
	defer close(s.relayDone)
	t := time.NewTicker(addrRelayTick)
	defer t.Stop()
	for {
		select {
		case <-s.stopRelay:
			return
		case now := <-t.C:
			s.sendAddrs(now)
		}
	}
}

// sendAddrs is one pass of addrLoop.
func (s *p2pService) sendAddrs(now time.Time) {
	// Our addresses are looked up (interfaces may be listed) only when a
	// peer is due for one, about once a day each.
	advertise := s.n.cfg.Listen && !s.n.btc.chain.IsInitialBlockDownload()
	var local []addrmgr.Addr
	looked := false
	s.mu.Lock()
	peers := make([]*p2pPeer, 0, len(s.peers))
	for _, pp := range s.peers {
		peers = append(peers, pp)
	}
	s.mu.Unlock()
	for _, pp := range peers {
		if !addrRelayEnabled(pp) {
			continue
		}
		if advertise {
			pp.mu.Lock()
			due := !now.Before(pp.relay.nextLocalSend)
			if due {
				pp.relay.nextLocalSend = now.Add(poissonDelay(avgLocalAddrBroadcast))
			}
			pp.mu.Unlock()
			if due && !looked {
				local, looked = s.localAddrs(), true
			}
			if due && len(local) > 0 {
				a := local[mrand.IntN(len(local))]
				pp.pushAddr(wire.NetAddressV2{Time: uint32(now.Unix()), Services: s.localServices(),
					Net: wire.NetworkID(a.Network()), Addr: a.Bytes(), Port: a.Port()})
			}
		}
		pp.mu.Lock()
		if len(pp.relay.toSend) == 0 || now.Before(pp.relay.nextSend) {
			pp.mu.Unlock()
			continue
		}
		pp.relay.nextSend = now.Add(poissonDelay(time.Duration(s.addrMean.Load())))
		batch := pp.relay.toSend
		pp.relay.toSend = nil
		for i := range batch {
			pp.markAddrKnown(&batch[i])
		}
		pp.mu.Unlock()
		s.sendAddrBatch(pp, batch)
	}
}

// sendAddrBatch sends addresses as addrv2 to peers that asked for it and as
// addr (IPv4 and IPv6 only) to the others.
func (s *p2pService) sendAddrBatch(pp *p2pPeer, batch []wire.NetAddressV2) {
	if pp.p.WantsAddrV2() {
		_ = pp.p.QueueMessage(&wire.MsgAddrV2{Addrs: batch})
		return
	}
	msg := &wire.MsgAddr{Addrs: make([]wire.NetAddress, 0, len(batch))}
	for _, e := range batch {
		a, err := addrmgr.NewAddr(addrmgr.Network(e.Net), e.Addr, e.Port)
		if err != nil {
			continue
		}
		ip, ok := a.IP()
		if !ok {
			continue
		}
		msg.Addrs = append(msg.Addrs, wire.NetAddress{Time: e.Time,
			NetAddr: wire.NetAddr{Services: e.Services, IP: ip.As16(), Port: e.Port}})
	}
	if len(msg.Addrs) > 0 {
		_ = pp.p.QueueMessage(msg)
	}
}
