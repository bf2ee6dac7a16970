package txpool

import (
	"errors"
	"sync"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

func nonces(txs []*ethtypes.Transaction) []uint64 {
	out := make([]uint64, len(txs))
	for i, tx := range txs {
		out[i] = tx.Nonce()
	}
	return out
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustAdd(t *testing.T, p *Pool, local bool, txs ...*ethtypes.Transaction) {
	t.Helper()
	for i, err := range p.Add(txs, local) {
		if err != nil {
			t.Fatalf("tx %d (nonce %d): %v", i, txs[i].Nonce(), err)
		}
	}
	checkInvariants(t, p)
}

func checkStatus(t *testing.T, p *Pool, wantPending, wantQueued int) {
	t.Helper()
	if pend, q := p.Status(); pend != wantPending || q != wantQueued {
		t.Fatalf("status pending %d queued %d, want %d %d", pend, q, wantPending, wantQueued)
	}
}

// TestNonceGapsAndPromotion adds transactions out of order and checks the
// pending/queued split, Nonce and the announcements.
func TestNonceGapsAndPromotion(t *testing.T) {
	p, _, _ := newTestPool(t, Config{}, 1)
	k, a := key(0)
	var announced []uint64
	unsub := p.SubscribeNewTxs(func(txs []*ethtypes.Transaction) { announced = append(announced, nonces(txs)...) })
	defer unsub()

	mustAdd(t, p, false, dynTx(t, k, 0, gwei, 10*gwei), dynTx(t, k, 2, gwei, 10*gwei), dynTx(t, k, 3, gwei, 10*gwei))
	checkStatus(t, p, 1, 2)
	if n := p.Nonce(a); n != 1 {
		t.Fatalf("pending nonce %d, want 1", n)
	}
	if !equalU64(announced, []uint64{0}) {
		t.Fatalf("announced %v", announced)
	}
	mustAdd(t, p, false, dynTx(t, k, 1, gwei, 10*gwei))
	checkStatus(t, p, 4, 0)
	if n := p.Nonce(a); n != 4 {
		t.Fatalf("pending nonce %d, want 4", n)
	}
	if !equalU64(announced, []uint64{0, 1, 2, 3}) {
		t.Fatalf("announced %v", announced)
	}
	pending, queued := p.Content()
	if !equalU64(nonces(pending[a]), []uint64{0, 1, 2, 3}) || len(queued) != 0 {
		t.Fatalf("content pending %v queued %v", nonces(pending[a]), queued)
	}
	unsub()
	mustAdd(t, p, false, dynTx(t, k, 4, gwei, 10*gwei))
	if len(announced) != 4 {
		t.Fatalf("announced after unsubscribe")
	}
	pend, q := p.ContentFrom(a)
	if len(pend) != 5 || len(q) != 0 {
		t.Fatalf("ContentFrom %d %d", len(pend), len(q))
	}
	tx := pend[2]
	if !p.Has(tx.Hash()) || p.Get(tx.Hash()) != tx || p.Get(ethtypes.Hash{1}) != nil {
		t.Fatalf("Has/Get")
	}
}

// TestReplacement checks the 10% bump rule on both fee fields, for pending
// and queued transactions and legacy ones.
func TestReplacement(t *testing.T) {
	tests := []struct {
		name           string
		nonce          uint64 // 0 pending, 5 queued
		tip, feeCap    uint64
		legacy         bool
		legacyPrice    uint64
		wantErr        error
		wantPending    int
		wantQueued     int
		replacedExists bool
	}{
		{name: "pending exact 10% bump", tip: 110, feeCap: 1100 * gwei / 100, wantPending: 1},
		{name: "pending 9% bump", tip: 109, feeCap: 1100 * gwei / 100, wantErr: ErrReplaceUnderpriced, wantPending: 1, replacedExists: true},
		{name: "pending fee cap only", tip: 100, feeCap: 20 * gwei, wantErr: ErrReplaceUnderpriced, wantPending: 1, replacedExists: true},
		{name: "pending tip only", tip: 200, feeCap: 10 * gwei, wantErr: ErrReplaceUnderpriced, wantPending: 1, replacedExists: true},
		{name: "pending lower", tip: 50, feeCap: 5 * gwei, wantErr: ErrReplaceUnderpriced, wantPending: 1, replacedExists: true},
		{name: "queued exact bump", nonce: 5, tip: 110, feeCap: 11 * gwei, wantPending: 1, wantQueued: 1},
		{name: "queued no bump", nonce: 5, tip: 105, feeCap: 11 * gwei, wantErr: ErrReplaceUnderpriced, wantPending: 1, wantQueued: 1, replacedExists: true},
		{name: "legacy replaces dynamic", legacy: true, legacyPrice: 11 * gwei, wantErr: nil, wantPending: 1},
		{name: "legacy too cheap", legacy: true, legacyPrice: 10 * gwei, wantErr: ErrReplaceUnderpriced, wantPending: 1, replacedExists: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, _ := newTestPool(t, Config{}, 1)
			k, a := key(0)
			// The original pays tip 100 wei and fee cap 10 gwei; for the
			// legacy cases tip and fee cap are both 10 gwei, as a legacy
			// replacement has them equal.
			tip := uint64(100)
			if tc.legacy {
				tip = 10 * gwei
			}
			mustAdd(t, p, false, dynTx(t, k, 0, tip, 10*gwei))
			orig := p.Pending(PendingFilter{})[a][0]
			if tc.nonce != 0 {
				orig = dynTx(t, k, tc.nonce, tip, 10*gwei)
				mustAdd(t, p, false, orig)
			}
			var repl *ethtypes.Transaction
			if tc.legacy {
				repl = legacyTx(t, k, tc.nonce, tc.legacyPrice)
			} else {
				repl = dynTx(t, k, tc.nonce, tc.tip, tc.feeCap)
			}
			err := p.AddRemote(repl)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			checkInvariants(t, p)
			checkStatus(t, p, tc.wantPending, tc.wantQueued)
			if p.Has(orig.Hash()) != tc.replacedExists || p.Has(repl.Hash()) == tc.replacedExists {
				t.Fatalf("orig present %v, replacement present %v", p.Has(orig.Hash()), p.Has(repl.Hash()))
			}
		})
	}
}

// TestBumped checks the percentage arithmetic, including at 2^256-1.
func TestBumped(t *testing.T) {
	max := new(uint256.Int).SetAllOne()
	tests := []struct {
		name string
		v    *uint256.Int
		pct  uint64
		want *uint256.Int
	}{
		{"zero", uint256.NewInt(0), 10, uint256.NewInt(0)},
		{"small rounds down", uint256.NewInt(15), 10, uint256.NewInt(16)},
		{"gwei", uint256.NewInt(gwei), 10, uint256.NewInt(1_100_000_000)},
		{"saturates", max, 10, max},
		{"hundred", uint256.NewInt(7), 100, uint256.NewInt(14)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := bumped(tc.v, tc.pct); !got.Eq(tc.want) {
				t.Fatalf("bumped(%s, %d) = %s, want %s", tc.v.Dec(), tc.pct, got.Dec(), tc.want.Dec())
			}
		})
	}
}

