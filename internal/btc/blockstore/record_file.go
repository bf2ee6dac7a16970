package blockstore

import "github.com/twinchain/twinchain/internal/btc/primitives"

// BlockFileInfo describes one blk/rev file pair (Core's CBlockFileInfo).
type BlockFileInfo struct {
	Blocks      uint32 // blocks stored in the blk file
	Size        uint32 // used bytes of the blk file
	UndoSize    uint32 // used bytes of the rev file
	HeightFirst uint32 // lowest block height in the file
	HeightLast  uint32 // highest block height in the file
	TimeFirst   uint64 // earliest block header time in the file
	TimeLast    uint64 // latest block header time in the file
}

// AddBlock updates the statistics for one more block, as Core's
// CBlockFileInfo::AddBlock (Size is not updated).
func (f *BlockFileInfo) AddBlock(height uint32, time uint64) {
	if f.Blocks == 0 || f.HeightFirst > height {
		f.HeightFirst = height
	}
	if f.Blocks == 0 || f.TimeFirst > time {
		f.TimeFirst = time
	}
	f.Blocks++
	if height > f.HeightLast {
		f.HeightLast = height
	}
	if time > f.TimeLast {
		f.TimeLast = time
	}
}

// AppendTo appends the CBlockFileInfo serialization: seven VARINTs.
func (f *BlockFileInfo) AppendTo(b []byte) []byte {
	b = primitives.AppendVarInt(b, uint64(f.Blocks))
	b = primitives.AppendVarInt(b, uint64(f.Size))
	b = primitives.AppendVarInt(b, uint64(f.UndoSize))
	b = primitives.AppendVarInt(b, uint64(f.HeightFirst))
	b = primitives.AppendVarInt(b, uint64(f.HeightLast))
	b = primitives.AppendVarInt(b, f.TimeFirst)
	return primitives.AppendVarInt(b, f.TimeLast)
}

// DecodeBlockFileInfo decodes a CBlockFileInfo value. Bytes after the record
// are ignored, as Core's database reads do.
func DecodeBlockFileInfo(b []byte) (BlockFileInfo, error) {
	f, _, err := decodeBlockFileInfo(b)
	return f, err
}

func decodeBlockFileInfo(b []byte) (BlockFileInfo, int, error) {
	var f BlockFileInfo
	d := decoder{b: b}
	f.Blocks = uint32(d.varint(maxUint32, "file info blocks"))
	f.Size = uint32(d.varint(maxUint32, "file info size"))
	f.UndoSize = uint32(d.varint(maxUint32, "file info undo size"))
	f.HeightFirst = uint32(d.varint(maxUint32, "file info height first"))
	f.HeightLast = uint32(d.varint(maxUint32, "file info height last"))
	f.TimeFirst = d.varint(maxUint64, "file info time first")
	f.TimeLast = d.varint(maxUint64, "file info time last")
	if d.err != nil {
		return f, 0, wrapError(ErrMalformed, d.err, "CBlockFileInfo")
	}
	return f, d.off, nil
}
