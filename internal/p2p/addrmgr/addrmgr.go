package addrmgr

import (
	crand "crypto/rand"
	"io"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// Policy constants, Core's ADDRMAN_* values.
const (
	horizon            = 30 * 24 * time.Hour // addresses not seen for this long are terrible
	retries            = 3                   // failures without any success that make an address terrible
	maxFailures        = 10                  // failures within minFail that make an address terrible
	minFail            = 7 * 24 * time.Hour
	replacement        = 4 * time.Hour // a tried entry seen within this is not evicted
	maxTriedCollisions = 10            // size of the test-before-evict set
	testWindow         = 40 * time.Minute
	connectedInterval  = 20 * time.Minute // Connected updates the timestamp at most this often

	// MaxPctGetAddr is Core's MAX_PCT_ADDR_TO_SEND: the share of known
	// addresses answered to one getaddr.
	MaxPctGetAddr = 23
	// MaxGetAddr is Core's MAX_ADDR_TO_SEND: the most addresses in one
	// addr message.
	MaxGetAddr = 1000

	// RelayPenalty is the time penalty Core applies to addresses learned
	// from addr/addrv2 messages (net_processing's two hours).
	RelayPenalty = 2 * time.Hour
)

// Address is a peer address as gossiped: the endpoint, the service bits it
// advertises and when it was last seen. The zero Time means unknown.
type Address struct {
	Addr     Addr
	Services uint64
	Time     time.Time
}

// Table selects the new table, the tried table or both in Size.
type Table uint8

// Table values for Size.
const (
	TableAll Table = iota
	TableNew
	TableTried
)

// Config configures a Manager. The zero Config is usable.
type Config struct {
	// Rand is the source of the secret bucketing key and of the seed of the
	// manager's internal random generator. Nil means crypto/rand.
	Rand io.Reader
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// entry is Core's AddrInfo.
type entry struct {
	addr             Addr
	source           Addr // port always 0
	services         uint64
	time             int64 // last seen, unix seconds (Core's nTime)
	lastTry          int64
	lastSuccess      int64
	lastCountAttempt int64
	attempts         int32
	refCount         int8 // new-table references
	inTried          bool
	used             bool
	randomPos        int32 // index in Manager.random
}

type netCounts struct{ nNew, nTried int }

// Manager is the address manager: a new table of addresses heard about and
// a tried table of addresses connected to, bucketed by keyed hashes so
// that no single network group or gossip source can fill them.
type Manager struct {
	mu  sync.Mutex
	now func() time.Time
	rng *rand.Rand

	key     [32]byte
	entries []entry // slab indexed by id; ids of deleted entries go to free
	free    []int32
	byAddr  map[Addr]int32
	random  []int32 // ids in random order (Core's vRandom)

	newTbl   [NewBucketCount][BucketSize]int32 // ids, -1 empty
	triedTbl [TriedBucketCount][BucketSize]int32

	nNew, nTried int
	counts       map[Network]*netCounts
	lastGood     int64
	collisions   map[int32]struct{} // test-before-evict candidates
}

// New returns an empty Manager with a fresh random key.
func New(cfg Config) *Manager {
	r := cfg.Rand
	if r == nil {
		r = crand.Reader
	}
	var seed [64]byte
	if _, err := io.ReadFull(r, seed[:]); err != nil {
		// An injected reader that runs dry: fall back to crypto/rand
		// rather than run with a predictable key.
		_, _ = crand.Read(seed[:])
	}
	m := &Manager{now: cfg.Now}
	if m.now == nil {
		m.now = time.Now
	}
	copy(m.key[:], seed[:32])
	m.rng = rand.New(rand.NewChaCha8([32]byte(seed[32:])))
	m.clear()
	return m
}

// clear empties the tables (keeping key and rng).
func (m *Manager) clear() {
	var empty [BucketSize]int32
	for j := range empty {
		empty[j] = -1
	}
	for i := range m.newTbl {
		m.newTbl[i] = empty
	}
	for i := range m.triedTbl {
		m.triedTbl[i] = empty
	}
	m.entries = m.entries[:0]
	m.free = m.free[:0]
	m.byAddr = make(map[Addr]int32)
	m.random = m.random[:0]
	m.nNew, m.nTried = 0, 0
	m.counts = make(map[Network]*netCounts)
	m.lastGood = 1
	m.collisions = make(map[int32]struct{})
}

// Key returns the secret bucketing key.
//
// This function is safe for concurrent access.
func (m *Manager) Key() [32]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.key
}

// SetKey replaces the bucketing key; it is only allowed while the manager
// is empty (tests use it for deterministic placement) and reports whether
// the key was set.
//
// This function is safe for concurrent access.
func (m *Manager) SetKey(key [32]byte) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.random) != 0 {
		return false
	}
	m.key = key
	return true
}

