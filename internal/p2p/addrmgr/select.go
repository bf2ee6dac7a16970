package addrmgr

import (
	"slices"
	"time"
)

// Select picks an address to connect to, as Core's AddrMan::Select: it
// searches the tried or the new table with equal odds (only new with
// newOnly, or when the other table is empty), picks random buckets and
// slots, and accepts an entry with probability chance × factor, where
// chance falls 66% per recent failure and 99% for an address tried in the
// last ten minutes, and the factor grows 1.2× after each rejection so the
// search ends. With networks, only addresses of those networks are
// considered. It returns the address and its last try time; ok is false
// when no address qualifies.
//
// This function is safe for concurrent access.
func (m *Manager) Select(newOnly bool, networks ...Network) (a Address, lastTry time.Time, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.random) == 0 {
		return Address{}, time.Time{}, false
	}
	newCount, triedCount := m.nNew, m.nTried
	if len(networks) > 0 {
		newCount, triedCount = 0, 0
		for i, n := range networks {
			dup := false
			for _, p := range networks[:i] {
				dup = dup || p == n
			}
			if c := m.counts[n]; c != nil && !dup {
				newCount += c.nNew
				triedCount += c.nTried
			}
		}
	}
	if newOnly && newCount == 0 || newCount+triedCount == 0 {
		return Address{}, time.Time{}, false
	}
	var tried bool
	switch {
	case newOnly || triedCount == 0:
		tried = false
	case newCount == 0:
		tried = true
	default:
		tried = m.rng.Uint64()&1 == 1
	}
	wanted := func(id int32) bool {
		if len(networks) == 0 {
			return true
		}
		net := m.entries[id].addr.net
		for _, n := range networks {
			if n == net {
				return true
			}
		}
		return false
	}
	now := m.nowUnix()
	factor := 1.0
	for {
		var bucket int
		if tried {
			bucket = int(m.rng.Uint64() >> (64 - triedBucketsLog2))
		} else {
			bucket = int(m.rng.Uint64() >> (64 - newBucketsLog2))
		}
		start := int(m.rng.Uint64() >> (64 - bucketSizeLog2))
		id := int32(-1)
		for i := 0; i < BucketSize; i++ {
			pos := (start + i) % BucketSize
			var c int32
			if tried {
				c = m.triedTbl[bucket][pos]
			} else {
				c = m.newTbl[bucket][pos]
			}
			if c != -1 && wanted(c) {
				id = c
				break
			}
		}
		if id == -1 {
			continue
		}
		e := &m.entries[id]
		if float64(m.rng.Uint64()>>34) < factor*e.chance(now)*(1<<30) {
			return e.address(), timeOrZero(e.lastTry), true
		}
		factor *= 1.2
	}
}

// GetAddr returns up to maxAddresses (0: no limit) random addresses, at
// most maxPct percent (0: no limit) of all known ones, for answering
// getaddr (Core passes 1000 and 23) or getnodeaddresses. With net != 0,
// only addresses of that network class are returned (an IPv6 address that
// embeds IPv4 counts as IPv4, as in Core). With filtered, terrible
// addresses are left out.
//
// This function is safe for concurrent access.
func (m *Manager) GetAddr(maxAddresses, maxPct int, net Network, filtered bool) []Address {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.random)
	if maxPct > 0 {
		n = min(maxPct, 100) * n / 100
	}
	if maxAddresses > 0 {
		n = min(n, maxAddresses)
	}
	wantClass := -1
	if net != 0 {
		wantClass = Addr{net: net}.classOf()
	}
	now := m.nowUnix()
	out := make([]Address, 0, n)
	for i := 0; i < len(m.random) && len(out) < n; i++ {
		j := i + m.rng.IntN(len(m.random)-i)
		m.swapRandom(i, j)
		e := &m.entries[m.random[i]]
		if wantClass >= 0 && e.addr.netClass() != wantClass {
			continue
		}
		if filtered && e.isTerrible(now) {
			continue
		}
		out = append(out, e.address())
	}
	return out
}

// classOf maps a BIP155 network id to Core's network class.
func (a Addr) classOf() int {
	switch a.net {
	case NetIPv4:
		return classIPv4
	case NetIPv6:
		return classIPv6
	case NetTorV3:
		return classOnion
	case NetI2P:
		return classI2P
	case NetCJDNS:
		return classCJDNS
	}
	return classUnroutable
}

// ResolveCollisions settles the test-before-evict collisions that Good
// recorded: a candidate replaces the tried entry in its slot when that
// entry failed a connection attempt more than a minute but less than four
// hours ago, or when the candidate has waited more than 40 minutes without
// the old entry being tried; it is dropped when the old entry connected
// successfully within four hours. The caller is expected to try connecting
// to SelectTriedCollision's address in between.
//
// This function is safe for concurrent access.
func (m *Manager) ResolveCollisions() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id := range m.collisions {
		erase := false
		e := &m.entries[id]
		switch {
		case !e.used:
			erase = true
		case !e.addr.IsValid():
			erase = true
		default:
			bucket := triedBucket(&m.key, e.addr)
			pos := bucketPosition(&m.key, false, bucket, e.addr)
			old := m.triedTbl[bucket][pos]
			now := m.nowUnix()
			if old == -1 {
				m.good(e.addr, false, now)
				erase = true
				break
			}
			o := &m.entries[old]
			switch {
			case now-o.lastSuccess < int64(replacement/time.Second):
				erase = true
			case now-o.lastTry < int64(replacement/time.Second):
				if now-o.lastTry > 60 {
					m.good(e.addr, false, now)
					erase = true
				}
			case now-e.lastSuccess > int64(testWindow/time.Second):
				m.good(e.addr, false, now)
				erase = true
			}
		}
		if erase {
			delete(m.collisions, id)
		}
	}
}

// SelectTriedCollision returns the tried entry that a random pending
// collision would evict, with its last try time, so the caller can test it
// with a feeler connection; ok is false when there is none.
//
// This function is safe for concurrent access.
func (m *Manager) SelectTriedCollision() (a Address, lastTry time.Time, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.collisions) == 0 {
		return Address{}, time.Time{}, false
	}
	ids := make([]int32, 0, len(m.collisions))
	for c := range m.collisions {
		ids = append(ids, c)
	}
	slices.Sort(ids) // iterate like Core's std::set, so injected randomness decides
	id := ids[m.rng.IntN(len(ids))]
	e := &m.entries[id]
	if !e.used {
		delete(m.collisions, id)
		return Address{}, time.Time{}, false
	}
	bucket := triedBucket(&m.key, e.addr)
	pos := bucketPosition(&m.key, false, bucket, e.addr)
	old := m.triedTbl[bucket][pos]
	if old == -1 {
		return Address{}, time.Time{}, false
	}
	o := &m.entries[old]
	return o.address(), timeOrZero(o.lastTry), true
}
