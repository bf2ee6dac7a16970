package blockstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// PruneFile gives up a blk/rev file pair as Core's PruneOneBlockFile: its
// information is reset (and written by the next WriteIndex, with the
// "prunedblockfiles" flag), and the two files are deleted after that write
// is durable. The caller clears BlockHaveData/BlockHaveUndo (and the file
// and positions) in the index records of the file's blocks and passes them
// to that WriteIndex. The file being appended to cannot be pruned.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) PruneFile(n int32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen("PruneFile"); err != nil {
		return err
	}
	if n < 0 || int(n) >= len(s.files) {
		return makeError(ErrBadPos, "prune: unknown block file %d", n)
	}
	if n == s.cursor {
		return makeError(ErrBadPos, "prune: block file %d is the one being written", n)
	}
	s.files[n] = BlockFileInfo{}
	s.dirtyFiles[n] = struct{}{}
	s.havePruned, s.pruneFlag = true, true
	s.toUnlink = append(s.toUnlink, n)
	return nil
}

// HavePruned reports whether any file was ever pruned.
//
// This function is safe for concurrent access.
func (s *Store) HavePruned() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.havePruned
}

// CurrentUsage returns the bytes used by all blk and rev files, as Core's
// CalculateCurrentUsage (the sum of the files' used sizes, not counting
// pre-allocated space).
//
// This function is safe for concurrent access.
func (s *Store) CurrentUsage() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n uint64
	for i := range s.files {
		n += uint64(s.files[i].Size) + uint64(s.files[i].UndoSize)
	}
	return n
}

// unlinkPair deletes a blk/rev pair (either may be missing). It must be
// called with mu held, or during Open.
func (s *Store) unlinkPair(n int32) error {
	for _, kind := range []fileKind{kindBlock, kindUndo} {
		s.handles.drop(fileKey{kind, n})
		delete(s.unsynced, fileKey{kind, n})
		path := filepath.Join(s.dir, fileName(kind, n))
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return wrapError(ErrIO, err, "remove %s", path)
		} else if err == nil {
			s.dirDirty = true
		}
	}
	return nil
}
