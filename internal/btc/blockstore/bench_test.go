package blockstore

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

// benchBlock returns a large real block (mainnet 413567, about 1 MB) when
// the vectors are present, else a synthetic 1 MB block.
func benchBlock(b *testing.B) []byte {
	if dir, err := testdata.Locate(); err == nil {
		if raw, err := os.ReadFile(filepath.Join(dir, "bitcoin-core", "block413567.raw")); err == nil {
			return raw
		}
	}
	blk := makeBlock([32]byte{}, 1, 0)
	for len(blk.Bytes()) < 1_000_000 {
		blk.Txs = append(blk.Txs, &primitives.Tx{Version: 1,
			Inputs:  []primitives.TxIn{{ScriptSig: bytes.Repeat([]byte{1}, 100), Sequence: 1}},
			Outputs: []primitives.TxOut{{Value: 1, ScriptPubKey: p2pkh(1)}}})
	}
	return blk.Bytes()
}

func BenchmarkWriteBlock(b *testing.B) {
	raw := benchBlock(b)
	s := openStore(b, Options{})
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	h := int32(0)
	for b.Loop() {
		if _, err := s.WriteBlock(raw, h); err != nil {
			b.Fatal(err)
		}
		h++
	}
}

func BenchmarkReadRawBlock(b *testing.B) {
	raw := benchBlock(b)
	s := openStore(b, Options{})
	var positions []FilePos
	for i := range 32 {
		pos, err := s.WriteBlock(raw, int32(i))
		if err != nil {
			b.Fatal(err)
		}
		positions = append(positions, pos)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.ReadRawBlock(positions[i%len(positions)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkReadBlock(b *testing.B) {
	raw := benchBlock(b)
	s := openStore(b, Options{})
	pos, err := s.WriteBlock(raw, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ReadBlock(pos, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchUndo() *BlockUndo {
	u := &BlockUndo{Txs: make([]TxUndo, 2000)}
	for i := range u.Txs {
		u.Txs[i].Coins = []primitives.Coin{
			{Out: primitives.TxOut{Value: int64(i) * 1000, ScriptPubKey: p2pkh(byte(i))}, Height: uint32(400000 + i)},
			{Out: primitives.TxOut{Value: 123456789, ScriptPubKey: append([]byte{0x00, 0x14}, bytes.Repeat([]byte{byte(i)}, 20)...)}, Height: 500000},
		}
	}
	return u
}

func BenchmarkWriteUndo(b *testing.B) {
	u := benchUndo()
	s := openStore(b, Options{})
	pos, err := s.WriteBlock(makeBlock([32]byte{}, 1, 0).Bytes(), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(u.SerializeSize()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.WriteUndo(pos, 1, [32]byte{}, u); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadUndo(b *testing.B) {
	u := benchUndo()
	s := openStore(b, Options{})
	pos, err := s.WriteBlock(makeBlock([32]byte{}, 1, 0).Bytes(), 1)
	if err != nil {
		b.Fatal(err)
	}
	upos, err := s.WriteUndo(pos, 1, [32]byte{}, u)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(u.SerializeSize()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ReadUndo(upos, [32]byte{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDiskBlockIndex(b *testing.B) {
	hdr, _ := primitives.DecodeHeader(bytes.Repeat([]byte{7}, 80))
	r := DiskBlockIndex{Height: 850_000, Status: BlockValidScripts | BlockHaveData | BlockHaveUndo, TxCount: 3000, File: 4000, DataPos: 100_000_000, UndoPos: 12_000_000, Header: hdr}
	v := r.AppendTo(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeDiskBlockIndex(v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkXOR(b *testing.B) {
	buf := make([]byte, 1<<20)
	key := [8]byte{1, 2, 3, 4, 5, 6, 7, 8}
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		xorAt(buf, &key, 3)
	}
}
