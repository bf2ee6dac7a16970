package blockstore_test

// This file is our independent check that the files are Core's format: it
// writes through the Store, then reads blocks/index with raw goleveldb and
// the flat files with os.ReadFile, and decodes every record from the byte
// layout in schema.go with its own decoding code, using nothing of package
// blockstore but the write API.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// coreVarInt decodes a Core VARINT (independently of the package).
func coreVarInt(t *testing.T, b []byte) (uint64, []byte) {
	t.Helper()
	var n uint64
	for i := 0; i < len(b); i++ {
		n = n<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return n, b[i+1:]
		}
		n++
	}
	t.Fatalf("truncated VARINT in %x", b)
	return 0, nil
}

func sha256d(parts ...[]byte) [32]byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	first := h.Sum(nil)
	return sha256.Sum256(first)
}

// testBlock builds a small block: a coinbase and, when spend is set, a
// transaction spending it.
func testBlock(prev [32]byte, height int, spend *primitives.Tx) *primitives.Block {
	cb := &primitives.Tx{Version: 1,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{0x02, byte(height), 0}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 50_0000_0000, ScriptPubKey: append(append([]byte{0x76, 0xa9, 0x14}, bytes.Repeat([]byte{byte(height)}, 20)...), 0x88, 0xac)}}}
	blk := &primitives.Block{Header: primitives.Header{Version: 0x20000000, PrevBlock: prev, Timestamp: 1_700_000_000 + uint32(height), Bits: 0x207fffff, Nonce: uint32(height)}, Txs: []*primitives.Tx{cb}}
	if spend != nil {
		blk.Txs = append(blk.Txs, spend)
	}
	blk.Header.MerkleRoot, _ = blk.MerkleRoot()
	return blk
}

