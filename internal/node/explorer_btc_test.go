package node

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestNewestDescs checks the selection of the newest mempool entries
// against a full sort, with ties on time broken by txid.
func TestNewestDescs(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	base := time.Unix(1_700_000_000, 0)
	for _, size := range []int{0, 1, 2, 7, 25, 300} {
		descs := make([]mempool.TxDesc, size)
		for i := range descs {
			descs[i].Time = base.Add(time.Duration(rng.IntN(20)) * time.Second) // many ties
			descs[i].TxID[0], descs[i].TxID[1] = byte(rng.IntN(256)), byte(i)
		}
		want := slices.Clone(descs)
		slices.SortFunc(want, func(a, b mempool.TxDesc) int {
			if c := b.Time.Compare(a.Time); c != 0 {
				return c
			}
			return bytes.Compare(b.TxID[:], a.TxID[:])
		})
		for _, n := range []int{-1, 0, 1, 10, 25, size, size + 5} {
			got := newestDescs(descs, n)
			if wn := min(max(n, 0), size); len(got) != wn {
				t.Fatalf("size %d, n %d: %d entries, want %d", size, n, len(got), wn)
			}
			for k, i := range got {
				if descs[i].TxID != want[k].TxID {
					t.Fatalf("size %d, n %d: entry %d is %x, want %x", size, n, k, descs[i].TxID[:2], want[k].TxID[:2])
				}
			}
		}
	}
}

// TestMempoolTouchesIndex checks the explorer's mempool script index
// against a scan of the whole mempool: after each transaction enters, for
// every script it pays, and after the block that confirms them, when
// every script's mempool part must be empty again.
func TestMempoolTouchesIndex(t *testing.T) {
	gc := genChain(t)
	cfg := loadConfig(t, t.TempDir(), "-disablewallet", "-eth=0")
	cfg.Explorer, cfg.ExplorerDefault, cfg.AddressIndex = "127.0.0.1:0", false, true
	n, _ := startNode(t, cfg)
	last := len(gc.Blocks) - 1
	submit(t, n, gc.Blocks[:last])
	src := n.explorer.btc
	entered := 0
	var scripts [][]byte
	for _, tx := range gc.Blocks[last].Txs[1:] {
		if _, _, err := n.btc.pool.ProcessTransaction(tx); err != nil {
			continue
		}
		entered++
		for _, o := range tx.Outputs {
			scripts = append(scripts, o.ScriptPubKey)
			for range 2 { // the second call finds the index up to date
				got := src.mempoolTouches(o.ScriptPubKey)
				want := scanMempool(src, o.ScriptPubKey)
				if len(got) != len(want) {
					t.Fatalf("after %d transactions: %d mempool touches, a fresh scan finds %d", entered, len(got), len(want))
				}
				for i := range got {
					if got[i].desc.TxID != want[i].desc.TxID || got[i].funded != want[i].funded || got[i].spent != want[i].spent ||
						got[i].nFunded != want[i].nFunded || got[i].nSpent != want[i].nSpent {
						t.Fatalf("after %d transactions: touch %d differs from a fresh scan", entered, i)
					}
				}
			}
		}
	}
	if entered < 2 {
		t.Fatalf("only %d transactions entered the mempool", entered)
	}
	t.Logf("%d transactions entered the mempool", entered)
	// The block confirms them: they leave the index.
	submit(t, n, gc.Blocks[last:])
	for _, sc := range scripts {
		if got := src.mempoolTouches(sc); len(got) != 0 || len(scanMempool(src, sc)) != 0 {
			t.Fatalf("after the block: %d mempool touches left", len(got))
		}
	}
	if len(src.memIdx.txs) != 0 || len(src.memIdx.by) != 0 {
		t.Fatalf("the index keeps %d transactions and %d scripts", len(src.memIdx.txs), len(src.memIdx.by))
	}
}

// scanMempool is the reference for the index: a scan of the whole mempool
// for transactions paying or spending script, newest first.
func scanMempool(s *btcExplorerSource, script []byte) []mempoolTouch {
	var out []mempoolTouch
	for _, d := range s.pool.TxDescs() {
		t := mempoolTouch{desc: d}
		for _, o := range d.Tx.Outputs {
			if bytes.Equal(o.ScriptPubKey, script) {
				t.funded += o.Value
				t.nFunded++
			}
		}
		for _, in := range d.Tx.Inputs {
			var prev primitives.TxOut
			if c, ok, err := s.chain.LookupCoin(in.PrevOut); err == nil && ok {
				prev = c.Out
			} else if p, ok := s.pool.Get(in.PrevOut.Hash); ok && int(in.PrevOut.Index) < len(p.Tx.Outputs) {
				prev = p.Tx.Outputs[in.PrevOut.Index]
			} else {
				continue
			}
			if bytes.Equal(prev.ScriptPubKey, script) {
				t.spent += prev.Value
				t.nSpent++
			}
		}
		if t.nFunded+t.nSpent > 0 {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b mempoolTouch) int {
		if c := b.desc.Time.Compare(a.desc.Time); c != 0 {
			return c
		}
		return bytes.Compare(b.desc.TxID[:], a.desc.TxID[:])
	})
	return out
}
