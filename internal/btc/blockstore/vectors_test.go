package blockstore_test

import (
	"bytes"
	"compress/bzip2"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

var mainnetMagic = [4]byte{0xf9, 0xbe, 0xb4, 0xd9}

// TestBitcoinjBlkFileIdentical stores mainnet blocks 0-438 and compares
// the resulting blk00000.dat with bitcoinj's fixture, the first 99,969
// bytes of a blk0001.dat written by the original client: the files must be
// byte-identical.
func TestBitcoinjBlkFileIdentical(t *testing.T) {
	want, err := os.ReadFile(testdata.Path(t, "bitcoinj", "first-100k-blocks.dat"))
	if err != nil {
		t.Fatal(err)
	}
	// Split the fixture by hand: magic, size, block.
	var raws [][]byte
	for off := 0; off < len(want); {
		if !bytes.Equal(want[off:off+4], mainnetMagic[:]) {
			t.Fatalf("fixture magic at %d", off)
		}
		size := int(binary.LittleEndian.Uint32(want[off+4:]))
		raws = append(raws, want[off+8:off+8+size])
		off += 8 + size
	}
	if len(raws) != 439 {
		t.Fatalf("%d blocks in the fixture, want 439", len(raws))
	}
	s, err := blockstore.Open(blockstore.Options{Dir: filepath.Join(t.TempDir(), "blocks"), Magic: mainnetMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for h, raw := range raws {
		if _, err := s.WriteBlock(raw, int32(h)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(s.Dir(), "blk00000.dat"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != blockstore.BlockFileChunkSize {
		t.Fatalf("blk00000.dat is %d bytes, want one 16 MiB chunk", len(got))
	}
	if !bytes.Equal(got[:len(want)], want) {
		t.Fatal("blk00000.dat differs from the original client's file")
	}
	info, _ := s.FileInfo(0)
	if info.Blocks != 439 || info.Size != uint32(len(want)) || info.HeightLast != 438 {
		t.Fatalf("file info %+v", info)
	}
	// Scanning the file finds every block at the position WriteBlock gave.
	n := 0
	err = s.ScanBlockFile(0, func(pos blockstore.FilePos, raw []byte) error {
		if !bytes.Equal(raw, raws[n]) {
			t.Fatalf("scanned block %d differs", n)
		}
		if _, err := primitives.DecodeBlock(raw); err != nil {
			t.Fatalf("block %d: %v", n, err)
		}
		n++
		return nil
	})
	if err != nil || n != 439 {
		t.Fatalf("scan: %d blocks, %v", n, err)
	}
}

// TestScanBtcdBlocks reads btcd's blk-format file of mainnet blocks 1-255.
func TestScanBtcdBlocks(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "btcd", "database", "blocks1-256.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var prev *primitives.Block
	n := 0
	err = blockstore.ScanBlocks(bzip2.NewReader(f), mainnetMagic, func(off int64, raw []byte) error {
		blk, err := primitives.DecodeBlock(raw)
		if err != nil {
			return err
		}
		if prev != nil && blk.Header.PrevBlock != prev.BlockHash() {
			t.Fatalf("block %d does not follow its predecessor", n+1)
		}
		prev = blk
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 255 {
		t.Fatalf("%d blocks, want 255", n)
	}
}
