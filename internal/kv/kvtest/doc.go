// Package kvtest is the conformance suite every kv.Store backend passes, and
// shared benchmarks for them.
//
// A backend's test calls
//
//	func TestConformance(t *testing.T) {
//		kvtest.TestStore(t, func(t *testing.T) kv.Store { return openFresh(t) })
//	}
//
// The suite checks not-found reporting, overwrite and delete, empty keys and
// values, copy semantics, byte-wise key ordering, prefix and start-key
// iteration, iterator snapshots, batch atomicity and reuse, concurrent use,
// and the ErrClosed behaviour after Close. BenchmarkStore measures writes
// (single and batched) and random reads.
package kvtest
