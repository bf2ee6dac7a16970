package mempool

import (
	"maps"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Chain is what the mempool needs from the active chain. The node adapts
// package blockchain to it. Its methods are called with the mempool lock
// held and must be safe for concurrent use; they must not call back into
// the mempool.
type Chain interface {
	// TipHeight returns the height of the active chain's tip.
	TipHeight() int32
	// MedianTimePast returns the median time past of the block at height
	// on the active chain (the tip's when height is TipHeight()).
	MedianTimePast(height int32) int64
	// LookupCoin returns the unspent output op of the UTXO set at the tip,
	// and false when op does not exist or is spent.
	LookupCoin(op primitives.OutPoint) (primitives.Coin, bool)
	// ScriptFlags returns the consensus script verification flags of the
	// block after the tip (consensus.GetBlockScriptFlags).
	ScriptFlags() txscript.Flags
}

// Config configures a Pool. Zero fields take the defaults of
// DefaultConfig.
type Config struct {
	// Params supply the coinbase maturity.
	Params *chaincfg.Params
	// Chain is the active chain.
	Chain Chain
	// Standard are the standardness options (applied unless
	// AcceptNonStandard).
	Standard StandardOptions
	// AcceptNonStandard disables the standardness rules (Core's
	// -acceptnonstdtxn, regtest/testnet only).
	AcceptNonStandard bool
	// MinRelayFee is the minimum relay fee rate (sat/kvB).
	MinRelayFee FeeRate
	// IncrementalRelayFee is the extra rate a replacement pays, and the
	// floor of the rolling minimum fee (sat/kvB).
	IncrementalRelayFee FeeRate
	// MaxSize is -maxmempool in bytes of estimated memory (300 MB).
	MaxSize int64
	// Expiry is -mempoolexpiry (336 hours).
	Expiry time.Duration
	// AncestorCount, AncestorSize (vbytes), DescendantCount and
	// DescendantSize (vbytes) are Core's package limits (25, 101,000,
	// 25, 101,000).
	AncestorCount, AncestorSize, DescendantCount, DescendantSize int64
	// NoFullRBF refuses to replace transactions that do not signal BIP125
	// ("txn-mempool-conflict"). Core 28+ always allows replacement.
	NoFullRBF bool
	// MaxOrphans bounds the orphan pool (100).
	MaxOrphans int
	// OrphanExpiry is how long an orphan waits for its parents (20 min).
	OrphanExpiry time.Duration
	// SigCache, when set, is shared with block validation.
	SigCache txscript.SigCache
	// Now is the clock (time.Now).
	Now func() time.Time
	// OnRemove, when set, is called for every transaction leaving the
	// pool, with the reason (the fee estimator counts the ones that leave
	// unconfirmed). It runs with the pool lock held and must not call
	// back into the pool.
	OnRemove func(txid chainhash.Hash, reason RemovalReason)
}

// RemovalReason says why a transaction left the pool (Core's
// MemPoolRemovalReason; RemovalManual is Remove's).
type RemovalReason string

// The removal reasons, with Core's names.
const (
	RemovalExpiry    RemovalReason = "expiry"    // older than Config.Expiry
	RemovalSizeLimit RemovalReason = "sizelimit" // evicted by the size limit
	RemovalReorg     RemovalReason = "reorg"     // invalid after a reorganisation
	RemovalBlock     RemovalReason = "block"     // confirmed by a block
	RemovalConflict  RemovalReason = "conflict"  // a block spent one of its inputs
	RemovalReplaced  RemovalReason = "replaced"  // replaced by a transaction paying more
	RemovalManual    RemovalReason = "manual"    // Remove
)

// Defaults of Config, Core's values.
const (
	DefaultMaxSize         = 300_000_000
	DefaultExpiry          = 336 * time.Hour
	DefaultAncestorCount   = 25
	DefaultAncestorSize    = 101_000
	DefaultDescendantCount = 25
	DefaultDescendantSize  = 101_000
	// MaxReplacementCandidates is BIP125 rule 5's limit, on the number of
	// distinct clusters the direct conflicts belong to.
	MaxReplacementCandidates = 100
	DefaultMaxOrphans        = 100
	DefaultOrphanExpiry      = 20 * time.Minute
	// rollingFeeHalfLife is Core's ROLLING_FEE_HALFLIFE in seconds.
	rollingFeeHalfLife = 12 * 60 * 60
)

func (c *Config) setDefaults() {
	if c.Params == nil {
		c.Params = chaincfg.RegTest()
	}
	if c.Standard == (StandardOptions{}) {
		c.Standard = DefaultStandardOptions()
	}
	if c.MinRelayFee == 0 {
		c.MinRelayFee = DefaultMinRelayFee
	}
	if c.IncrementalRelayFee == 0 {
		c.IncrementalRelayFee = DefaultIncrementalRelayFee
	}
	if c.MaxSize == 0 {
		c.MaxSize = DefaultMaxSize
	}
	if c.Expiry == 0 {
		c.Expiry = DefaultExpiry
	}
	if c.AncestorCount == 0 {
		c.AncestorCount = DefaultAncestorCount
	}
	if c.AncestorSize == 0 {
		c.AncestorSize = DefaultAncestorSize
	}
	if c.DescendantCount == 0 {
		c.DescendantCount = DefaultDescendantCount
	}
	if c.DescendantSize == 0 {
		c.DescendantSize = DefaultDescendantSize
	}
	if c.MaxOrphans == 0 {
		c.MaxOrphans = DefaultMaxOrphans
	}
	if c.OrphanExpiry == 0 {
		c.OrphanExpiry = DefaultOrphanExpiry
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// entry is a pool transaction with its in-pool links and aggregates.
type entry struct {
	tx        *primitives.Tx
	txid      chainhash.Hash
	wtxid     chainhash.Hash
	fee       int64
	modFee    int64 // fee plus the prioritisetransaction delta
	vsize     int64
	weight    int64
	sigOpCost int64
	time      int64 // unix seconds
	height    int32 // tip height at entry
	usage     int64

	parents  map[*entry]struct{}
	children map[*entry]struct{}

	ancCount, ancSize, ancFees, ancSigOps int64
	descCount, descSize, descFees         int64
}

// TxDesc describes a pool transaction (Core's mempool entry as getmempoolentry
// shows it). Sizes are virtual sizes (sigop-adjusted); fees in satoshis.
type TxDesc struct {
	Tx    *primitives.Tx
	TxID  chainhash.Hash
	WTxID chainhash.Hash
	Fee   int64
	// ModifiedFee is Fee plus the prioritisetransaction delta; the
	// ancestor and descendant fees below are sums of modified fees, as in
	// Core.
	ModifiedFee int64
	VSize       int64
	Weight      int64
	// SigOpCost is the BIP141 sigop cost.
	SigOpCost int64
	// Time is when the transaction entered, Height the tip height then.
	Time   time.Time
	Height int32
	// AncestorCount, AncestorSize and AncestorFees include the
	// transaction itself; so do the descendant figures.
	AncestorCount, AncestorSize, AncestorFees       int64
	DescendantCount, DescendantSize, DescendantFees int64
}

func (e *entry) desc() TxDesc {
	return TxDesc{
		Tx: e.tx, TxID: e.txid, WTxID: e.wtxid, Fee: e.fee, ModifiedFee: e.modFee, VSize: e.vsize, Weight: e.weight,
		SigOpCost: e.sigOpCost, Time: time.Unix(e.time, 0), Height: e.height,
		AncestorCount: e.ancCount, AncestorSize: e.ancSize, AncestorFees: e.ancFees,
		DescendantCount: e.descCount, DescendantSize: e.descSize, DescendantFees: e.descFees,
	}
}

// estimateUsage approximates the memory an entry costs (Core measures
// DynamicMemoryUsage): the transaction's bytes twice (decoded slices and
// serialization), per-input and per-output bookkeeping, and a fixed
// overhead for the entry and its index slots.
func estimateUsage(tx *primitives.Tx, size int) int64 {
	return int64(2*size + 96*len(tx.Inputs) + 48*len(tx.Outputs) + 400)
}

// Pool is the transaction memory pool: unconfirmed transactions that are
// valid on the active chain's tip and meet the relay policy, indexed by
// txid, wtxid and spent outpoint, with each entry's in-pool ancestor and
// descendant aggregates maintained on every change. It also holds the
// orphan pool.
//
// A Pool is safe for concurrent use.
type Pool struct {
	mu  sync.RWMutex
	cfg Config

	byTxid  map[chainhash.Hash]*entry
	byWtxid map[chainhash.Hash]*entry
	spent   map[primitives.OutPoint]*entry
	usage   int64
	bytes   int64 // sum of vsizes
	fees    int64
	// minTime is a lower bound of the entries' times, so that expiry
	// need not scan the pool while nothing can have expired.
	minTime int64

	rollingMinFee         float64 // sat/kvB
	lastRollingFeeUpdate  int64
	blockSinceLastFeeBump bool

	// deltas are the prioritisetransaction fee deltas by txid (Core's
	// mapDeltas), for pool transactions and others.
	deltas map[chainhash.Hash]int64
	// seq is Core's mempool sequence number: 1 at start, one more for
	// every transaction added or removed.
	seq uint64

	orphans   orphanPool
	engine    txscript.Engine
	localSigs txSigCache
}

// New returns an empty pool. cfg.Chain must be set; zero fields of cfg
// take Core's defaults.
//
// This function is safe for concurrent access.
func New(cfg Config) *Pool {
	cfg.setDefaults()
	p := &Pool{
		cfg:     cfg,
		byTxid:  make(map[chainhash.Hash]*entry),
		byWtxid: make(map[chainhash.Hash]*entry),
		spent:   make(map[primitives.OutPoint]*entry),
		seq:     1,
	}
	p.orphans.init()
	return p
}

func (p *Pool) now() int64 { return p.cfg.Now().Unix() }

// MempoolSequence returns Core's mempool sequence number: 1 for a new
// pool, increased by one for every transaction added or removed
// (getrawmempool's mempool_sequence).
//
// This function is safe for concurrent access.
func (p *Pool) MempoolSequence() uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.seq
}

// Count returns the number of pool transactions.
//
// This function is safe for concurrent access.
func (p *Pool) Count() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.byTxid)
}

