package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path with permissions perm, replacing any
// existing file atomically: the bytes go to a temporary file in the same
// directory (so the rename cannot cross file systems), which is synced,
// closed and renamed over path; then the directory is synced so the rename
// itself survives a crash (best effort: not every platform can sync a
// directory). On failure the temporary file is removed and path is left as
// it was. Errors name the step and the file.
//
// This function is safe for concurrent access; concurrent writers of the same
// path each produce a complete file, the last rename wins.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp, err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmp, path, err)
	}
	SyncDir(dir)
	return nil
}

// SyncDir fsyncs a directory so that renames and creations in it are
// durable. It is best effort: failures (platforms that cannot sync a
// directory) are ignored.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
