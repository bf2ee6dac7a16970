package ethsync

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// maxInsertBatch is the most blocks handed to one InsertChain call.
const maxInsertBatch = 256

// syncWith brings our chain to peer p's head: its head header, the common
// ancestor, then headers from p and bodies from every peer, inserted in
// order as they complete.
func (s *Syncer) syncWith(p Peer) error {
	head, _ := p.Head()
	hs, err := s.headersByHash(p, head, 1)
	if err != nil {
		return err
	}
	if len(hs) != 1 || hs[0].Hash() != head {
		p.Misbehaving(scoreUseless, "head header not delivered")
		return syncErrorf(ErrBadHeaders, p.ID(), "head %s not delivered", head)
	}
	remote := hs[0].Number
	if _, ok := s.cfg.Chain.GetHeaderByHash(head); ok {
		return nil
	}
	anc, ancHash, err := s.findAncestor(p, remote)
	if err != nil {
		return err
	}
	ours := s.cfg.Chain.CurrentHeader().Number
	s.log.Info("Account chain: syncing", "peer", p.ID(), "from", anc, "to", remote)

	f := newFetch(s, p, anc, ancHash, remote)
	s.mu.Lock()
	s.active = f
	s.syncing = true
	s.progress = Progress{StartingBlock: ours, HighestBlock: remote}
	peers := make([]Peer, 0, len(s.peers))
	for _, e := range s.peers {
		peers = append(peers, e.p)
	}
	s.mu.Unlock()
	for _, q := range peers {
		f.addWorker(q)
	}
	err = f.run()
	s.mu.Lock()
	s.active = nil
	s.syncing = false
	s.mu.Unlock()
	if s.cfg.OnSynced != nil {
		s.cfg.OnSynced(f.insertedTotal, f.delivered)
	}
	if err != nil {
		return err
	}
	if b := s.cfg.Chain.CurrentHeader(); b != nil {
		s.announce(b)
	}
	s.log.Info("Account chain: sync done", "peer", p.ID(), "blocks", f.insertedTotal,
		"head", s.cfg.Chain.CurrentHeader().Number, "bodies", fmt.Sprint(f.delivered))
	return nil
}

// requestCtx returns the context of one request.
func (s *Syncer) requestCtx(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, s.cfg.RequestTimeout)
}

// requestFailed penalises a peer whose request timed out and returns the
// error to report.
func (s *Syncer) requestFailed(ctx context.Context, p Peer, what string, err error) error {
	if ctx.Err() != nil && s.ctx.Err() != nil {
		return syncErrorf(ErrStopped, "", "%s", what)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		p.Misbehaving(scoreStall, what+" timed out")
	}
	return syncErrorf(ErrStalled, p.ID(), "%s: %v", what, err)
}

// headersByHash requests amount headers from origin.
func (s *Syncer) headersByHash(p Peer, origin ethtypes.Hash, amount uint64) ([]*ethtypes.Header, error) {
	ctx, cancel := s.requestCtx(s.ctx)
	defer cancel()
	// A reverse query: a server may serve a forward one from a hash only
	// when the origin is canonical, while a single header of a side block
	// (an announced uncle candidate) is wanted too.
	hs, err := p.RequestHeadersByHash(ctx, origin, amount, 0, amount == 1)
	if err != nil {
		return nil, s.requestFailed(ctx, p, "headers by hash", err)
	}
	return hs, nil
}

// headersByNumber requests headers by number and checks their numbers.
func (s *Syncer) headersByNumber(ctx context.Context, p Peer, origin, amount uint64, reverse bool) ([]*ethtypes.Header, error) {
	rctx, cancel := s.requestCtx(ctx)
	defer cancel()
	hs, err := p.RequestHeadersByNumber(rctx, origin, amount, 0, reverse)
	if err != nil {
		return nil, s.requestFailed(rctx, p, "headers by number", err)
	}
	if uint64(len(hs)) > amount {
		p.Misbehaving(scoreInvalid, "too many headers")
		return nil, syncErrorf(ErrBadHeaders, p.ID(), "%d headers for %d", len(hs), amount)
	}
	for i, h := range hs {
		want := origin + uint64(i)
		if reverse {
			want = origin - uint64(i)
		}
		if h == nil || h.Number != want {
			p.Misbehaving(scoreInvalid, "headers out of order")
			return nil, syncErrorf(ErrBadHeaders, p.ID(), "header %d is not number %d", i, want)
		}
	}
	return hs, nil
}

