package node

import (
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethindex"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// fakeIndexTarget records the updates applied and the catch-up kicks; an
// update blocks until release is closed.
type fakeIndexTarget struct {
	release chan struct{}
	mu      sync.Mutex
	applied []uint64
	kicks   int
}

func (f *fakeIndexTarget) ChainUpdate(u ethindex.Update) {
	<-f.release
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, u.Added[0].Number())
}

func (f *fakeIndexTarget) Start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kicks++
}

func update(n uint64) ethindex.Update {
	return ethindex.Update{Added: []*ethtypes.Block{ethtypes.NewBlock(&ethtypes.Header{Number: n}, nil, nil, nil)}}
}

// TestETHIndexFeed checks the address index's feed: updates are applied
// in order on the feed's goroutine; when the queue is full an update is
// dropped and the catch-up kicked instead, never blocking the caller;
// close applies what is queued; a push after close does nothing.
func TestETHIndexFeed(t *testing.T) {
	ix := &fakeIndexTarget{release: make(chan struct{})}
	f := newETHIndexFeed(ix, 2)
	// The goroutine takes update 1 and blocks in it; 2 and 3 fill the
	// queue; 4 and 5 find it full.
	f.push(update(1))
	deadline := time.Now().Add(10 * time.Second)
	for len(f.ch) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the feed's goroutine did not take the first update")
		}
		time.Sleep(time.Millisecond)
	}
	for n := uint64(2); n <= 5; n++ {
		f.push(update(n)) // must not block
	}
	ix.mu.Lock()
	kicks := ix.kicks
	ix.mu.Unlock()
	if kicks != 2 {
		t.Fatalf("%d catch-up kicks for 2 dropped updates", kicks)
	}
	close(ix.release)
	f.close()
	f.push(update(6)) // after close: ignored, no panic
	if got := ix.applied; len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Fatalf("applied %v, want [1 2 3]", got)
	}
}
