package leveldb_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// removeCurrent deletes CURRENT and its backup: what a crash between the
// first manifest and the rename of CURRENT leaves (with a pending
// CURRENT.n or a partial manifest, both kept here).
func removeCurrent(t *testing.T, dir string) {
	t.Helper()
	for _, n := range []string{"CURRENT", "CURRENT.bak"} {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "CURRENT.9"), []byte("MANIFEST-0000"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOpenAfterCreationCutShort checks that a database whose creation a
// crash cut short (no CURRENT, no data) opens as a new, empty one, as C++
// LevelDB does, while a directory without CURRENT that holds data is
// refused as corrupted and left as it was.
func TestOpenAfterCreationCutShort(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		dir := t.TempDir()
		db, err := leveldb.Open(dir, leveldb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		removeCurrent(t, dir)
		db, err = leveldb.Open(dir, leveldb.Options{})
		if err != nil {
			t.Fatalf("reopening after a creation cut short: %v", err)
		}
		defer db.Close()
		if _, err := db.Get([]byte("k")); !errors.Is(err, kv.ErrNotFound) {
			t.Fatalf("Get on the recreated database: %v", err)
		}
		if err := db.Put([]byte("k"), []byte("v")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("with data", func(t *testing.T) {
		dir := t.TempDir()
		db, err := leveldb.Open(dir, leveldb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Put([]byte("k"), []byte("v")); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		removeCurrent(t, dir)
		before, _ := os.ReadDir(dir)
		if _, err := leveldb.Open(dir, leveldb.Options{}); err == nil || !strings.Contains(err.Error(), "corrupted") {
			t.Fatalf("a database with data and no CURRENT opened: %v", err)
		}
		after, _ := os.ReadDir(dir)
		if len(after) != len(before) {
			t.Fatalf("the refused directory changed: %d files before, %d after", len(before), len(after))
		}
	})
}
