package explorer

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// p95 returns the 95th percentile of ds.
func p95(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)*95+99)/100-1]
}

// timeRenders serves path n times and returns the p95 latency. reset, if
// not nil, runs before each request outside the timing.
func timeRenders(tb testing.TB, h http.Handler, path string, n int, reset func()) time.Duration {
	tb.Helper()
	ds := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		if reset != nil {
			reset()
		}
		req := httptest.NewRequest("GET", path, nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
		if rec.Code != http.StatusOK {
			tb.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
	return p95(ds)
}

// bigBlockServer returns a server over a chain whose tip holds 2,000
// transactions, and the path of that block's page.
func bigBlockServer(tb testing.TB) (*Server, *fakeBTC, string) {
	f := newBTCFixture([]int{1, 2000}, 50)
	if n := len(f.blocks[f.chain[2]].Block.Txs); n != 2001 {
		tb.Fatalf("fixture block has %d txs", n)
	}
	s := New(Config{BTC: f, ETH: newETHFixture(80, 20), Now: fixedNow})
	return s, f, "/btc/block/" + f.chain[2].String()
}

// BenchmarkBlockPage2000 renders the first page of a 2,000-transaction
// block with a cold cache each time: txids, fees of every transaction,
// sizes, header and 25 transaction rows.
func BenchmarkBlockPage2000(b *testing.B) {
	s, _, path := bigBlockServer(b)
	h := s.Handler()
	reset := func() { s.btcInfoCache.clear() }
	b.ReportAllocs()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		b.StopTimer()
		reset()
		req := httptest.NewRequest("GET", path, nil)
		rec := httptest.NewRecorder()
		b.StartTimer()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(float64(p95(ds).Nanoseconds()), "p95-ns")
}

// BenchmarkBlockPage2000Warm is the same page with the block's derived
// data cached (a second visit).
func BenchmarkBlockPage2000Warm(b *testing.B) {
	s, _, path := bigBlockServer(b)
	h := s.Handler()
	b.ReportAllocs()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(float64(p95(ds).Nanoseconds()), "p95-ns")
}

// BenchmarkHomePage renders the home page of both chains (81 account
// blocks, a 2,000-transaction UTXO tip) with the per-tip cache warm.
func BenchmarkHomePage(b *testing.B) {
	s, _, _ := bigBlockServer(b)
	h := s.Handler()
	b.ReportAllocs()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		req := httptest.NewRequest("GET", "/", nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(float64(p95(ds).Nanoseconds()), "p95-ns")
}

// BenchmarkHomePageNewTip renders the home page after each tip change
// (charts rebuilt; block summaries still cached).
func BenchmarkHomePageNewTip(b *testing.B) {
	s, _, _ := bigBlockServer(b)
	h := s.Handler()
	b.ReportAllocs()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		b.StopTimer()
		s.chartsMu.Lock()
		s.btcCharts.home, s.ethCharts.home = nil, nil
		s.chartsMu.Unlock()
		req := httptest.NewRequest("GET", "/", nil)
		rec := httptest.NewRecorder()
		b.StartTimer()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(float64(p95(ds).Nanoseconds()), "p95-ns")
}

// TestRenderP95 times 200 renders of each page and checks the targets
// (block page < 100 ms, home < 50 ms at the 95th percentile) with a wide
// margin, as a guard rather than a measurement (see the benchmarks).
func TestRenderP95(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	s, _, path := bigBlockServer(t)
	h := s.Handler()
	cold := timeRenders(t, h, path, 200, func() { s.btcInfoCache.clear() })
	warm := timeRenders(t, h, path, 200, nil)
	home := timeRenders(t, h, "/", 200, nil)
	t.Logf("p95 over 200 renders: block page (2,000 txs) cold %v, warm %v; home %v", cold, warm, home)
	if cold > 100*time.Millisecond || home > 50*time.Millisecond {
		t.Errorf("p95 over target: block %v (100 ms), home %v (50 ms)", cold, home)
	}
}
