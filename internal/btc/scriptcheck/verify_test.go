package scriptcheck

import (
	"compress/bzip2"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/testdata"
)

func readBz2(tb testing.TB, elems ...string) []byte {
	tb.Helper()
	f, err := os.Open(testdata.Path(tb, elems...))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(bzip2.NewReader(f))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// load277647 returns mainnet block 277647 and, for each transaction, the
// outputs its inputs spend, read from btcd's 277647.utxostore.
func load277647(tb testing.TB) (*primitives.Block, [][]primitives.TxOut) {
	tb.Helper()
	rec := readBz2(tb, "btcd", "blockchain", "277647.dat.bz2")
	if len(rec) < 8 {
		tb.Fatal("short block file")
	}
	blk, err := primitives.DecodeBlock(rec[8 : 8+binary.LittleEndian.Uint32(rec[4:8])])
	if err != nil {
		tb.Fatal(err)
	}
	store := readBz2(tb, "btcd", "blockchain", "277647.utxostore.bz2")
	coins := make(map[primitives.OutPoint]primitives.Coin)
	for len(store) > 0 {
		if len(store) < 40 {
			tb.Fatal("truncated utxostore record")
		}
		var op primitives.OutPoint
		copy(op.Hash[:], store[:32])
		op.Index = binary.LittleEndian.Uint32(store[32:36])
		n := binary.LittleEndian.Uint32(store[36:40])
		if int(n) > len(store)-40 {
			tb.Fatal("utxostore entry overruns")
		}
		c, used, err := primitives.DecodeCoin(store[40 : 40+n])
		if err != nil || used != int(n) {
			tb.Fatalf("coin %s: %v (%d of %d bytes)", op, err, used, n)
		}
		coins[op] = c
		store = store[40+n:]
	}
	spent := make([][]primitives.TxOut, len(blk.Txs))
	for i := 1; i < len(blk.Txs); i++ {
		for _, in := range blk.Txs[i].Inputs {
			c, ok := coins[in.PrevOut]
			if !ok {
				// Spends of outputs created earlier in the same block.
				for k := 0; k < i; k++ {
					if blk.TxHashes()[k] == in.PrevOut.Hash && int(in.PrevOut.Index) < len(blk.Txs[k].Outputs) {
						c, ok = primitives.Coin{Out: blk.Txs[k].Outputs[in.PrevOut.Index]}, true
					}
				}
			}
			if !ok {
				tb.Fatalf("tx %d spends unknown %s", i, in.PrevOut)
			}
			spent[i] = append(spent[i], c.Out)
		}
	}
	return blk, spent
}

// Block 277647 (2013) is validated with the flags Core applies at that
// height: only BIP16 (P2SH).
const flags277647 = txscript.FlagP2SH

func TestBlock277647(t *testing.T) {
	blk, spent := load277647(t)
	inputs := 0
	for _, s := range spent {
		inputs += len(s)
	}
	if inputs == 0 {
		t.Fatal("no inputs")
	}
	for _, workers := range []int{1, 0} {
		if err := VerifyBlock(blk, spent, flags277647, Config{Workers: workers}); err != nil {
			t.Fatalf("workers=%d: %v", workers, err)
		}
	}
	cache := sigcache.New(100000)
	for range 2 { // the second pass is served from the cache
		if err := VerifyBlock(blk, spent, flags277647, Config{SigCache: cache}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("verified %d inputs of %d transactions", inputs, len(blk.Txs)-1)

	// A changed amount is invisible to legacy sighashes, but a changed
	// script is not: the failing input is reported.
	bad := make([][]primitives.TxOut, len(spent))
	copy(bad, spent)
	bad[5] = append([]primitives.TxOut(nil), spent[5]...)
	bad[5][0].ScriptPubKey = []byte{0x51, 0x91} // OP_1 OP_NOT -> false
	err := VerifyBlock(blk, bad, flags277647, Config{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.TxIndex != 5 || ie.InputIndex != 0 {
		t.Fatalf("want failure at tx 5 input 0, got %v", err)
	}
	if err := VerifyBlock(blk, spent[:3], flags277647, Config{}); !errors.Is(err, ErrSpentMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
}

func benchVerify(b *testing.B, workers int) {
	blk, spent := load277647(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := VerifyBlock(blk, spent, flags277647, Config{Workers: workers}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyBlock277647Serial verifies every input of block 277647 on
// one goroutine, without a signature cache.
func BenchmarkVerifyBlock277647Serial(b *testing.B) { benchVerify(b, 1) }

// BenchmarkVerifyBlock277647Parallel verifies every input across all cores.
func BenchmarkVerifyBlock277647Parallel(b *testing.B) { benchVerify(b, 0) }
