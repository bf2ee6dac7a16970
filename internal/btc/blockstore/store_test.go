package blockstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

func TestWriteReadBlockRoundTrip(t *testing.T) {
	s := openStore(t, Options{})
	blocks := chain(20, func(i int) int { return i * 13 })
	var positions []FilePos
	for i, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, pos)
	}
	for i, b := range blocks {
		h := b.BlockHash()
		got, err := s.ReadBlock(positions[i], &h)
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		if !bytes.Equal(got.Bytes(), b.Bytes()) {
			t.Fatalf("block %d differs", i)
		}
		raw, err := s.ReadRawBlock(positions[i])
		if err != nil || !bytes.Equal(raw, b.Bytes()) {
			t.Fatalf("raw block %d: %v", i, err)
		}
	}
	wrong := blocks[1].BlockHash()
	_, err := s.ReadBlock(positions[0], &wrong)
	wantKind(t, err, ErrHashMismatch)
}

// TestBlockFileLayout checks the bytes of blk00000.dat: records of magic,
// little-endian size and block, back to back from offset 0, in a file
// pre-allocated to whole chunks.
func TestBlockFileLayout(t *testing.T) {
	const chunk = 1000
	s := openStore(t, Options{BlockChunkSize: chunk, MaxBlockFileSize: 100_000})
	blocks := chain(5, func(i int) int { return 100 * i })
	var want []byte
	for i, b := range blocks {
		raw := b.Bytes()
		pos, err := s.WriteBlock(raw, int32(i))
		if err != nil {
			t.Fatal(err)
		}
		if pos.File != 0 || int(pos.Pos) != len(want)+8 {
			t.Fatalf("block %d at %v, want file 0 pos %d", i, pos, len(want)+8)
		}
		want = append(want, regtestMagic[:]...)
		want = binary.LittleEndian.AppendUint32(want, uint32(len(raw)))
		want = append(want, raw...)
	}
	got := readFile(t, s, "blk00000.dat")
	if !bytes.Equal(got[:len(want)], want) {
		t.Fatal("blk00000.dat does not hold the expected records")
	}
	if rest := got[len(want):]; !bytes.Equal(rest, make([]byte, len(rest))) {
		t.Fatal("pre-allocated space is not zero")
	}
	wantSize := (len(want) + chunk - 1) / chunk * chunk
	if len(got) != wantSize {
		t.Fatalf("file is %d bytes, want %d (whole %d-byte chunks)", len(got), wantSize, chunk)
	}
	info, _ := s.FileInfo(0)
	wantInfo := BlockFileInfo{Blocks: 5, Size: uint32(len(want)), HeightFirst: 0, HeightLast: 4,
		TimeFirst: uint64(blocks[0].Header.Timestamp), TimeLast: uint64(blocks[4].Header.Timestamp)}
	if info != wantInfo {
		t.Fatalf("file info %+v, want %+v", info, wantInfo)
	}
	if s.CurrentUsage() != uint64(len(want)) {
		t.Fatalf("usage %d", s.CurrentUsage())
	}
}

func TestChunkPreallocation(t *testing.T) {
	const chunk = 512
	s := openStore(t, Options{BlockChunkSize: chunk, UndoChunkSize: 256, MaxBlockFileSize: 1 << 20})
	blocks := chain(30, func(int) int { return 30 })
	used := 0
	for i, b := range blocks {
		raw := b.Bytes()
		if _, err := s.WriteBlock(raw, int32(i)); err != nil {
			t.Fatal(err)
		}
		used += len(raw) + 8
		want := int64((used + chunk - 1) / chunk * chunk)
		if got := fileSize(t, s, "blk00000.dat"); got != want {
			t.Fatalf("after block %d (%d bytes used): file %d bytes, want %d", i, used, got, want)
		}
	}
	// Undo files grow in their own chunks.
	pos0 := FilePos{File: 0, Pos: 8}
	undoUsed := 0
	for i := range 10 {
		u := &BlockUndo{Txs: []TxUndo{{Coins: []primitives.Coin{{Out: primitives.TxOut{Value: int64(i), ScriptPubKey: p2pkh(1)}, Height: 5}}}}}
		if _, err := s.WriteUndo(pos0, int32(i+1), chainhash.Hash{byte(i)}, u); err != nil {
			t.Fatal(err)
		}
		undoUsed += u.SerializeSize() + UndoDataDiskOverhead
		want := int64((undoUsed + 255) / 256 * 256)
		if got := fileSize(t, s, "rev00000.dat"); got != want {
			t.Fatalf("undo %d: rev file %d bytes, want %d", i, got, want)
		}
	}
}

