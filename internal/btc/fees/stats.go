package fees

// confirmStats is Core's TxConfirmStats: for one horizon, per fee-rate
// bucket, decaying counts of transactions confirmed within each number of
// periods, of transactions that left the pool unconfirmed after each
// number of periods, and of all confirmed transactions with their summed
// fee rates; plus the transactions still unconfirmed, by entry height.
type confirmStats struct {
	buckets []float64 // upper bounds, sat/kvB, the last one "infinite"
	decay   float64
	scale   int

	txCtAvg   []float64   // [bucket] confirmed transactions
	feeAvg    []float64   // [bucket] sum of their fee rates
	confAvg   [][]float64 // [period][bucket] confirmed within period+1 periods
	failAvg   [][]float64 // [period][bucket] left unconfirmed after period+1 periods
	unconf    [][]int     // [height % maxConfirms][bucket]
	oldUnconf []int       // [bucket] unconfirmed for maxConfirms blocks or more
}

func newConfirmStats(buckets []float64, periods, scale int, decay float64) *confirmStats {
	s := &confirmStats{buckets: buckets, decay: decay, scale: scale}
	nb := len(buckets)
	s.txCtAvg = make([]float64, nb)
	s.feeAvg = make([]float64, nb)
	s.confAvg = make2(periods, nb)
	s.failAvg = make2(periods, nb)
	s.unconf = make([][]int, periods*scale)
	for i := range s.unconf {
		s.unconf[i] = make([]int, nb)
	}
	s.oldUnconf = make([]int, nb)
	return s
}

