package addrmgr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// SaveFile writes the manager to path in peers.dat form atomically: to a
// temporary file in the same folder, synced, then renamed over path, and
// the folder synced.
//
// This function is safe for concurrent access.
func (m *Manager) SaveFile(path string, magic [4]byte) error {
	data := m.Serialize(magic)
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.new")
	if err != nil {
		return fmt.Errorf("addrmgr: create temporary peers file: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("addrmgr: write %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("addrmgr: sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("addrmgr: close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("addrmgr: rename %s: %w", tmp, err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every platform syncs directories
		_ = d.Close()
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
