package utxoset

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// View is a layer of the coins view stack: the chainstate database (*DB) or
// a cache (*Cache) over another view. It is sealed (only this package's
// types implement it) because layers exchange coins in the cache's compact
// form.
type View interface {
	// HaveCoin reports whether op has an unspent coin in the view.
	HaveCoin(op primitives.OutPoint) (bool, error)

	// BestBlock returns the block the view's coins are consistent with
	// (zero when unknown).
	BestBlock() (chainhash.Hash, error)

	// fetch returns the unspent coin at op as an entry (flags cleared but
	// coinbase), copying a long script into a. It reports false when the
	// view has no unspent coin there.
	fetch(op primitives.OutPoint, a *scriptArena) (entry, bool, error)

	// batchWrite applies the dirty entries of c and records best as the
	// view's best block.
	batchWrite(c *Cache, best chainhash.Hash) error
}

// Cache is an in-memory layer of coins over a parent view, Bitcoin Core's
// CCoinsViewCache. Every coin read through it is kept; every change is kept
// until Flush or Sync writes it to the parent. Entries carry Core's flags:
//
//   - DIRTY: the entry differs from the parent and must be written.
//   - FRESH: the parent has no unspent coin here. Spending a FRESH coin
//     drops the entry, so a coin created and spent between two flushes never
//     reaches the database: this is what makes initial sync fast.
//
// Coins are held in compact, pointer-free entries (see entry.go) in an
// open-addressing table (see coinmap.go); the garbage collector never scans
// it, and a large table lives outside the Go heap, on huge pages where the
// kernel allows. Release frees it at once; otherwise it is freed when the
// Cache is garbage collected.
//
// A Cache is not safe for concurrent use; the chain serializes access.
type Cache struct {
	parent View
	coins  *coinMap
	arena  scriptArena
	best   chainhash.Hash
	limit  int64
}

// NewCache returns an empty cache over parent. maxBytes is the memory the
// cache may use before NeedsFlush reports true (Core's coins share of
// -dbcache, see CoinsCacheBytes); the table grows up to that size and no
// further unless a single block needs it. Zero means no limit.
//
// This function is safe for concurrent access.
func NewCache(parent View, maxBytes int64) *Cache {
	return &Cache{parent: parent, coins: newCoinMap(maxBytes), limit: maxBytes}
}

// Release frees the cache's memory. The cache must not be used afterwards;
// unflushed changes are lost.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Release() {
	c.coins.release()
	c.arena = scriptArena{}
}

// lookup returns the entry at op, loading it from the parent when the cache
// has none, or nil when neither has one. Spent entries (tombstones) are
// returned as they are. The pointer is valid until the table changes.
func (c *Cache) lookup(op *primitives.OutPoint) (*entry, error) {
	if e := c.coins.find(op); e != nil {
		return e, nil
	}
	e, ok, err := c.parent.fetch(*op, &c.arena)
	if err != nil || !ok {
		return nil, err
	}
	p, _ := c.coins.upsert(op)
	*p = e
	p.flags |= flagUsed
	return p, nil
}

// fetch implements View for a child cache.
func (c *Cache) fetch(op primitives.OutPoint, a *scriptArena) (entry, bool, error) {
	p, err := c.lookup(&op)
	if err != nil || p == nil || p.spent() {
		return entry{}, false, err
	}
	e := *p
	e.flags &= flagCoinBase
	if e.kind == kindBig {
		off, n := e.bigRef()
		e.setBigRef(a.add(c.arena.get(off, n)), n)
	}
	return e, true, nil
}

// HaveCoin reports whether op has an unspent coin, loading it into the cache
// from the parent when needed.
//
// This function MUST be called with the chain lock held.
func (c *Cache) HaveCoin(op primitives.OutPoint) (bool, error) {
	p, err := c.lookup(&op)
	return p != nil && !p.spent(), err
}

// HaveCoinInCache reports whether the cache itself holds an unspent coin at
// op, without reading the parent.
//
// This function MUST be called with the chain lock held.
func (c *Cache) HaveCoinInCache(op primitives.OutPoint) bool {
	p := c.coins.find(&op)
	return p != nil && !p.spent()
}

// AccessCoin returns the unspent coin at op, loading it from the parent when
// needed. The coin's script is appended to buf and the coin aliases the
// returned buffer, so a caller reading many coins can reuse one buffer
// (pass nil for a fresh allocation). Absence is ErrMissingCoin.
//
// This function MUST be called with the chain lock held.
func (c *Cache) AccessCoin(op primitives.OutPoint, buf []byte) (primitives.Coin, []byte, error) {
	p, err := c.lookup(&op)
	if err != nil {
		return primitives.Coin{}, buf, err
	}
	if p == nil || p.spent() {
		return primitives.Coin{}, buf, ErrMissingCoin
	}
	return p.appendCoin(buf, &c.arena)
}

