package wallet

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Coin selection follows Bitcoin Core's src/wallet/coinselection.cpp model:
// every candidate coin is valued at its effective value (its amount less the
// fee its input costs at the target fee rate), branch-and-bound looks for a
// changeless input set whose effective value lands within [target,
// target+costOfChange], and the knapsack solver and a single random draw are
// the fallbacks that leave change. Among the solutions found the one with the
// least waste wins.

const (
	// bnbTotalTries bounds the branch-and-bound search (Core's TOTAL_TRIES).
	bnbTotalTries = 100_000

	// changeLower and changeUpper bound the randomised minimum change
	// target (Core's CHANGE_LOWER / CHANGE_UPPER), in satoshis.
	changeLower = 50_000
	changeUpper = 1_000_000

	// knapsackIterations is the number of stochastic passes of the
	// approximate best-subset search.
	knapsackIterations = 1000
)

// SelectionAlgo names the algorithm that produced a selection.
type SelectionAlgo string

// The selection algorithms, as Core names them in its logs.
const (
	AlgoBnB      SelectionAlgo = "bnb"
	AlgoKnapsack SelectionAlgo = "knapsack"
	AlgoSRD      SelectionAlgo = "srd"
	AlgoManual   SelectionAlgo = "manual"
)

// SelectCoin is one candidate input of a selection.
type SelectCoin struct {
	OutPoint primitives.OutPoint
	TxOut    primitives.TxOut
	// InputWeight is the weight the input adds to the transaction,
	// witness included, with maximum-size signatures.
	InputWeight int
	// Fee is the input's fee at the target fee rate, LongTermFee at the
	// long-term (consolidation) fee rate; EffValue is Value - Fee.
	Fee         int64
	LongTermFee int64
	EffValue    int64
}

// SelectionResult is the outcome of one selection algorithm.
type SelectionResult struct {
	Algo SelectionAlgo
	// Coins are indexes into the candidate slice given to the algorithm.
	Coins []int
	// Value is the sum of the selected amounts, EffValue of their effective
	// values, Weight of their input weights.
	Value    int64
	EffValue int64
	Weight   int
	// Waste is Core's waste metric: sum(fee - longTermFee) plus either the
	// cost of change (when the selection leaves change) or the excess.
	Waste int64
}

// NewSelectCoin fills a SelectCoin's fee figures from the fee rates in
// sat/kvB.
func NewSelectCoin(op primitives.OutPoint, out primitives.TxOut, inputWeight int, feeRate, longTermFeeRate int64) SelectCoin {
	vsize := int64((inputWeight + 3) / 4)
	fee := feeForVSize(feeRate, vsize)
	return SelectCoin{
		OutPoint:    op,
		TxOut:       out,
		InputWeight: inputWeight,
		Fee:         fee,
		LongTermFee: feeForVSize(longTermFeeRate, vsize),
		EffValue:    out.Value - fee,
	}
}

// feeForVSize is Core's CFeeRate::GetFee: rate sat/kvB times vsize, rounded
// up so a positive rate never yields a zero fee.
func feeForVSize(rate, vsize int64) int64 {
	fee := rate * vsize / 1000
	if fee == 0 && vsize != 0 && rate > 0 {
		fee = 1
	}
	if rate > 0 && rate*vsize%1000 != 0 && fee*1000 < rate*vsize {
		fee++
	}
	return fee
}

// SelectBnB runs branch and bound over coins for a changeless solution whose
// effective value lies in [target, target+costOfChange], minimising waste.
// Coins with a non-positive effective value must not be passed. maxWeight
// bounds the summed input weight (0: unbounded). ok is false when no
// solution exists within the try budget.
//
// This function is safe for concurrent access.
func SelectBnB(coins []SelectCoin, target, costOfChange int64, maxWeight int) (SelectionResult, bool) {
	order := make([]int, len(coins))
	var available int64
	for i := range coins {
		order[i] = i
		available += coins[i].EffValue
	}
	if available < target {
		return SelectionResult{}, false
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(coins[b].EffValue, coins[a].EffValue); c != 0 {
			return c
		}
		return cmp.Compare(coins[a].Fee-coins[a].LongTermFee, coins[b].Fee-coins[b].LongTermFee)
	})
	// With a fee rate above the long-term rate, adding inputs only adds
	// waste, which prunes branches that already waste more than the best.
	feeAboveLongTerm := len(order) > 0 && coins[order[0]].Fee-coins[order[0]].LongTermFee > 0

	var (
		currValue, currWaste int64
		currWeight           int
		curr                 = make([]int, 0, 16) // positions in order
		best                 []int
		bestWaste            int64 = math.MaxInt64
	)
	pos := 0
	for tries := 0; tries < bnbTotalTries; tries, pos = tries+1, pos+1 {
		backtrack := false
		switch {
		case currValue+available < target,
			currValue > target+costOfChange,
			pos >= len(order) && currValue < target,
			maxWeight > 0 && currWeight > maxWeight,
			currWaste > bestWaste && feeAboveLongTerm:
			backtrack = true
		case currValue >= target:
			w := currWaste + (currValue - target)
			if w <= bestWaste {
				best = append(best[:0], curr...)
				bestWaste = w
			}
			backtrack = true
		}
		if backtrack {
			if len(curr) == 0 {
				break
			}
			// Restore the coins skipped after the last included one, then
			// exclude that one and explore its omission branch.
			for pos--; pos > curr[len(curr)-1]; pos-- {
				available += coins[order[pos]].EffValue
			}
			c := &coins[order[pos]]
			currValue -= c.EffValue
			currWaste -= c.Fee - c.LongTermFee
			currWeight -= c.InputWeight
			curr = curr[:len(curr)-1]
			continue
		}
		c := &coins[order[pos]]
		available -= c.EffValue
		// Skip a coin equal to the previous one that was just omitted: the
		// branch would repeat one already explored.
		if len(curr) == 0 || pos-1 == curr[len(curr)-1] ||
			c.EffValue != coins[order[pos-1]].EffValue || c.Fee != coins[order[pos-1]].Fee {
			curr = append(curr, pos)
			currValue += c.EffValue
			currWaste += c.Fee - c.LongTermFee
			currWeight += c.InputWeight
		}
	}
	if best == nil {
		return SelectionResult{}, false
	}
	res := SelectionResult{Algo: AlgoBnB, Coins: make([]int, len(best))}
	for i, p := range best {
		res.Coins[i] = order[p]
	}
	res.fill(coins, target, 0, false)
	return res, true
}

