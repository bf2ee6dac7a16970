package node

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/twinchain/twinchain/internal/explorer"
)

// Explorer HTTP server limits. There is no write timeout: /events streams
// stay open (the explorer bounds their number).
const (
	explorerReadHeaderTimeout = 10 * time.Second
	explorerReadTimeout       = 30 * time.Second
	explorerIdleTimeout       = 120 * time.Second
	explorerMaxHeaderBytes    = 64 << 10
	explorerShutdownTimeout   = 5 * time.Second
)

// explorerService is the web explorer (-explorer) and its listener.
type explorerService struct {
	srv  *explorer.Server
	http *http.Server
	ln   net.Listener
	btc  *btcExplorerSource
	done chan struct{}
}

// startExplorer serves the explorer on cfg.Explorer, over the chains, the
// pools and the address indexes (started before it). A busy default
// address is a warning; a busy explicit one an error.
func (n *Node) startExplorer(ctx context.Context) error {
	cfg := n.cfg
	if cfg.Explorer == "" {
		return nil
	}
	log := n.logs.For("explorer")
	ln, err := net.Listen("tcp", cfg.Explorer)
	if err != nil {
		if cfg.ExplorerDefault {
			log.Warn("Explorer not started: the default address is busy", "addr", cfg.Explorer, "err", err)
			return nil
		}
		return makeError(ErrStartup, "Unable to start the explorer on %s: %v", cfg.Explorer, err)
	}
	n.mu.Lock()
	b, e, ai := n.btc, n.eth, n.addrIdx
	n.mu.Unlock()
	ecfg := explorer.Config{Logger: log}
	es := &explorerService{ln: ln, done: make(chan struct{})}
	if b != nil && b.chain != nil && b.pool != nil {
		es.btc = newBTCExplorerSource(n.params, b.chain, b.pool, ai.btcIndex())
		n.addTxSink(es.btc)
		ecfg.BTC = es.btc
	}
	if e != nil && e.chain != nil && e.pool != nil {
		ecfg.ETH = newETHExplorerSource(e.chain, e.pool, ai.ethIndex())
	}
	es.srv = explorer.New(ecfg)
	if err := es.srv.Start(ctx); err != nil {
		ln.Close()
		if es.btc != nil {
			es.btc.close()
		}
		return makeError(ErrStartup, "explorer: %v", err)
	}
	es.http = &http.Server{
		Handler:           es.srv.Handler(),
		ReadHeaderTimeout: explorerReadHeaderTimeout,
		ReadTimeout:       explorerReadTimeout,
		IdleTimeout:       explorerIdleTimeout,
		MaxHeaderBytes:    explorerMaxHeaderBytes,
	}
	go func() {
		defer close(es.done)
		if err := es.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("Explorer server failed", "err", err)
		}
	}()
	n.mu.Lock()
	n.explorer = es
	n.mu.Unlock()
	log.Info("Explorer listening on http://" + ln.Addr().String() + "/")
	return nil
}

// stopExplorer ends the explorer's event streams and shuts its server down.
func (n *Node) stopExplorer() error {
	n.mu.Lock()
	es := n.explorer
	n.explorer = nil
	n.mu.Unlock()
	if es == nil {
		return nil
	}
	errs := []error{es.srv.Stop()}
	ctx, cancel := context.WithTimeout(context.Background(), explorerShutdownTimeout)
	defer cancel()
	if err := es.http.Shutdown(ctx); err != nil {
		errs = append(errs, es.http.Close())
	}
	<-es.done
	if es.btc != nil {
		es.btc.close()
	}
	return errors.Join(errs...)
}

// ExplorerAddr returns the explorer's listen address (nil when it is off or
// before Start), so a node started on port 0 can be reached.
//
// This function is safe for concurrent access.
func (n *Node) ExplorerAddr() net.Addr {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.explorer == nil {
		return nil
	}
	return n.explorer.ln.Addr()
}