func (m *Manager) nowUnix() int64 { return m.now().Unix() }

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	u := t.Unix()
	if u < 0 {
		return 0
	}
	if u > math.MaxUint32 {
		return math.MaxUint32
	}
	return u
}

func timeOrZero(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0)
}

func (m *Manager) count(n Network) *netCounts {
	c := m.counts[n]
	if c == nil {
		c = &netCounts{}
		m.counts[n] = c
	}
	return c
}

func (m *Manager) find(a Addr) (int32, *entry) {
	id, ok := m.byAddr[a]
	if !ok {
		return -1, nil
	}
	return id, &m.entries[id]
}

// create makes a new entry (refCount 0, not yet in any table).
func (m *Manager) create(a Address, source Addr) int32 {
	var id int32
	if n := len(m.free); n > 0 {
		id = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		id = int32(len(m.entries))
		m.entries = append(m.entries, entry{})
	}
	if source.net == 0 {
		// Core's default CNetAddr: IPv6 "::".
		source = Addr{net: NetIPv6}
	}
	m.entries[id] = entry{
		addr:      a.Addr,
		source:    source.WithPort(0),
		services:  a.Services,
		time:      unixOrZero(a.Time),
		used:      true,
		randomPos: int32(len(m.random)),
	}
	m.byAddr[a.Addr] = id
	m.random = append(m.random, id)
	m.nNew++
	m.count(a.Addr.net).nNew++
	return id
}

func (m *Manager) swapRandom(i, j int) {
	if i == j {
		return
	}
	a, b := m.random[i], m.random[j]
	m.entries[a].randomPos = int32(j)
	m.entries[b].randomPos = int32(i)
	m.random[i], m.random[j] = b, a
}

// delete removes an entry that is in no table.
func (m *Manager) delete(id int32) {
	e := &m.entries[id]
	m.swapRandom(int(e.randomPos), len(m.random)-1)
	m.random = m.random[:len(m.random)-1]
	delete(m.byAddr, e.addr)
	delete(m.collisions, id)
	m.nNew--
	m.count(e.addr.net).nNew--
	*e = entry{}
	m.free = append(m.free, id)
}

// clearNew empties one new-table slot, deleting its entry if that was its
// last reference.
func (m *Manager) clearNew(bucket, pos int) {
	id := m.newTbl[bucket][pos]
	if id == -1 {
		return
	}
	e := &m.entries[id]
	e.refCount--
	m.newTbl[bucket][pos] = -1
	if e.refCount == 0 {
		m.delete(id)
	}
}

// isTerrible is Core's AddrInfo::IsTerrible.
func (e *entry) isTerrible(now int64) bool {
	if now-e.lastTry <= 60 { // tried in the last minute: never remove
		return false
	}
	if e.time > now+600 { // from the future
		return true
	}
	if now-e.time > int64(horizon/time.Second) {
		return true
	}
	if e.lastSuccess == 0 && e.attempts >= retries {
		return true
	}
	if now-e.lastSuccess > int64(minFail/time.Second) && e.attempts >= maxFailures {
		return true
	}
	return false
}

// chance is Core's AddrInfo::GetChance: the relative chance of picking e.
func (e *entry) chance(now int64) float64 {
	c := 1.0
	if now-e.lastTry < 600 {
		c *= 0.01
	}
	return c * math.Pow(0.66, float64(min(e.attempts, 8)))
}

