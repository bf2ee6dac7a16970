package fees

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"math"
	"os"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// fee_estimates.dat, Core's layout (CBlockPolicyEstimator::Write):
//
//	int32 LE   version required to read (149900)
//	int32 LE   version that wrote (280000, Core 28's CLIENT_VERSION)
//	uint32 LE  best height seen
//	uint32 LE  first height of the recorded span
//	uint32 LE  last height of the recorded span
//	vector<double> bucket bounds
//	stats      medium horizon, then short, then long, each:
//	             double decay, uint32 scale,
//	             vector<double> fee-rate sums, vector<double> confirmed counts,
//	             vector<vector<double>> confirmed within periods,
//	             vector<vector<double>> failed after periods
//
// A vector is a CompactSize count then its elements; a double is its IEEE
// 754 bits as a little-endian uint64 (Core's EncodeDouble).

const (
	feesFileVersionRequired = 149900
	feesFileVersionWrote    = 280000
	// MaxFileAge is Core's MAX_FILE_AGE: an older fee_estimates.dat is not
	// loaded (its data would mislead).
	MaxFileAge = 60 * time.Hour
	// oldestEstimateHistory is Core's OLDEST_ESTIMATE_HISTORY: a saved span
	// ending more than this many blocks ago no longer counts.
	oldestEstimateHistory = 6 * 1008
)

// ErrBadFile is wrapped by the errors Decode returns for a malformed file.
var ErrBadFile = errors.New("fees: malformed fee_estimates.dat")

// Encode returns the estimator's state in fee_estimates.dat's format.
//
// This function is safe for concurrent access.
func (e *Estimator) Encode() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	b := binary.LittleEndian.AppendUint32(nil, feesFileVersionRequired)
	b = binary.LittleEndian.AppendUint32(b, feesFileVersionWrote)
	b = binary.LittleEndian.AppendUint32(b, e.bestSeen)
	first, best := e.histFirst, e.histBest
	if e.blockSpan() > e.historicalSpan()/2 {
		first, best = e.firstRecorded, e.bestSeen
	}
	b = binary.LittleEndian.AppendUint32(b, first)
	b = binary.LittleEndian.AppendUint32(b, best)
	b = appendDoubles(b, e.buckets)
	for _, s := range [3]*confirmStats{e.med, e.short, e.l} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.decay))
		b = binary.LittleEndian.AppendUint32(b, uint32(s.scale))
		b = appendDoubles(b, s.feeAvg)
		b = appendDoubles(b, s.txCtAvg)
		for _, m := range [2][][]float64{s.confAvg, s.failAvg} {
			b = primitives.AppendCompactSize(b, uint64(len(m)))
			for _, row := range m {
				b = appendDoubles(b, row)
			}
		}
	}
	return b
}

func appendDoubles(b []byte, v []float64) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(v)))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// reader decodes fee_estimates.dat, checking every count against the
// bytes left before allocating.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrBadFile, what)
	}
}

