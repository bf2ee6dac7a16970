package primitives

import (
	"bytes"
	"compress/bzip2"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

func readFile(t testing.TB, elems ...string) []byte {
	t.Helper()
	p := testdata.Path(t, elems...)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(p, ".bz2") {
		r = bzip2.NewReader(f)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// blkRecords splits Core's blk-file format: magic, LE size, block.
func blkRecords(t testing.TB, b []byte, magic [4]byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(b) > 0 {
		if len(b) < 8 || [4]byte(b[:4]) != magic {
			t.Fatalf("bad blk record header at %d remaining bytes", len(b))
		}
		n := binary.LittleEndian.Uint32(b[4:8])
		if int(n) > len(b)-8 {
			t.Fatalf("blk record of %d bytes overruns the file", n)
		}
		out = append(out, b[8:8+n])
		b = b[8+n:]
	}
	return out
}

var mainMagic = [4]byte{0xf9, 0xbe, 0xb4, 0xd9}

// checkBlock decodes raw, re-encodes it byte for byte, and checks the merkle
// root (and the witness commitment when the block has witnesses).
func checkBlock(t *testing.T, raw []byte) *Block {
	t.Helper()
	blk, err := DecodeBlock(raw)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got := blk.Bytes(); !bytes.Equal(got, raw) {
		t.Fatalf("re-encoding differs (%d vs %d bytes)", len(got), len(raw))
	}
	if blk.SerializeSize() != len(raw) {
		t.Fatalf("SerializeSize %d, want %d", blk.SerializeSize(), len(raw))
	}
	root, mutated := blk.MerkleRoot()
	if mutated || root != blk.Header.MerkleRoot {
		t.Fatalf("merkle root %s (mutated %v), header says %s", root, mutated, blk.Header.MerkleRoot)
	}
	// Hashes computed from spans equal hashes from re-encoding.
	for i, tx := range blk.Txs {
		if tx.TxHash() != blk.TxHashes()[i] || tx.WitnessHash() != blk.WitnessHashes()[i] {
			t.Fatalf("tx %d: span hashes differ from encoded hashes", i)
		}
	}
	if len(blk.Txs) > 0 && len(blk.Txs[0].Inputs) == 1 && blk.Txs[0].HasWitness() {
		idx := WitnessCommitmentIndex(blk.Txs[0])
		if idx < 0 {
			t.Fatal("segwit block without witness commitment")
		}
		wroot, _ := blk.WitnessMerkleRoot()
		c := WitnessCommitment(wroot, blk.Txs[0].Inputs[0].Witness[0])
		if !bytes.Equal(blk.Txs[0].Outputs[idx].ScriptPubKey[6:38], c[:]) {
			t.Fatal("witness commitment mismatch")
		}
	}
	return blk
}

func TestBlock413567(t *testing.T) {
	raw := readFile(t, "bitcoin-core", "block413567.raw")
	blk := checkBlock(t, raw)
	if got := blk.BlockHash().String(); got != "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069" {
		t.Fatalf("hash %s", got)
	}
	if len(blk.Txs) != 1557 {
		t.Fatalf("%d txs", len(blk.Txs))
	}
	if w := blk.Weight(); w != 4*len(raw) {
		t.Fatalf("pre-segwit weight %d, want %d", w, 4*len(raw))
	}
}

func TestBtcdWireBlocks(t *testing.T) {
	dir := filepath.Join(testdata.Dir(t), "btcd", "wire")
	files, err := filepath.Glob(filepath.Join(dir, "block-*.blk"))
	if err != nil || len(files) != 2 {
		t.Fatalf("want 2 btcd wire blocks, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		want := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "block-"), ".blk")
		t.Run(want[:16], func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			blk := checkBlock(t, raw)
			if got := blk.BlockHash().String(); got != want {
				t.Fatalf("hash %s want %s", got, want)
			}
			if blk.Weight() > 4000000 || blk.Weight() <= blk.StrippedSize()*4-1 && blk.Txs[0].HasWitness() {
				t.Fatalf("implausible weight %d", blk.Weight())
			}
		})
	}
}

// checkChain decodes a run of consecutive blocks and checks their linkage.
func checkChain(t *testing.T, recs [][]byte, prev chainhash.Hash) chainhash.Hash {
	for i, raw := range recs {
		blk := checkBlock(t, raw)
		if i > 0 || !prev.IsZero() {
			if blk.Header.PrevBlock != prev {
				t.Fatalf("record %d: prev %s, want %s", i, blk.Header.PrevBlock, prev)
			}
		}
		prev = blk.BlockHash()
	}
	return prev
}

func TestBtcdBlocks1To255(t *testing.T) {
	recs := blkRecords(t, readFile(t, "btcd", "database", "blocks1-256.bz2"), mainMagic)
	if len(recs) != 255 {
		t.Fatalf("%d records", len(recs))
	}
	genesis, _ := chainhash.NewHashFromStr("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")
	checkChain(t, recs, genesis)
}

func TestBitcoinjBlocks0To438(t *testing.T) {
	recs := blkRecords(t, readFile(t, "bitcoinj", "first-100k-blocks.dat"), mainMagic)
	if len(recs) != 439 {
		t.Fatalf("%d records", len(recs))
	}
	tip := checkChain(t, recs, chainhash.Hash{})
	if tip.String() != "0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a" {
		t.Fatalf("tip %s", tip)
	}
	g, _ := DecodeBlock(recs[0])
	if g.BlockHash().String() != "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f" {
		t.Fatal("genesis hash")
	}
}

func TestMegaTx(t *testing.T) {
	raw := readFile(t, "btcd", "wire", "megatx.bin.bz2")
	if len(raw) != 999657 {
		t.Fatalf("%d bytes", len(raw))
	}
	tx, err := DecodeTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(tx.Inputs) != 0x15c1 {
		t.Fatalf("%d inputs", len(tx.Inputs))
	}
	if !bytes.Equal(tx.Bytes(), raw) {
		t.Fatal("re-encoding differs")
	}
	if tx.TxHash() != chainhash.DoubleSHA256(raw) {
		t.Fatal("txid")
	}
}

func TestBlock277647(t *testing.T) {
	recs := blkRecords(t, readFile(t, "btcd", "blockchain", "277647.dat.bz2"), mainMagic)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	blk := checkBlock(t, recs[0])
	if !strings.HasPrefix(blk.BlockHash().String(), "0000000000000000054a") {
		t.Fatalf("hash %s", blk.BlockHash())
	}
}

func TestPyKernelRegtestBlocks(t *testing.T) {
	b := readFile(t, "py-bitcoinkernel", "blocks.txt")
	lines := strings.Fields(string(b))
	if len(lines) != 206 {
		t.Fatalf("%d blocks", len(lines))
	}
	var prev chainhash.Hash
	for i, l := range lines {
		raw := mustHex(t, l)
		blk := checkBlock(t, raw)
		if i > 0 && blk.Header.PrevBlock != prev {
			t.Fatalf("block %d not linked", i+1)
		}
		prev = blk.BlockHash()
	}
	if prev.String() != "3de082158b117acd088306c395d09771bb7cbf0b7355796c1b1e0bd748ef9bed" {
		t.Fatalf("tip %s", prev)
	}
}