// Add adds addresses heard from source (the peer that relayed them; its
// port is ignored) and returns how many were newly placed in the new table.
// penalty is subtracted from the advertised times (Core uses two hours for
// addresses relayed by peers) except for a source announcing itself.
// Unroutable addresses are ignored.
//
// This function is safe for concurrent access.
func (m *Manager) Add(addrs []Address, source Addr, penalty time.Duration) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.nowUnix()
	n := 0
	for i := range addrs {
		if m.addSingle(&addrs[i], source, int64(penalty/time.Second), now) {
			n++
		}
	}
	return n
}

func (m *Manager) addSingle(a *Address, source Addr, penalty, now int64) bool {
	if !a.Addr.IsRoutable() {
		return false
	}
	if a.Addr.WithPort(0) == source.WithPort(0) {
		penalty = 0
	}
	atime := unixOrZero(a.Time)
	id, e := m.find(a.Addr)
	if e != nil {
		interval := int64(24 * 3600)
		if now-atime < 24*3600 {
			interval = 3600
		}
		if e.time < atime-interval-penalty {
			e.time = max(0, atime-penalty)
		}
		e.services |= a.Services
		if atime <= e.time || e.inTried || e.refCount == newBucketsPerAddress {
			return false
		}
		if e.refCount > 0 && m.rng.IntN(1<<e.refCount) != 0 {
			return false
		}
	} else {
		id = m.create(*a, source)
		e = &m.entries[id]
		e.time = max(0, e.time-penalty)
	}
	bucket := newBucket(&m.key, a.Addr, source)
	pos := bucketPosition(&m.key, true, bucket, a.Addr)
	cur := m.newTbl[bucket][pos]
	insert := cur == -1
	if cur == id {
		return false
	}
	if !insert {
		old := &m.entries[cur]
		if old.isTerrible(now) || (old.refCount > 1 && e.refCount == 0) {
			insert = true
		}
	}
	if insert {
		m.clearNew(bucket, pos)
		e = &m.entries[id] // clearNew never deletes id (it is not in this slot), but keep the pointer fresh
		e.refCount++
		m.newTbl[bucket][pos] = id
	} else if e.refCount == 0 {
		m.delete(id)
	}
	return insert
}

// Good marks a successful connection to a (Core's Good with
// test-before-evict): its success and try times become now, its failure
// count resets, and it moves from new to tried. When its tried slot is
// taken, the move is deferred: a joins the collision set (at most 10) for
// ResolveCollisions, and Good returns false. Good returns true only when
// the address moved to tried.
//
// This function is safe for concurrent access.
func (m *Manager) Good(a Addr) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.good(a, true, m.nowUnix())
}

func (m *Manager) good(a Addr, testBeforeEvict bool, now int64) bool {
	m.lastGood = now
	id, e := m.find(a)
	if e == nil {
		return false
	}
	e.lastSuccess = now
	e.lastTry = now
	e.attempts = 0
	// The last-seen time is not updated, so as not to leak which peers
	// are connected.
	if e.inTried || e.refCount == 0 {
		return false
	}
	bucket := triedBucket(&m.key, a)
	pos := bucketPosition(&m.key, false, bucket, a)
	if testBeforeEvict && m.triedTbl[bucket][pos] != -1 {
		if len(m.collisions) < maxTriedCollisions {
			m.collisions[id] = struct{}{}
		}
		return false
	}
	m.makeTried(id)
	return true
}