// SpendCoin removes the unspent coin at op and returns it (for undo data).
// The coin's script is appended to buf as in AccessCoin. A FRESH coin is
// dropped from the cache; any other becomes a DIRTY spent entry, written to
// the parent as a deletion at the next flush. Absence is ErrMissingCoin.
//
// This function MUST be called with the chain lock held.
func (c *Cache) SpendCoin(op primitives.OutPoint, buf []byte) (primitives.Coin, []byte, error) {
	p, err := c.lookup(&op)
	if err != nil {
		return primitives.Coin{}, buf, err
	}
	if p == nil {
		return primitives.Coin{}, buf, ErrMissingCoin
	}
	if p.spent() {
		// Core applies the same flag changes to a cached spent entry.
		c.dropOrMarkSpent(&op, p)
		return primitives.Coin{}, buf, ErrMissingCoin
	}
	coin, buf, err := p.appendCoin(buf, &c.arena)
	if err != nil {
		return coin, buf, err
	}
	c.dropOrMarkSpent(&op, p)
	return coin, buf, nil
}

// dropOrMarkSpent removes a FRESH entry or turns p into a DIRTY tombstone.
func (c *Cache) dropOrMarkSpent(op *primitives.OutPoint, p *entry) {
	if p.kind == kindBig {
		_, n := p.bigRef()
		c.arena.release(n)
	}
	if p.fresh() {
		c.coins.remove(op)
		return
	}
	*p = entry{flags: flagUsed | flagDirty | flagSpent, kind: kindRaw}
}

// AddCoin adds coin at op. Unspendable outputs (an OP_RETURN script or one
// longer than 10,000 bytes) are skipped, as Core's AddCoin does.
//
// Without possibleOverwrite the outpoint must not hold an unspent coin in the
// cache (ErrOverwriteUnspent, with the cache unchanged), and the new entry is
// FRESH unless it replaces a DIRTY spent entry, whose deletion must still
// reach the parent. Like Core, AddCoin does not read the parent: the caller
// guarantees (by BIP30, or BIP34's unique coinbases) that the parent has no
// unspent coin there either. With possibleOverwrite, used for coinbase
// outputs (the two pre-BIP30 duplicate coinbases) and while replaying, the
// coin replaces whatever is there and is not marked FRESH.
//
// The script is copied; coin may alias a block buffer.
//
// This function MUST be called with the chain lock held.
func (c *Cache) AddCoin(op primitives.OutPoint, coin *primitives.Coin, possibleOverwrite bool) error {
	if isUnspendable(coin.Out.ScriptPubKey) {
		return nil
	}
	p, existed := c.coins.upsert(&op)
	fresh := false
	if !possibleOverwrite {
		if existed && !p.spent() {
			return makeError(ErrOverwriteUnspent, "attempted to overwrite the unspent coin %v", op)
		}
		fresh = !existed || !p.dirty()
	}
	var kept uint8
	if existed {
		if p.kind == kindBig {
			_, n := p.bigRef()
			c.arena.release(n)
		}
		kept = p.flags & flagFresh
	}
	p.setCoin(coin, &c.arena)
	p.flags |= kept | flagDirty | flagUsed
	if fresh {
		p.flags |= flagFresh
	}
	return nil
}

// Uncache drops the entry at op if it is neither DIRTY nor FRESH (Core's
// Uncache, used by the mempool to release coins it loaded for a rejected
// transaction).
//
// This function MUST be called with the chain lock held.
func (c *Cache) Uncache(op primitives.OutPoint) {
	if p := c.coins.find(&op); p != nil && p.flags&(flagDirty|flagFresh) == 0 {
		if p.kind == kindBig {
			_, n := p.bigRef()
			c.arena.release(n)
		}
		c.coins.remove(&op)
	}
}

// SetBestBlock records the block the cache's coins are consistent with.
// ApplyBlock and DisconnectBlock set it; Flush writes it with the coins.
//
// This function MUST be called with the chain lock held.
func (c *Cache) SetBestBlock(h chainhash.Hash) { c.best = h }

// BestBlock returns the cache's best block, or the parent's when none was
// set.
//
// This function MUST be called with the chain lock held.
func (c *Cache) BestBlock() (chainhash.Hash, error) {
	if c.best.IsZero() {
		h, err := c.parent.BestBlock()
		if err != nil {
			return h, err
		}
		c.best = h
	}
	return c.best, nil
}

