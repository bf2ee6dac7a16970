package txpool

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/parallel"
)

// Pool holds transactions waiting to be mined: per account, the pending
// ones (executable now: contiguous nonces from the account's nonce in the
// head state) and the queued ones (behind a nonce gap).
//
// All methods are safe for concurrent access; one mutex guards the pool.
type Pool struct {
	mu    sync.RWMutex
	cfg   Config
	chain Chain

	head   *ethtypes.Header
	state  StateReader
	rules  ethtypes.Rules
	signer ethtypes.Signer
	// lastSigner is signer, readable without mu: senders are recovered
	// with it before the lock is taken (cacheSenders).
	lastSigner atomic.Pointer[ethtypes.Signer]
	baseFee    *uint256.Int // of the next block; nil before London
	gasLimit   uint64

	all     map[ethtypes.Hash]*txMeta
	pending map[ethtypes.Address]*txList
	queue   map[ethtypes.Address]*txList
	beats   map[ethtypes.Address]time.Time // last activity of accounts with queued transactions
	locals  map[ethtypes.Address]struct{}
	priced  priceHeap

	slots        int // slots of all transactions
	pendingCount int
	queuedCount  int

	journal *journal

	subMu  sync.Mutex
	subs   map[uint64]func([]*ethtypes.Transaction)
	nextID uint64
}

// New returns a pool at the chain's current head. When cfg.Journal is set
// it loads the local transactions journalled there (a torn tail from a
// crash is ignored) and rewrites the journal with those still valid.
func New(cfg Config, chain Chain) (*Pool, error) {
	if cfg.ChainConfig == nil {
		return nil, errors.New("txpool: Config.ChainConfig is required")
	}
	p := &Pool{
		cfg:     cfg.withDefaults(),
		chain:   chain,
		all:     make(map[ethtypes.Hash]*txMeta),
		pending: make(map[ethtypes.Address]*txList),
		queue:   make(map[ethtypes.Address]*txList),
		beats:   make(map[ethtypes.Address]time.Time),
		locals:  make(map[ethtypes.Address]struct{}),
		subs:    make(map[uint64]func([]*ethtypes.Transaction)),
	}
	head := chain.CurrentHeader()
	if head == nil {
		return nil, errors.New("txpool: chain has no head")
	}
	if err := p.setHead(head); err != nil {
		return nil, err
	}
	if p.cfg.Journal != "" && !p.cfg.NoLocals {
		txs, err := loadJournal(p.cfg.Journal)
		if err != nil {
			return nil, err
		}
		p.mu.Lock()
		for _, tx := range txs {
			p.add(tx, true, false) // stale or invalid entries are simply dropped
		}
		p.journal = &journal{path: p.cfg.Journal}
		err = p.rotateJournal()
		p.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Close closes the journal file. The pool must not be used afterwards.
//
// This method is safe for concurrent access.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.journal != nil {
		return p.journal.close()
	}
	return nil
}

// setHead installs newHead and its state as the pool's view of the chain.
func (p *Pool) setHead(newHead *ethtypes.Header) error {
	st, err := p.chain.StateAt(newHead.Root)
	if err != nil {
		return fmt.Errorf("txpool: state of head %d: %w", newHead.Number, err)
	}
	p.head = newHead
	p.state = st
	p.gasLimit = newHead.GasLimit
	// The next block's rules, judged from the head as ethchain.IsPoSHeader
	// does (a terminal total difficulty and a zero difficulty mean proof
	// of stake); its timestamp is not known yet, the head's stands in.
	if p.cfg.NextRules != nil {
		p.rules = p.cfg.NextRules(newHead)
	} else {
		isMerge := p.cfg.ChainConfig.TerminalTotalDifficulty != nil && newHead.Difficulty.IsZero()
		p.rules = p.cfg.ChainConfig.Rules(newHead.Number+1, isMerge, newHead.Time)
	}
	p.signer = ethtypes.MakeSigner(p.rules, p.cfg.ChainConfig.ChainID)
	signer := p.signer
	p.lastSigner.Store(&signer)
	var bf *uint256.Int
	if p.rules.IsLondon {
		switch {
		case p.cfg.NextBaseFee != nil:
			v := p.cfg.NextBaseFee(newHead)
			bf = &v
		case newHead.BaseFee != nil:
			v := *newHead.BaseFee
			bf = &v
		default:
			bf = uint256.NewInt(1_000_000_000) // London's initial base fee
		}
	}
	if (bf == nil) != (p.baseFee == nil) || (bf != nil && !bf.Eq(p.baseFee)) {
		p.baseFee = bf
		p.priced.setBaseFee(bf)
	}
	return nil
}

