package blockchain

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Errors of the external block files an Importer reads.
const (
	// ErrBadMagic: a record does not start with the network's message
	// start (a file of another network, or not a blk file).
	ErrBadMagic = ErrorKind("ErrBadMagic")
	// ErrTruncated: the file ends inside a record.
	ErrTruncated = ErrorKind("ErrTruncated")
	// ErrBadRecordSize: a record's size is below a header or above the
	// largest block Core reads from a file (4,000,000 bytes).
	ErrBadRecordSize = ErrorKind("ErrBadRecordSize")
	// ErrTooManyOrphans: blocks waiting for their parent exceed the
	// importer's memory budget.
	ErrTooManyOrphans = ErrorKind("ErrTooManyOrphans")
)

// maxImportRecord is the largest record an import accepts, Core's limit in
// LoadExternalBlockFile.
const maxImportRecord = 4_000_000

// DefaultMaxOrphanBytes bounds the serialized blocks an Importer keeps
// while their parents are missing.
const DefaultMaxOrphanBytes = 256 << 20

// Importer feeds blocks from external files to a chain, as Core's
// -loadblock (LoadExternalBlockFile): blocks go through ProcessBlock one by
// one, so the chain grows as they come; a block whose parent is not known
// yet is kept (in memory, by parent) and processed when the parent has
// been. An Importer is not safe for concurrent use.
type Importer struct {
	c              *Chain
	orphans        map[chainhash.Hash][][]byte
	orphanBytes    int
	orphanCount    int
	MaxOrphanBytes int // zero means DefaultMaxOrphanBytes
	stats          ImportStats
}

// ImportStats counts what an Importer did.
type ImportStats struct {
	// Records is the number of blocks read.
	Records int
	// Processed is the number of blocks given to ProcessBlock, including
	// ones already known and orphans once their parent arrived.
	Processed int
	// Bytes is the number of bytes read from blk files.
	Bytes int64
}

// NewImporter returns an importer into c.
func (c *Chain) NewImporter() *Importer {
	return &Importer{c: c, orphans: make(map[chainhash.Hash][][]byte)}
}

// Magic returns the network message start blk files must use.
func (im *Importer) Magic() [4]byte { return im.c.params.NetMagic }

// Network returns the chain's network name.
func (im *Importer) Network() string { return im.c.params.Name }

// Stats returns the counts so far.
func (im *Importer) Stats() ImportStats { return im.stats }

// Orphans returns the number of blocks still waiting for their parent.
func (im *Importer) Orphans() int { return im.orphanCount }

// OrphanParents returns the missing parents the waiting blocks name.
func (im *Importer) OrphanParents() []chainhash.Hash {
	hs := make([]chainhash.Hash, 0, len(im.orphans))
	for h := range im.orphans {
		hs = append(hs, h)
	}
	return hs
}

// ImportBlock processes one serialized block, and then the waiting blocks
// it is an ancestor of. A block with an unknown parent is kept and is not
// an error; any other rejection is returned (a *RuleError naming the block;
// see ProcessBlock).
func (im *Importer) ImportBlock(ctx context.Context, raw []byte) error {
	im.stats.Records++
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return &RuleError{Err: ErrBlockDecode, Reason: string(ErrBlockDecode), Description: err.Error(), Cause: err}
	}
	hash, err := im.process(ctx, blk, raw)
	if err != nil {
		return err
	}
	if hash == nil {
		return nil
	}
	queue := []chainhash.Hash{*hash}
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		waiting := im.orphans[h]
		delete(im.orphans, h)
		for _, r := range waiting {
			im.orphanBytes -= len(r)
			im.orphanCount--
			child, err := primitives.DecodeBlock(r)
			if err != nil {
				return &RuleError{Err: ErrBlockDecode, Reason: string(ErrBlockDecode), Description: err.Error(), Cause: err}
			}
			ch, err := im.process(ctx, child, r)
			if err != nil {
				return err
			}
			if ch != nil {
				queue = append(queue, *ch)
			}
		}
	}
	return nil
}

// process hands one block to the chain. It returns the block's hash when it
// was processed, nil when it was kept as an orphan.
func (im *Importer) process(ctx context.Context, blk *primitives.Block, raw []byte) (*chainhash.Hash, error) {
	err := im.c.processBlock(ctx, blk, raw)
	if errors.Is(err, ErrPrevBlockNotFound) {
		limit := im.MaxOrphanBytes
		if limit <= 0 {
			limit = DefaultMaxOrphanBytes
		}
		if im.orphanBytes+len(raw) > limit {
			return nil, makeError(ErrTooManyOrphans, "more than %d bytes of blocks wait for a missing parent (block %s needs %s)",
				limit, blk.BlockHash(), blk.Header.PrevBlock)
		}
		prev := blk.Header.PrevBlock
		im.orphans[prev] = append(im.orphans[prev], raw)
		im.orphanBytes += len(raw)
		im.orphanCount++
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	im.stats.Processed++
	h := blk.BlockHash()
	return &h, nil
}

// ImportBlkFile reads blk-format records (network magic, 4-byte
// little-endian size, block) from r and imports each block with
// ImportBlock. Unlike a reindex, which tolerates anything between records,
// an import is strict: zero padding after the last record is accepted (a
// blk file is pre-allocated), but a wrong magic (ErrBadMagic), an
// impossible size (ErrBadRecordSize) or a file ending inside a record
// (ErrTruncated) stops it with an *Error naming the offset. onRecord, when
// set, is called after each record with the bytes read so far.
func (im *Importer) ImportBlkFile(ctx context.Context, r io.Reader, onRecord func(bytesRead int64)) error {
	magic := im.c.params.NetMagic
	br := bufio.NewReaderSize(r, 1<<20)
	var off int64
	var hdr [8]byte
	for {
		if err := ctx.Err(); err != nil {
			return wrapError(ErrInterrupted, err, "importing")
		}
		n, err := io.ReadFull(br, hdr[:])
		switch {
		case err == io.EOF:
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			if allZero(hdr[:n]) {
				return nil
			}
			return makeError(ErrTruncated, "offset %d: the file ends inside a record header", off)
		case err != nil:
			return err
		}
		if allZero(hdr[:]) {
			// Pre-allocated space: everything up to the end must be zero.
			rest, err := io.ReadAll(br)
			if err != nil {
				return err
			}
			if !allZero(rest) {
				return makeError(ErrBadMagic, "offset %d: data after zero padding", off)
			}
			im.stats.Bytes = off + 8 + int64(len(rest))
			return nil
		}
		if [4]byte(hdr[:4]) != magic {
			return makeError(ErrBadMagic, "offset %d: magic %x, want %x (network %q)", off, hdr[:4], magic[:], im.c.params.Name)
		}
		size := binary.LittleEndian.Uint32(hdr[4:])
		if size < primitives.HeaderSize || size > maxImportRecord {
			return makeError(ErrBadRecordSize, "offset %d: record size %d out of range", off, size)
		}
		raw := make([]byte, size)
		if n, err := io.ReadFull(br, raw); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				return makeError(ErrTruncated, "offset %d: record of %d bytes, the file ends after %d", off, size, n)
			}
			return err
		}
		off += 8 + int64(size)
		im.stats.Bytes = off
		if err := im.ImportBlock(ctx, raw); err != nil {
			return err
		}
		if onRecord != nil {
			onRecord(off)
		}
	}
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}