func TestFileRollover(t *testing.T) {
	// Every block is 170+40 = 210 bytes, a record 218: four records fill
	// 872 bytes; a fifth would reach 1090 >= 1000, so it starts file 1.
	const max = 1000
	s := openStore(t, Options{BlockChunkSize: 256, UndoChunkSize: 128, MaxBlockFileSize: max})
	blocks := chain(9, func(int) int { return 40 })
	rec := len(blocks[0].Bytes()) + 8
	if rec != 218 {
		t.Fatalf("record size %d; the test's arithmetic assumes 218", rec)
	}
	var positions []FilePos
	for i, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, pos)
		// Undo data keeps up with the blocks.
		if i > 0 {
			u := &BlockUndo{Txs: []TxUndo{{Coins: []primitives.Coin{{Out: primitives.TxOut{Value: 1000, ScriptPubKey: p2pkh(2)}, Height: uint32(i)}}}}}
			if _, err := s.WriteUndo(pos, int32(i), blocks[i-1].BlockHash(), u); err != nil {
				t.Fatal(err)
			}
		}
	}
	wantFiles := []int32{0, 0, 0, 0, 1, 1, 1, 1, 2}
	for i, pos := range positions {
		if pos.File != wantFiles[i] {
			t.Fatalf("block %d in file %d, want %d", i, pos.File, wantFiles[i])
		}
	}
	if positions[4].Pos != 8 {
		t.Fatalf("first block of file 1 at %d", positions[4].Pos)
	}
	if s.LastFile() != 2 {
		t.Fatalf("last file %d", s.LastFile())
	}
	// Left files are finalised: truncated to their used size, blk and,
	// since the undo data kept up, rev too.
	for n := int32(0); n < 2; n++ {
		info, _ := s.FileInfo(n)
		if info.Blocks != 4 || info.Size != uint32(4*rec) {
			t.Fatalf("file %d info %+v", n, info)
		}
		if got := fileSize(t, s, fileName(kindBlock, n)); got != int64(info.Size) {
			t.Fatalf("blk file %d is %d bytes, want %d", n, got, info.Size)
		}
		if got := fileSize(t, s, fileName(kindUndo, n)); got != int64(info.UndoSize) {
			t.Fatalf("rev file %d is %d bytes, want %d", n, got, info.UndoSize)
		}
	}
	// The current file is still pre-allocated.
	if got := fileSize(t, s, "blk00002.dat"); got != 256 {
		t.Fatalf("current blk file is %d bytes, want one 256-byte chunk", got)
	}
	for i, b := range blocks {
		h := b.BlockHash()
		if _, err := s.ReadBlock(positions[i], &h); err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
	}
	// A record exactly at the limit goes to a new file (Core's >=).
	_, err := s.WriteBlock(make([]byte, max-8), 9)
	wantKind(t, err, ErrBlockTooLarge)
}

// TestLaggingUndoFinalisation: blocks are stored ahead of their undo data
// (as during IBD); a left rev file is finalised by the undo write of its
// blk file's last block.
func TestLaggingUndoFinalisation(t *testing.T) {
	s := openStore(t, Options{BlockChunkSize: 256, UndoChunkSize: 128, MaxBlockFileSize: 1000})
	blocks := chain(6, func(int) int { return 40 })
	var positions []FilePos
	for i, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, pos)
	}
	if positions[4].File != 1 {
		t.Fatalf("block 4 in file %d", positions[4].File)
	}
	// No undo was written when file 0 was left, so rev00000.dat is not
	// finalised yet.
	for i := 1; i <= 3; i++ {
		u := &BlockUndo{Txs: []TxUndo{{Coins: []primitives.Coin{{Out: primitives.TxOut{Value: 1, ScriptPubKey: p2pkh(3)}, Height: 1}}}}}
		if _, err := s.WriteUndo(positions[i], int32(i), blocks[i-1].BlockHash(), u); err != nil {
			t.Fatal(err)
		}
		info, _ := s.FileInfo(0)
		size := fileSize(t, s, "rev00000.dat")
		if i < 3 && (size%128 != 0 || size <= int64(info.UndoSize)) {
			t.Fatalf("after undo %d the rev file is %d bytes, want whole 128-byte chunks", i, size)
		}
		if i == 3 && size != int64(info.UndoSize) {
			t.Fatalf("after the last block's undo the rev file is %d bytes, want %d", size, info.UndoSize)
		}
	}
}

