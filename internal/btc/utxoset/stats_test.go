package utxoset

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// expectedStats computes the statistics of a set held in a map with code
// that shares nothing with ComputeStats but MuHash3072 (checked against
// Core's vectors on its own): outputs sorted by (txid bytes, index), each
// serialized by hand as Core's TxOutSer.
func expectedStats(set map[primitives.OutPoint]primitives.Coin) Stats {
	ops := make([]primitives.OutPoint, 0, len(set))
	for op := range set {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool {
		if c := bytes.Compare(ops[i].Hash[:], ops[j].Hash[:]); c != 0 {
			return c < 0
		}
		return ops[i].Index < ops[j].Index
	})
	var st Stats
	h := sha256.New()
	mu := NewMuHash3072()
	var prev chainhash.Hash
	for i, op := range ops {
		c := set[op]
		if i == 0 || op.Hash != prev {
			st.Transactions++
		}
		prev = op.Hash
		st.TxOuts++
		st.BogoSize += uint64(32 + 4 + 4 + 8 + 2 + len(c.Out.ScriptPubKey))
		st.TotalAmount += c.Out.Value
		var ser []byte
		ser = append(ser, op.Hash[:]...)
		ser = binary.LittleEndian.AppendUint32(ser, op.Index)
		code := c.Height * 2
		if c.IsCoinBase {
			code++
		}
		ser = binary.LittleEndian.AppendUint32(ser, code)
		ser = binary.LittleEndian.AppendUint64(ser, uint64(c.Out.Value))
		if len(c.Out.ScriptPubKey) < 253 {
			ser = append(ser, byte(len(c.Out.ScriptPubKey)))
		} else {
			ser = append(ser, 0xfd, byte(len(c.Out.ScriptPubKey)), byte(len(c.Out.ScriptPubKey)>>8))
		}
		ser = append(ser, c.Out.ScriptPubKey...)
		h.Write(ser)
		mu.Insert(ser)
	}
	first := h.Sum(nil)
	st.HashSerialized = sha256.Sum256(first)
	st.MuHash = mu.Finalize()
	return st
}

func compareStats(t *testing.T, got *Stats, want Stats) {
	t.Helper()
	if got.Transactions != want.Transactions || got.TxOuts != want.TxOuts || got.BogoSize != want.BogoSize ||
		got.TotalAmount != want.TotalAmount || got.TotalAmountOverflow {
		t.Fatalf("counts: got %+v\nwant %+v", *got, want)
	}
	if got.HashSerialized != want.HashSerialized {
		t.Fatalf("hash_serialized_3 %s, want %s", got.HashSerialized, want.HashSerialized)
	}
	if got.MuHash != want.MuHash {
		t.Fatalf("muhash %s, want %s", got.MuHash, want.MuHash)
	}
}

