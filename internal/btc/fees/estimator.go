package fees

import (
	"math"
	"sort"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Horizon selects one of the three tracked time horizons.
type Horizon int

// The horizons (Core's FeeEstimateHorizon).
const (
	// HorizonShort: 12 blocks, decay 0.962 per block (half-life about 18
	// blocks).
	HorizonShort Horizon = iota
	// HorizonMedium: 48 blocks in periods of 2, decay 0.9952 (half-life
	// about 144 blocks).
	HorizonMedium
	// HorizonLong: 1008 blocks in periods of 24, decay 0.99931 (half-life
	// about 1008 blocks).
	HorizonLong
)

// String returns Core's name: "short", "medium" or "long".
func (h Horizon) String() string {
	switch h {
	case HorizonShort:
		return "short"
	case HorizonMedium:
		return "medium"
	case HorizonLong:
		return "long"
	}
	return "unknown"
}

// Core's constants (src/policy/fees.h).
const (
	shortPeriods, shortScale, shortDecay = 12, 1, .962
	medPeriods, medScale, medDecay       = 24, 2, .9952
	longPeriods, longScale, longDecay    = 42, 24, .99931

	// HalfSuccessPct, SuccessPct and DoubleSuccessPct are the confirmation
	// shares required within half the target, the target and twice the
	// target.
	HalfSuccessPct   = .6
	SuccessPct       = .85
	DoubleSuccessPct = .95

	sufficientFeeTxs   = .1 // transactions per block a bucket range needs
	sufficientTxsShort = .5 // the same for the short horizon

	minBucketFeeRate = 100  // sat/kvB
	maxBucketFeeRate = 1e7  // sat/kvB
	feeSpacing       = 1.05 // ratio between bucket bounds
	infFeeRate       = 1e99 // the last bucket's bound
	// MaxTarget is the highest confirmation target tracked (the long
	// horizon's 42 periods of 24 blocks).
	MaxTarget = longPeriods * longScale
)

// tracked is a pool transaction the estimator counts.
type tracked struct {
	height uint32
	bucket int
	rate   float64
}

// Estimator is Core's CBlockPolicyEstimator: it watches transactions enter
// the pool and blocks confirm them, and estimates the fee rate that
// confirms within a target number of blocks.
//
// An Estimator is safe for concurrent use.
type Estimator struct {
	mu            sync.Mutex
	buckets       []float64
	short, med, l *confirmStats
	txs           map[chainhash.Hash]tracked
	bestSeen      uint32
	firstRecorded uint32
	// histFirst and histBest are the span of blocks recorded in a loaded
	// fee_estimates.dat (Core's historicalFirst/historicalBest).
	histFirst, histBest uint32
	trackedTxs          int
	untrackedTxs        int
}

// New returns an empty estimator.
//
// This function is safe for concurrent access.
func New() *Estimator {
	var b []float64
	for v := float64(minBucketFeeRate); v <= maxBucketFeeRate; v *= feeSpacing {
		b = append(b, v)
	}
	b = append(b, infFeeRate)
	return &Estimator{
		buckets: b,
		short:   newConfirmStats(b, shortPeriods, shortScale, shortDecay),
		med:     newConfirmStats(b, medPeriods, medScale, medDecay),
		l:       newConfirmStats(b, longPeriods, longScale, longDecay),
		txs:     make(map[chainhash.Hash]tracked),
	}
}

// bucketIndex is the first bucket whose bound is at least rate.
func (e *Estimator) bucketIndex(rate float64) int {
	return sort.SearchFloat64s(e.buckets, rate)
}

// TxAdded records a transaction entering the pool while the best height
// is height (Core's processTransaction). It is counted only when height is
// the last block the estimator saw and the transaction has no in-pool
// ancestors (its fee rate then says when it confirms); the fee rate is the
// base fee over the virtual size.
//
// This function is safe for concurrent access.
func (e *Estimator) TxAdded(entry mempool.TxDesc, height int32) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.txs[entry.TxID]; ok || uint32(height) != e.bestSeen {
		return
	}
	if entry.AncestorCount > 1 || entry.VSize <= 0 {
		e.untrackedTxs++
		return
	}
	e.trackedTxs++
	rate := float64(mempool.NewFeeRate(entry.Fee, entry.VSize))
	b := e.bucketIndex(rate)
	h := uint32(height)
	e.txs[entry.TxID] = tracked{height: h, bucket: b, rate: rate}
	e.short.newTx(h, b)
	e.med.newTx(h, b)
	e.l.newTx(h, b)
}