func TestUndoRoundTripAndLayout(t *testing.T) {
	s := openStore(t, Options{})
	blocks := chain(3, func(int) int { return 0 })
	pos, err := s.WriteBlock(blocks[2].Bytes(), 2)
	if err != nil {
		t.Fatal(err)
	}
	u := &BlockUndo{Txs: []TxUndo{
		{Coins: []primitives.Coin{{Out: primitives.TxOut{Value: 50_0000_0000, ScriptPubKey: p2pkh(1)}, Height: 1, IsCoinBase: true}}},
		{Coins: []primitives.Coin{
			{Out: primitives.TxOut{Value: 12345, ScriptPubKey: []byte{0x51}}, Height: 0},
			{Out: primitives.TxOut{Value: 999, ScriptPubKey: p2pkh(9)}, Height: 2},
		}},
	}}
	prev := blocks[1].BlockHash()
	upos, err := s.WriteUndo(pos, 2, prev, u)
	if err != nil {
		t.Fatal(err)
	}
	if upos != (FilePos{File: 0, Pos: 8}) {
		t.Fatalf("undo at %v", upos)
	}
	got, err := s.ReadUndo(upos, prev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.AppendTo(nil), u.AppendTo(nil)) {
		t.Fatal("undo round trip differs")
	}
	// The record, by hand: magic, size, undo bytes, SHA256d(prev || undo).
	undoBytes := u.AppendTo(nil)
	want := append(append([]byte{}, regtestMagic[:]...), binary.LittleEndian.AppendUint32(nil, uint32(len(undoBytes)))...)
	want = append(want, undoBytes...)
	sum := chainhash.DoubleSHA256(append(append([]byte{}, prev[:]...), undoBytes...))
	want = append(want, sum[:]...)
	rev := readFile(t, s, "rev00000.dat")
	if !bytes.Equal(rev[:len(want)], want) {
		t.Fatalf("rev record\n got %x\nwant %x", rev[:len(want)], want)
	}
	info, _ := s.FileInfo(0)
	if info.UndoSize != uint32(len(want)) {
		t.Fatalf("undo size %d, want %d", info.UndoSize, len(want))
	}
	// The checksum binds the parent's hash.
	_, err = s.ReadUndo(upos, blocks[2].BlockHash())
	wantKind(t, err, ErrChecksum)
	// Undo data for an unknown file.
	_, err = s.WriteUndo(FilePos{File: 5, Pos: 8}, 3, prev, u)
	wantKind(t, err, ErrBadPos)
}