// AddLocal adds a transaction submitted through this node (RPC): it is
// exempt from the price limit and eviction and is journalled. It returns
// the rejection, if any.
//
// This method is safe for concurrent access.
func (p *Pool) AddLocal(tx *ethtypes.Transaction) error {
	return p.addOne(tx, true)
}

// AddLocals is AddLocal for several transactions, added in order under one
// lock (their senders recovered in parallel first); it returns one
// rejection (nil when accepted) per transaction.
//
// This method is safe for concurrent access.
func (p *Pool) AddLocals(txs []*ethtypes.Transaction) []error {
	return p.Add(txs, true)
}

// AddRemote adds a transaction received from a peer.
//
// This method is safe for concurrent access.
func (p *Pool) AddRemote(tx *ethtypes.Transaction) error {
	return p.addOne(tx, false)
}

// addOne is Add for a single transaction, without the slices.
func (p *Pool) addOne(tx *ethtypes.Transaction, local bool) error {
	p.cacheSenders([]*ethtypes.Transaction{tx})
	p.mu.Lock()
	promoted, err := p.add(tx, local, true)
	p.truncatePending()
	p.truncateQueue()
	promoted = p.stillPending(promoted)
	p.mu.Unlock()
	p.notify(promoted)
	return err
}

// Add adds transactions, local or remote, and returns one error (nil when
// accepted) per transaction. Accepted transactions that became executable
// are announced to the subscribers after the pool is unlocked.
//
// This method is safe for concurrent access.
func (p *Pool) Add(txs []*ethtypes.Transaction, local bool) []error {
	errs := make([]error, len(txs))
	var promoted []*ethtypes.Transaction
	p.cacheSenders(txs)
	p.mu.Lock()
	for i, tx := range txs {
		var prom []*ethtypes.Transaction
		prom, errs[i] = p.add(tx, local, true)
		promoted = append(promoted, prom...)
	}
	p.truncatePending()
	p.truncateQueue()
	promoted = p.stillPending(promoted)
	p.mu.Unlock()
	p.notify(promoted)
	return errs
}

// cacheSenders recovers the senders of txs with the head's signer and
// caches them in the transactions, before the pool's exclusive lock is
// taken (as geth does), so that concurrent callers recover in parallel and
// the validation under the lock finds the sender cached; several
// transactions are spread over the CPUs. Transactions the pool already
// holds and oversized ones are skipped, as geth filters them first: they
// are rejected without a recovery, so resending them costs a peer's victim
// nothing. A failure is not cached: validation meets it again and rejects
// the transaction. Should the head change meanwhile, the cached sender is
// for another signer and validation recovers anew.
func (p *Pool) cacheSenders(txs []*ethtypes.Transaction) {
	sp := p.lastSigner.Load()
	if sp == nil {
		return
	}
	signer := *sp
	p.mu.RLock()
	todo := txs[:0:0]
	for _, tx := range txs {
		if _, known := p.all[tx.Hash()]; !known && tx.Size() <= TxMaxSize {
			todo = append(todo, tx)
		}
	}
	p.mu.RUnlock()
	parallel.For(len(todo), 0, func(i int) { _, _ = ethtypes.Sender(signer, todo[i]) })
}