// TxRemoved forgets a transaction that left the pool without being mined
// (expired, evicted, replaced, conflicted): after a period in the pool it
// counts as a failure to confirm at its fee rate (Core's removeTx).
//
// This function is safe for concurrent access.
func (e *Estimator) TxRemoved(txid chainhash.Hash) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.removeLocked(txid, false)
}

func (e *Estimator) removeLocked(txid chainhash.Hash, inBlock bool) (tracked, bool) {
	t, ok := e.txs[txid]
	if !ok {
		return t, false
	}
	e.short.removeTx(t.height, e.bestSeen, t.bucket, inBlock)
	e.med.removeTx(t.height, e.bestSeen, t.bucket, inBlock)
	e.l.removeTx(t.height, e.bestSeen, t.bucket, inBlock)
	delete(e.txs, txid)
	return t, true
}

// BlockConnected records a block at height confirming txids (Core's
// processBlock): the averages decay once, and each tracked transaction in
// the block is counted as confirmed after height minus its entry height
// blocks. Call it before the confirmed transactions are reported removed;
// a height not above the last one seen is ignored (a reorganisation).
//
// This function is safe for concurrent access.
func (e *Estimator) BlockConnected(height int32, txids []chainhash.Hash) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := uint32(height)
	if height <= 0 || h <= e.bestSeen {
		return
	}
	e.bestSeen = h
	for _, s := range [3]*confirmStats{e.short, e.med, e.l} {
		s.clearCurrent(h)
		s.updateMovingAverages()
	}
	counted := 0
	for _, txid := range txids {
		t, ok := e.removeLocked(txid, true)
		if !ok {
			continue
		}
		blocks := int(h) - int(t.height)
		if blocks <= 0 {
			continue
		}
		counted++
		e.short.record(blocks, t.rate, t.bucket)
		e.med.record(blocks, t.rate, t.bucket)
		e.l.record(blocks, t.rate, t.bucket)
	}
	if e.firstRecorded == 0 && counted > 0 {
		e.firstRecorded = h
	}
}

func (e *Estimator) stats(h Horizon) *confirmStats {
	switch h {
	case HorizonShort:
		return e.short
	case HorizonMedium:
		return e.med
	}
	return e.l
}

// HighestTargetTracked returns the largest target horizon h answers for
// (12, 48, 1008).
//
// This function is safe for concurrent access.
func (e *Estimator) HighestTargetTracked(h Horizon) int { return e.stats(h).maxConfirms() }

// EstimateRawFee is Core's estimateRawFee: the estimate of one horizon for
// target at successThreshold, zero when there is none (target outside the
// horizon, threshold above 1, too little data), with the buckets examined.
//
// This function is safe for concurrent access.
func (e *Estimator) EstimateRawFee(target int, successThreshold float64, h Horizon) (mempool.FeeRate, EstimationResult) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.stats(h)
	res := EstimationResult{Pass: emptyRange(), Fail: emptyRange(), Decay: s.decay, Scale: s.scale}
	if target <= 0 || target > s.maxConfirms() || successThreshold > 1 {
		return 0, res
	}
	sufficient := sufficientFeeTxs
	if h == HorizonShort {
		sufficient = sufficientTxsShort
	}
	median := s.estimateMedianVal(target, sufficient, successThreshold, e.bestSeen, &res)
	if median < 0 {
		return 0, res
	}
	return mempool.FeeRate(math.Round(median)), res
}

// maxUsableEstimate is the largest target the data seen supports: half
// the blocks recorded, in this run or in the loaded file's span (Core's
// MaxUsableEstimate).
func (e *Estimator) maxUsableEstimate() int {
	span := int(max(e.blockSpan(), e.historicalSpan()))
	return min(e.l.maxConfirms(), span/2)
}