// Flush writes every DIRTY entry and the best block to the parent and
// empties the cache (keeping its table's memory for reuse). Writing to the
// database is crash-consistent (see DB.batchWrite): the best block moves
// with the coins. On error the cache is left as it was, so the flush can be
// retried.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Flush() error {
	best, err := c.BestBlock()
	if err != nil {
		return err
	}
	if err := c.parent.batchWrite(c, best); err != nil {
		return err
	}
	c.coins.reset()
	c.arena.reset()
	return nil
}

// Sync writes every DIRTY entry and the best block to the parent like Flush,
// but keeps the unspent coins in the cache (now clean) and drops only the
// spent ones: Core's Sync, for periodic writes that keep the cache warm.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Sync() error {
	best, err := c.BestBlock()
	if err != nil {
		return err
	}
	if err := c.parent.batchWrite(c, best); err != nil {
		return err
	}
	c.coins.retain(func(_ *primitives.OutPoint, e *entry) bool {
		if e.spent() {
			return false
		}
		e.flags &= flagCoinBase | flagUsed
		return true
	})
	c.compactArena()
	return nil
}

// compactArena rewrites the long scripts into a new arena when more than
// half of the old one is garbage.
func (c *Cache) compactArena() {
	if c.arena.used-c.arena.live <= c.arena.live+arenaChunk {
		return
	}
	var na scriptArena
	c.coins.all(func(_ *primitives.OutPoint, e *entry) {
		if e.kind == kindBig {
			off, n := e.bigRef()
			e.setBigRef(na.add(c.arena.get(off, n)), n)
		}
	})
	c.arena = na
}

// batchWrite implements View for a parent cache, with Core's rules for
// merging a child's entries (CCoinsViewCache::BatchWrite).
func (c *Cache) batchWrite(child *Cache, best chainhash.Hash) error {
	var err error
	child.coins.all(func(op *primitives.OutPoint, ce *entry) {
		if err != nil || !ce.dirty() {
			return
		}
		pe := c.coins.find(op)
		if pe == nil {
			// A spent FRESH child entry never existed above: skip it.
			if ce.fresh() && ce.spent() {
				return
			}
			ne := c.copyEntry(ce, &child.arena)
			ne.flags = ce.flags&(flagCoinBase|flagSpent|flagFresh) | flagDirty | flagUsed
			p, _ := c.coins.upsert(op)
			*p = ne
			return
		}
		if ce.fresh() && !pe.spent() {
			err = makeError(ErrFreshMisapplied, "FRESH flag misapplied to coin %v that exists in parent cache", *op)
			return
		}
		if pe.kind == kindBig {
			_, n := pe.bigRef()
			c.arena.release(n)
		}
		if pe.fresh() && ce.spent() {
			// The grandparent has no such coin: forget it entirely.
			c.coins.remove(op)
			return
		}
		ne := c.copyEntry(ce, &child.arena)
		ne.flags = ce.flags&(flagCoinBase|flagSpent) | pe.flags&flagFresh | flagDirty | flagUsed
		*pe = ne
	})
	if err != nil {
		return err
	}
	c.best = best
	return nil
}

// copyEntry returns e with its long script (if any) copied from a into c's
// arena.
func (c *Cache) copyEntry(e *entry, a *scriptArena) entry {
	ne := *e
	if e.kind == kindBig && !e.spent() {
		off, n := e.bigRef()
		ne.setBigRef(c.arena.add(a.get(off, n)), n)
	}
	return ne
}

// Len returns the number of entries in the cache, spent ones included.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Len() int { return c.coins.len() }

// DirtyCount returns the number of entries a flush would write.
//
// This function MUST be called with the chain lock held.
func (c *Cache) DirtyCount() int {
	n := 0
	c.coins.all(func(_ *primitives.OutPoint, e *entry) {
		if e.dirty() {
			n++
		}
	})
	return n
}

// Usage returns the memory the cache's entries need, in bytes: the table
// space for them at its maximum load factor, plus the script arena. This is
// what NeedsFlush compares with the limit (Core's DynamicMemoryUsage).
//
// This function MUST be called with the chain lock held.
func (c *Cache) Usage() int64 {
	return int64(c.coins.len())*int64(slotBytes)*maxLoadDen/maxLoadNum + c.arena.allocated()
}

// Allocated returns the memory the cache holds: its table (which keeps its
// size across flushes) and its script arena.
//
// This function MUST be called with the chain lock held.
func (c *Cache) Allocated() int64 { return c.coins.bytes() + c.arena.allocated() }

// NeedsFlush reports whether Usage exceeds the cache's byte limit.
//
// This function MUST be called with the chain lock held.
func (c *Cache) NeedsFlush() bool { return c.limit > 0 && c.Usage() > c.limit }

// Limit returns the byte limit given to NewCache.
func (c *Cache) Limit() int64 { return c.limit }
