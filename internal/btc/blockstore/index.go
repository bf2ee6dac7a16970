package blockstore

import (
	"encoding/binary"
	"errors"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// ForEachBlockIndex calls fn for every block index record, in key order
// (by hash bytes), as Core's LoadBlockIndexGuts reads them. A record that
// does not decode, or whose key is not its header's hash, stops the walk
// with ErrMalformed or ErrHashMismatch; an error from fn stops it and is
// returned as is. The record passed to fn is reused for the next one: copy
// *r to keep it. Proof of work is the caller's to check.
//
// This function is safe for concurrent access.
func (s *Store) ForEachBlockIndex(fn func(r *DiskBlockIndex) error) error {
	if err := s.checkReadable("ForEachBlockIndex"); err != nil {
		return err
	}
	it := s.index.NewIterator([]byte{prefixBlockIndex}, nil)
	defer it.Release()
	var r DiskBlockIndex
	for it.Next() {
		key := it.Key()
		if len(key) != 1+chainhash.HashSize {
			return makeError(ErrMalformed, "block index key %x has %d bytes", key, len(key))
		}
		var err error
		r, _, err = decodeDiskBlockIndex(it.Value())
		if err != nil {
			return wrapError(ErrMalformed, err, "block index record %x", key[1:])
		}
		if !equalHash(r.Hash, key[1:]) {
			return makeError(ErrHashMismatch, "block index record under %x holds header %v", key[1:], r.Hash)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := it.Error(); err != nil {
		return indexError(err, "iterate the block index")
	}
	return nil
}

func equalHash(h chainhash.Hash, b []byte) bool { return string(h[:]) == string(b) }

// indexError classifies an error of the index database.
func indexError(err error, what string) error {
	if errors.Is(err, kv.ErrClosed) {
		return wrapError(ErrClosed, err, "blockstore: %s", what)
	}
	return wrapError(ErrIO, err, "blockstore: %s", what)
}

// ReadBlockIndex returns the block index record of a block (ErrNotFound
// when there is none).
//
// This function is safe for concurrent access.
func (s *Store) ReadBlockIndex(hash chainhash.Hash) (DiskBlockIndex, error) {
	if err := s.checkReadable("ReadBlockIndex"); err != nil {
		return DiskBlockIndex{}, err
	}
	v, err := s.index.Get(BlockIndexKey(hash))
	if errors.Is(err, kv.ErrNotFound) {
		return DiskBlockIndex{}, makeError(ErrNotFound, "no block index record for %v", hash)
	}
	if err != nil {
		return DiskBlockIndex{}, indexError(err, "read block index")
	}
	r, err := DecodeDiskBlockIndex(v)
	if err != nil {
		return DiskBlockIndex{}, wrapError(ErrMalformed, err, "block index record %v", hash)
	}
	if r.Hash != hash {
		return DiskBlockIndex{}, makeError(ErrHashMismatch, "block index record under %v holds header %v", hash, r.Hash)
	}
	return r, nil
}

// WriteIndex persists the block index as Core's FlushStateToDisk does: it
// first makes the flat files durable (Flush), then writes in one synced
// batch the information of every file changed since the last call, the
// last file number, the "prunedblockfiles" flag after a prune, and the
// given block index records (the caller's dirty set; each is stored under
// its header's hash). Files pruned since the last call are deleted once the
// batch is durable, so the index never points into a deleted file.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) WriteIndex(blocks []*DiskBlockIndex) error {
	for _, r := range blocks {
		if err := r.validate(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen("WriteIndex"); err != nil {
		return err
	}
	if err := s.flushLocked(); err != nil {
		return err
	}
	b := s.index.NewBatch()
	var buf []byte
	for n := range s.dirtyFiles {
		buf = s.files[n].AppendTo(buf[:0])
		if err := b.Put(FileInfoKey(n), buf); err != nil {
			return indexError(err, "batch file info")
		}
	}
	if err := b.Put(LastFileKey(), binary.LittleEndian.AppendUint32(nil, uint32(s.cursor))); err != nil {
		return indexError(err, "batch last file")
	}
	if s.pruneFlag {
		if err := b.Put(FlagKey(FlagPrunedBlockFiles), []byte{'1'}); err != nil {
			return indexError(err, "batch flag")
		}
	}
	for _, r := range blocks {
		buf = r.AppendTo(buf[:0])
		if err := b.Put(BlockIndexKey(r.Header.BlockHash()), buf); err != nil {
			return indexError(err, "batch block index")
		}
	}
	if err := b.Write(true); err != nil {
		return indexError(err, "write the block index")
	}
	clear(s.dirtyFiles)
	s.pruneFlag = false
	for len(s.toUnlink) > 0 {
		if err := s.unlinkPair(s.toUnlink[0]); err != nil {
			return err
		}
		s.toUnlink = s.toUnlink[1:]
	}
	if s.dirDirty {
		if err := syncDir(s.dir); err != nil {
			return wrapError(ErrIO, err, "sync %s", s.dir)
		}
		s.dirDirty = false
	}
	return nil
}

// FileInfo returns the information of a blk/rev file pair (false when the
// store knows no such file).
//
// This function is safe for concurrent access.
func (s *Store) FileInfo(n int32) (BlockFileInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 || int(n) >= len(s.files) {
		return BlockFileInfo{}, false
	}
	return s.files[n], true
}

// FileInfos returns a copy of the information of every file, by number.
//
// This function is safe for concurrent access.
func (s *Store) FileInfos() []BlockFileInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]BlockFileInfo(nil), s.files...)
}

// LastFile returns the number of the blk file being appended to (the 'l'
// record once written).
//
// This function is safe for concurrent access.
func (s *Store) LastFile() int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursor
}

