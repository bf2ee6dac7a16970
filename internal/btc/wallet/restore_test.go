package wallet

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestRestore(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.NewAddress(TypeBech32, "kept")
	if err != nil {
		t.Fatal(err)
	}
	n.mine(a.ScriptPubKey(), 101)
	backup := filepath.Join(t.TempDir(), "w.bak")
	if err := w.Backup(backup); err != nil {
		t.Fatal(err)
	}
	r, err := n.mgr.Restore("restored", backup)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name() != "restored" || !slices.Contains(n.mgr.Wallets(), "restored") {
		t.Fatalf("restored wallet %q not loaded: %v", r.Name(), n.mgr.Wallets())
	}
	if !isWalletDir(filepath.Join(n.dir, "restored")) {
		t.Fatal("no database in the wallets directory")
	}
	if got, want := r.Balances(), w.Balances(); got != want {
		t.Fatalf("restored balances %+v, want %+v", got, want)
	}
	if d := cmp.Diff(w.Labels(), r.Labels()); d != "" {
		t.Fatalf("restored labels (-want +got):\n%s", d)
	}
	wd, err := w.ListDescriptors(false)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := r.ListDescriptors(false)
	if err != nil {
		t.Fatal(err)
	}
	byDesc := func(a, b DescriptorInfo) int { return strings.Compare(a.Descriptor, b.Descriptor) }
	slices.SortFunc(wd, byDesc)
	slices.SortFunc(rd, byDesc)
	if len(wd) == 0 {
		t.Fatal("no descriptors")
	}
	if d := cmp.Diff(wd, rd); d != "" {
		t.Fatalf("restored descriptors (-want +got):\n%s", d)
	}
	// The backup is untouched and can be restored again under another name.
	if _, err := n.mgr.Restore("sub/again", backup); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyDir := t.TempDir()
	// A LevelDB database that is not a wallet: it passes the first check
	// and fails when loaded.
	notWallet := filepath.Join(t.TempDir(), "db")
	db, err := leveldb.Open(notWallet, leveldb.Options{CacheSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Put([]byte("k"), []byte("v")); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := dirEntries(t, n.dir)
	for _, tc := range []struct {
		name, wallet, backup string
		kind                 ErrorKind
	}{
		{"missing backup", "x", filepath.Join(t.TempDir(), "none"), ErrInvalidBackup},
		{"empty backup path", "x", "", ErrInvalidBackup},
		{"plain file", "x", file, ErrBadWalletFile},
		{"empty directory", "x", emptyDir, ErrBadWalletFile},
		{"not a wallet database", "x", notWallet, ErrBadWalletFile},
		{"loaded name", "w", backup, ErrWalletExists},
		{"existing name", "restored", backup, ErrWalletExists},
		{"default wallet directory", "", backup, ErrWalletExists},
		{"escaping name", "../x", backup, ErrInvalidParameter},
	} {
		_, err := n.mgr.Restore(tc.wallet, tc.backup)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.kind)
		}
		if got := dirEntries(t, n.dir); !slices.Equal(got, before) {
			t.Errorf("%s: wallets directory %v, want %v", tc.name, got, before)
		}
	}
	var we Error
	if _, err := n.mgr.Restore("w", backup); !errors.As(err, &we) ||
		we.Description != "Failed to create database path '"+filepath.Join(n.dir, "w")+"'. Database already exists." {
		t.Fatalf("existing: %v", err)
	}
	if _, err := n.mgr.Restore("x", filepath.Join(n.dir, "none")); !errors.As(err, &we) || we.Description != "Backup file does not exist" {
		t.Fatalf("missing: %v", err)
	}
	// An existing directory that is not a wallet is not replaced either.
	if err := os.Mkdir(filepath.Join(n.dir, "plain"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := n.mgr.Restore("plain", backup); !errors.Is(err, ErrWalletExists) {
		t.Fatalf("over a plain directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(n.dir, "plain")); err != nil {
		t.Fatal("refused restore removed the directory")
	}
}
