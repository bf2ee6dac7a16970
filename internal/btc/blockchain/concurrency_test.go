package blockchain

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestConcurrentReaders queries the chain from other goroutines and from a
// subscriber while blocks are processed and a reorganisation happens.
func TestConcurrentReaders(t *testing.T) {
	p := chaincfg.RegTest()
	c := openChain(t, p, t.TempDir(), nil)
	g := newTestGen(t, p)
	main := branch(g, 130)
	gf := g.fork(main[119].BlockHash(), 120)
	fork := branch(gf, 15)

	var seen atomic.Int32
	c.Subscribe(func(n Notification) {
		// Queries from a callback see the chain at or after the change.
		if st := c.BestState(); n.Type == NTBlockConnected && st.Height < n.Height-1 {
			t.Errorf("callback for height %d sees tip %d", n.Height, st.Height)
		}
		if n.Type == NTBlockConnected && n.Height > 0 {
			op := primitives.OutPoint{Hash: n.Block.Txs[0].TxHash(), Index: 0}
			if _, _, err := c.LookupCoin(op); err != nil {
				t.Errorf("LookupCoin: %v", err)
			}
		}
		seen.Add(1)
	})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				st := c.BestState()
				if st.Height > 0 {
					// The chain may move meanwhile; only data races matter.
					_, _ = c.BlockByHeight(st.Height / 2)
				}
				_, _ = c.BlockLocator(nil)
				_ = c.ChainTips()
			}
		}()
	}
	processBlocks(t, c, main)
	processBlocks(t, c, fork)
	close(stop)
	wg.Wait()
	checkTip(t, c, 135, gf.tip)
	if seen.Load() != 130+10+15 {
		t.Errorf("%d notifications, want %d", seen.Load(), 130+10+15)
	}
}