// TestEviction fills a small pool and checks which transactions go.
func TestEviction(t *testing.T) {
	cfg := Config{GlobalSlots: 4, GlobalQueue: 2, AccountSlots: 1}
	t.Run("cheapest remote evicted", func(t *testing.T) {
		p, _, _ := newTestPool(t, cfg, 10)
		var txs []*ethtypes.Transaction
		for i := 0; i < 6; i++ {
			k, _ := key(i)
			txs = append(txs, dynTx(t, k, 0, uint64(i+1)*gwei, 20*gwei))
		}
		mustAdd(t, p, false, txs...)
		checkStatus(t, p, 6, 0)
		// Pays less than the cheapest: rejected.
		k6, _ := key(6)
		if err := p.AddRemote(dynTx(t, k6, 0, gwei, 20*gwei)); !errors.Is(err, ErrUnderpriced) {
			t.Fatalf("cheap tx: %v", err)
		}
		// Pays more: the tip-1 transaction goes.
		mustAdd(t, p, false, dynTx(t, k6, 0, 10*gwei, 20*gwei))
		if p.Has(txs[0].Hash()) || !p.Has(txs[1].Hash()) {
			t.Fatalf("wrong transaction evicted")
		}
		checkStatus(t, p, 6, 0)
	})
	t.Run("effective tip under base fee decides", func(t *testing.T) {
		p, _, _ := newTestPool(t, cfg, 10)
		// Base fee 1 gwei. Tx 0: tip 2 gwei-1, fee cap 2 gwei -> effective 1 gwei.
		// The others: tip 2 gwei, fee cap 20 gwei -> effective 2 gwei.
		k0, _ := key(0)
		cheap := dynTx(t, k0, 0, 2*gwei-1, 2*gwei)
		mustAdd(t, p, false, cheap)
		for i := 1; i < 6; i++ {
			k, _ := key(i)
			mustAdd(t, p, false, dynTx(t, k, 0, 2*gwei, 20*gwei))
		}
		k6, _ := key(6)
		mustAdd(t, p, false, dynTx(t, k6, 0, 3*gwei, 20*gwei))
		if p.Has(cheap.Hash()) {
			t.Fatalf("the transaction with the lowest effective tip survived")
		}
	})
	t.Run("locals are not evicted", func(t *testing.T) {
		p, _, _ := newTestPool(t, cfg, 10)
		for i := 0; i < 6; i++ {
			k, _ := key(i)
			mustAdd(t, p, true, dynTx(t, k, 0, 1, 20*gwei))
		}
		k6, _ := key(6)
		if err := p.AddRemote(dynTx(t, k6, 0, 100*gwei, 200*gwei)); !errors.Is(err, ErrTxPoolOverflow) {
			t.Fatalf("remote into a pool full of locals: %v", err)
		}
		// A local may still evict nothing and is refused too.
		if err := p.AddLocal(dynTx(t, k6, 0, 100*gwei, 200*gwei)); !errors.Is(err, ErrTxPoolOverflow) {
			t.Fatalf("local into a pool full of locals: %v", err)
		}
		checkStatus(t, p, 6, 0)
	})
	t.Run("future tx may not evict pending", func(t *testing.T) {
		p, _, _ := newTestPool(t, cfg, 10)
		for i := 0; i < 6; i++ {
			k, _ := key(i)
			mustAdd(t, p, false, dynTx(t, k, 0, gwei, 20*gwei))
		}
		k6, _ := key(6)
		if err := p.AddRemote(dynTx(t, k6, 3, 50*gwei, 100*gwei)); !errors.Is(err, ErrFutureReplacePending) {
			t.Fatalf("gapped tx into a full pool: %v", err)
		}
		checkInvariants(t, p)
		checkStatus(t, p, 6, 0)
	})
	t.Run("global pending limit trims the biggest account", func(t *testing.T) {
		p, _, _ := newTestPool(t, Config{GlobalSlots: 8, GlobalQueue: 100, AccountSlots: 2}, 3)
		k0, a0 := key(0)
		k1, a1 := key(1)
		for n := uint64(0); n < 6; n++ {
			mustAdd(t, p, false, dynTx(t, k0, n, gwei, 20*gwei))
		}
		for n := uint64(0); n < 4; n++ {
			mustAdd(t, p, false, dynTx(t, k1, n, gwei, 20*gwei))
		}
		checkStatus(t, p, 8, 0)
		if p.Nonce(a0) != 4 || p.Nonce(a1) != 4 {
			t.Fatalf("nonces %d %d, want 4 4", p.Nonce(a0), p.Nonce(a1))
		}
	})
	t.Run("global queue limit drops the idlest account", func(t *testing.T) {
		clock := &testClock{}
		p, _, _ := newTestPool(t, Config{GlobalQueue: 3, Now: clock.now}, 3)
		k0, a0 := key(0)
		k1, a1 := key(1)
		mustAdd(t, p, false, dynTx(t, k0, 1, gwei, 20*gwei), dynTx(t, k0, 2, gwei, 20*gwei))
		clock.t = clock.t.Add(1e9)
		mustAdd(t, p, false, dynTx(t, k1, 1, gwei, 20*gwei), dynTx(t, k1, 2, gwei, 20*gwei))
		checkStatus(t, p, 0, 3)
		_, q0 := p.ContentFrom(a0)
		_, q1 := p.ContentFrom(a1)
		if len(q0) != 1 || len(q1) != 2 {
			t.Fatalf("queued %d %d, want 1 2", len(q0), len(q1))
		}
	})
}

