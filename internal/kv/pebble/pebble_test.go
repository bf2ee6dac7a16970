package pebble_test

import (
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/kvtest"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

func open(tb testing.TB) kv.Store {
	tb.Helper()
	db, err := pebble.Open(tb.TempDir(), pebble.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	kvtest.TestStore(t, func(t *testing.T) kv.Store { return open(t) })
}

func BenchmarkPebble(b *testing.B) {
	kvtest.BenchmarkStore(b, func(b *testing.B) kv.Store { return open(b) })
}