func (r *reader) u32() uint32 {
	if r.err != nil || len(r.b) < 4 {
		r.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) double() float64 {
	if r.err != nil || len(r.b) < 8 {
		r.fail("truncated")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *reader) count(elemSize int) int {
	if r.err != nil {
		return 0
	}
	n, k, err := primitives.ReadCompactSize(r.b)
	if err != nil || n > uint64(len(r.b)-k)/uint64(elemSize) {
		r.fail("bad count")
		return 0
	}
	r.b = r.b[k:]
	return int(n)
}

func (r *reader) doubles() []float64 {
	n := r.count(8)
	out := make([]float64, n)
	for i := range out {
		out[i] = r.double()
	}
	return out
}

func (r *reader) matrix(cols int) [][]float64 {
	n := r.count(1 + 8*cols)
	out := make([][]float64, n)
	for i := range out {
		out[i] = r.doubles()
		if len(out[i]) != cols {
			r.fail("matrix row of the wrong size")
		}
	}
	return out
}

// readStats reads one horizon's stats with numBuckets buckets (Core's
// TxConfirmStats::Read checks).
func (r *reader) readStats(buckets []float64) *confirmStats {
	nb := len(buckets)
	decay := r.double()
	if r.err == nil && (decay <= 0 || decay >= 1) {
		r.fail("decay must be between 0 and 1 (non-inclusive)")
	}
	scale := r.u32()
	if r.err == nil && (scale == 0 || scale > MaxTarget) {
		r.fail("scale must be non-zero")
	}
	feeAvg := r.doubles()
	if r.err == nil && len(feeAvg) != nb {
		r.fail("mismatch in feerate average bucket count")
	}
	txCt := r.doubles()
	if r.err == nil && len(txCt) != nb {
		r.fail("mismatch in tx count bucket count")
	}
	conf := r.matrix(nb)
	if r.err == nil && (len(conf) == 0 || len(conf)*int(scale) > MaxTarget) {
		r.fail("must maintain estimates for between 1 and 1008 (one week) confirms")
	}
	failed := r.matrix(nb)
	if r.err == nil && len(failed) != len(conf) {
		r.fail("mismatch in confirms tracked for failures")
	}
	if r.err != nil {
		return nil
	}
	s := newConfirmStats(buckets, len(conf), int(scale), decay)
	copy(s.feeAvg, feeAvg)
	copy(s.txCtAvg, txCt)
	for i := range conf {
		copy(s.confAvg[i], conf[i])
		copy(s.failAvg[i], failed[i])
	}
	return s
}

// Decode replaces the estimator's state with fee_estimates.dat's content b
// (Core's Read). Transactions being tracked are forgotten. A file whose
// required version is older than Core's current format is ignored, as Core
// does; a malformed one returns an error wrapping ErrBadFile and leaves the
// estimator unchanged.
//
// This function is safe for concurrent access.
func (e *Estimator) Decode(b []byte) error {
	r := &reader{b: b}
	required := r.u32()
	_ = r.u32() // version that wrote
	best := r.u32()
	if r.err != nil {
		return r.err
	}
	if required > feesFileVersionWrote {
		return fmt.Errorf("%w: up-version (%d) fee estimate file", ErrBadFile, required)
	}
	if required < feesFileVersionRequired {
		return nil // incompatible old data, not fatal
	}
	first, last := r.u32(), r.u32()
	if r.err == nil && (first > last || last > best) {
		r.fail("historical block range for estimates is invalid")
	}
	buckets := r.doubles()
	if r.err == nil && (len(buckets) <= 1 || len(buckets) > 1000) {
		r.fail("must have between 2 and 1000 feerate buckets")
	}
	for i := 1; r.err == nil && i < len(buckets); i++ {
		if !(buckets[i] > buckets[i-1]) {
			r.fail("feerate buckets out of order")
		}
	}
	med := r.readStats(buckets)
	short := r.readStats(buckets)
	long := r.readStats(buckets)
	if r.err != nil {
		return r.err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.buckets = buckets
	e.med, e.short, e.l = med, short, long
	e.txs = make(map[chainhash.Hash]tracked)
	e.bestSeen, e.histFirst, e.histBest = best, first, last
	e.firstRecorded = 0
	return nil
}

// WriteFile writes the estimator to path (fee_estimates.dat) through a synced
// temporary file renamed into place.
//
// This function is safe for concurrent access.
func (e *Estimator) WriteFile(path string) error {
	return fsutil.WriteFileAtomic(path, e.Encode(), 0o600)
}

// ReadFile loads path unless it is missing (nil error, nothing loaded) or
// last modified more than MaxFileAge before now (Core's
// -acceptstalefeeestimates is off by default; loaded reports false).
//
// This function is safe for concurrent access.
func (e *Estimator) ReadFile(path string, now time.Time) (loaded bool, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if now.Sub(st.ModTime()) > MaxFileAge {
		return false, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	if err := e.Decode(b); err != nil {
		return false, err
	}
	return true, nil
}

// blockSpan is Core's BlockSpan: the blocks recorded since start.
func (e *Estimator) blockSpan() uint32 {
	if e.firstRecorded == 0 {
		return 0
	}
	return e.bestSeen - e.firstRecorded
}

// historicalSpan is Core's HistoricalBlockSpan: the span loaded from the
// file, unless it ended too long ago.
func (e *Estimator) historicalSpan() uint32 {
	if e.histFirst == 0 {
		return 0
	}
	if e.bestSeen-e.histBest > oldestEstimateHistory {
		return 0
	}
	return e.histBest - e.histFirst
}
