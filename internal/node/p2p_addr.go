package node

import (
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// onAddr feeds the address manager from an addr or addrv2 message, with
// Core's limits: no address relay on block-relay-only connections, a token
// bucket of 0.1 addresses per second per peer (topped up by 1,000 when we
// asked with getaddr), times in the future or before 1973 replaced by five
// days ago, and the two-hour penalty of relayed addresses. Fresh routable
// addresses of small messages are relayed on (relayAddrs).
func (s *p2pService) onAddr(pp *p2pPeer, m *wire.MsgAddrV2) {
	typ := pp.cp.Type()
	if typ == connmgr.BlockRelay || typ == connmgr.Feeler {
		return
	}
	now := time.Now()
	pp.mu.Lock()
	if pp.addrTokens < maxAddrTokenBucket {
		el := now.Sub(pp.addrTokensTime).Seconds()
		if el > 0 {
			pp.addrTokens = min(pp.addrTokens+el*maxAddrRatePerSecond, maxAddrTokenBucket)
		}
	}
	pp.addrTokensTime = now
	out := make([]addrmgr.Address, 0, len(m.Addrs))
	var relay []wire.NetAddressV2
	for i := range m.Addrs {
		e := &m.Addrs[i]
		pp.markAddrKnown(e)
		if !e.Known() {
			continue
		}
		if pp.addrTokens < 1 {
			// Rate limited: Core drops the rest silently.
			break
		}
		pp.addrTokens--
		a, err := addrmgr.NewAddr(addrmgr.Network(e.Net), e.Addr, e.Port)
		if err != nil || !a.IsRoutable() {
			continue
		}
		t := time.Unix(int64(e.Time), 0)
		if e.Time <= 100_000_000 || t.After(now.Add(10*time.Minute)) {
			t = now.Add(-5 * 24 * time.Hour)
		}
		out = append(out, addrmgr.Address{Addr: a, Services: uint64(e.Services), Time: t})
		if len(m.Addrs) <= addrRelayMaxEntries {
			relay = append(relay, *e)
		}
	}
	pp.mu.Unlock()
	s.relayAddrs(pp, relay, now)
	if len(out) > 0 {
		s.addrs.Add(out, pp.cp.Addr(), addrmgr.RelayPenalty)
	}
	if typ == connmgr.AddrFetch && len(m.Addrs) > 1 {
		pp.gotAddrOnce.Do(func() { close(pp.gotAddr) })
	}
}

// onGetAddr answers the first getaddr of an inbound peer from the address
// manager (at most 1,000 addresses, 23% of those known, terrible ones left
// out), in addrv2 to peers that asked for it and in addr (IPv4 and IPv6 only)
// to the others. Core ignores getaddr from outbound peers (fingerprinting).
// Nothing is sent when there is no address to give: like Core, which only
// sends addresses it has, and btcd disconnects a peer whose addr or addrv2
// message is empty.
func (s *p2pService) onGetAddr(pp *p2pPeer) {
	if !pp.cp.Inbound() {
		return
	}
	pp.mu.Lock()
	done := pp.getAddrAnswer
	pp.getAddrAnswer = true
	pp.mu.Unlock()
	if done {
		return
	}
	addrs := s.addrs.GetAddr(addrmgr.MaxGetAddr, addrmgr.MaxPctGetAddr, 0, true)
	if pp.p.WantsAddrV2() {
		msg := &wire.MsgAddrV2{Addrs: make([]wire.NetAddressV2, 0, len(addrs))}
		for _, a := range addrs {
			msg.Addrs = append(msg.Addrs, wire.NetAddressV2{
				Time:     uint32(a.Time.Unix()),
				Services: wire.ServiceFlag(a.Services),
				Net:      wire.NetworkID(a.Addr.Network()),
				Addr:     a.Addr.Bytes(),
				Port:     a.Addr.Port(),
			})
		}
		if len(msg.Addrs) > 0 {
			_ = pp.p.QueueMessage(msg)
		}
		return
	}
	msg := &wire.MsgAddr{Addrs: make([]wire.NetAddress, 0, len(addrs))}
	for _, a := range addrs {
		ip, ok := a.Addr.IP()
		if !ok {
			continue
		}
		msg.Addrs = append(msg.Addrs, wire.NetAddress{
			Time: uint32(a.Time.Unix()),
			NetAddr: wire.NetAddr{
				Services: wire.ServiceFlag(a.Services),
				IP:       ip.As16(),
				Port:     a.Addr.Port(),
			},
		})
	}
	if len(msg.Addrs) > 0 {
		_ = pp.p.QueueMessage(msg)
	}
}