// findAncestor returns the highest block both chains share: first among
// the ancestorSpan headers below min(our head, remote), then by binary
// search.
func (s *Syncer) findAncestor(p Peer, remote uint64) (uint64, ethtypes.Hash, error) {
	from := min(s.cfg.Chain.CurrentHeader().Number, remote)
	count := min(from+1, ancestorSpan)
	hs, err := s.headersByNumber(s.ctx, p, from, count, true)
	if err != nil {
		return 0, ethtypes.Hash{}, err
	}
	if len(hs) == 0 {
		p.Misbehaving(scoreInvalid, "no headers below its head")
		return 0, ethtypes.Hash{}, syncErrorf(ErrBadHeaders, p.ID(), "no header at %d", from)
	}
	for _, h := range hs {
		if hash := h.Hash(); s.known(hash) {
			return h.Number, hash, nil
		}
	}
	// Invariant: lo is shared, hi is not.
	genesis := s.cfg.Chain.Genesis().Hash()
	lo, loHash, hi := uint64(0), genesis, hs[len(hs)-1].Number
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		hs, err := s.headersByNumber(s.ctx, p, mid, 1, false)
		if err != nil {
			return 0, ethtypes.Hash{}, err
		}
		if len(hs) != 1 {
			p.Misbehaving(scoreInvalid, "missing header in ancestor search")
			return 0, ethtypes.Hash{}, syncErrorf(ErrBadHeaders, p.ID(), "no header at %d", mid)
		}
		if hash := hs[0].Hash(); s.known(hash) {
			lo, loHash = mid, hash
		} else {
			hi = mid
		}
	}
	return lo, loHash, nil
}

// known reports whether the chain has the block.
func (s *Syncer) known(hash ethtypes.Hash) bool {
	_, ok := s.cfg.Chain.GetHeaderByHash(hash)
	return ok
}

// task is a run of consecutive blocks whose bodies are fetched in one
// request.
type task struct {
	start, end uint64 // block numbers [start, end)
	failed     map[string]bool
}

// fetch is the download of one sync: headers from src, bodies from every
// worker, insertion in order.
type fetch struct {
	s      *Syncer
	src    Peer
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	cond     *sync.Cond
	base     uint64 // number of headers[0]
	headers  []*ethtypes.Header
	bodies   []*ethtypes.Body // nil until delivered
	queue    []*task          // waiting tasks, lowest first
	cut      uint64           // the next number not yet in a task
	next     uint64           // the next header number to download
	last     uint64           // the remote head's number
	done     bool             // all headers downloaded
	err      error
	workers  map[string]bool // running workers
	inflight int
	// delivered counts the bodies per peer; insertedTotal the blocks
	// inserted.
	delivered     map[string]int
	insertedTotal int
	ancHash       ethtypes.Hash // the common ancestor
}

func newFetch(s *Syncer, src Peer, anc uint64, ancHash ethtypes.Hash, remote uint64) *fetch {
	ctx, cancel := context.WithCancel(s.ctx)
	f := &fetch{
		s: s, src: src, ctx: ctx, cancel: cancel,
		base: anc + 1, cut: anc + 1, next: anc + 1, last: remote,
		workers: make(map[string]bool), delivered: make(map[string]int),
	}
	f.cond = sync.NewCond(&f.mu)
	f.ancHash = ancHash
	return f
}

// fail ends the fetch with err (the first error wins).
func (f *fetch) fail(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.cond.Broadcast()
	f.mu.Unlock()
	f.cancel()
}

// fetchHeaders downloads the headers from src, checks that they link up and
// cuts them into body tasks.
func (f *fetch) fetchHeaders(prev ethtypes.Hash) {
	s := f.s
	for {
		f.mu.Lock()
		for f.err == nil && f.ctx.Err() == nil && f.next-f.base >= uint64(s.cfg.MaxAhead) {
			f.cond.Wait()
		}
		next, last := f.next, f.last
		stopped := f.err != nil || f.ctx.Err() != nil
		f.mu.Unlock()
		if stopped {
			return
		}
		if next > last {
			break
		}
		amount := min(uint64(s.cfg.HeaderBatch), last-next+1)
		hs, err := s.headersByNumber(f.ctx, f.src, next, amount, false)
		if err != nil {
			f.fail(err)
			return
		}
		if len(hs) == 0 {
			f.src.Misbehaving(scoreUseless, "no headers")
			f.fail(syncErrorf(ErrStalled, f.src.ID(), "no headers from %d", next))
			return
		}
		for _, h := range hs {
			if h.ParentHash != prev {
				f.src.Misbehaving(scoreInvalid, "broken header chain")
				f.fail(syncErrorf(ErrBadHeaders, f.src.ID(), "header %d does not link to its parent", h.Number))
				return
			}
			prev = h.Hash()
		}
		f.addHeaders(hs)
	}
	f.mu.Lock()
	f.done = true
	f.cutTasks()
	f.checkStuck()
	f.cond.Broadcast()
	f.mu.Unlock()
}