// Usage returns the pool's estimated memory use in bytes, the figure
// compared with Config.MaxSize.
//
// This function is safe for concurrent access.
func (p *Pool) Usage() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.usage
}

// TotalVSize returns the sum of the pool transactions' virtual sizes.
//
// This function is safe for concurrent access.
func (p *Pool) TotalVSize() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.bytes
}

// Get returns the entry of txid.
//
// This function is safe for concurrent access.
func (p *Pool) Get(txid chainhash.Hash) (TxDesc, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.byTxid[txid]
	if !ok {
		return TxDesc{}, false
	}
	return e.desc(), true
}

// GetByWtxid returns the entry whose wtxid is wtxid.
//
// This function is safe for concurrent access.
func (p *Pool) GetByWtxid(wtxid chainhash.Hash) (TxDesc, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.byWtxid[wtxid]
	if !ok {
		return TxDesc{}, false
	}
	return e.desc(), true
}

// Has reports whether txid is in the pool.
//
// This function is safe for concurrent access.
func (p *Pool) Has(txid chainhash.Hash) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	_, ok := p.byTxid[txid]
	return ok
}

// Spender returns the txid of the pool transaction spending op.
//
// This function is safe for concurrent access.
func (p *Pool) Spender(op primitives.OutPoint) (chainhash.Hash, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.spent[op]
	if !ok {
		return chainhash.Hash{}, false
	}
	return e.txid, true
}