// isLocal reports whether from's transactions are treated as local.
func (p *Pool) isLocal(from ethtypes.Address) bool {
	_, ok := p.locals[from]
	return ok
}

// add validates and inserts one transaction and returns the transactions
// that became pending. p.mu must be held.
func (p *Pool) add(tx *ethtypes.Transaction, local, journal bool) ([]*ethtypes.Transaction, error) {
	hash := tx.Hash()
	if _, ok := p.all[hash]; ok {
		return nil, ruleError(ErrAlreadyKnown, hash.Hex())
	}
	local = local && !p.cfg.NoLocals
	from, err := p.validateTx(tx, local)
	if err != nil {
		return nil, err
	}
	if local && !p.isLocal(from) {
		p.markLocal(from)
	}
	local = p.isLocal(from)
	m := newMeta(tx, from)
	nonce := tx.Nonce()

	// Replacement rules and the per-account queue limit first: they cost
	// nothing and must not evict anything when they reject.
	old := p.lookup(from, nonce)
	if old != nil {
		if !p.bumpOK(old, m) {
			return nil, ruleError(ErrReplaceUnderpriced, fmt.Sprintf("need %d%% bump on fee cap %s and tip %s",
				p.cfg.PriceBump, old.feeCap.Dec(), old.tip.Dec()))
		}
	}
	gapped := nonce > p.nextNonce(from)
	if old == nil && !local && gapped {
		if q := p.queue[from]; q != nil && uint64(len(q.txs)) >= p.cfg.AccountQueue {
			return nil, ruleError(ErrAccountLimitExceeded, fmt.Sprintf("%d queued transactions of %s", len(q.txs), from.Hex()))
		}
	}

	// Make room if the pool is full (a replacement frees its old slots).
	need := p.slots + m.slots
	if old != nil {
		need -= old.slots
	}
	if limit := int(p.cfg.GlobalSlots + p.cfg.GlobalQueue); need > limit {
		if !local && p.priced.underpriced(m) {
			return nil, ruleError(ErrUnderpriced, "pool is full and the transaction pays no more than the cheapest one")
		}
		drop, ok := p.priced.discard(need - limit)
		if !ok {
			return nil, ruleError(ErrTxPoolOverflow, fmt.Sprintf("%d slots used", p.slots))
		}
		if !local && gapped {
			for _, d := range drop {
				if l := p.pending[d.sender]; l != nil && l.get(d.tx.Nonce()) == d.tx {
					for _, d := range drop {
						p.priced.push(d)
					}
					return nil, ruleError(ErrFutureReplacePending, "")
				}
			}
		}
		for _, d := range drop {
			p.removeTx(d.tx.Hash(), true)
		}
		old = p.lookup(from, nonce) // eviction may have moved or removed it
	}

	var promoted []*ethtypes.Transaction
	if l := p.pending[from]; l != nil && old != nil && l.get(nonce) == old.tx {
		// Replace an executable transaction in place.
		p.dropMeta(old)
		l.put(tx)
		p.insertMeta(m, local)
		promoted = append(promoted, tx)
	} else {
		if old != nil {
			p.dropMeta(old)
			p.queue[from].remove(nonce)
			p.queuedCount--
		}
		q := p.queue[from]
		if q == nil {
			q = &txList{}
			p.queue[from] = q
		}
		q.put(tx)
		p.queuedCount++
		p.insertMeta(m, local)
		p.beats[from] = p.cfg.Now()
		promoted = p.promoteAccount(from, promoted)
	}
	if local && journal && p.journal != nil {
		if err := p.journal.append(tx); err != nil {
			// The transaction is in the pool; only its persistence failed.
			return promoted, &RuleError{Err: ErrJournal, Cause: err}
		}
	}
	return promoted, nil
}

