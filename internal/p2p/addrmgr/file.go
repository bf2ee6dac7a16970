package addrmgr

import (
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"io"
	"io/fs"
	"os"
)

// SaveFile writes the manager to path in peers.dat form atomically: to a
// temporary file in the same folder, synced, then renamed over path, and
// the folder synced.
//
// This function is safe for concurrent access.
func (m *Manager) SaveFile(path string, magic [4]byte) error {
	if err := fsutil.WriteFileAtomic(path, m.Serialize(magic), 0o600); err != nil {
		return fmt.Errorf("addrmgr: save peers file: %w", err)
	}
	return nil
}

// LoadFile reads peers.dat at path. A missing file gives an empty manager
// and no error. A file that cannot be used (wrong magic, bad checksum,
// truncated, unsupported format, corrupt) is renamed to path+".bak", as
// Core does, and LoadFile returns an empty manager together with the error
// (an *Error whose kind says why), so the caller can log it and go on. An
// I/O error reading the file returns a nil manager.
func LoadFile(path string, magic [4]byte, cfg Config) (*Manager, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(cfg), nil
	}
	if err != nil {
		return nil, fmt.Errorf("addrmgr: open %s: %w", path, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	_ = f.Close()
	if err != nil {
		return nil, fmt.Errorf("addrmgr: read %s: %w", path, err)
	}
	m := New(cfg)
	derr := m.decode(data, magic)
	if derr == nil {
		return m, nil
	}
	var e *Error
	desc := derr.Error()
	kind := ErrCorrupt
	if errors.As(derr, &e) {
		if k, ok := e.Err.(ErrorKind); ok {
			kind = k
		}
	}
	bak := path + ".bak"
	if rerr := os.Rename(path, bak); rerr != nil {
		desc += fmt.Sprintf("; renaming it to %s failed: %v", bak, rerr)
	} else {
		desc += fmt.Sprintf("; moved to %s, starting with an empty address manager", bak)
	}
	return New(cfg), makeError(kind, "%s: %s", path, desc)
}
