package catchup

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// index is a fake index that reaches its tip after tip steps.
type index struct {
	mu       sync.Mutex
	pos, tip int64
	fail     error
	loop     Loop
	reports  chan [2]any
}

func newIndex(tip int64) *index {
	ix := &index{tip: tip, reports: make(chan [2]any, 16)}
	ix.loop.Init(&ix.mu, func() (bool, error) {
		if ix.fail != nil {
			return false, ix.fail
		}
		if ix.pos == ix.tip {
			return true, nil
		}
		ix.pos++
		return false, nil
	}, func() int64 { return ix.pos }, func(pos int64, synced bool, err error) {
		if synced || err != nil {
			ix.reports <- [2]any{pos, err}
		}
	})
	return ix
}

func TestLoop(t *testing.T) {
	ix := newIndex(2500)
	ix.loop.Kick()
	select {
	case r := <-ix.reports:
		if r[0] != int64(2500) || r[1] != nil {
			t.Fatalf("final report %v", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no final report")
	}
	if !ix.loop.Synced() {
		t.Fatal("not synced at the tip")
	}
	// A kick after the tip moved: another pass, synced again.
	ix.mu.Lock()
	ix.tip = 2600
	ix.loop.KickLocked()
	if ix.loop.SyncedLocked() {
		t.Fatal("synced right after a kick")
	}
	ix.mu.Unlock()
	if r := <-ix.reports; r[0] != int64(2600) {
		t.Fatalf("second pass ended at %v", r[0])
	}
	// An error ends the pass unsynced.
	boom := errors.New("boom")
	ix.mu.Lock()
	ix.fail = boom
	ix.mu.Unlock()
	ix.loop.Kick()
	if r := <-ix.reports; r[1] != boom || ix.loop.Synced() {
		t.Fatalf("failing pass: %v, synced %v", r, ix.loop.Synced())
	}
	if !ix.loop.Stop() || ix.loop.Stop() {
		t.Fatal("Stop should report true once, then false")
	}
	ix.mu.Lock()
	closed := ix.loop.ClosedLocked()
	ix.loop.KickLocked() // ignored once stopped
	ix.mu.Unlock()
	if !closed {
		t.Fatal("not closed after Stop")
	}
}
