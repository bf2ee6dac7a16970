package btcrpc

import (
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestJSONCache(t *testing.T) {
	c := newJSONCache(2, 10)
	var builds atomic.Int32
	build := func(v string, fresh bool) func() (json.RawMessage, bool, error) {
		return func() (json.RawMessage, bool, error) {
			builds.Add(1)
			return json.RawMessage(v), fresh, nil
		}
	}
	k := func(b byte) cacheKey { return cacheKey{hash: chainhash.Hash{b}, verbosity: 2} }

	// Concurrent misses build once.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _ := c.get(k(1), build("aaa", true)); string(v) != "aaa" {
				t.Error("value")
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Fatalf("%d builds, want 1", n)
	}
	// Eviction by count: the oldest goes.
	c.get(k(2), build("bb", true))
	c.get(k(3), build("c", true))
	if _, ok := c.entries[k(1)]; ok {
		t.Fatal("oldest entry kept")
	}
	// Eviction by bytes.
	c.get(k(4), build("dddddddd", true))
	if c.bytes > 10 {
		t.Fatalf("%d bytes cached", c.bytes)
	}
	// Stale answers and errors are not kept.
	c.get(k(5), build("e", false))
	if _, ok := c.entries[k(5)]; ok {
		t.Fatal("stale answer kept")
	}
	if _, err := c.get(k(6), func() (json.RawMessage, bool, error) { return nil, true, errors.New("x") }); err == nil {
		t.Fatal("error lost")
	}
	if _, ok := c.entries[k(6)]; ok {
		t.Fatal("failure kept")
	}
}
