package wallet

import (
	"os"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// backupChunk bounds the bytes buffered per batch while copying.
const backupChunk = 4 << 20

// Backup writes a consistent copy of the wallet's database to dest, a
// wallet directory that loadwallet (by absolute path) or restorewallet can
// open (backupwallet). An existing wallet database at dest is replaced, as
// Core overwrites its backup file; dest may not be a loaded wallet's
// database (Core refuses to back up onto the wallet's own file) nor an
// existing file or directory that is not a wallet database. The copy is
// built next to dest and renamed into place, so a failed backup leaves
// dest as it was.
//
// This function is safe for concurrent access.
func (w *Wallet) Backup(dest string) error {
	fail := func() error { return makeError(ErrBackupFailed, "Error: Wallet backup failed!") }
	if dest == "" {
		return fail()
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fail()
	}
	for _, lw := range w.m.snapshot() {
		p, err := w.m.walletPath(lw.name)
		if err != nil {
			continue
		}
		if sameFile(abs, p) {
			return fail()
		}
	}
	exists := false
	if _, err := os.Stat(abs); err == nil {
		if !isWalletDir(abs) {
			return fail()
		}
		exists = true
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".backup-")
	if err != nil {
		return fail()
	}
	if err := w.copyTo(tmp); err != nil {
		os.RemoveAll(tmp)
		return fail()
	}
	if exists {
		if err := os.RemoveAll(abs); err != nil {
			os.RemoveAll(tmp)
			return fail()
		}
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.RemoveAll(tmp)
		return fail()
	}
	return nil
}

// copyTo copies every record of the wallet's database into a new database
// at dir. The source iterator reads one snapshot.
func (w *Wallet) copyTo(dir string) error {
	db, err := leveldb.Open(dir, leveldb.Options{CacheSize: 1 << 20})
	if err != nil {
		return err
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		db.Close()
		return makeError(ErrNotLoaded, "wallet is closed")
	}
	it := w.db.NewIterator(nil, nil)
	w.mu.Unlock()
	b := db.NewBatch()
	var putErr error
	for it.Next() {
		if putErr = b.Put(it.Key(), it.Value()); putErr != nil {
			break
		}
		if b.ValueSize() >= backupChunk {
			if err = b.Write(false); err != nil {
				it.Release()
				db.Close()
				return err
			}
			b.Reset()
		}
	}
	err = it.Error()
	it.Release()
	if err == nil {
		err = putErr
	}
	if err == nil {
		err = b.Write(true)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameFile reports whether paths a and b name the same file or directory.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}
