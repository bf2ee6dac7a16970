package netsync

import (
	"testing"
	"time"
)

// BenchmarkSync measures an initial sync of bigBlocks (2,100) blocks by an empty
// node from one preloaded node over an in-process pipe (blocks/s and
// inputs/s; the chain has three small transactions per block).
func BenchmarkSync(b *testing.B) {
	benchSync(b, 1)
}

// BenchmarkSyncThreePeers is BenchmarkSync from three preloaded nodes.
func BenchmarkSyncThreePeers(b *testing.B) {
	benchSync(b, 3)
}

func benchSync(b *testing.B, servers int) {
	loadFixture(b)
	var srv []*node
	for range servers {
		srv = append(srv, newNode(b, "S", nodeOpts{preload: true, height: bigBlocks}))
	}
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		n := newNode(b, "B", nodeOpts{height: bigBlocks})
		b.StartTimer()
		start := time.Now()
		for _, s := range srv {
			connect(b, n, s, nil, nil)
		}
		waitFor(b, time.Minute, "sync", atHeight(bigBlocks, n))
		total += time.Since(start)
		b.StopTimer()
		n.mu.Lock()
		for _, p := range n.peers {
			p.Disconnect("bench done")
		}
		n.mu.Unlock()
		b.StartTimer()
	}
	inputs := 0
	for _, blk := range fixture.chain.Blocks[:bigBlocks] {
		for _, tx := range blk.Txs {
			inputs += len(tx.Inputs)
		}
	}
	b.ReportMetric(float64(bigBlocks*b.N)/total.Seconds(), "blocks/s")
	b.ReportMetric(float64(inputs*b.N)/total.Seconds(), "inputs/s")
}