// makeTried moves entry id from all its new-table slots to the tried
// table, sending any entry already in its tried slot back to new.
func (m *Manager) makeTried(id int32) {
	e := &m.entries[id]
	start := newBucket(&m.key, e.addr, e.source)
	for n := 0; n < NewBucketCount && e.refCount > 0; n++ {
		b := (start + n) % NewBucketCount
		p := bucketPosition(&m.key, true, b, e.addr)
		if m.newTbl[b][p] == id {
			m.newTbl[b][p] = -1
			e.refCount--
		}
	}
	m.nNew--
	m.count(e.addr.net).nNew--

	bucket := triedBucket(&m.key, e.addr)
	pos := bucketPosition(&m.key, false, bucket, e.addr)
	if old := m.triedTbl[bucket][pos]; old != -1 {
		o := &m.entries[old]
		o.inTried = false
		m.triedTbl[bucket][pos] = -1
		m.nTried--
		m.count(o.addr.net).nTried--
		ub := newBucket(&m.key, o.addr, o.source)
		up := bucketPosition(&m.key, true, ub, o.addr)
		m.clearNew(ub, up)
		o = &m.entries[old]
		o.refCount = 1
		m.newTbl[ub][up] = old
		m.nNew++
		m.count(o.addr.net).nNew++
	}
	e = &m.entries[id]
	m.triedTbl[bucket][pos] = id
	m.nTried++
	m.count(e.addr.net).nTried++
	e.inTried = true
}

// Attempt records a connection attempt to a. With countFailure, the
// failure counter rises, at most once per successful connection made to
// any peer since (so that an outage of our own does not ruin every
// address).
//
// This function is safe for concurrent access.
func (m *Manager) Attempt(a Addr, countFailure bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, e := m.find(a)
	if e == nil {
		return
	}
	now := m.nowUnix()
	e.lastTry = now
	if countFailure && e.lastCountAttempt < m.lastGood {
		e.lastCountAttempt = now
		e.attempts++
	}
}

// Connected records that a connection to a is alive; the last-seen time is
// updated at most every 20 minutes, so gossip does not reveal live peers.
//
// This function is safe for concurrent access.
func (m *Manager) Connected(a Addr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, e := m.find(a)
	if e == nil {
		return
	}
	now := m.nowUnix()
	if now-e.time > int64(connectedInterval/time.Second) {
		e.time = now
	}
}

// SetServices replaces the service bits known for a.
//
// This function is safe for concurrent access.
func (m *Manager) SetServices(a Addr, services uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, e := m.find(a); e != nil {
		e.services = services
	}
}

// Size returns the number of addresses of a network (0 for all) in a
// table.
//
// This function is safe for concurrent access.
func (m *Manager) Size(net Network, table Table) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	var nn, nt int
	if net == 0 {
		nn, nt = m.nNew, m.nTried
	} else if c := m.counts[net]; c != nil {
		nn, nt = c.nNew, c.nTried
	}
	switch table {
	case TableNew:
		return nn
	case TableTried:
		return nt
	}
	return nn + nt
}

// TableCounts is the number of addresses of one network in the new and
// tried tables.
type TableCounts struct {
	New   int
	Tried int
}

// Counts returns the new- and tried-table counts of every network that has
// addresses, taken together under one lock (getaddrmaninfo). Networks
// without addresses are absent from the map.
//
// This function is safe for concurrent access.
func (m *Manager) Counts() map[Network]TableCounts {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[Network]TableCounts, len(m.counts))
	for n, c := range m.counts {
		if c.nNew != 0 || c.nTried != 0 {
			out[n] = TableCounts{New: c.nNew, Tried: c.nTried}
		}
	}
	return out
}

// Info is everything the manager knows about one address.
type Info struct {
	Address
	Source      Addr // the peer that told us (port 0)
	LastTry     time.Time
	LastSuccess time.Time
	Attempts    int
	InTried     bool
	RefCount    int // new-table references (0 when tried)
}

func (e *entry) address() Address {
	return Address{Addr: e.addr, Services: e.services, Time: timeOrZero(e.time)}
}

// Lookup returns what the manager knows about a.
//
// This function is safe for concurrent access.
func (m *Manager) Lookup(a Addr) (Info, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, e := m.find(a)
	if e == nil {
		return Info{}, false
	}
	return Info{
		Address: e.address(), Source: e.source, LastTry: timeOrZero(e.lastTry),
		LastSuccess: timeOrZero(e.lastSuccess), Attempts: int(e.attempts),
		InTried: e.inTried, RefCount: int(e.refCount),
	}, true
}