// TxDescs returns every pool entry, in no particular order.
//
// This function is safe for concurrent access.
func (p *Pool) TxDescs() []TxDesc {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]TxDesc, 0, len(p.byTxid))
	for _, e := range p.byTxid {
		out = append(out, e.desc())
	}
	return out
}

// Ancestors returns the txids of txid's in-pool ancestors.
//
// This function is safe for concurrent access.
func (p *Pool) Ancestors(txid chainhash.Hash) []chainhash.Hash {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.byTxid[txid]
	if !ok {
		return nil
	}
	return hashes(ancestorsOf(e))
}

// Descendants returns the txids of txid's in-pool descendants.
//
// This function is safe for concurrent access.
func (p *Pool) Descendants(txid chainhash.Hash) []chainhash.Hash {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.byTxid[txid]
	if !ok {
		return nil
	}
	return hashes(descendantsOf(e))
}

func hashes(set map[*entry]struct{}) []chainhash.Hash {
	out := make([]chainhash.Hash, 0, len(set))
	for e := range set {
		out = append(out, e.txid)
	}
	return out
}

// ancestorsOf returns e's in-pool ancestors (e excluded).
func ancestorsOf(e *entry) map[*entry]struct{} {
	return walk(e, func(x *entry) map[*entry]struct{} { return x.parents })
}

// descendantsOf returns e's in-pool descendants (e excluded).
func descendantsOf(e *entry) map[*entry]struct{} {
	return walk(e, func(x *entry) map[*entry]struct{} { return x.children })
}

func walk(e *entry, next func(*entry) map[*entry]struct{}) map[*entry]struct{} {
	set := make(map[*entry]struct{})
	stack := []*entry{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for y := range next(x) {
			if _, ok := set[y]; !ok {
				set[y] = struct{}{}
				stack = append(stack, y)
			}
		}
	}
	return set
}

