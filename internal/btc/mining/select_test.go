package mining

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// fakeView is a ChainView at a fixed regtest tip.
type fakeView struct{}

func (fakeView) Tip() (chainhash.Hash, int32, int64, error) {
	return chainhash.Hash{1}, 500, 1_700_000_000, nil
}
func (fakeView) NextBits(int64) (uint32, error)       { return 0x207fffff, nil }
func (fakeView) ProcessBlock(*primitives.Block) error { return nil }

type fakeSource []mempool.MiningEntry

func (s fakeSource) MiningEntries() []mempool.MiningEntry { return s }

// synth builds a pool snapshot: spec i is (fee, vsize, sigops, parents).
type spec struct {
	fee, vsize, sigops int64
	parents            []int32
	lockTime           uint32
}

func synth(specs []spec) fakeSource {
	out := make(fakeSource, len(specs))
	for i, s := range specs {
		var seed [8]byte
		binary.LittleEndian.PutUint64(seed[:], uint64(i))
		tx := &primitives.Tx{Version: 2, LockTime: s.lockTime,
			Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: chainhash.DoubleSHA256(seed[:])}, Sequence: 0}},
			Outputs: []primitives.TxOut{{Value: int64(i)}}}
		out[i] = mempool.MiningEntry{Tx: tx, TxID: tx.TxHash(), WTxID: tx.WitnessHash(), Fee: s.fee, ModifiedFee: s.fee, VSize: s.vsize,
			Weight: 4 * s.vsize, SigOpCost: s.sigops, Parents: s.parents}
	}
	// Ancestor aggregates.
	for i := range out {
		seen := map[int32]bool{}
		stack := append([]int32(nil), out[i].Parents...)
		e := &out[i]
		e.AncestorCount, e.AncestorSize, e.AncestorFees, e.AncestorSigOps = 1, e.VSize, e.ModifiedFee, e.SigOpCost
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[p] {
				continue
			}
			seen[p] = true
			a := &out[p]
			e.AncestorCount++
			e.AncestorSize += a.VSize
			e.AncestorFees += a.ModifiedFee
			e.AncestorSigOps += a.SigOpCost
			stack = append(stack, a.Parents...)
		}
	}
	return out
}

func selected(t *testing.T, g *Generator, src fakeSource) []int {
	t.Helper()
	tmpl, err := g.NewTemplate([]byte{0x51})
	if err != nil {
		t.Fatal(err)
	}
	idx := map[chainhash.Hash]int{}
	for i := range src {
		idx[src[i].TxID] = i
	}
	var got []int
	for _, tx := range tmpl.Block.Txs[1:] {
		got = append(got, idx[tx.TxHash()])
	}
	return got
}

func newFake(src fakeSource, mod func(*Config)) *Generator {
	cfg := Config{Params: chaincfg.RegTest(), Chain: fakeView{}, Source: src, Now: func() time.Time { return time.Unix(1_700_000_000, 0) }}
	if mod != nil {
		mod(&cfg)
	}
	return New(cfg)
}

func TestSelectPackages(t *testing.T) {
	tests := []struct {
		name  string
		specs []spec
		mod   func(*Config)
		want  []int
	}{
		{
			name:  "by fee rate",
			specs: []spec{{fee: 1000, vsize: 100}, {fee: 5000, vsize: 100}, {fee: 3000, vsize: 100}},
			want:  []int{1, 2, 0},
		},
		{
			name: "CPFP lifts a low parent",
			specs: []spec{
				{fee: 100, vsize: 100},                         // 1 sat/vB parent
				{fee: 10_000, vsize: 100, parents: []int32{0}}, // child
				{fee: 3000, vsize: 100},                        // 30 sat/vB
			},
			want: []int{0, 1, 2},
		},
		{
			name: "a child re-scored after its parent is in",
			specs: []spec{
				{fee: 9000, vsize: 100},                      // 90 sat/vB
				{fee: 2000, vsize: 100, parents: []int32{0}}, // package 55, own 20
				{fee: 5000, vsize: 100},                      // 50
			},
			// 0 first; then the child's modified score is 20 < 50.
			want: []int{0, 2, 1},
		},
		{
			name:  "below -blockmintxfee stays out",
			specs: []spec{{fee: 50, vsize: 100}, {fee: 500, vsize: 100}},
			want:  []int{1},
		},
		{
			name:  "weight limit",
			specs: []spec{{fee: 100_000, vsize: 1500}, {fee: 90_000, vsize: 1500}, {fee: 1000, vsize: 100}},
			mod:   func(c *Config) { c.BlockMaxWeight = 20_000 }, // 8,000 reserved + 12,000 left
			want:  []int{0, 2},
		},
		{
			name:  "sigop limit",
			specs: []spec{{fee: 100_000, vsize: 200, sigops: 60_000}, {fee: 90_000, vsize: 200, sigops: 20_000}, {fee: 1000, vsize: 100, sigops: 4}},
			want:  []int{0, 2},
		},
		{
			name:  "non-final left out",
			specs: []spec{{fee: 100_000, vsize: 200, lockTime: 900}, {fee: 1000, vsize: 100}},
			want:  []int{1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := synth(tc.specs)
			got := selected(t, newFake(src, tc.mod), src)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestTemplateLimitsHold(t *testing.T) {
	// 3,000 independent 1,000-vbyte transactions cannot all fit.
	specs := make([]spec, 3000)
	for i := range specs {
		specs[i] = spec{fee: int64(1000 + i), vsize: 1000, sigops: 4}
	}
	src := synth(specs)
	g := newFake(src, nil)
	tmpl, err := g.NewTemplate([]byte{0x51})
	if err != nil {
		t.Fatal(err)
	}
	var w int64
	for _, tx := range tmpl.Block.Txs[1:] {
		_ = tx
		w += 4000
	}
	if w+DefaultBlockReservedWeight >= DefaultBlockMaxWeight || len(tmpl.Block.Txs) < 990 {
		t.Fatalf("%d transactions, weight %d", len(tmpl.Block.Txs)-1, w)
	}
	// The best ones are in: the last spec has the highest fee.
	if tmpl.Block.Txs[1].TxHash() != src[2999].TxID {
		t.Fatal("best transaction not first")
	}
}