func TestCorruptedFiles(t *testing.T) {
	type fixture struct {
		s    *Store
		pos  FilePos // a block record's data
		upos FilePos // an undo record's data
		prev chainhash.Hash
		hash chainhash.Hash
	}
	setup := func(t *testing.T) fixture {
		s := openStore(t, Options{BlockChunkSize: 4096, UndoChunkSize: 4096})
		blocks := chain(2, func(int) int { return 10 })
		if _, err := s.WriteBlock(blocks[0].Bytes(), 0); err != nil {
			t.Fatal(err)
		}
		pos, err := s.WriteBlock(blocks[1].Bytes(), 1)
		if err != nil {
			t.Fatal(err)
		}
		u := &BlockUndo{Txs: []TxUndo{{Coins: []primitives.Coin{{Out: primitives.TxOut{Value: 7, ScriptPubKey: p2pkh(4)}, Height: 1}}}}}
		upos, err := s.WriteUndo(pos, 1, blocks[0].BlockHash(), u)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
		return fixture{s: s, pos: pos, upos: upos, prev: blocks[0].BlockHash(), hash: blocks[1].BlockHash()}
	}
	patch := func(t *testing.T, s *Store, name string, off int64, b []byte) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(s.Dir(), name), os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt(b, off); err != nil {
			t.Fatal(err)
		}
	}
	truncate := func(t *testing.T, s *Store, name string, size int64) {
		t.Helper()
		if err := os.Truncate(filepath.Join(s.Dir(), name), size); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, f fixture) error
		kind ErrorKind
	}{
		{"block wrong magic", func(t *testing.T, f fixture) error {
			patch(t, f.s, "blk00000.dat", int64(f.pos.Pos)-8, []byte{0x0b, 0x11, 0x09, 0x07})
			_, err := f.s.ReadRawBlock(f.pos)
			return err
		}, ErrBadMagic},
		{"block size above MAX_SIZE", func(t *testing.T, f fixture) error {
			patch(t, f.s, "blk00000.dat", int64(f.pos.Pos)-4, binary.LittleEndian.AppendUint32(nil, MaxSize+1))
			_, err := f.s.ReadRawBlock(f.pos)
			return err
		}, ErrBadSize},
		{"block size past the file end", func(t *testing.T, f fixture) error {
			patch(t, f.s, "blk00000.dat", int64(f.pos.Pos)-4, binary.LittleEndian.AppendUint32(nil, 1<<20))
			_, err := f.s.ReadRawBlock(f.pos)
			return err
		}, ErrTruncated},
		{"block file truncated inside the record", func(t *testing.T, f fixture) error {
			truncate(t, f.s, "blk00000.dat", int64(f.pos.Pos)+50)
			_, err := f.s.ReadRawBlock(f.pos)
			return err
		}, ErrTruncated},
		{"block file truncated inside the header", func(t *testing.T, f fixture) error {
			truncate(t, f.s, "blk00000.dat", int64(f.pos.Pos)-5)
			_, err := f.s.ReadRawBlock(f.pos)
			return err
		}, ErrTruncated},
		{"block bytes corrupted", func(t *testing.T, f fixture) error {
			patch(t, f.s, "blk00000.dat", int64(f.pos.Pos)+80, []byte{0xfe}) // the tx count
			_, err := f.s.ReadBlock(f.pos, &f.hash)
			return err
		}, ErrMalformed},
		{"block header corrupted", func(t *testing.T, f fixture) error {
			patch(t, f.s, "blk00000.dat", int64(f.pos.Pos)+76, []byte{0xff}) // the nonce
			_, err := f.s.ReadBlock(f.pos, &f.hash)
			return err
		}, ErrHashMismatch},
		{"position in pre-allocated space", func(t *testing.T, f fixture) error {
			_, err := f.s.ReadRawBlock(FilePos{File: 0, Pos: 3000})
			return err
		}, ErrBadMagic},
		{"position past the file", func(t *testing.T, f fixture) error {
			_, err := f.s.ReadRawBlock(FilePos{File: 0, Pos: 1 << 20})
			return err
		}, ErrTruncated},
		{"position inside the header", func(t *testing.T, f fixture) error {
			_, err := f.s.ReadRawBlock(FilePos{File: 0, Pos: 7})
			return err
		}, ErrBadPos},
		{"negative file", func(t *testing.T, f fixture) error {
			_, err := f.s.ReadRawBlock(FilePos{File: -1, Pos: 8})
			return err
		}, ErrBadPos},
		{"missing file", func(t *testing.T, f fixture) error {
			_, err := f.s.ReadRawBlock(FilePos{File: 9, Pos: 8})
			return err
		}, ErrFileMissing},
		{"undo wrong magic", func(t *testing.T, f fixture) error {
			patch(t, f.s, "rev00000.dat", int64(f.upos.Pos)-8, []byte{0, 0, 0, 0})
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrBadMagic},
		{"undo checksum corrupted", func(t *testing.T, f fixture) error {
			info, _ := f.s.FileInfo(0)
			patch(t, f.s, "rev00000.dat", int64(info.UndoSize)-1, []byte{0x5a})
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrChecksum},
		{"undo data corrupted", func(t *testing.T, f fixture) error {
			patch(t, f.s, "rev00000.dat", int64(f.upos.Pos)+3, []byte{0x5a})
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrChecksum},
		{"undo size past the file", func(t *testing.T, f fixture) error {
			patch(t, f.s, "rev00000.dat", int64(f.upos.Pos)-4, binary.LittleEndian.AppendUint32(nil, 0xffffff00))
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrTruncated},
		{"undo file truncated", func(t *testing.T, f fixture) error {
			truncate(t, f.s, "rev00000.dat", int64(f.upos.Pos)+4)
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrTruncated},
		{"undo missing", func(t *testing.T, f fixture) error {
			if err := os.Remove(filepath.Join(f.s.Dir(), "rev00000.dat")); err != nil {
				t.Fatal(err)
			}
			f.s.handles.drop(fileKey{kindUndo, 0})
			_, err := f.s.ReadUndo(f.upos, f.prev)
			return err
		}, ErrFileMissing},
		{"undo well-formed checksum over garbage", func(t *testing.T, f fixture) error {
			upos, err := f.s.WriteRawUndo(f.pos, 1, f.prev, []byte{0x05, 0x01})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.s.ReadUndo(upos, f.prev)
			return err
		}, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.fn(t, setup(t))
			wantKind(t, err, tc.kind)
		})
	}
}

func TestMissingFileUnwrapsToNotExist(t *testing.T) {
	s := openStore(t, Options{})
	_, err := s.ReadRawBlock(FilePos{File: 0, Pos: 8})
	wantKind(t, err, ErrFileMissing)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%v does not unwrap to fs.ErrNotExist", err)
	}
}

func TestIndexPersistence(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	idx := memdb.New()
	s, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx, MaxBlockFileSize: 1000, BlockChunkSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	blocks := chain(6, func(int) int { return 40 })
	var recs []*DiskBlockIndex
	for i, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &DiskBlockIndex{Height: int32(i), Status: BlockValidTransactions | BlockHaveData, TxCount: 1, File: pos.File, DataPos: pos.Pos, Header: b.Header})
	}
	if err := s.WriteIndex(recs); err != nil {
		t.Fatal(err)
	}
	infos := s.FileInfos()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx, MaxBlockFileSize: 1000, BlockChunkSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := s2.FileInfos(); len(got) != len(infos) || got[0] != infos[0] || got[1] != infos[1] {
		t.Fatalf("file infos after reopen %+v, want %+v", got, infos)
	}
	if s2.LastFile() != 1 {
		t.Fatalf("last file %d", s2.LastFile())
	}
	seen := map[chainhash.Hash]DiskBlockIndex{}
	err = s2.ForEachBlockIndex(func(r *DiskBlockIndex) error {
		seen[r.Hash] = *r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(blocks) {
		t.Fatalf("%d records, want %d", len(seen), len(blocks))
	}
	for i, b := range blocks {
		r, ok := seen[b.BlockHash()]
		if !ok || r.Height != int32(i) || r.File != recs[i].File || r.DataPos != recs[i].DataPos || r.Header != b.Header || r.ClientVersion != DummyVersion {
			t.Fatalf("record %d: %+v", i, r)
		}
		one, err := s2.ReadBlockIndex(b.BlockHash())
		if err != nil || one != r {
			t.Fatalf("ReadBlockIndex %d: %+v, %v", i, one, err)
		}
		pos, _ := r.BlockPos()
		h := b.BlockHash()
		if _, err := s2.ReadBlock(pos, &h); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s2.ReadBlockIndex(chainhash.Hash{1})
	wantKind(t, err, ErrNotFound)
	// Appending continues after the last stored block.
	next := makeBlock(blocks[5].BlockHash(), 6, 40)
	pos, err := s2.WriteBlock(next.Bytes(), 6)
	if err != nil {
		t.Fatal(err)
	}
	if want := (FilePos{File: 1, Pos: infos[1].Size + 8}); pos != want {
		t.Fatalf("next block at %v, want %v", pos, want)
	}
}

// TestUnindexedWritesAreOverwritten: blocks written after the last index
// write are not known after a restart (as after a crash), and the space they
// took is reused, as in Core.
func TestUnindexedWritesAreOverwritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	idx := memdb.New()
	s, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx})
	if err != nil {
		t.Fatal(err)
	}
	blocks := chain(3, func(int) int { return 0 })
	p0, _ := s.WriteBlock(blocks[0].Bytes(), 0)
	if err := s.WriteIndex(nil); err != nil {
		t.Fatal(err)
	}
	p1, _ := s.WriteBlock(blocks[1].Bytes(), 1)
	s.Close()
	s2, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	p2, err := s2.WriteBlock(blocks[2].Bytes(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if p2 != p1 || p0.Pos >= p2.Pos {
		t.Fatalf("positions %v %v %v", p0, p1, p2)
	}
	h := blocks[2].BlockHash()
	if _, err := s2.ReadBlock(p2, &h); err != nil {
		t.Fatal(err)
	}
}

func TestWriteIndexRejectsInvalidRecords(t *testing.T) {
	s := openStore(t, Options{})
	err := s.WriteIndex([]*DiskBlockIndex{{Height: -1}})
	wantKind(t, err, ErrInvalidRecord)
	err = s.WriteIndex([]*DiskBlockIndex{{Height: 1, Status: BlockHaveData, File: -2}})
	wantKind(t, err, ErrInvalidRecord)
}

func TestIndexRecordKeyMismatch(t *testing.T) {
	idx := memdb.New()
	s := openStore(t, Options{Index: idx})
	b := makeBlock(chainhash.Hash{}, 0, 0)
	r := DiskBlockIndex{Status: BlockValidTree, Header: b.Header}
	if err := idx.Put(BlockIndexKey(chainhash.Hash{9}), r.AppendTo(nil)); err != nil {
		t.Fatal(err)
	}
	err := s.ForEachBlockIndex(func(*DiskBlockIndex) error { return nil })
	wantKind(t, err, ErrHashMismatch)
	_, err = s.ReadBlockIndex(chainhash.Hash{9})
	wantKind(t, err, ErrHashMismatch)
	if err := idx.Put(BlockIndexKey(chainhash.Hash{9}), []byte{1, 2}); err != nil {
		t.Fatal(err)
	}
	err = s.ForEachBlockIndex(func(*DiskBlockIndex) error { return nil })
	wantKind(t, err, ErrMalformed)
	stop := errors.New("stop")
	if err := idx.Put(BlockIndexKey(chainhash.Hash{9}), nil); err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete(BlockIndexKey(chainhash.Hash{9})); err != nil {
		t.Fatal(err)
	}
	if err := idx.Put(BlockIndexKey(b.BlockHash()), r.AppendTo(nil)); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachBlockIndex(func(*DiskBlockIndex) error { return stop }); err != stop {
		t.Fatalf("callback error not returned: %v", err)
	}
}

func TestFlagsAndReindexing(t *testing.T) {
	idx := memdb.New()
	s := openStore(t, Options{Index: idx})
	if _, ok, err := s.ReadFlag(FlagTxIndex); ok || err != nil {
		t.Fatalf("unset flag: ok=%v err=%v", ok, err)
	}
	for _, v := range []bool{true, false, true} {
		if err := s.WriteFlag(FlagTxIndex, v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.ReadFlag(FlagTxIndex)
		if !ok || err != nil || got != v {
			t.Fatalf("flag = %v %v %v, want %v", got, ok, err, v)
		}
		raw, _ := idx.Get(FlagKey(FlagTxIndex))
		want := byte('0')
		if v {
			want = '1'
		}
		if !bytes.Equal(raw, []byte{want}) {
			t.Fatalf("stored flag %q", raw)
		}
	}
	on, err := s.Reindexing()
	if err != nil || on {
		t.Fatalf("reindexing %v %v", on, err)
	}
	if err := s.SetReindexing(true); err != nil {
		t.Fatal(err)
	}
	if raw, _ := idx.Get(ReindexingKey()); !bytes.Equal(raw, []byte{'1'}) {
		t.Fatalf("stored reindexing flag %q", raw)
	}
	if on, _ := s.Reindexing(); !on {
		t.Fatal("reindexing not set")
	}
	if err := s.SetReindexing(false); err != nil {
		t.Fatal(err)
	}
	if ok, _ := idx.Has(ReindexingKey()); ok {
		t.Fatal("reindexing flag not erased")
	}
}

func TestTxIndex(t *testing.T) {
	s := openStore(t, Options{})
	var prev chainhash.Hash
	blk := makeBlock(prev, 1, 5)
	// Add two spending transactions so offsets advance.
	for i := range 2 {
		blk.Txs = append(blk.Txs, &primitives.Tx{Version: 2,
			Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{byte(i + 1)}}, ScriptSig: []byte{0x51}, Sequence: 1}},
			Outputs: []primitives.TxOut{{Value: int64(1000 * (i + 1)), ScriptPubKey: p2pkh(byte(i))}}})
	}
	blk.Header.MerkleRoot, _ = blk.MerkleRoot()
	raw := blk.Bytes()
	pos, err := s.WriteBlock(raw, 1)
	if err != nil {
		t.Fatal(err)
	}
	entries := TxIndexEntries(blk, pos)
	if entries[0].Pos.TxOffset != 1 {
		t.Fatalf("first tx offset %d, want 1 (the CompactSize of the count)", entries[0].Pos.TxOffset)
	}
	if err := s.WriteTxIndex(entries, true); err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		p, err := s.ReadTxPos(e.TxID)
		if err != nil || p != e.Pos {
			t.Fatalf("tx %d: %+v %v", i, p, err)
		}
		tx, hdr, err := s.ReadTx(p)
		if err != nil {
			t.Fatal(err)
		}
		if tx.TxHash() != e.TxID || hdr != blk.Header {
			t.Fatalf("tx %d read back wrong", i)
		}
		// The offset is measured from the end of the header.
		if !bytes.Equal(raw[80+e.Pos.TxOffset:80+e.Pos.TxOffset+uint32(blk.Txs[i].SerializeSize())], blk.Txs[i].Bytes()) {
			t.Fatalf("tx %d offset does not point at its bytes", i)
		}
	}
	_, err = s.ReadTxPos(chainhash.Hash{0xee})
	wantKind(t, err, ErrNotFound)
	_, _, err = s.ReadTx(TxPos{Block: pos, TxOffset: uint32(len(raw))})
	wantKind(t, err, ErrBadPos)
}

