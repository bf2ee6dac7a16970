// Package parallel runs a loop over indexes on several goroutines, each
// taking the next index in turn: the shape of recovering the senders of a
// batch of transactions or checking a batch of headers on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n) on up to workers goroutines
// (GOMAXPROCS when workers <= 0, never more than n) and returns once every
// call has returned. With a single worker the calls run on the caller's
// goroutine, in order.
//
// This function is safe for concurrent access; fn must be safe to call
// concurrently.
func For(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if min(workers, n) == 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	start(n, workers, fn).wg.Wait()
}

// Start is For in the background: it returns at once, and stop abandons
// the indexes no worker has taken yet and waits for the calls under way.
//
// This function is safe for concurrent access; fn must be safe to call
// concurrently.
func Start(n, workers int, fn func(i int)) (stop func()) {
	l := start(n, workers, fn)
	return func() {
		l.quit.Store(true)
		l.wg.Wait()
	}
}

// loop is a running For.
type loop struct {
	next atomic.Int64
	quit atomic.Bool
	wg   sync.WaitGroup
}

// start starts min(workers, n) goroutines (GOMAXPROCS when workers <= 0)
// that take the next index until none is left or quit is set.
func start(n, workers int, fn func(i int)) *loop {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	l := &loop{}
	for range min(workers, n) {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for !l.quit.Load() {
				i := int(l.next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	return l
}