func TestCoreFormatIndependentRead(t *testing.T) {
	magic := [4]byte{0xf9, 0xbe, 0xb4, 0xd9}
	dir := filepath.Join(t.TempDir(), "blocks")
	s, err := blockstore.Open(blockstore.Options{Dir: dir, Magic: magic})
	if err != nil {
		t.Fatal(err)
	}
	// Three blocks; blocks 1 and 2 spend the previous coinbase.
	var blocks []*primitives.Block
	var prev [32]byte
	for h := range 3 {
		var spend *primitives.Tx
		if h > 0 {
			prevCB := blocks[h-1].Txs[0]
			spend = &primitives.Tx{Version: 2,
				Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: prevCB.TxHash()}, ScriptSig: []byte{0x51}, Sequence: 0xfffffffe}},
				Outputs: []primitives.TxOut{{Value: 49_0000_0000, ScriptPubKey: []byte{0x51}}}}
		}
		b := testBlock(prev, h, spend)
		blocks = append(blocks, b)
		prev = b.BlockHash()
	}
	var recs []*blockstore.DiskBlockIndex
	var undos [][]byte
	var txEntries []blockstore.TxIndexEntry
	for h, b := range blocks {
		pos, err := s.WriteBlock(b.Bytes(), int32(h))
		if err != nil {
			t.Fatal(err)
		}
		r := &blockstore.DiskBlockIndex{Height: int32(h), TxCount: uint32(len(b.Txs)), File: pos.File, DataPos: pos.Pos, Header: b.Header,
			Status: blockstore.BlockValidScripts | blockstore.BlockHaveData | blockstore.BlockOptWitness}
		if h > 0 {
			u := &blockstore.BlockUndo{Txs: []blockstore.TxUndo{{Coins: []primitives.Coin{{Out: blocks[h-1].Txs[0].Outputs[0], Height: uint32(h - 1), IsCoinBase: true}}}}}
			upos, err := s.WriteUndo(pos, int32(h), b.Header.PrevBlock, u)
			if err != nil {
				t.Fatal(err)
			}
			r.Status |= blockstore.BlockHaveUndo
			r.UndoPos = upos.Pos
			undos = append(undos, u.AppendTo(nil))
		}
		recs = append(recs, r)
		txEntries = append(txEntries, blockstore.TxIndexEntries(b, pos)...)
	}
	if err := s.WriteIndex(recs); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFlag(blockstore.FlagTxIndex, true); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteTxIndex(txEntries, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReindexing(true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// --- blk00000.dat, parsed by hand ---
	blk, err := os.ReadFile(filepath.Join(dir, "blk00000.dat"))
	if err != nil {
		t.Fatal(err)
	}
	dataPos := map[[32]byte]uint32{}
	off := 0
	for h, b := range blocks {
		if !bytes.Equal(blk[off:off+4], magic[:]) {
			t.Fatalf("record %d: magic %x", h, blk[off:off+4])
		}
		size := int(binary.LittleEndian.Uint32(blk[off+4:]))
		raw := b.Bytes()
		if size != len(raw) || !bytes.Equal(blk[off+8:off+8+size], raw) {
			t.Fatalf("record %d: size %d / bytes differ", h, size)
		}
		dataPos[sha256d(raw[:80])] = uint32(off + 8)
		off += 8 + size
	}
	blkUsed := off

	// --- rev00000.dat, parsed by hand ---
	rev, err := os.ReadFile(filepath.Join(dir, "rev00000.dat"))
	if err != nil {
		t.Fatal(err)
	}
	undoPos := map[[32]byte]uint32{}
	off = 0
	for i, u := range undos {
		b := blocks[i+1]
		if !bytes.Equal(rev[off:off+4], magic[:]) {
			t.Fatalf("undo %d: magic %x", i, rev[off:off+4])
		}
		size := int(binary.LittleEndian.Uint32(rev[off+4:]))
		data := rev[off+8 : off+8+size]
		if !bytes.Equal(data, u) {
			t.Fatalf("undo %d bytes differ", i)
		}
		// One tx, one coin: code = height*2+1 (coinbase), dummy 0,
		// compressed 50 BTC = 0x32, P2PKH as 0x00 + hash160.
		wantData := append([]byte{1, 1, byte(2*i + 1)}, []byte{}...)
		if i > 0 {
			wantData = append(wantData, 0) // dummy version, height > 0 only
		}
		wantData = append(wantData, 0x32, 0x00)
		wantData = append(wantData, bytes.Repeat([]byte{byte(i)}, 20)...)
		if !bytes.Equal(data, wantData) {
			t.Fatalf("undo %d: %x, want %x", i, data, wantData)
		}
		prevHash := b.Header.PrevBlock
		if sum := sha256d(prevHash[:], data); !bytes.Equal(rev[off+8+size:off+8+size+32], sum[:]) {
			t.Fatalf("undo %d: checksum mismatch", i)
		}
		undoPos[b.BlockHash()] = uint32(off + 8)
		off += 8 + size + 32
	}
	revUsed := off

	// --- blocks/index with raw goleveldb ---
	db, err := leveldb.OpenFile(filepath.Join(dir, "index"), &opt.Options{ReadOnly: true, ErrorIfMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	it := db.NewIterator(nil, nil)
	defer it.Release()
	counts := map[byte]int{}
	for it.Next() {
		key, val := it.Key(), it.Value()
		counts[key[0]]++
		switch key[0] {
		case 'b':
			if len(key) != 33 {
				t.Fatalf("b key %x", key)
			}
			version, v := coreVarInt(t, val)
			height, v := coreVarInt(t, v)
			status, v := coreVarInt(t, v)
			ntx, v := coreVarInt(t, v)
			var file, dpos, upos uint64
			if status&(8|16) != 0 {
				file, v = coreVarInt(t, v)
			}
			if status&8 != 0 {
				dpos, v = coreVarInt(t, v)
			}
			if status&16 != 0 {
				upos, v = coreVarInt(t, v)
			}
			if len(v) != 80 {
				t.Fatalf("header of %d bytes", len(v))
			}
			hash := sha256d(v)
			if !bytes.Equal(hash[:], key[1:]) {
				t.Fatalf("key %x is not the header's hash", key[1:])
			}
			b := blocks[height]
			if version != 259900 || b.BlockHash() != chainhash.Hash(hash) || ntx != uint64(len(b.Txs)) || file != 0 {
				t.Fatalf("b record: version %d height %d ntx %d file %d", version, height, ntx, file)
			}
			wantStatus := uint64(5 | 8 | 128)
			if height > 0 {
				wantStatus |= 16
				if upos != uint64(undoPos[hash]) {
					t.Fatalf("undo pos %d, want %d", upos, undoPos[hash])
				}
			}
			if status != wantStatus || dpos != uint64(dataPos[hash]) {
				t.Fatalf("status %d data pos %d, want %d %d", status, dpos, wantStatus, dataPos[hash])
			}
			if !bytes.Equal(v, b.Header.Bytes()) {
				t.Fatal("stored header differs")
			}
		case 'f':
			if len(key) != 5 || binary.LittleEndian.Uint32(key[1:]) != 0 {
				t.Fatalf("f key %x", key)
			}
			var f [7]uint64
			v := val
			for i := range f {
				f[i], v = coreVarInt(t, v)
			}
			want := [7]uint64{3, uint64(blkUsed), uint64(revUsed), 0, 2, uint64(blocks[0].Header.Timestamp), uint64(blocks[2].Header.Timestamp)}
			if f != want || len(v) != 0 {
				t.Fatalf("file info %v, want %v", f, want)
			}
		case 'l':
			if len(key) != 1 || !bytes.Equal(val, []byte{0, 0, 0, 0}) {
				t.Fatalf("l record %x -> %x", key, val)
			}
		case 'F':
			if !bytes.Equal(key, append([]byte{'F', 7}, "txindex"...)) || !bytes.Equal(val, []byte("1")) {
				t.Fatalf("F record %q -> %q", key, val)
			}
		case 'R':
			if len(key) != 1 || !bytes.Equal(val, []byte("1")) {
				t.Fatalf("R record %x -> %x", key, val)
			}
		case 't':
			if len(key) != 33 {
				t.Fatalf("t key %x", key)
			}
			file, v := coreVarInt(t, val)
			bpos, v := coreVarInt(t, v)
			txoff, v := coreVarInt(t, v)
			if file != 0 || len(v) != 0 {
				t.Fatalf("t record %x", val)
			}
			// The tx's bytes start txoff after the block's header.
			found := false
			for _, b := range blocks {
				if uint64(dataPos[b.BlockHash()]) != bpos {
					continue
				}
				raw := b.Bytes()
				tx, _, err := primitives.DecodeTxPrefix(raw[80+txoff:])
				if err != nil {
					t.Fatal(err)
				}
				txid := tx.TxHash()
				found = bytes.Equal(txid[:], key[1:])
			}
			if !found {
				t.Fatalf("t record %x does not point at its tx", key)
			}
		default:
			t.Fatalf("unexpected key %x", key)
		}
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	want := map[byte]int{'b': 3, 'f': 1, 'l': 1, 'F': 1, 'R': 1, 't': 5}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d %q records, want %d", counts[k], k, n)
		}
	}
}
