package blockstore

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// ScanBlocks reads blk-format records (magic | size | block) from r, as
// Core's LoadExternalBlockFile does for -reindex and -loadblock: it skips
// bytes until the network magic, reads the size, ignores records whose
// size is below a header (80) or above MaxBlockSerializedSize (resuming the
// search just after that magic), and hands each record's bytes to fn with
// the offset of its data in the stream. A record cut short by the end of
// the stream ends the scan without error, since a blk file ends in
// pre-allocated zeros or a torn write after a crash. Decoding the block is
// fn's business; an error from fn stops the scan and is returned.
//
// This function is safe for concurrent access on distinct readers.
func ScanBlocks(r io.Reader, magic [4]byte, fn func(offset int64, raw []byte) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var off int64 // offset of the next byte br returns
	for {
		// Find the first magic byte, then check the other three.
		c, err := br.ReadByte()
		if err != nil {
			return scanEnd(err)
		}
		off++
		if c != magic[0] {
			continue
		}
		rest, err := br.Peek(3 + 4)
		if err != nil {
			return scanEnd(err)
		}
		if rest[0] != magic[1] || rest[1] != magic[2] || rest[2] != magic[3] {
			continue
		}
		size := binary.LittleEndian.Uint32(rest[3:])
		if size < primitives.HeaderSize || size > MaxBlockSerializedSize {
			continue
		}
		if _, err := br.Discard(7); err != nil {
			return scanEnd(err)
		}
		off += 7
		buf := make([]byte, size) // the caller's to keep
		if _, err := io.ReadFull(br, buf); err != nil {
			return scanEnd(err)
		}
		if err := fn(off, buf); err != nil {
			return err
		}
		off += int64(size)
	}
}

func scanEnd(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return wrapError(ErrIO, err, "scan blocks")
}

// ScanBlockFile scans blk file n with ScanBlocks (undoing the blocks XOR
// key) and hands fn each record's position and bytes, which fn may keep.
//
// This function is safe for concurrent access.
func (s *Store) ScanBlockFile(n int32, fn func(pos FilePos, raw []byte) error) error {
	if err := s.checkReadable("ScanBlockFile"); err != nil {
		return err
	}
	if n < 0 {
		return makeError(ErrBadPos, "scan: negative file number %d", n)
	}
	k := fileKey{kindBlock, n}
	h, _, err := s.handles.acquire(k, false)
	if err != nil {
		return err
	}
	defer s.handles.release(h)
	var r io.Reader = io.NewSectionReader(h.f, 0, 1<<62)
	if s.useXOR {
		r = &xorReader{r: r, key: &s.xorKey}
	}
	return ScanBlocks(r, s.magic, func(off int64, raw []byte) error {
		return fn(FilePos{File: n, Pos: uint32(off)}, raw)
	})
}

// xorReader undoes the blocks XOR key on a stream read from offset 0.
type xorReader struct {
	r   io.Reader
	key *[8]byte
	off int64
}

func (x *xorReader) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	xorAt(p[:n], x.key, x.off)
	x.off += int64(n)
	return n, err
}
