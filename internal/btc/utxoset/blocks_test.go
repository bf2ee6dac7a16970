package utxoset

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

// readBlk splits a blk-format file (magic, little-endian size, block).
func readBlk(t testing.TB, path string) []*primitives.Block {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*primitives.Block
	for len(raw) >= 8 {
		n := binary.LittleEndian.Uint32(raw[4:8])
		b, err := primitives.DecodeBlock(raw[8 : 8+n])
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
		raw = raw[8+n:]
	}
	return blocks
}

// readHexLines reads one hex block per line.
func readHexLines(t testing.TB, path string) []*primitives.Block {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4<<20), 4<<20)
	var blocks []*primitives.Block
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		raw, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		b, err := primitives.DecodeBlock(raw)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// connectDisconnect connects blocks (the first at height first) to a fresh
// chainstate, flushing every flushEvery blocks, checks the statistics against
// the independent computation, then disconnects every block with its
// serialized undo data: each disconnect must be clean and the database must
// end empty at the parent of the first block.
func connectDisconnect(t *testing.T, blocks []*primitives.Block, first uint32, flushEvery int) {
	db, _ := newTestDB(t, DBOptions{BatchWriteBytes: 64 << 10})
	cache := NewCache(db, 0)
	model := map[primitives.OutPoint]primitives.Coin{}
	undos := make([][]byte, len(blocks))
	inputs := 0
	for i, b := range blocks {
		height := first + uint32(i)
		u, err := ApplyBlock(cache, b, height)
		if err != nil {
			t.Fatalf("block %d: %v", height, err)
		}
		undos[i] = u.AppendTo(nil)
		for j, tx := range b.Txs {
			if j > 0 {
				for _, in := range tx.Inputs {
					delete(model, in.PrevOut)
					inputs++
				}
			}
			txid := tx.TxHash()
			for o, out := range tx.Outputs {
				if !isUnspendable(out.ScriptPubKey) {
					model[primitives.OutPoint{Hash: txid, Index: uint32(o)}] = primitives.Coin{Out: out, Height: height, IsCoinBase: j == 0}
				}
			}
		}
		if flushEvery > 0 && (i+1)%flushEvery == 0 {
			if err := cache.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := ComputeStats(db, HashSerialized|HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	compareStats(t, st, expectedStats(model))
	if st.BestBlock != blocks[len(blocks)-1].BlockHash() {
		t.Fatal("best block")
	}
	t.Logf("%d blocks, %d inputs spent: txouts %d, total %d sat, hash_serialized_3 %s, muhash %s",
		len(blocks), inputs, st.TxOuts, st.TotalAmount, st.HashSerialized, st.MuHash)

	for i := len(blocks) - 1; i >= 0; i-- {
		u, err := DecodeBlockUndo(undos[i])
		if err != nil {
			t.Fatal(err)
		}
		res, err := DisconnectBlock(cache, blocks[i], u, first+uint32(i))
		if res != DisconnectOK {
			t.Fatalf("disconnect %d: %v %v", first+uint32(i), res, err)
		}
		if flushEvery > 0 && i%flushEvery == 0 {
			if err := cache.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	if n := len(dbCoins(t, db)); n != 0 {
		t.Fatalf("%d coins left after disconnecting everything", n)
	}
	if best, _ := db.BestBlock(); best != blocks[0].Header.PrevBlock {
		t.Fatalf("best block %s after disconnecting everything", best)
	}
}

// TestMainnetBlocks connects mainnet blocks 1-438 (bitcoinj's blk file),
// then disconnects them all.
func TestMainnetBlocks(t *testing.T) {
	blocks := readBlk(t, testdata.Path(t, "bitcoinj", "first-100k-blocks.dat"))
	if len(blocks) != 439 {
		t.Fatalf("%d blocks", len(blocks))
	}
	connectDisconnect(t, blocks[1:], 1, 50)
}

// TestRegtestKernelBlocks does the same with py-bitcoinkernel's 206 regtest
// blocks (P2WPKH and P2TR spends).
func TestRegtestKernelBlocks(t *testing.T) {
	blocks := readHexLines(t, testdata.Path(t, "py-bitcoinkernel", "blocks.txt"))
	if len(blocks) != 206 {
		t.Fatalf("%d blocks", len(blocks))
	}
	connectDisconnect(t, blocks, 1, 0)
}
