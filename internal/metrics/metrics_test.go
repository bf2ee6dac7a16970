package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type fakeBTC struct{ blocks, headers int32 }

func (f fakeBTC) Heights() (int32, int32) { return f.blocks, f.headers }

type fakeMempool struct{}

func (fakeMempool) Count() int        { return 3 }
func (fakeMempool) TotalVSize() int64 { return 450 }
func (fakeMempool) Usage() int64      { return 4096 }

type fakePeers int

func (p fakePeers) PeerCount() int { return int(p) }

type fakeETH uint64

func (f fakeETH) HeadNumber() uint64 { return uint64(f) }

type fakePool struct{}

func (fakePool) Status() (int, int) { return 5, 2 }

// scrape returns the text exposition of r's handler at path.
func scrape(t *testing.T, r *Registry, method, path string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// hasLine reports whether text has a line starting with prefix.
func hasLine(text, prefix string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestRegistrySeries(t *testing.T) {
	r := New()
	if err := r.AddBTC(BTCSources{Chain: fakeBTC{101, 102}, Mempool: fakeMempool{}, Peers: fakePeers(4)}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddETH(ETHSources{Chain: fakeETH(7), TxPool: fakePool{}, Peers: fakePeers(1)}); err != nil {
		t.Fatal(err)
	}
	r.ObserveBlockValidation(3 * time.Millisecond)
	r.ObserveBlockConnect(5 * time.Millisecond)
	r.SetUTXOCache(250, 1<<20)
	r.UTXOFlushed()
	obs := r.RPCObserver("btc")
	obs("getblockcount", 0, time.Millisecond)
	obs("getblockcount", 0, time.Millisecond)
	obs("getblock", -5, time.Millisecond)
	r.RPCObserver("eth")("eth_blockNumber", 0, time.Millisecond)

	code, text := scrape(t, r, http.MethodGet, Path)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{
		"twinchain_btc_blocks 101",
		"twinchain_btc_headers 102",
		"twinchain_btc_peers 4",
		"twinchain_btc_mempool_txs 3",
		"twinchain_btc_mempool_bytes 450",
		"twinchain_btc_mempool_usage_bytes 4096",
		"twinchain_btc_block_validation_seconds_count 1",
		"twinchain_btc_block_connect_seconds_count 1",
		"twinchain_btc_utxo_cache_coins 250",
		"twinchain_btc_utxo_cache_bytes 1.048576e+06",
		"twinchain_btc_utxo_flushes_total 1",
		"twinchain_eth_head_number 7",
		"twinchain_eth_peers 1",
		"twinchain_eth_txpool_pending 5",
		"twinchain_eth_txpool_queued 2",
		`twinchain_rpc_requests_total{code="0",method="getblockcount",server="btc"} 2`,
		`twinchain_rpc_requests_total{code="-5",method="getblock",server="btc"} 1`,
		`twinchain_rpc_requests_total{code="0",method="eth_blockNumber",server="eth"} 1`,
		`twinchain_rpc_request_seconds_count{method="getblockcount",server="btc"} 2`,
		"go_goroutines ",
	} {
		if !hasLine(text, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestRegistriesIndependent(t *testing.T) {
	a, b := New(), New()
	if err := a.AddBTC(BTCSources{Chain: fakeBTC{1, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := b.AddBTC(BTCSources{Chain: fakeBTC{2, 2}}); err != nil {
		t.Fatal(err)
	}
	if _, text := scrape(t, b, http.MethodGet, Path); !hasLine(text, "twinchain_btc_blocks 2") {
		t.Error("second registry does not show its own source")
	}
	err := a.AddBTC(BTCSources{Chain: fakeBTC{1, 1}, Peers: fakePeers(1)})
	if !errors.Is(err, ErrRegister) {
		t.Fatalf("adding twice: %v", err)
	}
	// All or none: the peers of the failed call are not registered.
	if _, text := scrape(t, a, http.MethodGet, Path); hasLine(text, "twinchain_btc_peers") {
		t.Error("a failed AddBTC left a collector behind")
	}
}

func TestHandlerRoutes(t *testing.T) {
	r := New()
	tests := []struct {
		name   string
		method string
		path   string
		want   int
	}{
		{"get", http.MethodGet, Path, http.StatusOK},
		{"head", http.MethodHead, Path, http.StatusOK},
		{"post", http.MethodPost, Path, http.StatusMethodNotAllowed},
		{"root", http.MethodGet, "/", http.StatusNotFound},
		{"other", http.MethodGet, "/metrics/../debug", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, _ := scrape(t, r, tc.method, tc.path); code != tc.want {
				t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, code, tc.want)
			}
		})
	}
}

func TestErrorKinds(t *testing.T) {
	err := error(makeError(ErrRegister, "x %d", 1))
	var e *Error
	if !errors.Is(err, ErrRegister) || !errors.As(err, &e) || e.Error() != "x 1" || ErrRegister.Error() != string(ErrRegister) {
		t.Error("errors.Is/As failed")
	}
}

func TestRPCObserverNoAlloc(t *testing.T) {
	obs := New().RPCObserver("btc")
	obs("getblockcount", 0, time.Millisecond)
	if n := testing.AllocsPerRun(100, func() { obs("getblockcount", 0, time.Millisecond) }); n != 0 {
		t.Errorf("%v allocations per observation", n)
	}
}

func BenchmarkRPCObserver(b *testing.B) {
	obs := New().RPCObserver("btc")
	b.ReportAllocs()
	for b.Loop() {
		obs("getblockcount", 0, time.Millisecond)
	}
}