// emptyBody returns the body of h if its header says it is empty.
func emptyBody(h *ethtypes.Header) (*ethtypes.Body, bool) {
	if h.TxHash != ethtypes.EmptyRootHash || h.UncleHash != ethtypes.EmptyUncleHash {
		return nil, false
	}
	if h.WithdrawalsHash == nil {
		return &ethtypes.Body{}, true
	}
	if *h.WithdrawalsHash != ethtypes.EmptyRootHash {
		return nil, false
	}
	return &ethtypes.Body{Withdrawals: ethtypes.Withdrawals{}}, true
}

// addHeaders appends downloaded headers, fills the bodies of empty blocks
// and cuts tasks.
func (f *fetch) addHeaders(hs []*ethtypes.Header) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range hs {
		f.headers = append(f.headers, h)
		b, _ := emptyBody(h)
		f.bodies = append(f.bodies, b)
	}
	f.next += uint64(len(hs))
	f.cutTasks()
	f.checkStuck() // every worker may have gone
	f.cond.Broadcast()
}

// cutTasks turns the downloaded headers without a body into tasks of at
// most BodyBatch blocks. f.mu is held.
func (f *fetch) cutTasks() {
	batch := uint64(f.s.cfg.BodyBatch)
	var t *task
	for ; f.cut < f.next; f.cut++ {
		if f.bodies[f.cut-f.base] != nil {
			if t != nil {
				f.queue = append(f.queue, t)
				t = nil
			}
			continue
		}
		if t == nil {
			t = &task{start: f.cut, end: f.cut}
		}
		t.end = f.cut + 1
		if t.end-t.start == batch {
			f.queue = append(f.queue, t)
			t = nil
		}
	}
	if t != nil {
		f.queue = append(f.queue, t)
	}
}

// addWorker starts a body worker for p unless one runs.
func (f *fetch) addWorker(p Peer) {
	f.mu.Lock()
	if f.workers[p.ID()] || f.err != nil || f.ctx.Err() != nil {
		f.mu.Unlock()
		return
	}
	f.workers[p.ID()] = true
	f.wg.Add(1)
	f.mu.Unlock()
	go func() {
		defer f.wg.Done()
		f.bodyWorker(p)
		f.mu.Lock()
		delete(f.workers, p.ID())
		f.checkStuck()
		f.mu.Unlock()
	}()
}

// take returns the lowest waiting task p has not failed, waiting for one;
// nil when the fetch is over.
func (f *fetch) take(id string) *task {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		if f.err != nil || f.ctx.Err() != nil {
			return nil
		}
		for i, t := range f.queue {
			if !t.failed[id] {
				f.queue = append(f.queue[:i], f.queue[i+1:]...)
				f.inflight++
				return t
			}
		}
		if f.done && len(f.queue) == 0 && f.inflight == 0 {
			return nil
		}
		f.checkStuck()
		f.cond.Wait()
	}
}

// checkStuck fails the fetch when no running worker can take any waiting
// task and none is in flight. f.mu is held.
func (f *fetch) checkStuck() {
	if f.inflight > 0 || len(f.queue) == 0 || f.err != nil {
		return
	}
	for _, t := range f.queue {
		for id := range f.workers {
			if !t.failed[id] {
				return
			}
		}
	}
	f.err = syncErrorf(ErrNoPeers, "", "blocks %d-%d", f.queue[0].start, f.queue[0].end-1)
	f.cond.Broadcast()
	f.cancel()
}

// requeue puts a task (or what is left of it) back, p marked as failed on
// it when failed is set.
func (f *fetch) requeue(t *task, id string, failed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight--
	if t != nil && t.start < t.end {
		if failed {
			if t.failed == nil {
				t.failed = make(map[string]bool)
			}
			t.failed[id] = true
		}
		i := 0
		for i < len(f.queue) && f.queue[i].start < t.start {
			i++
		}
		f.queue = append(f.queue, nil)
		copy(f.queue[i+1:], f.queue[i:])
		f.queue[i] = t
	}
	f.cond.Broadcast()
}