func TestPrune(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	idx := memdb.New()
	o := Options{Dir: dir, Magic: regtestMagic, Index: idx, MaxBlockFileSize: 1000, BlockChunkSize: 256, UndoChunkSize: 128}
	s, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	blocks := chain(9, func(int) int { return 40 })
	for i, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if _, err := s.WriteRawUndo(pos, int32(i), blocks[i-1].BlockHash(), []byte{0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := s.CurrentUsage()
	info0, _ := s.FileInfo(0)
	wantKind(t, s.PruneFile(2), ErrBadPos) // the current file
	wantKind(t, s.PruneFile(7), ErrBadPos)
	if err := s.PruneFile(0); err != nil {
		t.Fatal(err)
	}
	// Not deleted before the index write.
	if _, err := os.Stat(filepath.Join(dir, "blk00000.dat")); err != nil {
		t.Fatalf("file deleted before the index write: %v", err)
	}
	if got := s.CurrentUsage(); got != before-uint64(info0.Size)-uint64(info0.UndoSize) {
		t.Fatalf("usage %d after prune, before %d", got, before)
	}
	if err := s.WriteIndex(nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"blk00000.dat", "rev00000.dat"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s still there: %v", name, err)
		}
	}
	if v, ok, _ := s.ReadFlag(FlagPrunedBlockFiles); !ok || !v {
		t.Fatal("prunedblockfiles flag not written")
	}
	raw, err := idx.Get(FileInfoKey(0))
	if err != nil || !bytes.Equal(raw, make([]byte, 7)) {
		t.Fatalf("pruned file info %x %v", raw, err)
	}
	_, err = s.ReadRawBlock(FilePos{File: 0, Pos: 8})
	wantKind(t, err, ErrFileMissing)
	s.Close()
	// A deletion a crash interrupted is finished on open.
	if err := os.WriteFile(filepath.Join(dir, "blk00000.dat"), []byte("left over"), 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if !s2.HavePruned() {
		t.Fatal("HavePruned false after reopen")
	}
	if _, err := os.Stat(filepath.Join(dir, "blk00000.dat")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("left-over pruned file not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "blk00001.dat")); err != nil {
		t.Fatalf("unpruned file removed: %v", err)
	}
}

func TestXOR(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	idx := memdb.New()
	s, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx, XOR: true})
	if err != nil {
		t.Fatal(err)
	}
	key := s.XORKey()
	if key == [8]byte{} {
		t.Fatal("first run with XOR gave a zero key")
	}
	if got := readFile(t, s, XORKeyFile); !bytes.Equal(got, key[:]) {
		t.Fatalf("xor.dat %x, key %x", got, key)
	}
	blocks := chain(3, func(i int) int { return i })
	var positions []FilePos
	var plain []byte
	for i, b := range blocks {
		raw := b.Bytes()
		pos, err := s.WriteBlock(raw, int32(i))
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, pos)
		plain = append(append(plain, regtestMagic[:]...), binary.LittleEndian.AppendUint32(nil, uint32(len(raw)))...)
		plain = append(plain, raw...)
	}
	upos, err := s.WriteRawUndo(positions[2], 2, blocks[1].BlockHash(), []byte{0})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	// Byte i of the file is plain byte i XOR key[i mod 8].
	onDisk := readFile(t, s, "blk00000.dat")[:len(plain)]
	for i := range plain {
		if onDisk[i] != plain[i]^key[i%8] {
			t.Fatalf("byte %d: %02x, want %02x", i, onDisk[i], plain[i]^key[i%8])
		}
	}
	check := func(s *Store) {
		t.Helper()
		for i, b := range blocks {
			h := b.BlockHash()
			if _, err := s.ReadBlock(positions[i], &h); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.ReadRawUndo(upos, blocks[1].BlockHash()); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := s.ScanBlockFile(0, func(pos FilePos, raw []byte) error {
			if pos != positions[n] || !bytes.Equal(raw, blocks[n].Bytes()) {
				t.Fatalf("scan record %d at %v", n, pos)
			}
			n++
			return nil
		})
		if err != nil || n != 3 {
			t.Fatalf("scan: %d records, %v", n, err)
		}
	}
	check(s)
	s.Close()
	// An existing key is used even when XOR is not requested.
	s2, err := Open(Options{Dir: dir, Magic: regtestMagic, Index: idx})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.XORKey() != key {
		t.Fatal("existing key not used")
	}
	check(s2)
}

func TestXORKeyFile(t *testing.T) {
	// Not a first run: no random key even with XOR.
	dir := filepath.Join(t.TempDir(), "blocks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "blk00000.dat"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, Options{Dir: dir, XOR: true})
	if s.XORKey() != [8]byte{} {
		t.Fatal("random key created for a directory with block files")
	}
	if got := readFile(t, s, XORKeyFile); !bytes.Equal(got, make([]byte, 8)) {
		t.Fatalf("xor.dat %x", got)
	}
	// Hidden files do not count.
	dir2 := filepath.Join(t.TempDir(), "blocks")
	os.MkdirAll(dir2, 0o700)
	os.WriteFile(filepath.Join(dir2, ".lock"), nil, 0o600)
	s2 := openStore(t, Options{Dir: dir2, XOR: true})
	if s2.XORKey() == [8]byte{} {
		t.Fatal("a directory with only hidden files is a first run")
	}
	// A key of the wrong size.
	dir3 := filepath.Join(t.TempDir(), "blocks")
	os.MkdirAll(dir3, 0o700)
	os.WriteFile(filepath.Join(dir3, XORKeyFile), []byte{1, 2, 3}, 0o600)
	_, err := Open(Options{Dir: dir3, Magic: regtestMagic, Index: memdb.New()})
	wantKind(t, err, ErrBadXORKey)
}

func TestFlushCreatesCurrentPair(t *testing.T) {
	s := openStore(t, Options{})
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"blk00000.dat", "rev00000.dat"} {
		if fileSize(t, s, name) != 0 {
			t.Fatalf("%s not empty", name)
		}
	}
}

func TestScanBlocks(t *testing.T) {
	blocks := chain(3, func(i int) int { return 5 * i })
	rec := func(magic [4]byte, raw []byte) []byte {
		b := append([]byte{}, magic[:]...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(raw)))
		return append(b, raw...)
	}
	var stream []byte
	stream = append(stream, 0, 0, 0xfa, 0xbf) // junk, including a partial magic
	var wantOffsets []int64
	stream = append(stream, rec(regtestMagic, blocks[0].Bytes())...)
	wantOffsets = append(wantOffsets, int64(len(stream)-len(blocks[0].Bytes())))
	stream = append(stream, rec(mainMagic, blocks[1].Bytes())...)      // another network: skipped
	stream = append(stream, append(regtestMagic[:], 10, 0, 0, 0)...)   // size below a header: skipped
	stream = append(stream, append(regtestMagic[:], 0, 0, 0, 0x7f)...) // size above the limit: skipped
	stream = append(stream, rec(regtestMagic, blocks[2].Bytes())...)
	wantOffsets = append(wantOffsets, int64(len(stream)-len(blocks[2].Bytes())))
	stream = append(stream, rec(regtestMagic, blocks[1].Bytes())[:50]...) // torn record at the end
	var got []int64
	var raws [][]byte
	err := ScanBlocks(bytes.NewReader(stream), regtestMagic, func(off int64, raw []byte) error {
		got = append(got, off)
		raws = append(raws, raw)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != wantOffsets[0] || got[1] != wantOffsets[1] {
		t.Fatalf("offsets %v, want %v", got, wantOffsets)
	}
	if !bytes.Equal(raws[0], blocks[0].Bytes()) || !bytes.Equal(raws[1], blocks[2].Bytes()) {
		t.Fatal("scanned bytes differ")
	}
	stop := errors.New("stop")
	if err := ScanBlocks(bytes.NewReader(stream), regtestMagic, func(int64, []byte) error { return stop }); err != stop {
		t.Fatalf("callback error: %v", err)
	}
}

func TestUpdateBlockInfo(t *testing.T) {
	// Reindex: rebuild file information from the blocks in the files.
	dir := filepath.Join(t.TempDir(), "blocks")
	o := Options{Dir: dir, Magic: regtestMagic, Index: memdb.New(), MaxBlockFileSize: 1000, BlockChunkSize: 256}
	s, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	blocks := chain(6, func(int) int { return 40 })
	for i, b := range blocks {
		if _, err := s.WriteBlock(b.Bytes(), int32(i)); err != nil {
			t.Fatal(err)
		}
	}
	want := s.FileInfos()
	s.Close()
	o.Index = memdb.New() // a wiped index
	s2, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	height := int32(0)
	for n := int32(0); n <= 1; n++ {
		err := s2.ScanBlockFile(n, func(pos FilePos, raw []byte) error {
			defer func() { height++ }()
			return s2.UpdateBlockInfo(pos, raw, height)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	got := s2.FileInfos()
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("rebuilt %+v, want %+v", got, want)
	}
	if s2.LastFile() != 1 {
		t.Fatalf("cursor %d", s2.LastFile())
	}
}

func TestClosed(t *testing.T) {
	s := openStore(t, Options{})
	pos, err := s.WriteBlock(makeBlock(chainhash.Hash{}, 0, 0).Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.Close(), ErrClosed)
	_, err = s.WriteBlock(makeBlock(chainhash.Hash{}, 1, 0).Bytes(), 1)
	wantKind(t, err, ErrClosed)
	_, err = s.ReadRawBlock(pos)
	wantKind(t, err, ErrClosed)
	_, err = s.WriteRawUndo(pos, 1, chainhash.Hash{}, []byte{0})
	wantKind(t, err, ErrClosed)
	wantKind(t, s.WriteIndex(nil), ErrClosed)
	wantKind(t, s.Flush(), ErrClosed)
	wantKind(t, s.PruneFile(0), ErrClosed)
	_, _, err = s.ReadFlag("x")
	wantKind(t, err, ErrClosed)
	wantKind(t, s.ForEachBlockIndex(func(*DiskBlockIndex) error { return nil }), ErrClosed)
}

func TestInvalidArguments(t *testing.T) {
	s := openStore(t, Options{})
	_, err := s.WriteBlock(make([]byte, 79), 0)
	wantKind(t, err, ErrInvalidRecord)
	_, err = s.WriteBlock(make([]byte, 80), -1)
	wantKind(t, err, ErrInvalidRecord)
	_, err = Open(Options{})
	wantKind(t, err, ErrInvalidRecord)
	_, err = Open(Options{Dir: t.TempDir(), Index: memdb.New(), WipeIndex: true})
	wantKind(t, err, ErrInvalidRecord)
	_, err = Open(Options{Dir: t.TempDir(), Index: memdb.New(), MaxBlockFileSize: 8})
	wantKind(t, err, ErrInvalidRecord)
}

// TestConcurrentReadersAndWriter runs readers over stored blocks while a
// writer appends (run with -race).
func TestConcurrentReadersAndWriter(t *testing.T) {
	s := openStore(t, Options{MaxBlockFileSize: 4000, BlockChunkSize: 1024, MaxOpenFiles: 2})
	blocks := chain(60, func(i int) int { return i % 50 })
	positions := make([]FilePos, 30)
	for i := range 30 {
		pos, err := s.WriteBlock(blocks[i].Bytes(), int32(i))
		if err != nil {
			t.Fatal(err)
		}
		positions[i] = pos
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 200 {
				i := (k*7 + r) % 30
				h := blocks[i].BlockHash()
				if _, err := s.ReadBlock(positions[i], &h); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 30; i < 60; i++ {
			if _, err := s.WriteBlock(blocks[i].Bytes(), int32(i)); err != nil {
				errs <- err
				return
			}
		}
		if err := s.Flush(); err != nil {
			errs <- err
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	_, err := Open(Options{Dir: dir, Magic: regtestMagic, ReadOnly: true})
	wantKind(t, err, ErrFileMissing)

	s, err := Open(Options{Dir: dir, Magic: regtestMagic, XOR: true})
	if err != nil {
		t.Fatal(err)
	}
	blk := makeBlock(chainhash.Hash{}, 0, 0)
	pos, err := s.WriteBlock(blk.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	r := &DiskBlockIndex{Status: BlockHaveData | BlockValidTree, TxCount: 1, DataPos: pos.Pos, Header: blk.Header}
	if err := s.WriteIndex([]*DiskBlockIndex{r}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadDir(dir)

	ro, err := Open(Options{Dir: dir, Magic: regtestMagic, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	h := blk.BlockHash()
	if _, err := ro.ReadBlock(pos, &h); err != nil {
		t.Fatal(err)
	}
	if _, err := ro.ReadBlockIndex(h); err != nil {
		t.Fatal(err)
	}
	_, err = ro.WriteBlock(blk.Bytes(), 1)
	wantKind(t, err, ErrReadOnly)
	wantKind(t, ro.WriteIndex(nil), ErrReadOnly)
	wantKind(t, ro.WriteFlag("x", true), ErrReadOnly)
	wantKind(t, ro.SetReindexing(true), ErrReadOnly)
	wantKind(t, ro.WriteTxIndex(nil, false), ErrReadOnly)
	wantKind(t, ro.PruneFile(0), ErrReadOnly)
	if err := ro.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Fatalf("read-only open changed the directory: %v -> %v", before, after)
	}
}
