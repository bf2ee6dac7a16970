package blockstore

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// FilePos is a position in the flat files: a file number and the offset of
// a record's data, just past its 8-byte header (Core's FlatFilePos).
type FilePos struct {
	File int32
	Pos  uint32
}

// String formats the position as Core does.
func (p FilePos) String() string {
	return fmt.Sprintf("FlatFilePos(nFile=%d, nPos=%d)", p.File, p.Pos)
}

// DiskBlockIndex is a block index record (Core's CDiskBlockIndex): what the
// node knows about one header, stored under 'b' + the header's hash.
type DiskBlockIndex struct {
	// Hash is the block hash. It is the record's key, not part of the
	// value: decoders fill it from the header, encoders ignore it.
	Hash chainhash.Hash

	// ClientVersion is the leading version field as read. Core ignores it
	// and writes DummyVersion; AppendTo always writes DummyVersion.
	ClientVersion int32

	Height  int32
	Status  BlockStatus
	TxCount uint32

	// File, DataPos and UndoPos are stored only when Status says the data
	// (BlockHaveData) or the undo data (BlockHaveUndo) exists; they decode
	// as zero otherwise.
	File    int32
	DataPos uint32
	UndoPos uint32

	Header primitives.Header
}

// BlockPos returns the position of the block's data, if stored.
func (r *DiskBlockIndex) BlockPos() (FilePos, bool) {
	if r.Status&BlockHaveData == 0 {
		return FilePos{File: -1}, false
	}
	return FilePos{File: r.File, Pos: r.DataPos}, true
}

// UndoFilePos returns the position of the block's undo data, if stored.
func (r *DiskBlockIndex) UndoFilePos() (FilePos, bool) {
	if r.Status&BlockHaveUndo == 0 {
		return FilePos{File: -1}, false
	}
	return FilePos{File: r.File, Pos: r.UndoPos}, true
}

// validate reports whether the record can be serialized as Core would:
// Core's NONNEGATIVE_SIGNED fields must not be negative.
func (r *DiskBlockIndex) validate() error {
	if r.Height < 0 {
		return makeError(ErrInvalidRecord, "block index record: negative height %d", r.Height)
	}
	if r.Status&BlockHaveMask != 0 && r.File < 0 {
		return makeError(ErrInvalidRecord, "block index record: negative file number %d", r.File)
	}
	return nil
}

// AppendTo appends the CDiskBlockIndex serialization of r to b (see
// schema.go). Height and File must be non-negative (Store.WriteIndex checks
// that); the optional fields are written according to Status.
func (r *DiskBlockIndex) AppendTo(b []byte) []byte {
	b = primitives.AppendVarInt(b, DummyVersion)
	b = primitives.AppendVarInt(b, uint64(uint32(r.Height)))
	b = primitives.AppendVarInt(b, uint64(r.Status))
	b = primitives.AppendVarInt(b, uint64(r.TxCount))
	if r.Status&BlockHaveMask != 0 {
		b = primitives.AppendVarInt(b, uint64(uint32(r.File)))
	}
	if r.Status&BlockHaveData != 0 {
		b = primitives.AppendVarInt(b, uint64(r.DataPos))
	}
	if r.Status&BlockHaveUndo != 0 {
		b = primitives.AppendVarInt(b, uint64(r.UndoPos))
	}
	return r.Header.AppendTo(b)
}

// DecodeDiskBlockIndex decodes a CDiskBlockIndex value and computes its
// hash. Bytes after the record are ignored, as Core's database reads do.
func DecodeDiskBlockIndex(b []byte) (DiskBlockIndex, error) {
	r, _, err := decodeDiskBlockIndex(b)
	return r, err
}

func decodeDiskBlockIndex(b []byte) (DiskBlockIndex, int, error) {
	var r DiskBlockIndex
	d := decoder{b: b}
	r.ClientVersion = int32(d.varint(maxInt32, "block index version"))
	r.Height = int32(d.varint(maxInt32, "block index height"))
	r.Status = BlockStatus(d.varint(maxUint32, "block index status"))
	r.TxCount = uint32(d.varint(maxUint32, "block index tx count"))
	if r.Status&BlockHaveMask != 0 {
		r.File = int32(d.varint(maxInt32, "block index file"))
	}
	if r.Status&BlockHaveData != 0 {
		r.DataPos = uint32(d.varint(maxUint32, "block index data pos"))
	}
	if r.Status&BlockHaveUndo != 0 {
		r.UndoPos = uint32(d.varint(maxUint32, "block index undo pos"))
	}
	hdr := d.bytes(primitives.HeaderSize, "block index header")
	if d.err != nil {
		return r, 0, wrapError(ErrMalformed, d.err, "CDiskBlockIndex")
	}
	r.Header, _ = primitives.DecodeHeader(hdr)
	r.Hash = chainhash.DoubleSHA256(hdr)
	return r, d.off, nil
}
