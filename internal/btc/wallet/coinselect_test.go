package wallet

import (
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func coinsOf(feeRate int64, values ...int64) []SelectCoin {
	cs := make([]SelectCoin, len(values))
	for i, v := range values {
		op := primitives.OutPoint{Index: uint32(i)}
		op.Hash[0] = byte(i)
		op.Hash[1] = byte(i >> 8)
		cs[i] = NewSelectCoin(op, primitives.TxOut{Value: v, ScriptPubKey: make([]byte, 22)}, weightP2WPKH, feeRate, consolidateFeeRate)
	}
	return cs
}

func sumEff(cs []SelectCoin, idx []int) int64 {
	var s int64
	for _, i := range idx {
		s += cs[i].EffValue
	}
	return s
}

func TestSelectBnB(t *testing.T) {
	// Zero fee rate: effective value = value.
	tests := []struct {
		name   string
		values []int64
		target int64
		coc    int64
		want   int64 // selected effective value; 0 = no solution
		n      int
	}{
		{"exact single", []int64{1e5, 2e5, 3e5, 4e5}, 3e5, 0, 3e5, 1},
		{"exact pair", []int64{1e5, 2e5, 5e5, 7e5}, 8e5, 0, 8e5, 2},
		{"exact triple", []int64{1e5, 2e5, 4e5, 8e5, 16e5}, 13e5, 0, 13e5, 3},
		{"within cost of change", []int64{1e5, 2e5, 5e5}, 2.5e5, 60000, 3e5, 2},
		{"no solution", []int64{1e5, 2e5, 5e5}, 4e5, 1000, 0, 0},
		{"insufficient", []int64{1e5, 2e5}, 4e5, 1000, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := coinsOf(0, tc.values...)
			r, ok := SelectBnB(cs, tc.target, tc.coc, 0)
			if tc.want == 0 {
				if ok {
					t.Fatalf("found %v, want none", r.Coins)
				}
				return
			}
			if !ok {
				t.Fatal("no solution")
			}
			// At a zero fee rate extra inputs lower the waste (they are
			// cheaper now than at the long-term rate), so only the sum is
			// fixed; n is the minimum.
			if got := sumEff(cs, r.Coins); got != tc.want || len(r.Coins) < tc.n {
				t.Fatalf("selected %d in %d coins, want %d in %d", got, len(r.Coins), tc.want, tc.n)
			}
		})
	}
}

func TestSelectBnBWithFees(t *testing.T) {
	cs := coinsOf(5000, 100_000, 200_000, 300_000, 400_000)
	// Target equal to two coins' effective values.
	target := cs[0].EffValue + cs[2].EffValue
	r, ok := SelectBnB(cs, target, 0, 0)
	if !ok || r.EffValue != target || len(r.Coins) != 2 {
		t.Fatalf("got %+v ok=%v", r, ok)
	}
}

func TestSelectBnBHighFeePrefersFewInputs(t *testing.T) {
	// Above the long-term fee rate every input adds waste: one coin wins.
	cs := coinsOf(50_000, 100_000, 200_000, 300_000, 400_000)
	target := cs[2].EffValue
	if cs[0].EffValue+cs[1].EffValue > target+1000 || cs[0].EffValue+cs[1].EffValue < target {
		r, ok := SelectBnB(cs, target, 0, 0)
		if !ok || len(r.Coins) != 1 || r.Coins[0] != 2 {
			t.Fatalf("got %+v ok=%v", r, ok)
		}
	}
	r, ok := SelectBnB(cs, cs[3].EffValue-2000, 5000, 0)
	if !ok || len(r.Coins) != 1 {
		t.Fatalf("got %+v ok=%v, want the single coin", r, ok)
	}
}

func TestSelectBnBManyEqual(t *testing.T) {
	// Many identical coins: the duplicate-skipping must still find a sum.
	vals := make([]int64, 50)
	for i := range vals {
		vals[i] = 10_000
	}
	cs := coinsOf(0, vals...)
	r, ok := SelectBnB(cs, 70_000, 0, 0)
	if !ok || r.EffValue != 70_000 {
		t.Fatalf("got %d coins ok=%v", len(r.Coins), ok)
	}
}

func TestSelectKnapsack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name    string
		values  []int64
		target  int64
		ok      bool
		atLeast int64
	}{
		{"one exact", []int64{1e5, 5e5, 1e6}, 5e5, true, 5e5},
		{"sum of small", []int64{1e4, 2e4, 3e4}, 6e4, true, 6e4},
		{"lowest larger", []int64{1e4, 2e4, 1e7}, 1e6, true, 1e6},
		{"insufficient", []int64{1e4, 2e4}, 1e6, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := coinsOf(0, tc.values...)
			r, ok := SelectKnapsack(cs, tc.target, 50_000, rng)
			if ok != tc.ok {
				t.Fatalf("ok=%v want %v", ok, tc.ok)
			}
			if ok && sumEff(cs, r.Coins) < tc.atLeast {
				t.Fatalf("selected %d < %d", sumEff(cs, r.Coins), tc.atLeast)
			}
		})
	}
}

