package mempool

import (
	"math"
	"math/bits"
	"time"
)

// minFeeLocked is Core's CTxMemPool::GetMinFee: the rolling minimum fee
// rate, raised when the pool evicts and decaying with a 12-hour half-life
// (6 hours below half the size limit, 3 below a quarter) once a block has
// arrived since the last raise; below half the incremental relay fee it
// drops to zero. A non-zero result is at least the incremental relay fee.
//
// It MUST be called with the pool lock held (for writes).
func (p *Pool) minFeeLocked() FeeRate {
	if !p.blockSinceLastFeeBump || p.rollingMinFee == 0 {
		return FeeRate(p.rollingMinFee)
	}
	now := p.now()
	if now > p.lastRollingFeeUpdate+10 {
		halfLife := float64(rollingFeeHalfLife)
		switch {
		case p.usage < p.cfg.MaxSize/4:
			halfLife /= 4
		case p.usage < p.cfg.MaxSize/2:
			halfLife /= 2
		}
		p.rollingMinFee /= math.Pow(2, float64(now-p.lastRollingFeeUpdate)/halfLife)
		p.lastRollingFeeUpdate = now
		if p.rollingMinFee < float64(p.cfg.IncrementalRelayFee)/2 {
			p.rollingMinFee = 0
			return 0
		}
	}
	return max(FeeRate(p.rollingMinFee), p.cfg.IncrementalRelayFee)
}

// MinFee returns the pool's current minimum fee rate (sat/kvB) for
// acceptance, zero when the pool has not been full recently.
//
// This function is safe for concurrent access.
func (p *Pool) MinFee() FeeRate {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.minFeeLocked()
}

// trackPackageRemoved raises the rolling minimum fee to rate.
func (p *Pool) trackPackageRemoved(rate FeeRate) {
	if float64(rate) > p.rollingMinFee {
		p.rollingMinFee = float64(rate)
		p.blockSinceLastFeeBump = false
	}
}

// descendantScore is the eviction score of Core's descendant_score index:
// the larger of the entry's own fee rate and its descendant package's,
// compared as fee/size fractions.
func lowerScore(a, b *entry) bool {
	// score(x) = max(fee/vsize, descFees/descSize); compare a < b.
	af, as := scoreFrac(a)
	bf, bs := scoreFrac(b)
	if c := cmpFrac(af, as, bf, bs); c != 0 {
		return c < 0
	}
	return a.time > b.time // newer first, as Core breaks ties
}

func scoreFrac(e *entry) (fee, size int64) {
	if cmpFrac(e.modFee, e.vsize, e.descFees, e.descSize) > 0 {
		return e.modFee, e.vsize
	}
	return e.descFees, e.descSize
}

// cmpFrac compares the fractions a/b and c/d, b and d positive, exactly
// with 128-bit products. The numerators may be negative (a negative
// prioritisetransaction delta).
func cmpFrac(a, b, c, d int64) int {
	switch {
	case a < 0 && c >= 0:
		return -1
	case a >= 0 && c < 0:
		return 1
	case a < 0 && c < 0:
		return cmpFrac(-c, d, -a, b)
	}
	lh, ll := bits.Mul64(uint64(a), uint64(d))
	rh, rl := bits.Mul64(uint64(c), uint64(b))
	switch {
	case lh != rh:
		if lh < rh {
			return -1
		}
		return 1
	case ll != rl:
		if ll < rl {
			return -1
		}
		return 1
	}
	return 0
}

// trimToSize is Core's TrimToSize: while the pool is over limit, remove the
// entry with the lowest descendant score with all its descendants, raising
// the rolling minimum fee to the removed package's rate plus the
// incremental relay fee.
//
// It MUST be called with the pool lock held (for writes).
func (p *Pool) trimToSize(limit int64) int {
	removed := 0
	for p.usage > limit && len(p.byTxid) > 0 {
		var worst *entry
		for _, e := range p.byTxid {
			if worst == nil || lowerScore(e, worst) {
				worst = e
			}
		}
		rate := NewFeeRate(worst.descFees, worst.descSize) + p.cfg.IncrementalRelayFee
		p.trackPackageRemoved(rate)
		set := withDescendants(map[*entry]struct{}{worst: {}})
		removed += len(set)
		p.removeSet(set, RemovalSizeLimit)
	}
	return removed
}

// expire is Core's Expire: remove entries older than cutoff (unix
// seconds) with their descendants.
//
// It MUST be called with the pool lock held (for writes).
func (p *Pool) expire(cutoff int64) int {
	if len(p.byTxid) == 0 || cutoff <= p.minTime {
		return 0
	}
	old := make(map[*entry]struct{})
	minTime := int64(math.MaxInt64)
	for _, e := range p.byTxid {
		if e.time < cutoff {
			old[e] = struct{}{}
		} else {
			minTime = min(minTime, e.time)
		}
	}
	p.minTime = minTime
	if len(old) == 0 {
		return 0
	}
	set := withDescendants(old)
	p.removeSet(set, RemovalExpiry)
	return len(set)
}

// limitSize is Core's LimitMempoolSize: expire, then trim.
func (p *Pool) limitSize() {
	p.expire(p.now() - int64(p.cfg.Expiry/time.Second))
	p.trimToSize(p.cfg.MaxSize)
}

// Expire removes transactions older than the configured expiry, with their
// descendants, and returns how many it removed.
//
// This function is safe for concurrent access.
func (p *Pool) Expire() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.expire(p.now() - int64(p.cfg.Expiry/time.Second))
}

// TrimToSize evicts by descendant score until the pool's usage is at
// most limit, and returns how many transactions it removed.
//
// This function is safe for concurrent access.
func (p *Pool) TrimToSize(limit int64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.trimToSize(limit)
}
