package blockstore

import (
	"github.com/twinchain/twinchain/internal/chainhash"
)

// WriteUndo appends the undo data of the block stored at blockPos, at the
// given height and with parent prevHash, to the rev file of the block's
// file number, followed by its checksum SHA256d(prevHash || undo). It
// returns the undo data's position (the record's data, past its header),
// which belongs in the block's index record with BlockHaveUndo.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) WriteUndo(blockPos FilePos, height int32, prevHash chainhash.Hash, undo *BlockUndo) (FilePos, error) {
	buf := s.getBuf()
	defer s.putBuf(buf)
	*buf = undo.AppendTo(*buf)
	return s.WriteRawUndo(blockPos, height, prevHash, *buf)
}

// WriteRawUndo is WriteUndo for undo data already serialized (a CBlockUndo,
// see schema.go); it is written as given.
//
// This function is safe for concurrent access; writes are serialized.
func (s *Store) WriteRawUndo(blockPos FilePos, height int32, prevHash chainhash.Hash, undo []byte) (FilePos, error) {
	if height < 0 {
		return FilePos{}, makeError(ErrInvalidRecord, "negative block height %d", height)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen("WriteUndo"); err != nil {
		return FilePos{}, err
	}
	n := blockPos.File
	if n < 0 || int(n) >= len(s.files) {
		return FilePos{}, makeError(ErrBadPos, "WriteUndo for a block at %v: unknown block file", blockPos)
	}
	addSize := uint64(len(undo)) + UndoDataDiskOverhead
	if uint64(s.files[n].UndoSize)+addSize > 0xffffffff {
		return FilePos{}, makeError(ErrInvalidRecord, "rev file %d would exceed 4 GiB", n)
	}
	// Core's FindUndoPos.
	pos := FilePos{File: n, Pos: s.files[n].UndoSize}
	s.files[n].UndoSize += uint32(addSize)
	s.dirtyFiles[n] = struct{}{}
	k := fileKey{kindUndo, n}
	if err := s.allocateFor(k, pos.Pos, uint32(addSize), s.revChunk); err != nil {
		return FilePos{}, err
	}
	sum := UndoChecksum(prevHash, undo)
	if err := s.writeRecord(k, pos.Pos, undo, sum[:]); err != nil {
		return FilePos{}, err
	}
	// A rev file is complete once the undo data of its blk file's last
	// block is written (blocks may be stored long before they connect);
	// the cursor file's rev is finalised when its blk file is left.
	if n < s.cursor && uint32(height) == s.files[n].HeightLast {
		if err := s.finalizeUndoFile(n); err != nil {
			return FilePos{}, err
		}
	} else if n == s.cursor && height > s.undoHeight {
		s.undoHeight = height
	}
	pos.Pos += StorageHeaderBytes
	return pos, nil
}

// ReadRawUndo returns the serialized undo data stored at pos after checking
// the record's magic, size and checksum against prevHash, the hash of the
// parent of the block the data belongs to (ErrBadMagic, ErrTruncated,
// ErrChecksum).
//
// This function is safe for concurrent access.
func (s *Store) ReadRawUndo(pos FilePos, prevHash chainhash.Hash) ([]byte, error) {
	buf, err := s.readRecord(kindUndo, pos, chainhash.HashSize, 0)
	if err != nil {
		return nil, err
	}
	data := buf[:len(buf)-chainhash.HashSize]
	if got := UndoChecksum(prevHash, data); got != chainhash.Hash(buf[len(data):]) {
		return nil, makeError(ErrChecksum, "undo data at %v: checksum mismatch", pos)
	}
	return data, nil
}

// ReadUndo reads, verifies (see ReadRawUndo) and decodes the undo data
// stored at pos.
//
// This function is safe for concurrent access.
func (s *Store) ReadUndo(pos FilePos, prevHash chainhash.Hash) (*BlockUndo, error) {
	data, err := s.ReadRawUndo(pos, prevHash)
	if err != nil {
		return nil, err
	}
	u, err := DecodeBlockUndo(data)
	if err != nil {
		return nil, wrapError(ErrMalformed, err, "undo data at %v", pos)
	}
	return u, nil
}
