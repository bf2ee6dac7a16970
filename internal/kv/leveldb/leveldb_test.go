package leveldb_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/kvtest"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

func open(tb testing.TB) kv.Store {
	tb.Helper()
	db, err := leveldb.Open(tb.TempDir(), leveldb.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	kvtest.TestStore(t, func(t *testing.T) kv.Store { return open(t) })
}

func BenchmarkLevelDB(b *testing.B) {
	kvtest.BenchmarkStore(b, func(b *testing.B) kv.Store { return open(b) })
}

// TestCoreOptionsOnDisk checks that tables are written as Core writes them:
// uncompressed blocks with LevelDB's built-in bloom filter.
func TestCoreOptionsOnDisk(t *testing.T) {
	dir := t.TempDir()
	db, err := leveldb.Open(dir, leveldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	filler := bytes.Repeat([]byte{'a'}, 200) // snappy would shrink this run
	b := db.NewBatch()
	for i := range 2000 {
		_ = b.Put(fmt.Appendf(nil, "key-%05d", i), append(fmt.Appendf(nil, "v%05d", i), filler...))
	}
	if err := b.Write(true); err != nil {
		t.Fatal(err)
	}
	if err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "*.ldb"))
	if len(tables) == 0 {
		t.Fatal("no table files after compaction")
	}
	var all []byte
	for _, p := range tables {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data...)
	}
	if !bytes.Contains(all, []byte("filter.leveldb.BuiltinBloomFilter2")) {
		t.Error("tables carry no leveldb.BuiltinBloomFilter2 filter block")
	}
	if !bytes.Contains(all, append([]byte("v01234"), filler...)) {
		t.Error("values are not stored uncompressed")
	}
	// Reopen: the data persisted; ErrorIfMissing refuses a new directory.
	db, err = leveldb.Open(dir, leveldb.Options{ErrorIfMissing: true, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Get([]byte("key-01999")); err != nil || !bytes.HasPrefix(v, []byte("v01999")) {
		t.Fatalf("after reopen: %q %v", v, err)
	}
	if _, err := leveldb.Open(filepath.Join(dir, "missing"), leveldb.Options{ErrorIfMissing: true}); err == nil {
		t.Fatal("ErrorIfMissing opened a missing database")
	}
}
