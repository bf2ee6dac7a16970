package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace is the prefix of every twinchain series.
const Namespace = "twinchain"

// Path is where Handler serves the metrics.
const Path = "/metrics"

// Histogram buckets, in seconds: block validation and connection from 0.25 ms
// to about 16 s, RPC calls from 0.1 ms to about 18 s.
var (
	blockBuckets = prometheus.ExponentialBuckets(0.00025, 2, 17)
	rpcBuckets   = prometheus.ExponentialBuckets(0.0001, 3, 12)
)

// Registry is the metrics of one node: its own Prometheus registry with the
// Go and process collectors, the UTXO chain's timing histograms and cache
// gauges, the RPC series, and the sources added with AddBTC and AddETH.
//
// All methods are safe for concurrent access.
type Registry struct {
	reg *prometheus.Registry

	blockValidation prometheus.Histogram
	blockConnect    prometheus.Histogram
	utxoCoins       prometheus.Gauge
	utxoBytes       prometheus.Gauge
	utxoFlushes     prometheus.Counter

	rpcRequests *prometheus.CounterVec
	rpcSeconds  *prometheus.HistogramVec
}

// New returns a Registry with the runtime collectors and the node-wide series
// (block timings, UTXO cache, RPC) registered; the chains' sources are added
// with AddBTC and AddETH.
//
// This function is safe for concurrent access.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	r.blockValidation = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: Namespace, Subsystem: "btc", Name: "block_validation_seconds",
		Help:    "Time to validate one block against the UTXO set (checks, scripts, coin updates).",
		Buckets: blockBuckets,
	})
	r.blockConnect = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: Namespace, Subsystem: "btc", Name: "block_connect_seconds",
		Help:    "Time to connect one block to the active chain, reading, validation and cache writes included.",
		Buckets: blockBuckets,
	})
	r.utxoCoins = prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Subsystem: "btc", Name: "utxo_cache_coins",
		Help: "Coins held in the UTXO cache.",
	})
	r.utxoBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Subsystem: "btc", Name: "utxo_cache_bytes",
		Help: "Memory estimate of the UTXO cache in bytes.",
	})
	r.utxoFlushes = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "btc", Name: "utxo_flushes_total",
		Help: "Writes of the UTXO cache to the chainstate database.",
	})
	r.rpcRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "rpc", Name: "requests_total",
		Help: "JSON-RPC calls by server, method and JSON-RPC error code (0: success).",
	}, []string{"server", "method", "code"})
	r.rpcSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Subsystem: "rpc", Name: "request_seconds",
		Help:    "Duration of JSON-RPC calls by server and method.",
		Buckets: rpcBuckets,
	}, []string{"server", "method"})
	r.reg.MustRegister(r.blockValidation, r.blockConnect, r.utxoCoins, r.utxoBytes, r.utxoFlushes,
		r.rpcRequests, r.rpcSeconds)
	return r
}

// Handler returns the HTTP handler of the metrics: GET or HEAD on Path
// answers in the Prometheus text (or negotiated) exposition format, any
// other path is 404 and any other method 405.
//
// This function is safe for concurrent access.
func (r *Registry) Handler() http.Handler {
	h := promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != Path {
			http.NotFound(w, req)
			return
		}
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.ServeHTTP(w, req)
	})
}

// Gatherer returns the registry, for tests and for embedding in another
// exposition.
//
// This function is safe for concurrent access.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// ObserveBlockValidation records the validation time of one block.
//
// This function is safe for concurrent access.
func (r *Registry) ObserveBlockValidation(d time.Duration) {
	r.blockValidation.Observe(d.Seconds())
}

// ObserveBlockConnect records the time taken to connect one block.
//
// This function is safe for concurrent access.
func (r *Registry) ObserveBlockConnect(d time.Duration) {
	r.blockConnect.Observe(d.Seconds())
}

// SetUTXOCache records the UTXO cache's size: coins held and memory in bytes.
//
// This function is safe for concurrent access.
func (r *Registry) SetUTXOCache(coins int, bytes int64) {
	r.utxoCoins.Set(float64(coins))
	r.utxoBytes.Set(float64(bytes))
}

// UTXOFlushed counts one write of the UTXO cache to the chainstate.
//
// This function is safe for concurrent access.
func (r *Registry) UTXOFlushed() { r.utxoFlushes.Inc() }