// bodyWorker fetches tasks' bodies from p until the fetch ends or p fails.
func (f *fetch) bodyWorker(p Peer) {
	s := f.s
	st := trie.NewStackTrie(nil)
	cfg := s.cfg.Chain.Config()
	id := p.ID()
	for {
		t := f.take(id)
		if t == nil {
			return
		}
		f.mu.Lock()
		hdrs := append([]*ethtypes.Header(nil), f.headers[t.start-f.base:t.end-f.base]...)
		f.mu.Unlock()
		hashes := make([]ethtypes.Hash, len(hdrs))
		for i, h := range hdrs {
			hashes[i] = h.Hash()
		}
		ctx, cancel := s.requestCtx(f.ctx)
		bodies, err := p.RequestBodies(ctx, hashes)
		cancel()
		if err != nil {
			f.requeue(t, id, true)
			if f.ctx.Err() == nil {
				_ = s.requestFailed(ctx, p, "block bodies", err)
			}
			return
		}
		if len(bodies) > len(hashes) {
			p.Misbehaving(scoreInvalid, "too many bodies")
			f.requeue(t, id, true)
			return
		}
		for i, b := range bodies {
			if b == nil {
				p.Misbehaving(scoreInvalid, "nil body")
				f.requeue(t, id, true)
				return
			}
			if err := ethchain.ValidateBody(cfg, ethtypes.WithBody(hdrs[i], b), st); err != nil {
				p.Misbehaving(scoreInvalid, "invalid body: "+err.Error())
				f.requeue(t, id, true)
				return
			}
		}
		if len(bodies) == 0 {
			f.requeue(t, id, true)
			continue
		}
		f.mu.Lock()
		for i, b := range bodies {
			if f.bodies[t.start-f.base+uint64(i)] == nil {
				f.bodies[t.start-f.base+uint64(i)] = b
				f.delivered[id]++
			}
		}
		t.start += uint64(len(bodies))
		f.mu.Unlock()
		f.requeue(t, id, false)
	}
}

// run downloads the headers, inserts the blocks in order as their bodies
// arrive and returns when all are in or the fetch failed; it stops the
// header download and the workers before returning. The workers are added
// before run.
func (f *fetch) run() error {
	stop := context.AfterFunc(f.ctx, func() {
		f.mu.Lock()
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	defer stop()
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		f.fetchHeaders(f.ancHash)
	}()
	err := f.insertLoop()
	if err != nil {
		f.fail(err)
	}
	f.cancel()
	f.wg.Wait()
	return err
}

func (f *fetch) insertLoop() error {
	s := f.s
	for {
		f.mu.Lock()
		for f.err == nil && f.ctx.Err() == nil && len(f.bodies) > 0 && f.bodies[0] == nil || f.err == nil && f.ctx.Err() == nil && len(f.bodies) == 0 && !f.done {
			f.cond.Wait()
		}
		if f.err != nil {
			err := f.err
			f.mu.Unlock()
			return err
		}
		if f.ctx.Err() != nil {
			f.mu.Unlock()
			return syncErrorf(ErrStopped, "", "sync cancelled")
		}
		if len(f.bodies) == 0 && f.done {
			f.mu.Unlock()
			return nil
		}
		n := 0
		for n < len(f.bodies) && n < maxInsertBatch && f.bodies[n] != nil {
			n++
		}
		blocks := make([]*ethtypes.Block, n)
		for i := range blocks {
			blocks[i] = ethtypes.WithBody(f.headers[i], f.bodies[i])
		}
		f.mu.Unlock()

		k, err := s.cfg.Chain.InsertChain(blocks)
		f.mu.Lock()
		f.insertedTotal += k
		// Drop the processed blocks (and the bad one) from the window.
		drop := k
		if err != nil && k < n {
			drop = k + 1
		}
		f.headers = f.headers[drop:]
		f.bodies = f.bodies[drop:]
		f.base += uint64(drop)
		f.cond.Broadcast()
		f.mu.Unlock()
		if err != nil {
			if isBlockError(err) && !errors.Is(err, ethconsensus.ErrFutureBlock) {
				f.src.Misbehaving(scoreInvalid, "invalid block: "+err.Error())
				return syncErrorf(ErrBadBlock, f.src.ID(), "block %d: %v", blocks[k].Number(), err)
			}
			return syncErrorf(ErrBadBlock, "", "block %d: %v", blocks[min(k, n-1)].Number(), err)
		}
	}
}

// isBlockError reports whether err is the chain's rejection of a block
// (rather than a storage failure or a stopped chain).
func isBlockError(err error) bool {
	var be *ethchain.BlockError
	var ce *ethchain.RuleError
	var re *ethconsensus.RuleError
	return errors.As(err, &be) || errors.As(err, &ce) || errors.As(err, &re) || errors.Is(err, ethchain.ErrUnknownAncestor)
}
