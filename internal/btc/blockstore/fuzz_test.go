package blockstore

import (
	"bytes"
	"compress/bzip2"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// block277647Undo builds the undo data of mainnet block 277647 from btcd's
// record of the coins it spends (whose entries use Core's Coin encoding).
func block277647Undo(t testing.TB) (*primitives.Block, *BlockUndo) {
	t.Helper()
	f, err := os.Open(testdata.Path(t, "btcd", "blockchain", "277647.dat.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blk *primitives.Block
	err = ScanBlocks(bzip2.NewReader(f), mainMagic, func(_ int64, raw []byte) error {
		blk, err = primitives.DecodeBlock(raw)
		return err
	})
	if err != nil || blk == nil {
		t.Fatalf("block 277647: %v", err)
	}
	uf, err := os.Open(testdata.Path(t, "btcd", "blockchain", "277647.utxostore.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer uf.Close()
	data, err := io.ReadAll(bzip2.NewReader(uf))
	if err != nil {
		t.Fatal(err)
	}
	coins := map[primitives.OutPoint]primitives.Coin{}
	for off := 0; off < len(data); {
		if len(data)-off < 40 {
			t.Fatalf("utxostore record at %d truncated", off)
		}
		var op primitives.OutPoint
		copy(op.Hash[:], data[off:off+32])
		op.Index = binary.LittleEndian.Uint32(data[off+32:])
		n := int(binary.LittleEndian.Uint32(data[off+36:]))
		c, used, err := primitives.DecodeCoin(data[off+40 : off+40+n])
		if err != nil || used != n {
			t.Fatalf("utxostore entry %v: %v", op, err)
		}
		coins[op] = c
		off += 40 + n
	}
	u := &BlockUndo{Txs: make([]TxUndo, len(blk.Txs)-1)}
	for i, tx := range blk.Txs[1:] {
		for _, in := range tx.Inputs {
			c, ok := coins[in.PrevOut]
			if !ok {
				t.Fatalf("no coin for %v", in.PrevOut)
			}
			u.Txs[i].Coins = append(u.Txs[i].Coins, c)
		}
	}
	return blk, u
}

func TestUndoOfBlock277647(t *testing.T) {
	blk, u := block277647Undo(t)
	raw := u.AppendTo(nil)
	if len(raw) != u.SerializeSize() {
		t.Fatalf("SerializeSize %d, encoded %d", u.SerializeSize(), len(raw))
	}
	dec, err := DecodeBlockUndo(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dec.AppendTo(nil), raw) {
		t.Fatal("undo round trip differs")
	}
	ninputs := 0
	for _, tx := range blk.Txs[1:] {
		ninputs += len(tx.Inputs)
	}
	t.Logf("block 277647: %d transactions, %d spent coins, %d undo bytes", len(blk.Txs), ninputs, len(raw))
	s := openStore(t, Options{Magic: mainMagic})
	pos, err := s.WriteBlock(blk.Bytes(), 277647)
	if err != nil {
		t.Fatal(err)
	}
	upos, err := s.WriteUndo(pos, 277647, blk.Header.PrevBlock, u)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ReadRawUndo(upos, blk.Header.PrevBlock)
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("read back: %v", err)
	}
}

func addIndexSeeds(f *testing.F) {
	hdr, _ := primitives.DecodeHeader(bytes.Repeat([]byte{7}, 80))
	for _, r := range []DiskBlockIndex{
		{Height: 1, Status: BlockValidScripts | BlockHaveData | BlockHaveUndo, TxCount: 1, DataPos: 293, UndoPos: 8, Header: hdr},
		{Height: 850_000, Status: BlockValidTree, Header: hdr},
		{Height: 2, Status: BlockHaveUndo | BlockFailedChild, File: 4000, UndoPos: 1 << 30, Header: hdr},
	} {
		f.Add(r.AppendTo(nil))
	}
	f.Add([]byte{})
	f.Add([]byte{0x8e, 0xed, 0x3c, 0xff})
}

func FuzzDiskBlockIndex(f *testing.F) {
	addIndexSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, n, err := decodeDiskBlockIndex(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error kind: %v", err)
			}
			return
		}
		enc := r.AppendTo(nil)
		r2, err := DecodeDiskBlockIndex(enc)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		r.ClientVersion = DummyVersion
		if r2 != r {
			t.Fatalf("round trip %+v != %+v", r2, r)
		}
		// VARINTs are canonical, so the bytes match when the version was
		// Core's.
		if v, _, _ := readVarInt(b, maxInt32, ""); v == DummyVersion && !bytes.Equal(enc, b[:n]) {
			t.Fatalf("re-encoding %x differs from %x", enc, b[:n])
		}
	})
}

func FuzzBlockFileInfo(f *testing.F) {
	for _, info := range []BlockFileInfo{
		{},
		{Blocks: 119, Size: 134_217_000, UndoSize: 16_000_000, HeightLast: 118, TimeFirst: 1231006505, TimeLast: 1231731025},
		{Blocks: 0xffffffff, Size: 0xffffffff, TimeFirst: 0xffffffffffffffff},
	} {
		f.Add(info.AppendTo(nil))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		info, n, err := decodeBlockFileInfo(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error kind: %v", err)
			}
			return
		}
		if enc := info.AppendTo(nil); !bytes.Equal(enc, b[:n]) {
			t.Fatalf("re-encoding %x differs from %x", enc, b[:n])
		}
	})
}

