package metrics

import (
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// rpcKey is one label set of the RPC series of a server.
type rpcKey struct {
	method string
	code   int
}

// rpcSeries are the resolved series of one label set.
type rpcSeries struct {
	count prometheus.Counter
	dur   prometheus.Observer
}

// RPCObserver returns the function to plug into a JSON-RPC server's
// observer hook (jsonrpc.ServerConfig.Observe) for the server named server
// ("btc", "eth"): it counts the call in twinchain_rpc_requests_total and
// records its duration in twinchain_rpc_request_seconds. The caller must
// only pass method names the server knows, so that the number of series
// stays bounded. After a label set's first call, an observation does not
// allocate.
//
// This function is safe for concurrent access, as is the function it returns.
func (r *Registry) RPCObserver(server string) func(method string, code int, elapsed time.Duration) {
	var cache sync.Map // rpcKey -> *rpcSeries
	return func(method string, code int, elapsed time.Duration) {
		k := rpcKey{method, code}
		v, ok := cache.Load(k)
		if !ok {
			v, _ = cache.LoadOrStore(k, &rpcSeries{
				count: r.rpcRequests.WithLabelValues(server, method, strconv.Itoa(code)),
				dur:   r.rpcSeconds.WithLabelValues(server, method),
			})
		}
		s := v.(*rpcSeries)
		s.count.Inc()
		s.dur.Observe(elapsed.Seconds())
	}
}
