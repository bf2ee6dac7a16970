package txpool

import (
	"math/rand/v2"
	"testing"

	"github.com/holiman/uint256"
)

func meta(feeCap, tip uint64) *txMeta {
	return &txMeta{feeCap: *uint256.NewInt(feeCap), tip: *uint256.NewInt(tip), index: -1}
}

func TestCmpPrice(t *testing.T) {
	bf := uint256.NewInt(10)
	tests := []struct {
		name    string
		a, b    *txMeta
		baseFee *uint256.Int
		want    int
	}{
		{"pre-London by tip", meta(100, 5), meta(50, 6), nil, -1},
		{"pre-London tip tie, fee cap", meta(100, 5), meta(50, 5), nil, 1},
		{"equal", meta(20, 5), meta(20, 5), bf, 0},
		{"effective tip capped by fee cap", meta(12, 5), meta(100, 3), bf, -1},
		{"effective tip tie, fee cap decides", meta(15, 5), meta(100, 5), bf, -1},
		{"below base fee loses", meta(9, 9), meta(10, 0), bf, -1},
		{"above base fee wins", meta(11, 1), meta(9, 9), bf, 1},
		{"both below: fee cap", meta(9, 1), meta(8, 8), bf, 1},
		{"both below: tip", meta(9, 1), meta(9, 2), bf, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cmpPrice(tc.a, tc.b, tc.baseFee); got != tc.want {
				t.Fatalf("cmpPrice = %d, want %d", got, tc.want)
			}
			if got := cmpPrice(tc.b, tc.a, tc.baseFee); got != -tc.want {
				t.Fatalf("reverse cmpPrice = %d, want %d", got, -tc.want)
			}
		})
	}
}

// TestPriceHeapRandom pushes, removes and pops at random and checks the
// heap against a sort.
func TestPriceHeapRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	k, _ := key(0)
	h := &priceHeap{baseFee: uint256.NewInt(10)}
	var live []*txMeta
	for i := 0; i < 2000; i++ {
		switch r := rng.IntN(4); {
		case r < 2:
			m := meta(uint64(rng.IntN(30)), uint64(rng.IntN(30)))
			m.tx = dynTx(t, k, uint64(i%7), 0, 0) // nonce only matters for ties
			h.push(m)
			live = append(live, m)
		case r == 2 && len(live) > 0:
			j := rng.IntN(len(live))
			h.remove(live[j])
			h.remove(live[j]) // idempotent
			live = append(live[:j], live[j+1:]...)
		case len(live) > 0:
			m := h.pop()
			for _, o := range live {
				if cmpPrice(o, m, h.baseFee) < 0 {
					t.Fatalf("popped %v/%v while %v/%v is cheaper", m.feeCap, m.tip, o.feeCap, o.tip)
				}
			}
			for j, o := range live {
				if o == m {
					live = append(live[:j], live[j+1:]...)
					break
				}
			}
		}
		if i%500 == 0 {
			h.setBaseFee(uint256.NewInt(uint64(rng.IntN(20))))
		}
		if len(h.items) != len(live) {
			t.Fatalf("heap holds %d, want %d", len(h.items), len(live))
		}
	}
}