// addEntry inserts e, linking it to in-pool parents and, after a
// reorganisation, to in-pool children, and updates every aggregate it
// changes.
func (p *Pool) addEntry(e *entry) {
	e.parents = make(map[*entry]struct{})
	e.children = make(map[*entry]struct{})
	for i := range e.tx.Inputs {
		op := e.tx.Inputs[i].PrevOut
		if parent, ok := p.byTxid[op.Hash]; ok {
			e.parents[parent] = struct{}{}
			parent.children[e] = struct{}{}
		}
		p.spent[op] = e
	}
	for i := range e.tx.Outputs {
		if child, ok := p.spent[primitives.OutPoint{Hash: e.txid, Index: uint32(i)}]; ok {
			e.children[child] = struct{}{}
			child.parents[e] = struct{}{}
		}
	}
	if len(p.byTxid) == 0 || e.time < p.minTime {
		p.minTime = e.time
	}
	p.byTxid[e.txid] = e
	p.byWtxid[e.wtxid] = e
	p.seq++
	p.usage += e.usage
	p.bytes += e.vsize
	p.fees += e.fee

	anc := ancestorsOf(e)
	if len(e.children) == 0 {
		e.ancCount, e.ancSize, e.ancFees, e.ancSigOps = 1, e.vsize, e.modFee, e.sigOpCost
		for a := range anc {
			e.ancCount++
			e.ancSize += a.vsize
			e.ancFees += a.modFee
			e.ancSigOps += a.sigOpCost
			a.descCount++
			a.descSize += e.vsize
			a.descFees += e.modFee
		}
		e.descCount, e.descSize, e.descFees = 1, e.vsize, e.modFee
		return
	}
	// Inserted below existing children (a disconnected transaction coming
	// back): new ancestor relations join anc ∪ {e} and e's descendants;
	// recompute the affected aggregates.
	affected := descendantsOf(e)
	maps.Copy(affected, anc)
	affected[e] = struct{}{}
	for x := range affected {
		recompute(x)
	}
}

// recompute sets x's aggregates from its ancestor and descendant sets.
func recompute(x *entry) {
	x.ancCount, x.ancSize, x.ancFees, x.ancSigOps = 1, x.vsize, x.modFee, x.sigOpCost
	for a := range ancestorsOf(x) {
		x.ancCount++
		x.ancSize += a.vsize
		x.ancFees += a.modFee
		x.ancSigOps += a.sigOpCost
	}
	x.descCount, x.descSize, x.descFees = 1, x.vsize, x.modFee
	for d := range descendantsOf(x) {
		x.descCount++
		x.descSize += d.vsize
		x.descFees += d.modFee
	}
}

// removeSet removes every entry of set from the pool, updating the
// aggregates of the entries that stay. The usual sets are closed under
// descendants (eviction, conflicts, expiry) or under ancestors (a block's
// transactions), and each removal only subtracts the entry from the
// aggregates of its remaining relatives; when an entry with a remaining
// ancestor and a remaining descendant goes, the relation between those
// two is cut as well, and their aggregates are recomputed.
func (p *Pool) removeSet(set map[*entry]struct{}, reason RemovalReason) {
	var cut map[*entry]struct{}
	for e := range set {
		var keptAnc, keptDesc []*entry
		for a := range ancestorsOf(e) {
			if _, gone := set[a]; !gone {
				a.descCount--
				a.descSize -= e.vsize
				a.descFees -= e.modFee
				keptAnc = append(keptAnc, a)
			}
		}
		for d := range descendantsOf(e) {
			if _, gone := set[d]; !gone {
				d.ancCount--
				d.ancSize -= e.vsize
				d.ancFees -= e.modFee
				d.ancSigOps -= e.sigOpCost
				keptDesc = append(keptDesc, d)
			}
		}
		if len(keptAnc) > 0 && len(keptDesc) > 0 {
			if cut == nil {
				cut = make(map[*entry]struct{})
			}
			for _, x := range keptAnc {
				cut[x] = struct{}{}
			}
			for _, x := range keptDesc {
				cut[x] = struct{}{}
			}
		}
	}
	defer func() {
		for x := range cut {
			recompute(x)
		}
	}()
	for e := range set {
		for parent := range e.parents {
			delete(parent.children, e)
		}
		for child := range e.children {
			delete(child.parents, e)
		}
		for i := range e.tx.Inputs {
			op := e.tx.Inputs[i].PrevOut
			if p.spent[op] == e {
				delete(p.spent, op)
			}
		}
		delete(p.byTxid, e.txid)
		delete(p.byWtxid, e.wtxid)
		p.seq++
		if p.cfg.OnRemove != nil {
			p.cfg.OnRemove(e.txid, reason)
		}
		p.usage -= e.usage
		p.bytes -= e.vsize
		p.fees -= e.fee
	}
}

// withDescendants returns set extended by every descendant of its members.
func withDescendants(set map[*entry]struct{}) map[*entry]struct{} {
	out := make(map[*entry]struct{}, len(set))
	for e := range set {
		out[e] = struct{}{}
		maps.Copy(out, descendantsOf(e))
	}
	return out
}

// Remove removes txid and, with descendants, every pool transaction that
// spends it (Core's removeRecursive). It returns the number removed.
//
// This function is safe for concurrent access.
func (p *Pool) Remove(txid chainhash.Hash) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.byTxid[txid]
	if !ok {
		return 0
	}
	set := withDescendants(map[*entry]struct{}{e: {}})
	p.removeSet(set, RemovalManual)
	return len(set)
}