// TestPendingFilter checks the base fee and tip filters of Pending.
func TestPendingFilter(t *testing.T) {
	p, _, _ := newTestPool(t, Config{}, 3)
	k0, a0 := key(0)
	k1, a1 := key(1)
	k2, a2 := key(2)
	mustAdd(t, p, false, dynTx(t, k0, 0, 3*gwei, 20*gwei), dynTx(t, k0, 1, 1, 20*gwei), dynTx(t, k0, 2, 3*gwei, 20*gwei))
	mustAdd(t, p, false, dynTx(t, k1, 0, gwei, 2*gwei), dynTx(t, k1, 1, gwei, 20*gwei))
	mustAdd(t, p, true, dynTx(t, k2, 0, 0, 20*gwei))
	all := p.Pending(PendingFilter{})
	if len(all[a0]) != 3 || len(all[a1]) != 2 || len(all[a2]) != 1 {
		t.Fatalf("unfiltered %d %d %d", len(all[a0]), len(all[a1]), len(all[a2]))
	}
	f := p.Pending(PendingFilter{BaseFee: uint256.NewInt(5 * gwei), MinTip: uint256.NewInt(gwei)})
	if len(f[a0]) != 1 || len(f[a1]) != 0 || len(f[a2]) != 1 {
		t.Fatalf("filtered %d %d %d", len(f[a0]), len(f[a1]), len(f[a2]))
	}
	if _, ok := f[a1]; ok {
		t.Fatalf("empty account listed")
	}
}

// TestConcurrentAdds adds from several goroutines while reading.
func TestConcurrentAdds(t *testing.T) {
	p, _, _ := newTestPool(t, Config{}, 8)
	var txs [8][]*ethtypes.Transaction
	for i := range txs {
		k, _ := key(i)
		for n := uint64(0); n < 20; n++ {
			txs[i] = append(txs[i], dynTx(t, k, n, gwei, 20*gwei))
		}
	}
	var wg sync.WaitGroup
	for i := range txs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tx := range txs[i] {
				if err := p.AddRemote(tx); err != nil {
					t.Error(err)
				}
				p.Pending(PendingFilter{})
				p.Status()
			}
		}()
	}
	wg.Wait()
	checkInvariants(t, p)
	checkStatus(t, p, 160, 0)
}
