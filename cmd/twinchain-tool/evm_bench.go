package main

import (
	"runtime"
	"time"
)

// benchResult is a measurement: time, heap allocations and bytes per run.
type benchResult struct {
	perRun time.Duration
	allocs int64
	bytes  int64
	runs   int
}

// benchmark calls once repeatedly until a batch of calls lasts at least d
// and returns the figures per call of that last batch, growing the batch as
// the testing package's benchmarks do (the first batch has one call, the
// next are sized from the time per call so far, at most 100 times larger).
// Garbage is collected before each batch, outside the timed section. An
// error from once stops the measurement.
//
// This function is safe for concurrent access (but timings of concurrent
// calls disturb each other).
func benchmark(d time.Duration, once func() error) (benchResult, error) {
	n := 1
	for {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		for range n {
			if err := once(); err != nil {
				return benchResult{}, err
			}
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if elapsed >= d || n >= 1_000_000_000 {
			return benchResult{
				perRun: elapsed / time.Duration(n),
				allocs: int64(after.Mallocs-before.Mallocs) / int64(n),
				bytes:  int64(after.TotalAlloc-before.TotalAlloc) / int64(n),
				runs:   n,
			}, nil
		}
		next := 100 * n
		if elapsed > 0 {
			// Aim 20% past d, as the testing package does.
			next = int(min(float64(d)*1.2*float64(n)/float64(elapsed), float64(next)))
		}
		n = max(next, n+1)
	}
}