func make2(rows, cols int) [][]float64 {
	backing := make([]float64, rows*cols)
	out := make([][]float64, rows)
	for i := range out {
		out[i] = backing[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return out
}

// maxConfirms is the largest target the horizon tracks.
func (s *confirmStats) maxConfirms() int { return s.scale * len(s.confAvg) }

// slot is Core's unconfTxs index for height, computed in 32-bit unsigned
// arithmetic as Core does (heights below the span wrap the same way).
func (s *confirmStats) slot(height uint32) int { return int(height % uint32(len(s.unconf))) }

// clearCurrent moves the transactions of the slot height reuses to the
// old-unconfirmed counts (Core's ClearCurrent).
func (s *confirmStats) clearCurrent(height uint32) {
	row := s.unconf[s.slot(height)]
	for j := range row {
		s.oldUnconf[j] += row[j]
		row[j] = 0
	}
}

// record counts a transaction confirmed blocksToConfirm blocks after it
// entered, at fee rate val (Core's Record).
func (s *confirmStats) record(blocksToConfirm int, val float64, bucket int) {
	if blocksToConfirm < 1 {
		return
	}
	periods := (blocksToConfirm + s.scale - 1) / s.scale
	for i := periods; i <= len(s.confAvg); i++ {
		s.confAvg[i-1][bucket]++
	}
	s.txCtAvg[bucket]++
	s.feeAvg[bucket] += val
}

// updateMovingAverages decays every average once (a block arrived).
func (s *confirmStats) updateMovingAverages() {
	for j := range s.buckets {
		for i := range s.confAvg {
			s.confAvg[i][j] *= s.decay
			s.failAvg[i][j] *= s.decay
		}
		s.feeAvg[j] *= s.decay
		s.txCtAvg[j] *= s.decay
	}
}

// newTx counts a transaction entering at height (Core's NewTx).
func (s *confirmStats) newTx(height uint32, bucket int) {
	s.unconf[s.slot(height)][bucket]++
}

// removeTx forgets a transaction that entered at entryHeight, now that
// bestSeen is the best height; a transaction leaving unconfirmed after at
// least one period counts as a failure for the periods it waited (Core's
// removeTx).
func (s *confirmStats) removeTx(entryHeight, bestSeen uint32, bucket int, inBlock bool) {
	blocksAgo := int64(bestSeen) - int64(entryHeight)
	if bestSeen == 0 {
		blocksAgo = 0
	}
	if blocksAgo < 0 {
		return // Core logs the inconsistency and ignores it
	}
	if blocksAgo >= int64(len(s.unconf)) {
		if s.oldUnconf[bucket] > 0 {
			s.oldUnconf[bucket]--
		}
	} else {
		row := s.unconf[s.slot(entryHeight)]
		if row[bucket] > 0 {
			row[bucket]--
		}
	}
	if !inBlock && blocksAgo >= int64(s.scale) {
		periodsAgo := int(blocksAgo) / s.scale
		for i := 0; i < periodsAgo && i < len(s.failAvg); i++ {
			s.failAvg[i][bucket]++
		}
	}
}

// BucketRange describes a range of fee-rate buckets an estimate looked at
// (Core's EstimatorBucket). Start and End are -1 when unset.
type BucketRange struct {
	Start, End     float64 // sat/kvB
	WithinTarget   float64 // confirmed within the target
	TotalConfirmed float64
	InMempool      float64 // still unconfirmed after the target
	LeftMempool    float64 // removed unconfirmed after the target
}

func emptyRange() BucketRange { return BucketRange{Start: -1, End: -1} }

// EstimationResult is what one horizon's estimate looked at (Core's
// EstimationResult): the passing and failing bucket ranges, the decay and
// the scale of the horizon.
type EstimationResult struct {
	Pass, Fail BucketRange
	Decay      float64
	Scale      int
}

// estimateMedianVal is Core's EstimateMedianVal: starting from the highest
// fee rates, group buckets until each group holds sufficientTxVal/(1-decay)
// confirmed transactions, and find the lowest group whose share confirmed
// within confTarget reaches successBreakPoint (in-pool and failed
// transactions counted against it). It returns the average fee rate of the
// median bucket of the last passing range, or -1.
func (s *confirmStats) estimateMedianVal(confTarget int, sufficientTxVal, successBreakPoint float64, height uint32, res *EstimationResult) float64 {
	var nConf, totalNum, failNum, partialNum float64
	extraNum := 0
	periodTarget := (confTarget + s.scale - 1) / s.scale
	maxBucket := len(s.buckets) - 1
	curNear, bestNear, curFar, bestFar := maxBucket, maxBucket, maxBucket, maxBucket
	found, newRange, passing := false, true, true
	pass, fail := emptyRange(), emptyRange()
	bins := uint32(len(s.unconf))
	maxConf := s.maxConfirms()
	rangeOf := func(a, b int) (float64, float64) {
		lo, hi := min(a, b), max(a, b)
		start := 0.0
		if lo > 0 {
			start = s.buckets[lo-1]
		}
		return start, s.buckets[hi]
	}
	for bucket := maxBucket; bucket >= 0; bucket-- {
		if newRange {
			curNear = bucket
			newRange = false
		}
		curFar = bucket
		nConf += s.confAvg[periodTarget-1][bucket]
		partialNum += s.txCtAvg[bucket]
		totalNum += s.txCtAvg[bucket]
		failNum += s.failAvg[periodTarget-1][bucket]
		for c := confTarget; c < maxConf; c++ {
			extraNum += s.unconf[(height-uint32(c))%bins][bucket]
		}
		extraNum += s.oldUnconf[bucket]
		if partialNum < sufficientTxVal/(1-s.decay) {
			continue
		}
		partialNum = 0
		curPct := nConf / (totalNum + failNum + float64(extraNum))
		if curPct < successBreakPoint {
			if passing {
				fail.Start, fail.End = rangeOf(curNear, curFar)
				fail.WithinTarget, fail.TotalConfirmed = nConf, totalNum
				fail.InMempool, fail.LeftMempool = float64(extraNum), failNum
				passing = false
			}
			continue
		}
		fail = emptyRange()
		found, passing = true, true
		pass.WithinTarget, pass.TotalConfirmed = nConf, totalNum
		pass.InMempool, pass.LeftMempool = float64(extraNum), failNum
		nConf, totalNum, failNum, extraNum = 0, 0, 0, 0
		bestNear, bestFar = curNear, curFar
		newRange = true
	}

	median := -1.0
	lo, hi := min(bestNear, bestFar), max(bestNear, bestFar)
	txSum := 0.0
	for j := lo; j <= hi; j++ {
		txSum += s.txCtAvg[j]
	}
	if found && txSum != 0 {
		txSum /= 2
		for j := lo; j <= hi; j++ {
			if s.txCtAvg[j] < txSum {
				txSum -= s.txCtAvg[j]
				continue
			}
			median = s.feeAvg[j] / s.txCtAvg[j]
			break
		}
		pass.Start, pass.End = rangeOf(lo, hi)
	}
	if passing && !newRange {
		fail.Start, fail.End = rangeOf(curNear, curFar)
		fail.WithinTarget, fail.TotalConfirmed = nConf, totalNum
		fail.InMempool, fail.LeftMempool = float64(extraNum), failNum
	}
	if res != nil {
		res.Pass, res.Fail, res.Decay, res.Scale = pass, fail, s.decay, s.scale
	}
	return median
}
