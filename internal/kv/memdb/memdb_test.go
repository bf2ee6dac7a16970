package memdb_test

import (
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/kvtest"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

func TestConformance(t *testing.T) {
	kvtest.TestStore(t, func(*testing.T) kv.Store { return memdb.New() })
}

func BenchmarkMemDB(b *testing.B) {
	kvtest.BenchmarkStore(b, func(*testing.B) kv.Store { return memdb.New() })
}
