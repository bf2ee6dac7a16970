package connmgr

import (
	"slices"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// EvictionStats is what the node knows about an inbound peer that matters
// for eviction (Core's NodeEvictionCandidate fields kept by net_processing).
type EvictionStats struct {
	// MinPing is the lowest ping time seen; 0 means no ping yet (ranked
	// as the slowest, as Core's microseconds::max()).
	MinPing time.Duration
	// LastBlockTime and LastTxTime are when the peer last sent a novel
	// block or a transaction accepted to the mempool (zero: never).
	LastBlockTime time.Time
	LastTxTime    time.Time
	// RelevantServices: the peer offers the services we want from a
	// block source.
	RelevantServices bool
	// RelayTxs: the peer asked for transaction relay.
	RelayTxs bool
	// BloomFilter: the peer loaded a BIP37 filter.
	BloomFilter bool
	// NoBan: the peer has the noban permission and is never evicted.
	NoBan bool
}

// StatsSource supplies eviction statistics per connection. The node
// implements it; a nil StatsSource gives every peer zero statistics.
type StatsSource interface {
	EvictionStats(id PeerID) EvictionStats
}

// EvictionCandidate is one inbound connection considered for eviction.
type EvictionCandidate struct {
	ID        PeerID
	Connected time.Time
	EvictionStats
	// KeyedNetGroup is the peer's network group hashed with a secret key,
	// so attackers cannot predict which groups are protected.
	KeyedNetGroup uint64
	// PreferEvict marks discouraged peers, evicted first.
	PreferEvict bool
	// IsLocal marks loopback peers (protected like a disadvantaged network).
	IsLocal bool
	// Network is the peer's network (Tor, I2P and CJDNS peers get
	// protected slots).
	Network addrmgr.Network
}

func boolCmp(less bool) int {
	if less {
		return -1
	}
	return 1
}

func timeCmp(a, b time.Time) int { return a.Compare(b) }

// The comparators below order candidates from least to most deserving of
// protection; eraseLastK protects the last k.

func cmpNetGroupKeyed(a, b EvictionCandidate) int {
	switch {
	case a.KeyedNetGroup < b.KeyedNetGroup:
		return -1
	case a.KeyedNetGroup > b.KeyedNetGroup:
		return 1
	}
	return 0
}

func minPing(c EvictionCandidate) time.Duration {
	if c.MinPing <= 0 {
		return time.Duration(1<<63 - 1)
	}
	return c.MinPing
}

// cmpMinPing puts the slowest first.
func cmpMinPing(a, b EvictionCandidate) int {
	pa, pb := minPing(a), minPing(b)
	switch {
	case pa > pb:
		return -1
	case pa < pb:
		return 1
	}
	return 0
}

// cmpConnectedReverse puts the youngest first.
func cmpConnectedReverse(a, b EvictionCandidate) int { return -timeCmp(a.Connected, b.Connected) }

func cmpTxTime(a, b EvictionCandidate) int {
	if c := timeCmp(a.LastTxTime, b.LastTxTime); c != 0 {
		return c
	}
	if a.RelayTxs != b.RelayTxs {
		return boolCmp(b.RelayTxs)
	}
	if a.BloomFilter != b.BloomFilter {
		return boolCmp(a.BloomFilter)
	}
	return cmpConnectedReverse(a, b)
}

func cmpBlockTime(a, b EvictionCandidate) int {
	if c := timeCmp(a.LastBlockTime, b.LastBlockTime); c != 0 {
		return c
	}
	if a.RelevantServices != b.RelevantServices {
		return boolCmp(b.RelevantServices)
	}
	return cmpConnectedReverse(a, b)
}

func cmpBlockRelayOnlyTime(a, b EvictionCandidate) int {
	if a.RelayTxs != b.RelayTxs {
		return boolCmp(a.RelayTxs)
	}
	return cmpBlockTime(a, b)
}

// eraseLastK sorts cands by cmp and removes, among the last k, those that
// satisfy keep (all when keep is nil): they are protected from eviction.
func eraseLastK(cands []EvictionCandidate, cmp func(a, b EvictionCandidate) int, k int, keep func(*EvictionCandidate) bool) []EvictionCandidate {
	slices.SortStableFunc(cands, cmp)
	k = min(k, len(cands))
	start := len(cands) - k
	out := cands[:start]
	for i := start; i < len(cands); i++ {
		if keep != nil && !keep(&cands[i]) {
			out = append(out, cands[i])
		}
	}
	return out
}

// protectByRatio protects half of the candidates by uptime, reserving up
// to a quarter of all candidates for the disadvantaged networks (CJDNS,
// I2P, localhost, Tor), as Core's ProtectEvictionCandidatesByRatio.
func protectByRatio(cands []EvictionCandidate) []EvictionCandidate {
	totalProtect := len(cands) / 2
	type netClass struct {
		local bool
		net   addrmgr.Network
		count int
	}
	nets := []netClass{{net: addrmgr.NetCJDNS}, {net: addrmgr.NetI2P}, {local: true}, {net: addrmgr.NetTorV3}}
	match := func(n *netClass) func(*EvictionCandidate) bool {
		return func(c *EvictionCandidate) bool {
			if n.local {
				return c.IsLocal
			}
			return c.Network == n.net
		}
	}
	for i := range nets {
		f := match(&nets[i])
		for j := range cands {
			if f(&cands[j]) {
				nets[i].count++
			}
		}
	}
	slices.SortStableFunc(nets, func(a, b netClass) int { return a.count - b.count })
	maxByNet := totalProtect / 2
	protected := 0
	for protected < maxByNet {
		nonEmpty := 0
		for _, n := range nets {
			if n.count > 0 {
				nonEmpty++
			}
		}
		if nonEmpty == 0 {
			break
		}
		perNet := max((maxByNet-protected)/nonEmpty, 1)
		progress := false
		for i := range nets {
			n := &nets[i]
			if n.count == 0 {
				continue
			}
			before := len(cands)
			cmp := func(a, b EvictionCandidate) int {
				if n.local && a.IsLocal != b.IsLocal {
					return boolCmp(b.IsLocal)
				}
				if (a.Network == n.net) != (b.Network == n.net) {
					return boolCmp(b.Network == n.net)
				}
				return cmpConnectedReverse(a, b)
			}
			cands = eraseLastK(cands, cmp, perNet, match(n))
			if d := before - len(cands); d > 0 {
				progress = true
				protected += d
				if protected >= maxByNet {
					break
				}
				n.count -= d
			}
		}
		if !progress {
			break
		}
	}
	return eraseLastK(cands, cmpConnectedReverse, totalProtect-protected, nil)
}

// SelectNodeToEvict picks the inbound connection to drop to make room for
// a new one, as Core's SelectNodeToEvict: it protects 4 peers by keyed
// network group, the 8 with the lowest ping, the 4 that most recently sent
// novel transactions, up to 8 block-relay-only peers and 4 other peers that
// most recently sent novel blocks, then half of the rest by uptime (a
// quarter reserved for Tor, I2P, CJDNS and localhost peers). If any of the
// remaining peers is discouraged only those are considered; among them, the
// youngest member of the network group with the most connections is
// chosen. ok is false when every candidate is protected.
//
// cands is reordered and its contents are unspecified afterwards.
func SelectNodeToEvict(cands []EvictionCandidate) (id PeerID, ok bool) {
	cands = slices.DeleteFunc(cands, func(c EvictionCandidate) bool { return c.NoBan })
	cands = eraseLastK(cands, cmpNetGroupKeyed, 4, nil)
	cands = eraseLastK(cands, cmpMinPing, 8, nil)
	cands = eraseLastK(cands, cmpTxTime, 4, nil)
	cands = eraseLastK(cands, cmpBlockRelayOnlyTime, 8, func(c *EvictionCandidate) bool { return !c.RelayTxs && c.RelevantServices })
	cands = eraseLastK(cands, cmpBlockTime, 4, nil)
	cands = protectByRatio(cands)
	if len(cands) == 0 {
		return 0, false
	}
	if slices.ContainsFunc(cands, func(c EvictionCandidate) bool { return c.PreferEvict }) {
		cands = slices.DeleteFunc(cands, func(c EvictionCandidate) bool { return !c.PreferEvict })
	}
	// cands is sorted youngest first by the last protection step (unless it
	// was a no-op on too few candidates): sort explicitly to be sure.
	slices.SortStableFunc(cands, cmpConnectedReverse)
	type group struct {
		size     int
		youngest time.Time
		first    PeerID
	}
	groups := make(map[uint64]*group)
	var best *group
	for i := range cands {
		c := &cands[i]
		g := groups[c.KeyedNetGroup]
		if g == nil {
			g = &group{youngest: c.Connected, first: c.ID}
			groups[c.KeyedNetGroup] = g
		}
		g.size++
		if best == nil || g.size > best.size || g.size == best.size && g.youngest.After(best.youngest) {
			best = g
		}
	}
	return best.first, true
}
