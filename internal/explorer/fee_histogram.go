package explorer

// feeBucketBounds are the lower bounds, in sat/vB, of the fee-rate histogram
// buckets, ascending. A transaction falls into the highest bucket whose bound
// does not exceed its rate; rates below 1 sat/vB fall into the first.
var feeBucketBounds = [...]float64{1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100, 120, 150, 200, 300, 500, 1000}

// FeeHistogram accumulates mempool virtual size by fee rate in fixed
// buckets. The zero value is empty and ready to use.
type FeeHistogram struct {
	vsize [len(feeBucketBounds)]int64
}

// FeeBucket is one histogram bucket: the total virtual size of transactions
// paying at least FeeRate sat/vB (and less than the next higher bucket).
type FeeBucket struct {
	FeeRate float64
	VSize   int64
}

// Add counts one transaction of the given fee (satoshis) and virtual size.
// Entries with a non-positive vsize are ignored.
//
// This method is not safe for concurrent use.
func (h *FeeHistogram) Add(fee, vsize int64) {
	if vsize <= 0 {
		return
	}
	rate := float64(fee) / float64(vsize)
	i := len(feeBucketBounds) - 1
	for i > 0 && rate < feeBucketBounds[i] {
		i--
	}
	h.vsize[i] += vsize
}

// Buckets returns the non-empty buckets in descending fee-rate order, as
// Esplora's fee_histogram lists them.
//
// This method is safe for concurrent reads.
func (h *FeeHistogram) Buckets() []FeeBucket {
	var out []FeeBucket
	for i := len(feeBucketBounds) - 1; i >= 0; i-- {
		if h.vsize[i] > 0 {
			out = append(out, FeeBucket{FeeRate: feeBucketBounds[i], VSize: h.vsize[i]})
		}
	}
	return out
}
