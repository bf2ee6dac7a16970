package chaingen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// WriteBlocks writes blocks to w as Bitcoin Core's blk*.dat records: the
// network magic, the block's size as a 4-byte little-endian integer, and
// the serialized block (with witnesses). It returns the number of bytes
// written. This is the format of Core's -loadblock, btcd's addblock and
// twinchain-tool btc importblocks.
//
// This function is safe for concurrent access on distinct writers.
func WriteBlocks(w io.Writer, magic [4]byte, blocks ...*primitives.Block) (int64, error) {
	var n int64
	var buf []byte
	for _, blk := range blocks {
		size := blk.SerializeSize()
		buf = append(buf[:0], magic[:]...)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(size))
		buf = blk.AppendTo(buf)
		m, err := w.Write(buf)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// WriteBlkFile writes the chain's genesis block followed by its main-chain
// blocks to a new file at path (replacing it) in blk-file format, as Core
// stores them in blk00000.dat. Importers skip the genesis block they
// already have. It returns the file size.
//
// This function is safe for concurrent access on distinct paths.
func (c *Chain) WriteBlkFile(path string) (int64, error) {
	blocks := append([]*primitives.Block{c.Params.GenesisBlock}, c.Blocks...)
	return WriteBlkFile(path, c.Params.NetMagic, blocks...)
}

// WriteBlkFile writes blocks to a new file at path (replacing it) with
// WriteBlocks and returns its size.
//
// This function is safe for concurrent access on distinct paths.
func WriteBlkFile(path string, magic [4]byte, blocks ...*primitives.Block) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("chaingen: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := WriteBlocks(w, magic, blocks...)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("chaingen: writing %s: %w", path, err)
	}
	return n, nil
}