// lookup returns the pooled transaction of from with nonce, pending or
// queued, or nil.
func (p *Pool) lookup(from ethtypes.Address, nonce uint64) *txMeta {
	if l := p.pending[from]; l != nil {
		if tx := l.get(nonce); tx != nil {
			return p.all[tx.Hash()]
		}
	}
	if l := p.queue[from]; l != nil {
		if tx := l.get(nonce); tx != nil {
			return p.all[tx.Hash()]
		}
	}
	return nil
}

// bumpOK reports whether m may replace old: both the fee cap and the tip
// must rise, each by at least PriceBump percent.
func (p *Pool) bumpOK(old, m *txMeta) bool {
	if m.feeCap.Cmp(&old.feeCap) <= 0 || m.tip.Cmp(&old.tip) <= 0 {
		return false
	}
	return !m.feeCap.Lt(bumped(&old.feeCap, p.cfg.PriceBump)) && !m.tip.Lt(bumped(&old.tip, p.cfg.PriceBump))
}

// bumped returns v * (100 + pct) / 100 without overflow.
func bumped(v *uint256.Int, pct uint64) *uint256.Int {
	// v/100*(100+pct) + (v%100)*(100+pct)/100 is exact and cannot overflow
	// for any pct that fits in 64 bits and v below 2^256.
	var q, r uint256.Int
	hundred := uint256.NewInt(100)
	q.DivMod(v, hundred, &r)
	f := uint256.NewInt(100 + pct)
	if _, of := q.MulOverflow(&q, f); of {
		return new(uint256.Int).SetAllOne()
	}
	r.Mul(&r, f)
	r.Div(&r, hundred)
	if _, of := q.AddOverflow(&q, &r); of {
		return new(uint256.Int).SetAllOne()
	}
	return &q
}

// nextNonce returns the nonce that from's next executable transaction must
// have: one past the last pending one, or the state nonce.
func (p *Pool) nextNonce(from ethtypes.Address) uint64 {
	if l := p.pending[from]; l != nil && len(l.txs) > 0 {
		return l.txs[len(l.txs)-1].Nonce() + 1
	}
	return p.state.GetNonce(from)
}

// balance returns from's balance in the head state, never nil.
func (p *Pool) balance(from ethtypes.Address) *uint256.Int {
	if b := p.state.GetBalance(from); b != nil {
		return b
	}
	return new(uint256.Int)
}

// markLocal makes from a local account: its transactions leave the price
// heap.
func (p *Pool) markLocal(from ethtypes.Address) {
	p.locals[from] = struct{}{}
	for _, lists := range []map[ethtypes.Address]*txList{p.pending, p.queue} {
		if l := lists[from]; l != nil {
			for _, tx := range l.txs {
				p.priced.remove(p.all[tx.Hash()])
			}
		}
	}
}

// insertMeta records m in the lookup and, for remote transactions, the
// price heap.
func (p *Pool) insertMeta(m *txMeta, local bool) {
	p.all[m.tx.Hash()] = m
	p.slots += m.slots
	if !local {
		p.priced.push(m)
	}
}

// dropMeta forgets m in the lookup and the price heap (not in the lists).
func (p *Pool) dropMeta(m *txMeta) {
	delete(p.all, m.tx.Hash())
	p.slots -= m.slots
	p.priced.remove(m)
}

// removeTx removes a transaction from the pool. When it was pending and
// demote is set, the sender's later pending transactions move back to the
// queue; otherwise they are left alone (the caller restores the
// invariant).
func (p *Pool) removeTx(hash ethtypes.Hash, demote bool) {
	m := p.all[hash]
	if m == nil {
		return
	}
	p.dropMeta(m)
	from, nonce := m.sender, m.tx.Nonce()
	if l := p.pending[from]; l != nil {
		if i, ok := l.search(nonce); ok && l.txs[i] == m.tx {
			l.remove(nonce)
			p.pendingCount--
			if demote {
				for _, tx := range l.cutFrom(i) {
					p.pendingCount--
					p.enqueue(from, tx)
				}
			}
			if len(l.txs) == 0 {
				delete(p.pending, from)
			}
			return
		}
	}
	if l := p.queue[from]; l != nil && l.get(nonce) == m.tx {
		l.remove(nonce)
		p.queuedCount--
		if len(l.txs) == 0 {
			delete(p.queue, from)
			delete(p.beats, from)
		}
	}
}