// fill computes the sums and the waste of r. With change, the waste counts
// changeCost; without, the excess over target.
func (r *SelectionResult) fill(coins []SelectCoin, target, changeCost int64, change bool) {
	r.Value, r.EffValue, r.Weight, r.Waste = 0, 0, 0, 0
	for _, i := range r.Coins {
		c := &coins[i]
		r.Value += c.TxOut.Value
		r.EffValue += c.EffValue
		r.Weight += c.InputWeight
		r.Waste += c.Fee - c.LongTermFee
	}
	if change {
		r.Waste += changeCost
	} else {
		r.Waste += r.EffValue - target
	}
}

// SelectKnapsack is Core's knapsack solver: an exact match if one coin gives
// it, otherwise the best of a stochastic subset-sum approximation over the
// coins below target+minChange and the smallest coin above it. target here
// already includes the change output's fee. rng drives the shuffles.
//
// This function is safe for concurrent access with distinct rng values.
func SelectKnapsack(coins []SelectCoin, target, minChange int64, rng *rand.Rand) (SelectionResult, bool) {
	order := rng.Perm(len(coins))
	var (
		applicable   []int
		totalLower   int64
		lowestLarger = -1
	)
	for _, i := range order {
		v := coins[i].EffValue
		switch {
		case v == target:
			r := SelectionResult{Algo: AlgoKnapsack, Coins: []int{i}}
			return r, true
		case v < target+minChange:
			applicable = append(applicable, i)
			totalLower += v
		case lowestLarger < 0 || v < coins[lowestLarger].EffValue:
			lowestLarger = i
		}
	}
	if totalLower == target {
		return SelectionResult{Algo: AlgoKnapsack, Coins: applicable}, true
	}
	if totalLower < target {
		if lowestLarger < 0 {
			return SelectionResult{}, false
		}
		return SelectionResult{Algo: AlgoKnapsack, Coins: []int{lowestLarger}}, true
	}
	slices.SortStableFunc(applicable, func(a, b int) int { return cmp.Compare(coins[b].EffValue, coins[a].EffValue) })
	vals := make([]int64, len(applicable))
	for k, i := range applicable {
		vals[k] = coins[i].EffValue
	}
	bestSel, bestVal := approximateBestSubset(vals, totalLower, target, rng)
	if bestVal != target && totalLower >= target+minChange {
		bestSel, bestVal = approximateBestSubset(vals, totalLower, target+minChange, rng)
	}
	if lowestLarger >= 0 && ((bestVal != target && bestVal < target+minChange) || coins[lowestLarger].EffValue <= bestVal) {
		return SelectionResult{Algo: AlgoKnapsack, Coins: []int{lowestLarger}}, true
	}
	r := SelectionResult{Algo: AlgoKnapsack}
	for k, in := range bestSel {
		if in {
			r.Coins = append(r.Coins, applicable[k])
		}
	}
	return r, true
}

// approximateBestSubset searches for the subset of vals (sorted descending)
// with the smallest sum >= target, by repeated random inclusion passes.
func approximateBestSubset(vals []int64, total, target int64, rng *rand.Rand) ([]bool, int64) {
	best := make([]bool, len(vals))
	for i := range best {
		best[i] = true
	}
	bestVal := total
	incl := make([]bool, len(vals))
	for rep := 0; rep < knapsackIterations && bestVal != target; rep++ {
		clear(incl)
		var sum int64
		reached := false
		var bits uint64
		nbits := 0
		for pass := 0; pass < 2 && !reached; pass++ {
			for i, v := range vals {
				// First pass: random coin flips (64 per draw); second: fill
				// with the ones left out.
				take := false
				if pass == 0 {
					if nbits == 0 {
						bits, nbits = rng.Uint64(), 64
					}
					take = bits&1 == 1
					bits >>= 1
					nbits--
				} else {
					take = !incl[i]
				}
				if take {
					sum += v
					incl[i] = true
					if sum >= target {
						reached = true
						if sum < bestVal {
							bestVal = sum
							copy(best, incl)
						}
						sum -= v
						incl[i] = false
					}
				}
			}
		}
	}
	return best, bestVal
}