// estimateCombinedFee is Core's estimateCombinedFee: the estimate from the
// shortest horizon tracking target, lowered by a longer horizon's maximum
// target estimate of a more recent horizon when checkShorter.
func (e *Estimator) estimateCombinedFee(target int, threshold float64, checkShorter bool) float64 {
	est := -1.0
	if target < 1 || target > e.l.maxConfirms() {
		return est
	}
	switch {
	case target <= e.short.maxConfirms():
		est = e.short.estimateMedianVal(target, sufficientTxsShort, threshold, e.bestSeen, nil)
	case target <= e.med.maxConfirms():
		est = e.med.estimateMedianVal(target, sufficientFeeTxs, threshold, e.bestSeen, nil)
	default:
		est = e.l.estimateMedianVal(target, sufficientFeeTxs, threshold, e.bestSeen, nil)
	}
	if checkShorter {
		if target > e.med.maxConfirms() {
			if v := e.med.estimateMedianVal(e.med.maxConfirms(), sufficientFeeTxs, threshold, e.bestSeen, nil); v > 0 && (est == -1 || v < est) {
				est = v
			}
		}
		if target > e.short.maxConfirms() {
			if v := e.short.estimateMedianVal(e.short.maxConfirms(), sufficientTxsShort, threshold, e.bestSeen, nil); v > 0 && (est == -1 || v < est) {
				est = v
			}
		}
	}
	return est
}

// estimateConservativeFee is Core's estimateConservativeFee: the highest of
// the medium and long horizons' estimates at 95% for doubleTarget.
func (e *Estimator) estimateConservativeFee(doubleTarget int) float64 {
	est := -1.0
	if doubleTarget <= e.short.maxConfirms() {
		est = e.med.estimateMedianVal(doubleTarget, sufficientFeeTxs, DoubleSuccessPct, e.bestSeen, nil)
	}
	if doubleTarget <= e.med.maxConfirms() {
		if v := e.l.estimateMedianVal(doubleTarget, sufficientFeeTxs, DoubleSuccessPct, e.bestSeen, nil); v > est {
			est = v
		}
	}
	return est
}

// EstimateSmartFee is Core's estimateSmartFee: the fee rate (sat/kvB)
// likely to confirm within target blocks, and the target it actually
// answered for (blocks: 1 becomes 2, and targets beyond half the blocks
// observed are lowered). ok is false when there is no estimate ("Insufficient
// data or no feerate found"); blocks is still meaningful then, except for a
// target outside 1..MaxTarget (blocks 0). The estimate is the highest of
// target/2 at 60%, target at 85% and 2*target at 95% (the last checked
// against shorter horizons only in economical mode), and, when
// conservative or when nothing else answered, the conservative estimate.
// The caller raises it to the pool's minimum fees (estimatesmartfee does).
//
// This function is safe for concurrent access.
func (e *Estimator) EstimateSmartFee(target int, conservative bool) (feeRate mempool.FeeRate, blocks int, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if target <= 0 || target > e.l.maxConfirms() {
		return 0, 0, false
	}
	if target == 1 {
		target = 2
	}
	if m := e.maxUsableEstimate(); target > m {
		target = m
	}
	blocks = target
	if target <= 1 {
		return 0, blocks, false
	}
	median := e.estimateCombinedFee(target/2, HalfSuccessPct, true)
	if v := e.estimateCombinedFee(target, SuccessPct, true); v > median {
		median = v
	}
	if v := e.estimateCombinedFee(2*target, DoubleSuccessPct, !conservative); v > median {
		median = v
	}
	if conservative || median == -1 {
		if v := e.estimateConservativeFee(2 * target); v > median {
			median = v
		}
	}
	if median < 0 {
		return 0, blocks, false
	}
	return mempool.FeeRate(math.Round(median)), blocks, true
}

// BestSeenHeight returns the height of the last block recorded.
//
// This function is safe for concurrent access.
func (e *Estimator) BestSeenHeight() int32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return int32(e.bestSeen)
}

// Tracked returns the number of pool transactions being tracked.
//
// This function is safe for concurrent access.
func (e *Estimator) Tracked() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.txs)
}

// FlushUnconfirmed forgets every tracked transaction, counting those that
// waited at least a period as failures to confirm (Core's
// FlushUnconfirmed, run at shutdown before the state is written: the
// counts of waiting transactions are not saved).
//
// This function is safe for concurrent access.
func (e *Estimator) FlushUnconfirmed() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := len(e.txs)
	for txid := range e.txs {
		e.removeLocked(txid, false)
	}
	return n
}
