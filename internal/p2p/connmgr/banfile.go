package connmgr

import (
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"io"
	"io/fs"
	"os"
)

// LoadFile replaces the bans with those of the banlist.json at path. A
// missing file leaves the list empty and is not an error. A file that
// cannot be used (see DecodeBanlist) leaves the list empty, marks it dirty
// so the next save rewrites it (Core's "Recreating the banlist database"),
// and returns an ErrBanlistCorrupt error for the caller to log. dropped
// counts the entries skipped as Core skips them.
//
// This function is safe for concurrent access.
func (b *BanList) LoadFile(path string) (dropped int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		b.Replace(nil)
		return 0, nil
	}
	if err != nil {
		b.Replace(nil)
		return 0, fmt.Errorf("connmgr: open ban list: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBanlistSize+1))
	if err != nil {
		b.Replace(nil)
		return 0, fmt.Errorf("connmgr: read %s: %w", path, err)
	}
	entries, dropped, err := DecodeBanlist(data)
	b.Replace(entries)
	if err != nil {
		b.mu.Lock()
		b.dirty = true
		b.mu.Unlock()
		return 0, err
	}
	return dropped, nil
}

// SaveFile writes the bans to path as banlist.json atomically: a temporary
// file in the same folder, synced, renamed over path, folder synced.
//
// This function is safe for concurrent access.
func (b *BanList) SaveFile(path string) error {
	data := b.Encode()
	if err := writeFileAtomic(path, data); err != nil {
		b.mu.Lock()
		b.dirty = true
		b.mu.Unlock()
		return err
	}
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	if err := fsutil.WriteFileAtomic(path, data, 0o600); err != nil {
		return fmt.Errorf("connmgr: save ban list: %w", err)
	}
	return nil
}
