package node

import (
	"os"
	"path/filepath"
)

// LockFileName is the lock file inside the network's data directory, as
// Bitcoin Core's.
const LockFileName = ".lock"

// dirLock is an exclusive advisory lock on <dir>/.lock, held while the node
// runs so two daemons cannot share a data directory.
type dirLock struct {
	f *os.File
}

// lockDataDir creates dir if needed and takes the lock, failing with ErrLocked
// and Core's message when another process holds it.
func lockDataDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, makeError(ErrStartup, "Error: Specified data directory \"%s\" cannot be created: %v", dir, err)
	}
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, makeError(ErrLocked, "Cannot write to data directory '%s'; check permissions.", dir)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, makeError(ErrLocked, "Cannot obtain a lock on data directory %s. twinchaind is probably already running.", dir)
	}
	return &dirLock{f: f}, nil
}

// release drops the lock. The file stays, as Core leaves .lock behind.
func (l *dirLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
