package indexers

import (
	"sync"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// runner is the catch-up machinery every index of this package shares (the
// part of Core's BaseIndex that follows the chain): the index's best block,
// a background goroutine that steps the index towards the chain's tip, and
// the rules by which block notifications are applied directly or hand over
// to that goroutine. An index embeds it and sets step.
type runner struct {
	// step moves the index one block towards the chain's tip (back one
	// block when its best block left the active chain, else forward
	// one) and reports done at the tip. Called with mu held.
	step     func() (done bool, err error)
	progress func(height int32, synced bool, err error)

	mu         sync.Mutex // serialises writes and guards the fields below
	bestHash   chainhash.Hash
	bestHeight int32 // -1 when empty
	synced     bool
	running    bool // a catch-up goroutine is running
	again      bool // the running catch-up must make another pass
	closed     bool
	wg         sync.WaitGroup
	quit       chan struct{}
}

// init prepares an empty runner.
func (r *runner) init(step func() (bool, error), progress func(int32, bool, error)) {
	r.step, r.progress = step, progress
	r.bestHeight = -1
	r.quit = make(chan struct{})
}

// Start begins the background catch-up to the chain's tip.
func (r *runner) Start() { r.kick() }

// kick starts the catch-up goroutine, or asks the running one for another
// pass.
func (r *runner) kick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kickLocked()
}

func (r *runner) kickLocked() {
	if r.closed {
		return
	}
	r.synced = false
	if r.running {
		r.again = true
		return
	}
	r.running = true
	r.wg.Add(1)
	go r.catchUp()
}

// catchUp steps the index until its best block is the chain's tip.
func (r *runner) catchUp() {
	defer r.wg.Done()
	for {
		select {
		case <-r.quit:
			r.mu.Lock()
			r.running = false
			r.mu.Unlock()
			return
		default:
		}
		r.mu.Lock()
		done, err := r.step()
		if err != nil || done {
			if r.again && err == nil {
				r.again = false
				r.mu.Unlock()
				continue
			}
			r.running = false
			r.synced = err == nil
			h := r.bestHeight
			r.mu.Unlock()
			if r.progress != nil {
				r.progress(h, err == nil, err)
			}
			return
		}
		h := r.bestHeight
		r.mu.Unlock()
		if r.progress != nil && h%1000 == 0 {
			r.progress(h, false, nil)
		}
	}
}

// extendsLocked reports whether a block the chain connected extends the
// index's best block, so the caller indexes it at once. Otherwise (closed,
// still catching up, out of order) it is left to the catch-up, which it
// starts unless the block is already the best one. Called with mu held.
func (r *runner) extendsLocked(hash, prev chainhash.Hash, height int32) bool {
	switch {
	case r.closed:
		return false
	case !r.synced:
		r.kickLocked()
		return false
	case hash == r.bestHash:
		return false
	case height != r.bestHeight+1 || prev != r.bestHash:
		r.kickLocked()
		return false
	}
	return true
}

// isTipLocked reports whether a block the chain disconnected is the index's
// best block, so the caller undoes it at once; otherwise the catch-up
// rewinds. Called with mu held.
func (r *runner) isTipLocked(hash chainhash.Hash, height int32) bool {
	if r.closed {
		return false
	}
	if !r.synced || hash != r.bestHash || height != r.bestHeight {
		r.kickLocked()
		return false
	}
	return true
}

// stop ends the catch-up and waits for it; it reports false when the
// runner was already stopped.
func (r *runner) stop() bool {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return false
	}
	r.closed = true
	close(r.quit)
	r.mu.Unlock()
	r.wg.Wait()
	return true
}

// BestHeight returns the height of the index's best block (-1 when empty).
func (r *runner) BestHeight() int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bestHeight
}

// BestHash returns the hash of the index's best block.
func (r *runner) BestHash() chainhash.Hash {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bestHash
}

// Synced reports whether the index has caught up with the chain's tip.
func (r *runner) Synced() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.synced
}