func TestSelectSRD(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cs := coinsOf(1000, 1e5, 2e5, 3e5, 4e5, 5e5)
	r, ok := SelectSRD(cs, 6e5, 0, rng)
	if !ok || sumEff(cs, r.Coins) < 6e5 {
		t.Fatalf("got %v ok=%v", r.Coins, ok)
	}
	if _, ok := SelectSRD(cs, 2e6, 0, rng); ok {
		t.Fatal("selected beyond the available amount")
	}
}

func TestSelectCoinsPrefersChangeless(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cs := coinsOf(2000, 123_456, 1_000_000, 2_000_000, 77_777)
	target := cs[0].EffValue + cs[3].EffValue
	r, ok := SelectCoins(cs, SelectParams{Target: target, ChangeFee: 62, CostOfChange: 200, MinChange: 50_000}, rng)
	if !ok || r.Algo != AlgoBnB || r.EffValue != target {
		t.Fatalf("got %+v ok=%v", r, ok)
	}
	// An unreachable exact match falls back to a change-leaving algorithm.
	r, ok = SelectCoins(cs, SelectParams{Target: 1_500_000, ChangeFee: 62, CostOfChange: 200, MinChange: 50_000}, rng)
	if !ok || r.Algo == AlgoBnB || r.Value < 1_500_000 {
		t.Fatalf("fallback got %+v ok=%v", r, ok)
	}
	if _, ok := SelectCoins(cs, SelectParams{Target: 10_000_000}, rng); ok {
		t.Fatal("insufficient funds not reported")
	}
}

func TestFeeForVSize(t *testing.T) {
	tests := []struct{ rate, vsize, want int64 }{
		{1000, 141, 141}, {1500, 141, 212}, {1, 1, 1}, {0, 100, 0}, {20_000, 110, 2200},
	}
	for _, tc := range tests {
		if got := feeForVSize(tc.rate, tc.vsize); got != tc.want {
			t.Errorf("feeForVSize(%d,%d)=%d want %d", tc.rate, tc.vsize, got, tc.want)
		}
	}
}

func benchCoins(n int) []SelectCoin {
	rng := rand.New(rand.NewPCG(7, 8))
	vals := make([]int64, n)
	for i := range vals {
		vals[i] = 1000 + rng.Int64N(10_000_000)
	}
	return coinsOf(5000, vals...)
}

func BenchmarkSelectBnB1000(b *testing.B) {
	cs := benchCoins(1000)
	b.ReportAllocs()
	for b.Loop() {
		SelectBnB(cs, 25_000_000, 500, 0)
	}
}

func BenchmarkSelectCoins1000(b *testing.B) {
	cs := benchCoins(1000)
	rng := rand.New(rand.NewPCG(9, 10))
	b.ReportAllocs()
	for b.Loop() {
		SelectCoins(cs, SelectParams{Target: 25_000_000, ChangeFee: 155, CostOfChange: 500, MinChange: 50_000}, rng)
	}
}

// BenchmarkFund1000 funds a payment from a wallet holding 1,000 confirmed
// P2WPKH coins: candidate listing, effective values, the three selection
// algorithms and the transaction assembly (no signing).
func BenchmarkFund1000(b *testing.B) {
	n := newTestNode(b)
	w, err := n.mgr.Create("bench", CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	n.mgr.cfg.Keypool = 1100
	rng := rand.New(rand.NewPCG(11, 12))
	fund := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 7}}}}
	for i := 0; i < 1000; i++ {
		a, err := w.NewAddress(TypeBech32, "")
		if err != nil {
			b.Fatal(err)
		}
		fund.Outputs = append(fund.Outputs, primitives.TxOut{Value: 10_000 + rng.Int64N(5_000_000), ScriptPubKey: a.ScriptPubKey()})
	}
	n.mempool = []*primitives.Tx{fund}
	n.mine([]byte{0x51}, 1)
	dest := mustAddr(b, w, TypeBech32).ScriptPubKey()
	tmpl := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: 123_456_789, ScriptPubKey: dest}}}
	opts := DefaultFundOptions()
	opts.Rand = rand.New(rand.NewPCG(13, 14))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := w.Fund(tmpl, opts); err != nil {
			b.Fatal(err)
		}
	}
}
