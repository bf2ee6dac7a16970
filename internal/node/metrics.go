package node

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/metrics"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// Timeouts of the metrics HTTP server: scrapes are small GETs.
const (
	metricsReadTimeout  = 10 * time.Second
	metricsWriteTimeout = 30 * time.Second
	metricsIdleTimeout  = 60 * time.Second
	metricsStopTimeout  = 5 * time.Second
)

// nodeMetrics is the node's Prometheus registry and the HTTP server that
// serves it at /metrics (-metrics).
type nodeMetrics struct {
	reg  *metrics.Registry
	srv  *http.Server
	addr net.Addr
	done chan struct{} // closed when Serve has returned
}

// initMetrics builds the registry when -metrics is on, before the chains
// start, so their observer hooks can feed it.
func (n *Node) initMetrics() {
	if n.cfg.Metrics == "" {
		return
	}
	m := &nodeMetrics{reg: metrics.New()}
	n.mu.Lock()
	n.metrics = m
	n.mu.Unlock()
}

// chainObserver returns the UTXO chain's observer hook (nil without metrics).
func (n *Node) chainObserver() blockchain.Observer {
	if n.metrics == nil {
		return nil
	}
	return chainMetrics{n.metrics.reg}
}

// rpcObserveFunc is the JSON-RPC servers' observer hook
// (jsonrpc.ServerConfig.Observe).
type rpcObserveFunc = func(method string, code int, elapsed time.Duration)

// rpcObserver returns the JSON-RPC observer hook of the server named server
// (nil without metrics).
func (n *Node) rpcObserver(server string) rpcObserveFunc {
	if n.metrics == nil {
		return nil
	}
	return n.metrics.reg.RPCObserver(server)
}

// startMetrics adds the chains' sources and binds the metrics listener. A
// busy default address is a warning (the node runs without metrics), a busy
// explicit one an error.
func (n *Node) startMetrics(ctx context.Context) error {
	m := n.metrics
	if m == nil {
		return nil
	}
	n.mu.Lock()
	b, e := n.btc, n.eth
	n.mu.Unlock()
	if b != nil && b.chain != nil {
		src := metrics.BTCSources{Chain: btcHeights{b.chain}}
		if b.pool != nil {
			src.Mempool = b.pool
		}
		n.mu.Lock()
		services := n.services
		n.mu.Unlock()
		for _, s := range services {
			if p, ok := s.(*p2pService); ok {
				src.Peers = p
			}
		}
		if err := m.reg.AddBTC(src); err != nil {
			return makeError(ErrStartup, "%v", err)
		}
	}
	if e != nil && e.chain != nil {
		src := metrics.ETHSources{Chain: ethHead{e}}
		if e.pool != nil {
			src.TxPool = e.pool
		}
		if e.p2p != nil {
			src.Peers = ethPeers{e.p2p}
		}
		if err := m.reg.AddETH(src); err != nil {
			return makeError(ErrStartup, "%v", err)
		}
	}

	addr := n.cfg.Metrics
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		if n.cfg.MetricsDefault {
			n.log.Warn("Unable to bind the metrics listener on the default address; metrics are off", "addr", addr, "err", err)
			n.mu.Lock()
			n.metrics = nil
			n.mu.Unlock()
			return nil
		}
		return makeError(ErrStartup, "Unable to bind the metrics listener on %s: %v", addr, err)
	}
	if ap, err := netip.ParseAddrPort(ln.Addr().String()); err == nil && !ap.Addr().IsLoopback() {
		n.log.Warn("Metrics are served on a non-loopback address", "addr", ln.Addr().String())
	}
	m.addr = ln.Addr()
	m.srv = &http.Server{
		Handler:           m.reg.Handler(),
		ReadHeaderTimeout: metricsReadTimeout,
		ReadTimeout:       metricsReadTimeout,
		WriteTimeout:      metricsWriteTimeout,
		IdleTimeout:       metricsIdleTimeout,
		MaxHeaderBytes:    8192,
	}
	m.done = make(chan struct{})
	go func() {
		defer close(m.done)
		if err := m.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.logs.For("http").Warn("metrics server", "err", err)
		}
	}()
	n.log.Info("Serving metrics on http://" + ln.Addr().String() + metrics.Path)
	return nil
}

// stopMetrics stops the metrics server, waiting briefly for scrapes in
// flight.
func (n *Node) stopMetrics() error {
	n.mu.Lock()
	m := n.metrics
	n.mu.Unlock()
	if m == nil || m.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), metricsStopTimeout)
	defer cancel()
	err := m.srv.Shutdown(ctx)
	if err != nil {
		err = m.srv.Close()
	}
	<-m.done
	return err
}

// MetricsAddr returns the address the metrics server is bound to, or nil
// when it is off, so a node started on port 0 can be scraped.
//
// This function is safe for concurrent access.
func (n *Node) MetricsAddr() net.Addr {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.metrics == nil {
		return nil
	}
	return n.metrics.addr
}

// chainMetrics adapts the metrics registry to blockchain.Observer.
type chainMetrics struct{ r *metrics.Registry }

// BlockConnected records a block's validation and connection times and the
// UTXO cache's size.
func (c chainMetrics) BlockConnected(s blockchain.ConnectStats) {
	c.r.ObserveBlockValidation(s.Validation)
	c.r.ObserveBlockConnect(s.Total)
	c.r.SetUTXOCache(s.CoinsCount, s.CoinsBytes)
}

// StateFlushed counts a chainstate write and records the cache's new size.
func (c chainMetrics) StateFlushed(s blockchain.FlushStats) {
	c.r.UTXOFlushed()
	c.r.SetUTXOCache(s.CoinsCount, s.CoinsBytes)
}

// btcHeights adapts the chain to metrics.BTCChain.
type btcHeights struct{ c *blockchain.Chain }

// Heights returns the tip's and the best header's heights.
func (h btcHeights) Heights() (int32, int32) {
	s := h.c.BestState()
	return s.Height, s.BestHeaderHeight
}

// ethHead adapts the account chain to metrics.ETHChain.
type ethHead struct{ e *ethNode }

// HeadNumber returns the head block's number.
func (h ethHead) HeadNumber() uint64 { return h.e.chain.CurrentHeader().Number }

// ethPeers adapts the account chain's network to metrics.PeerCounter.
type ethPeers struct{ s *ethP2P }

// PeerCount returns the account chain's connections (0 when its network is
// not running).
func (p ethPeers) PeerCount() int {
	p.s.mu.Lock()
	cm := p.s.cm
	p.s.mu.Unlock()
	if cm == nil {
		return 0
	}
	return cm.ConnectionCount(connmgr.DirAll)
}

// PeerCount returns the number of connected P2P peers (metrics.PeerCounter).
//
// This function is safe for concurrent access.
func (s *p2pService) PeerCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.peers)
}
