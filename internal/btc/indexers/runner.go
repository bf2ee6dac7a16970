package indexers

import (
	"sync"

	"github.com/twinchain/twinchain/internal/catchup"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// runner is what every index of this package shares (the part of Core's
// BaseIndex that follows the chain): the index's best block, the background
// catch-up (catchup.Loop) that steps the index towards the chain's tip, and
// the rules by which block notifications are applied directly or left to
// the catch-up. An index embeds it and calls init with its step.
type runner struct {
	loop catchup.Loop

	mu         sync.Mutex // serialises writes and guards the fields below
	bestHash   chainhash.Hash
	bestHeight int32 // -1 when empty
}

// init prepares an empty runner; step moves the index one block towards
// the chain's tip (back one block when its best block left the active
// chain, else forward one) and reports done at the tip, with mu held.
func (r *runner) init(step func() (bool, error), progress func(int32, bool, error)) {
	r.bestHeight = -1
	var report func(int64, bool, error)
	if progress != nil {
		report = func(h int64, synced bool, err error) { progress(int32(h), synced, err) }
	}
	r.loop.Init(&r.mu, step, func() int64 { return int64(r.bestHeight) }, report)
}

// Start begins the background catch-up to the chain's tip.
func (r *runner) Start() { r.loop.Kick() }

func (r *runner) kickLocked() { r.loop.KickLocked() }

// extendsLocked reports whether a block the chain connected extends the
// index's best block, so the caller indexes it at once. Otherwise (closed,
// still catching up, out of order) it is left to the catch-up, which it
// starts unless the block is already the best one. Called with mu held.
func (r *runner) extendsLocked(hash, prev chainhash.Hash, height int32) bool {
	switch {
	case r.loop.ClosedLocked():
		return false
	case !r.loop.SyncedLocked():
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
	if r.loop.ClosedLocked() {
		return false
	}
	if !r.loop.SyncedLocked() || hash != r.bestHash || height != r.bestHeight {
		r.kickLocked()
		return false
	}
	return true
}

// stop ends the catch-up and waits for it; it reports false when the
// runner was already stopped.
func (r *runner) stop() bool { return r.loop.Stop() }

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

// Synced reports whether the index has caught up with the chain's tip
// (getindexinfo's "synced").
func (r *runner) Synced() bool { return r.loop.Synced() }
