package wallet

import (
	"io"
	"os"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/fsutil"
)

// Restore copies the wallet backup at backup (a directory Backup wrote)
// into the wallets directory as wallet name and loads it (restorewallet,
// Core's RestoreWallet). It fails with ErrInvalidBackup when backup does
// not exist, with ErrBadWalletFile when it is not a wallet database (it is
// checked before anything is copied, and again when the copy is loaded),
// and with ErrWalletExists when the target path already exists (Core refuses to restore over anything). The
// copy is built in a temporary directory next to the target and renamed
// into place; when loading the restored wallet fails the restored
// directory is removed, so a failed restore leaves nothing behind.
//
// This function is safe for concurrent access.
func (m *Manager) Restore(name, backup string) (*Wallet, error) {
	w, err := m.restore(name, backup)
	if err != nil {
		return nil, err
	}
	// Without m.mu, as in Load.
	m.resubmit(w)
	return w, nil
}

func (m *Manager) restore(name, backup string) (*Wallet, error) {
	src, err := filepath.Abs(backup)
	if backup == "" || err != nil {
		return nil, makeError(ErrInvalidBackup, "Backup file does not exist")
	}
	if _, err := os.Stat(src); err != nil {
		return nil, makeError(ErrInvalidBackup, "Backup file does not exist")
	}
	if !isWalletDir(src) {
		return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. '%s' is not a wallet backup.", backup)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	path, err := m.walletPath(name)
	if err != nil {
		return nil, err
	}
	if _, loaded := m.wallets[name]; loaded {
		return nil, makeError(ErrWalletExists, "Failed to create database path '%s'. Database already exists.", path)
	}
	if _, err := os.Lstat(path); err == nil || !os.IsNotExist(err) {
		return nil, makeError(ErrWalletExists, "Failed to create database path '%s'. Database already exists.", path)
	}
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, makeError(ErrBadWalletFile, "Failed to create database path '%s'. %v", path, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(path)+".restore-")
	if err != nil {
		return nil, makeError(ErrBadWalletFile, "Failed to create database path '%s'. %v", path, err)
	}
	if err := copyDatabase(src, tmp); err != nil {
		os.RemoveAll(tmp)
		return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. Could not copy backup: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.RemoveAll(tmp)
		return nil, makeError(ErrBadWalletFile, "Failed to create database path '%s'. %v", path, err)
	}
	fsutil.SyncDir(parent)
	w, err := m.loadLocked(name)
	if err != nil {
		os.RemoveAll(path)
		return nil, err
	}
	m.log.Info("wallet restored", "wallet", name, "backup", src)
	return w, nil
}

// copyDatabase copies the regular files of the LevelDB directory src into
// dst (which exists), syncing each. The LOCK file is not copied: the
// copy's own opens create it.
func copyDatabase(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == "LOCK" {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	fsutil.SyncDir(dst)
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