// SelectSRD is Core's single random draw: coins in random order are added
// until their effective value covers target (which includes the change fee
// and the minimum change); when maxWeight is exceeded the smallest selected
// coins are dropped.
//
// This function is safe for concurrent access with distinct rng values.
func SelectSRD(coins []SelectCoin, target int64, maxWeight int, rng *rand.Rand) (SelectionResult, bool) {
	order := rng.Perm(len(coins))
	var (
		sel    []int
		eff    int64
		weight int
	)
	for _, i := range order {
		sel = append(sel, i)
		eff += coins[i].EffValue
		weight += coins[i].InputWeight
		for maxWeight > 0 && weight > maxWeight && len(sel) > 0 {
			// Drop the lowest-valued coin.
			low := 0
			for k := range sel {
				if coins[sel[k]].EffValue < coins[sel[low]].EffValue {
					low = k
				}
			}
			eff -= coins[sel[low]].EffValue
			weight -= coins[sel[low]].InputWeight
			sel = slices.Delete(sel, low, low+1)
		}
		if eff >= target {
			return SelectionResult{Algo: AlgoSRD, Coins: sel}, true
		}
	}
	return SelectionResult{}, false
}

// ChangeTarget is Core's GenerateChangeTarget: a random minimum change
// between CHANGE_LOWER and min(2*payment, CHANGE_UPPER), so change outputs do
// not all look alike; small payments get CHANGE_LOWER.
func ChangeTarget(payment int64, rng *rand.Rand) int64 {
	if payment <= changeLower/2 {
		return changeLower
	}
	upper := min(2*payment, changeUpper)
	if upper <= changeLower {
		return changeLower
	}
	return changeLower + rng.Int64N(upper-changeLower)
}

// SelectParams are the figures a selection needs beyond the coins.
type SelectParams struct {
	// Target is the amount the inputs' effective values must cover: the
	// recipients plus the fee of the transaction's non-input parts.
	Target int64
	// ChangeFee is the fee of adding the change output; CostOfChange that
	// plus the fee of spending it later (Core's m_cost_of_change).
	ChangeFee    int64
	CostOfChange int64
	// MinChange is the change target of knapsack and SRD.
	MinChange int64
	// MaxWeight bounds the inputs' weight (0: unbounded).
	MaxWeight int
	// SkipBnB disables branch and bound (subtract-fee-from-outputs sends).
	SkipBnB bool
}

// SelectCoins runs BnB, knapsack and SRD and returns the result with the
// least waste, as Core's ChooseSelectionResult. ok is false when the coins
// cannot cover the target.
//
// This function is safe for concurrent access with distinct rng values.
func SelectCoins(coins []SelectCoin, p SelectParams, rng *rand.Rand) (SelectionResult, bool) {
	positive := make([]SelectCoin, 0, len(coins))
	index := make([]int, 0, len(coins))
	for i, c := range coins {
		if c.EffValue > 0 {
			positive = append(positive, c)
			index = append(index, i)
		}
	}
	var results []SelectionResult
	if !p.SkipBnB {
		if r, ok := SelectBnB(positive, p.Target, p.CostOfChange, p.MaxWeight); ok {
			results = append(results, r)
		}
	}
	withChange := p.Target + p.ChangeFee
	if r, ok := SelectKnapsack(positive, withChange, p.MinChange, rng); ok {
		r.fill(positive, p.Target, p.CostOfChange, true)
		r.fixChange(positive, p)
		if p.MaxWeight == 0 || r.Weight <= p.MaxWeight {
			results = append(results, r)
		}
	}
	if r, ok := SelectSRD(positive, withChange+changeLower, p.MaxWeight, rng); ok {
		r.fill(positive, p.Target, p.CostOfChange, true)
		r.fixChange(positive, p)
		results = append(results, r)
	}
	if len(results) == 0 {
		return SelectionResult{}, false
	}
	best := results[0]
	for _, r := range results[1:] {
		// Least waste; on a tie, more inputs (consolidate at low fees) as
		// Core's operator< does.
		if r.Waste < best.Waste || (r.Waste == best.Waste && len(r.Coins) > len(best.Coins)) {
			best = r
		}
	}
	for k, i := range best.Coins {
		best.Coins[k] = index[i]
	}
	return best, true
}

// fixChange recomputes the waste of a change-leaving result whose change
// turns out to be too small to create: the excess is then waste instead.
func (r *SelectionResult) fixChange(coins []SelectCoin, p SelectParams) {
	if r.EffValue-p.Target-p.ChangeFee <= 0 {
		r.fill(coins, p.Target, 0, false)
	}
}