// WriteFlag stores a named flag ('F' + name -> '1' or '0'), synced.
//
// This function is safe for concurrent access.
func (s *Store) WriteFlag(name string, value bool) error {
	if err := s.checkWritable("WriteFlag"); err != nil {
		return err
	}
	v := byte('0')
	if value {
		v = '1'
	}
	b := s.index.NewBatch()
	if err := b.Put(FlagKey(name), []byte{v}); err != nil {
		return indexError(err, "batch flag")
	}
	if err := b.Write(true); err != nil {
		return indexError(err, "write flag "+name)
	}
	return nil
}

// ReadFlag returns a named flag; ok is false when it was never written. As
// in Core, any stored value other than '1' reads as false.
//
// This function is safe for concurrent access.
func (s *Store) ReadFlag(name string) (value, ok bool, err error) {
	if err := s.checkReadable("ReadFlag"); err != nil {
		return false, false, err
	}
	v, err := s.index.Get(FlagKey(name))
	if errors.Is(err, kv.ErrNotFound) {
		return false, false, nil
	}
	if err != nil {
		return false, false, indexError(err, "read flag "+name)
	}
	if len(v) == 0 {
		return false, false, makeError(ErrMalformed, "flag %q has an empty value", name)
	}
	return v[0] == '1', true, nil
}

// SetReindexing writes ('R' -> '1') or erases the reindexing flag, synced.
//
// This function is safe for concurrent access.
func (s *Store) SetReindexing(on bool) error {
	if err := s.checkWritable("SetReindexing"); err != nil {
		return err
	}
	b := s.index.NewBatch()
	var err error
	if on {
		err = b.Put(ReindexingKey(), []byte{'1'})
	} else {
		err = b.Delete(ReindexingKey())
	}
	if err != nil {
		return indexError(err, "batch reindexing flag")
	}
	if err := b.Write(true); err != nil {
		return indexError(err, "write the reindexing flag")
	}
	return nil
}

// Reindexing reports whether the reindexing flag is present.
//
// This function is safe for concurrent access.
func (s *Store) Reindexing() (bool, error) {
	if err := s.checkReadable("Reindexing"); err != nil {
		return false, err
	}
	ok, err := s.index.Has(ReindexingKey())
	if err != nil {
		return false, indexError(err, "read the reindexing flag")
	}
	return ok, nil
}