func TestStatsEmptySet(t *testing.T) {
	db, _ := newTestDB(t, DBOptions{})
	st, err := ComputeStats(db, HashSerialized|HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	// SHA-256d of nothing, and SHA-256 of the number one in 384 bytes.
	if got := st.HashSerialized.String(); got != "56944c5d3f98413ef45cf54545538103cc9f298e0575820ad3591376e2e0f65d" {
		t.Fatalf("empty hash_serialized_3 %s", got)
	}
	one := make([]byte, 384)
	one[0] = 1
	if st.MuHash != sha256.Sum256(one) {
		t.Fatalf("empty muhash %s", st.MuHash)
	}
	if st.TxOuts != 0 || st.Transactions != 0 || st.BogoSize != 0 || st.TotalAmount != 0 {
		t.Fatalf("counts %+v", st)
	}
}

// TestStatsOutputOrder checks a transaction whose output indexes have VARINT
// keys of different lengths: the database order (200, 20000, 300) is not the
// numeric order Core hashes them in.
func TestStatsOutputOrder(t *testing.T) {
	db, _ := newTestDB(t, DBOptions{})
	cache := NewCache(db, 0)
	set := map[primitives.OutPoint]primitives.Coin{}
	for _, idx := range []uint32{200, 20000, 300, 5, 70000} {
		op := primitives.OutPoint{Hash: hashOf(8), Index: idx}
		c := primitives.Coin{Out: primitives.TxOut{Value: int64(idx), ScriptPubKey: []byte{0x51, byte(idx)}}, Height: idx}
		if err := cache.AddCoin(op, &c, false); err != nil {
			t.Fatal(err)
		}
		set[op] = c
	}
	cache.SetBestBlock(hashOf(1))
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	var order []uint32
	_ = db.ForEachCoin(func(op primitives.OutPoint, _ primitives.Coin) error {
		order = append(order, op.Index)
		return nil
	})
	if sort.SliceIsSorted(order, func(i, j int) bool { return order[i] < order[j] }) {
		t.Fatalf("database order %v is numeric: the case does not test anything", order)
	}
	st, err := ComputeStats(db, HashSerialized|HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	compareStats(t, st, expectedStats(set))
}

// statsBlocks is rpc_getblockstats.json: 104 regtest blocks from genesis
// and Core's getblockstats results for heights 101-103.
type statsBlocks struct {
	Blocks []string `json:"blocks"`
	Stats  []struct {
		Height             uint32 `json:"height"`
		UTXOIncreaseActual int64  `json:"utxo_increase_actual"`
	} `json:"stats"`
}

// TestStatsRegtestChain connects Core's 103 regtest blocks of
// rpc_getblockstats.json (segwit spends included) and checks the statistics
// after every block against the independent computation, and the change in
// txouts against Core's own "utxo_increase_actual" for blocks 101-103.
func TestStatsRegtestChain(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_getblockstats.json"))
	if err != nil {
		t.Fatal(err)
	}
	var data statsBlocks
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	db, _ := newTestDB(t, DBOptions{})
	cache := NewCache(db, 0)
	model := map[primitives.OutPoint]primitives.Coin{}
	increase := map[uint32]int64{}
	for _, s := range data.Stats {
		increase[s.Height] = s.UTXOIncreaseActual
	}
	var prevOuts uint64
	checked := 0
	for height := 1; height < len(data.Blocks); height++ {
		bb, _ := hex.DecodeString(data.Blocks[height])
		block, err := primitives.DecodeBlock(bb)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ApplyBlock(cache, block, uint32(height)); err != nil {
			t.Fatalf("block %d: %v", height, err)
		}
		for i, tx := range block.Txs {
			if i > 0 {
				for _, in := range tx.Inputs {
					delete(model, in.PrevOut)
				}
			}
			txid := tx.TxHash()
			for o, out := range tx.Outputs {
				if !isUnspendable(out.ScriptPubKey) {
					model[primitives.OutPoint{Hash: txid, Index: uint32(o)}] = primitives.Coin{Out: out, Height: uint32(height), IsCoinBase: i == 0}
				}
			}
		}
		if err := cache.Sync(); err != nil {
			t.Fatal(err)
		}
		st, err := ComputeStats(db, HashSerialized|HashMuHash)
		if err != nil {
			t.Fatal(err)
		}
		if st.BestBlock != block.BlockHash() {
			t.Fatalf("best block %s", st.BestBlock)
		}
		compareStats(t, st, expectedStats(model))
		if inc, ok := increase[uint32(height)]; ok {
			if int64(st.TxOuts)-int64(prevOuts) != inc {
				t.Fatalf("height %d: txouts grew by %d, Core's utxo_increase_actual is %d", height, int64(st.TxOuts)-int64(prevOuts), inc)
			}
			checked++
		}
		prevOuts = st.TxOuts
		if height == len(data.Blocks)-1 {
			t.Logf("height %d: txouts %d, transactions %d, bogosize %d, total %d, hash_serialized_3 %s, muhash %s",
				height, st.TxOuts, st.Transactions, st.BogoSize, st.TotalAmount, st.HashSerialized, st.MuHash)
		}
	}
	if checked != 3 {
		t.Fatalf("checked %d utxo_increase_actual values, want 3", checked)
	}
}
