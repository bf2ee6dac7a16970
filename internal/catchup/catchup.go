// Package catchup runs the background catch-up of an index that follows a
// chain (Core's BaseIndex thread): a goroutine that steps the index towards
// the chain's tip until it is there, started again (or asked for another
// pass) whenever a notification cannot be applied directly. The index owns
// the mutex and the position; the Loop owns the goroutine and the
// running/synced/closed state, which it keeps under the index's mutex.
//
// Both chains' indexes use it (internal/btc/indexers, internal/eth/ethindex),
// which is why it sits at the foundation tier and knows no chain type.
package catchup

import "sync"

// Loop is one index's catch-up. The zero value is not usable: call Init.
type Loop struct {
	mu       *sync.Mutex
	step     func() (done bool, err error)
	position func() int64
	progress func(pos int64, synced bool, err error)

	synced  bool // the index is at the chain's tip
	running bool // a catch-up goroutine is running
	again   bool // the running catch-up must make another pass
	closed  bool
	wg      sync.WaitGroup
	quit    chan struct{}
}

// Init prepares the loop. step moves the index one block towards the tip and
// reports done at the tip; position returns the index's position for
// progress reports; both are called with mu held. progress (may be nil) is
// called without mu every 1,000 positions and once at the end of a pass,
// with synced true when the pass reached the tip and the error that ended
// it otherwise.
func (l *Loop) Init(mu *sync.Mutex, step func() (bool, error), position func() int64, progress func(int64, bool, error)) {
	l.mu, l.step, l.position, l.progress = mu, step, position, progress
	l.quit = make(chan struct{})
}

// Kick starts the catch-up, or asks the running one for another pass.
func (l *Loop) Kick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.KickLocked()
}

// KickLocked is Kick with the mutex held. The index is no longer synced.
func (l *Loop) KickLocked() {
	if l.closed {
		return
	}
	l.synced = false
	if l.running {
		l.again = true
		return
	}
	l.running = true
	l.wg.Add(1)
	go l.run()
}

// SyncedLocked reports whether the last pass reached the tip and nothing
// has kicked the loop since. Called with the mutex held.
func (l *Loop) SyncedLocked() bool { return l.synced }

// ClosedLocked reports whether Stop was called. Called with the mutex held.
func (l *Loop) ClosedLocked() bool { return l.closed }

// Synced is SyncedLocked taking the mutex.
func (l *Loop) Synced() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.synced
}

// Stop ends the catch-up and waits for it; it reports false when the loop
// was already stopped.
func (l *Loop) Stop() bool {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.closed = true
	close(l.quit)
	l.mu.Unlock()
	l.wg.Wait()
	return true
}

// run steps the index until it is at the tip, an error ends the pass, or
// Stop is called.
func (l *Loop) run() {
	defer l.wg.Done()
	for {
		select {
		case <-l.quit:
			l.mu.Lock()
			l.running = false
			l.mu.Unlock()
			return
		default:
		}
		l.mu.Lock()
		done, err := l.step()
		if err != nil || done {
			if l.again && err == nil {
				l.again = false
				l.mu.Unlock()
				continue
			}
			l.running = false
			l.synced = err == nil
			pos := l.position()
			l.mu.Unlock()
			if l.progress != nil {
				l.progress(pos, err == nil, err)
			}
			return
		}
		pos := l.position()
		l.mu.Unlock()
		if l.progress != nil && pos%1000 == 0 {
			l.progress(pos, false, nil)
		}
	}
}