func FuzzTxPos(f *testing.F) {
	for _, p := range []TxPos{{}, {Block: FilePos{File: 3, Pos: 1_000_000}, TxOffset: 1}, {Block: FilePos{File: 0x7fffffff, Pos: 0xffffffff}, TxOffset: 0xffffffff}} {
		f.Add(p.AppendTo(nil))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, n, err := decodeTxPos(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error kind: %v", err)
			}
			return
		}
		if enc := p.AppendTo(nil); !bytes.Equal(enc, b[:n]) {
			t.Fatalf("re-encoding %x differs from %x", enc, b[:n])
		}
	})
}

func FuzzBlockUndo(f *testing.F) {
	if dir, err := testdata.Locate(); err == nil {
		if _, err := os.Stat(dir + "/btcd/blockchain/277647.utxostore.bz2"); err == nil {
			_, u := block277647Undo(f)
			f.Add(u.AppendTo(nil))
			// A smaller slice of it, so the fuzzer mutates something short.
			f.Add((&BlockUndo{Txs: u.Txs[:3]}).AppendTo(nil))
		}
	}
	f.Add([]byte{0})
	f.Add(mustHex(f, "0102"+"03003200"+"1111111111111111111111111111111111111111"+"00010111111111111111111111111111111111111111"))
	f.Add(mustHex(f, "0101"+"8210"+"00"+"00"+"0c6a0401020304"))
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := DecodeBlockUndo(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error kind: %v", err)
			}
			return
		}
		// Re-encoding may differ from b (a non-zero legacy version, a
		// template script stored in raw form, an oversized script read as
		// OP_RETURN) but must decode to the same coins.
		enc := u.AppendTo(nil)
		if len(enc) != u.SerializeSize() {
			t.Fatalf("SerializeSize %d, encoded %d", u.SerializeSize(), len(enc))
		}
		u2, err := DecodeBlockUndo(enc)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !bytes.Equal(u2.AppendTo(nil), enc) {
			t.Fatal("second round trip differs")
		}
	})
}

// FuzzReadRecord writes arbitrary bytes as a blk and a rev file and reads
// them back: errors, never panics or oversized allocations.
func FuzzReadRecord(f *testing.F) {
	rec := append(append([]byte{}, regtestMagic[:]...), 0x10, 0, 0, 0)
	rec = append(rec, bytes.Repeat([]byte{1}, 16)...)
	f.Add(rec, uint32(8))
	f.Add(append(append([]byte{}, regtestMagic[:]...), 0xff, 0xff, 0xff, 0xff), uint32(8))
	f.Add([]byte{}, uint32(8))
	f.Fuzz(func(t *testing.T, file []byte, pos uint32) {
		s := openStore(t, Options{})
		for _, name := range []string{"blk00000.dat", "rev00000.dat"} {
			if err := os.WriteFile(s.Dir()+"/"+name, file, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if raw, err := s.ReadRawBlock(FilePos{Pos: pos}); err == nil && int64(pos)+int64(len(raw)) > int64(len(file)) {
			t.Fatal("read past the file")
		}
		if _, err := s.ReadUndo(FilePos{Pos: pos}, chainhash.Hash{}); err == nil {
			return
		}
		_ = ScanBlocks(bytes.NewReader(file), regtestMagic, func(int64, []byte) error { return nil })
	})
}
