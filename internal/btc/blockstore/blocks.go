package blockstore

import (
	"encoding/binary"
	"io"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// WriteBlock appends a serialized block (with witnesses) of the given
// height to the current blk file, moving to a new file when it would reach
// the size limit, and returns its position. The file information is updated
// in memory and marked for the next WriteIndex; the data is durable after
// Flush or WriteIndex. The block's time for the file statistics is read
// from its header.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) WriteBlock(raw []byte, height int32) (FilePos, error) {
	if len(raw) < primitives.HeaderSize {
		return FilePos{}, makeError(ErrInvalidRecord, "block of %d bytes is shorter than a header", len(raw))
	}
	if height < 0 {
		return FilePos{}, makeError(ErrInvalidRecord, "negative block height %d", height)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen("WriteBlock"); err != nil {
		return FilePos{}, err
	}
	addSize := uint64(len(raw)) + StorageHeaderBytes
	if addSize >= uint64(s.maxFile) {
		return FilePos{}, makeError(ErrBlockTooLarge, "block of %d bytes does not fit in a %d-byte block file", len(raw), s.maxFile)
	}
	time := uint64(binary.LittleEndian.Uint32(raw[68:72]))
	pos, err := s.findNextBlockPos(uint32(addSize), uint32(height), time)
	if err != nil {
		return FilePos{}, err
	}
	if err := s.writeRecord(fileKey{kindBlock, pos.File}, pos.Pos, raw, nil); err != nil {
		return FilePos{}, err
	}
	pos.Pos += StorageHeaderBytes
	return pos, nil
}

// findNextBlockPos reserves addSize bytes for a block, as Core's
// FindNextBlockPos. It must be called with mu held.
func (s *Store) findNextBlockPos(addSize, height uint32, time uint64) (FilePos, error) {
	last := s.cursor
	n := last
	finalizeUndo := false
	for uint64(s.files[n].Size)+uint64(addSize) >= uint64(s.maxFile) {
		// When the undo data keeps up with the blocks, the rev file is
		// complete too and is finalised with the blk file; otherwise the
		// undo write of the file's last block finalises it.
		finalizeUndo = int32(s.files[n].HeightLast) == s.undoHeight
		n = int32(len(s.files))
		s.files = append(s.files, BlockFileInfo{})
		s.cursor, s.undoHeight = n, 0
	}
	pos := FilePos{File: n, Pos: s.files[n].Size}
	if n != last {
		// Core ignores a failure of this flush (the data was written); we
		// report it, since the caller can retry or stop.
		if err := s.finalizeBlockFile(last, finalizeUndo); err != nil {
			return FilePos{}, err
		}
		s.cursor, s.undoHeight = n, 0
	}
	s.files[n].AddBlock(height, time)
	s.files[n].Size += addSize
	s.dirtyFiles[n] = struct{}{}
	if err := s.allocateFor(fileKey{kindBlock, n}, pos.Pos, addSize, s.blkChunk); err != nil {
		return FilePos{}, err
	}
	return pos, nil
}

// finalizeBlockFile truncates a full blk file to its used size and syncs
// it, and its rev file too when finalizeUndo is set (Core's FlushBlockFile
// with fFinalize). It must be called with mu held.
func (s *Store) finalizeBlockFile(n int32, finalizeUndo bool) error {
	if err := s.syncFile(fileKey{kindBlock, n}, int64(s.files[n].Size)); err != nil {
		return err
	}
	if finalizeUndo {
		return s.finalizeUndoFile(n)
	}
	return nil
}

// finalizeUndoFile truncates a complete rev file to its used size and
// syncs it, creating it when no undo data was written, as Core's
// FlushUndoFile does. It must be called with mu held.
func (s *Store) finalizeUndoFile(n int32) error {
	return s.syncFile(fileKey{kindUndo, n}, int64(s.files[n].UndoSize))
}

// allocateFor pre-allocates the chunks a write needs. It must be called with
// mu held.
func (s *Store) allocateFor(k fileKey, pos, addSize, chunk uint32) error {
	h, created, err := s.handles.acquire(k, true)
	if err != nil {
		return err
	}
	defer s.handles.release(h)
	if created {
		s.dirDirty = true
	}
	if _, err := allocate(h.f, pos, addSize, chunk); err != nil {
		return wrapError(ErrIO, err, "pre-allocate %s", fileName(k.kind, k.num))
	}
	return nil
}

// writeRecord writes magic | size | data | trailer at offset off of a flat
// file, applying the XOR key. It must be called with mu held.
func (s *Store) writeRecord(k fileKey, off uint32, data, trailer []byte) error {
	h, created, err := s.handles.acquire(k, true)
	if err != nil {
		return err
	}
	defer s.handles.release(h)
	if created {
		s.dirDirty = true
	}
	var hdr [StorageHeaderBytes]byte
	copy(hdr[:4], s.magic[:])
	binary.LittleEndian.PutUint32(hdr[4:], uint32(len(data)))
	var buf []byte
	if s.useXOR || len(data) < 64<<10 || trailer != nil {
		// One write of a contiguous copy; with a key the copy is needed
		// anyway, without one it saves syscalls on small records.
		pb := s.getBuf()
		defer s.putBuf(pb)
		buf = append(append(append((*pb)[:0], hdr[:]...), data...), trailer...)
		*pb = buf
		if s.useXOR {
			xorAt(buf, &s.xorKey, int64(off))
		}
		if _, err := h.f.WriteAt(buf, int64(off)); err != nil {
			return wrapError(ErrIO, err, "write %s at %d", fileName(k.kind, k.num), off)
		}
	} else {
		if _, err := h.f.WriteAt(hdr[:], int64(off)); err != nil {
			return wrapError(ErrIO, err, "write %s at %d", fileName(k.kind, k.num), off)
		}
		if _, err := h.f.WriteAt(data, int64(off)+StorageHeaderBytes); err != nil {
			return wrapError(ErrIO, err, "write %s at %d", fileName(k.kind, k.num), off)
		}
	}
	s.unsynced[k] = struct{}{}
	return nil
}

// UpdateBlockInfo records a block already present in a blk file at pos, as
// Core's UpdateBlockInfo does while reindexing: the file's statistics take
// the block in, its used size grows to cover it, and the write cursor moves
// to the file if it is later.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) UpdateBlockInfo(pos FilePos, raw []byte, height int32) error {
	if pos.File < 0 || pos.Pos < StorageHeaderBytes {
		return makeError(ErrBadPos, "UpdateBlockInfo at %v", pos)
	}
	if len(raw) < primitives.HeaderSize || height < 0 {
		return makeError(ErrInvalidRecord, "UpdateBlockInfo: block of %d bytes at height %d", len(raw), height)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen("UpdateBlockInfo"); err != nil {
		return err
	}
	if pos.File > s.cursor {
		s.cursor, s.undoHeight = pos.File, 0
	}
	for int32(len(s.files)) <= pos.File {
		s.files = append(s.files, BlockFileInfo{})
	}
	f := &s.files[pos.File]
	f.AddBlock(uint32(height), uint64(binary.LittleEndian.Uint32(raw[68:72])))
	if end := uint64(pos.Pos) + uint64(len(raw)); end > uint64(f.Size) {
		f.Size = uint32(end)
	}
	s.dirtyFiles[pos.File] = struct{}{}
	return nil
}

// ReadRawBlock returns the serialized block stored at pos. The record's
// magic must be the store's, its size at most MaxSize and within the file;
// otherwise the error is ErrBadMagic, ErrBadSize or ErrTruncated. A missing
// file is ErrFileMissing.
//
// This function is safe for concurrent access.
func (s *Store) ReadRawBlock(pos FilePos) ([]byte, error) {
	return s.readRecord(kindBlock, pos, 0, MaxSize)
}

// ReadBlock reads and decodes the block stored at pos. When expected is not
// nil the block's hash must equal it (ErrHashMismatch otherwise), as Core
// checks against the block index. The block's transactions alias a buffer
// owned by the block.
//
// This function is safe for concurrent access.
func (s *Store) ReadBlock(pos FilePos, expected *chainhash.Hash) (*primitives.Block, error) {
	raw, err := s.ReadRawBlock(pos)
	if err != nil {
		return nil, err
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return nil, wrapError(ErrMalformed, err, "block at %v", pos)
	}
	if expected != nil {
		if h := blk.BlockHash(); h != *expected {
			return nil, makeError(ErrHashMismatch, "block at %v has hash %v, want %v", pos, h, *expected)
		}
	}
	return blk, nil
}

// readRecord reads the record whose data starts at pos: it checks the
// header and returns the data followed by trailer extra bytes (the undo
// checksum). maxSize bounds the size field (0: only the file bounds it).
func (s *Store) readRecord(kind fileKind, pos FilePos, extra int, maxSize uint32) ([]byte, error) {
	if err := s.checkReadable("read"); err != nil {
		return nil, err
	}
	if pos.File < 0 || pos.Pos < StorageHeaderBytes {
		return nil, makeError(ErrBadPos, "no record can start at %v", pos)
	}
	k := fileKey{kind, pos.File}
	name := fileName(kind, pos.File)
	h, _, err := s.handles.acquire(k, false)
	if err != nil {
		return nil, err
	}
	defer s.handles.release(h)
	off := int64(pos.Pos) - StorageHeaderBytes
	var hdr [StorageHeaderBytes]byte
	if _, err := h.f.ReadAt(hdr[:], off); err != nil {
		if err == io.EOF {
			return nil, makeError(ErrTruncated, "%s ends before the record header at %d", name, off)
		}
		return nil, wrapError(ErrIO, err, "read %s at %d", name, off)
	}
	if s.useXOR {
		xorAt(hdr[:], &s.xorKey, off)
	}
	if [4]byte(hdr[:4]) != s.magic {
		return nil, makeError(ErrBadMagic, "%s at %d: magic %x, want %x", name, off, hdr[:4], s.magic)
	}
	size := binary.LittleEndian.Uint32(hdr[4:])
	if maxSize > 0 && size > maxSize {
		return nil, makeError(ErrBadSize, "%s at %d: record size %d exceeds %d", name, off, size, maxSize)
	}
	st, err := h.f.Stat()
	if err != nil {
		return nil, wrapError(ErrIO, err, "stat %s", name)
	}
	need := int64(pos.Pos) + int64(size) + int64(extra)
	if need > st.Size() {
		return nil, makeError(ErrTruncated, "%s at %d: record of %d bytes runs past the end of the file (%d bytes)", name, off, size, st.Size())
	}
	buf := make([]byte, int(size)+extra)
	if _, err := h.f.ReadAt(buf, int64(pos.Pos)); err != nil {
		if err == io.EOF {
			return nil, makeError(ErrTruncated, "%s at %d: file ends inside the record", name, off)
		}
		return nil, wrapError(ErrIO, err, "read %s at %d", name, pos.Pos)
	}
	if s.useXOR {
		xorAt(buf, &s.xorKey, int64(pos.Pos))
	}
	return buf, nil
}
