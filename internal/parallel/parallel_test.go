package parallel

import (
	"sync/atomic"
	"testing"
)

// TestFor checks that every index is visited exactly once, whatever the
// number of workers, and that an empty loop does nothing.
func TestFor(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 0}, {1, 0}, {100, 1}, {100, 3}, {5, 64}, {1000, 0}} {
		seen := make([]atomic.Int32, c.n)
		For(c.n, c.workers, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n %d workers %d: index %d visited %d times", c.n, c.workers, i, got)
			}
		}
	}
}

// TestStartStop checks that a stop abandons the indexes not yet taken:
// with the only worker inside the first call when quit is set, no other
// call runs; and that Start's stop waits for the calls under way.
func TestStartStop(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	var calls atomic.Int32
	l := start(10, 1, func(int) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
	})
	<-started
	l.quit.Store(true)
	close(release)
	l.wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Fatalf("%d calls after a stop during the first", got)
	}

	var done atomic.Int32
	stop := Start(50, 2, func(int) { done.Add(1) })
	stop()
	n := done.Load()
	if n > 50 {
		t.Fatalf("%d calls for 50 indexes", n)
	}
	if again := done.Load(); again != n {
		t.Fatal("calls went on after stop returned")
	}
}