// enqueue puts an already recorded transaction into from's queue.
func (p *Pool) enqueue(from ethtypes.Address, tx *ethtypes.Transaction) {
	q := p.queue[from]
	if q == nil {
		q = &txList{}
		p.queue[from] = q
	}
	if old := q.put(tx); old != nil {
		// A queued duplicate nonce loses to the demoted transaction.
		if om := p.all[old.Hash()]; om != nil {
			p.dropMeta(om)
		}
	} else {
		p.queuedCount++
	}
	if _, ok := p.beats[from]; !ok {
		p.beats[from] = p.cfg.Now()
	}
}

// promoteAccount drops from's queued transactions that are stale or
// unaffordable in the head state, moves the ones that have become
// executable to pending (appending them to promoted) and caps a remote
// account's queue at AccountQueue.
func (p *Pool) promoteAccount(from ethtypes.Address, promoted []*ethtypes.Transaction) []*ethtypes.Transaction {
	q := p.queue[from]
	if q == nil {
		return promoted
	}
	for _, tx := range q.forward(p.state.GetNonce(from)) {
		p.queuedCount--
		p.dropMeta(p.all[tx.Hash()])
	}
	balance := p.balance(from)
	for i := 0; i < len(q.txs); {
		tx := q.txs[i]
		if c, ok := txCost(tx); !ok || c.Gt(balance) || tx.Gas() > p.gasLimit {
			q.remove(tx.Nonce())
			p.queuedCount--
			p.dropMeta(p.all[tx.Hash()])
			continue
		}
		i++
	}
	next := p.nextNonce(from)
	n := 0
	for n < len(q.txs) && q.txs[n].Nonce() == next+uint64(n) {
		n++
	}
	if n > 0 {
		pl := p.pending[from]
		if pl == nil {
			pl = &txList{}
			p.pending[from] = pl
		}
		for _, tx := range q.forward(next + uint64(n)) {
			pl.put(tx)
			promoted = append(promoted, tx)
		}
		p.queuedCount -= n
		p.pendingCount += n
		p.beats[from] = p.cfg.Now()
	}
	if !p.isLocal(from) && uint64(len(q.txs)) > p.cfg.AccountQueue {
		for _, tx := range q.cutFrom(int(p.cfg.AccountQueue)) {
			p.queuedCount--
			p.dropMeta(p.all[tx.Hash()])
		}
	}
	if len(q.txs) == 0 {
		delete(p.queue, from)
		delete(p.beats, from)
	}
	return promoted
}

// SubscribeNewTxs registers fn to be called with the transactions that
// become executable (newly added, replacing, or promoted from the queue),
// for eth_subscribe("newPendingTransactions") and propagation. fn runs on
// the goroutine that changed the pool, after the pool is unlocked, and
// should return quickly. The returned function unsubscribes.
//
// This method is safe for concurrent access.
func (p *Pool) SubscribeNewTxs(fn func([]*ethtypes.Transaction)) (unsubscribe func()) {
	p.subMu.Lock()
	id := p.nextID
	p.nextID++
	p.subs[id] = fn
	p.subMu.Unlock()
	return func() {
		p.subMu.Lock()
		delete(p.subs, id)
		p.subMu.Unlock()
	}
}

// notify calls the subscribers with txs, if any.
func (p *Pool) notify(txs []*ethtypes.Transaction) {
	if len(txs) == 0 {
		return
	}
	p.subMu.Lock()
	fns := make([]func([]*ethtypes.Transaction), 0, len(p.subs))
	for _, fn := range p.subs {
		fns = append(fns, fn)
	}
	p.subMu.Unlock()
	for _, fn := range fns {
		fn(txs)
	}
}
