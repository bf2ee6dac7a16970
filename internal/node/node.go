package node

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/logging"
)

// Version is twinchaind's version, printed by -version and the banner.
const Version = "0.4.0"

// Node is one twinchaind: the data directory lock, the UTXO ledger (chain,
// mempool, wallets) and the JSON-RPC server in front of them.
type Node struct {
	cfg    *config.Config
	params *chaincfg.Params
	logs   *logging.Logger
	log    *slog.Logger
	start  time.Time

	mu        sync.Mutex
	state     int // 0 new, 1 started, 2 stopping/stopped
	lock      *dirLock
	btc       *btcNode
	eth       *ethNode // the account chain (cfg.ETH)
	rpc       *jsonrpc.Server
	cookie    string // cookie file path when cookie auth is in use
	ownCookie bool   // written by the node (custom -rpccookiefile)
	services  []service
	txSinks   []TxSink
	metrics   *nodeMetrics // nil without -metrics

	addrIdx  *addrIndexes     // nil without -addressindex
	explorer *explorerService // nil without -explorer

	shutdownOnce sync.Once
	shutdown     chan struct{} // closed by RequestShutdown
	stopOnce     sync.Once
	stopped      chan struct{} // closed when Stop has finished
	stopErr      error
}

// New checks the configuration and prepares a node; nothing is opened until
// Start. logs may be nil (nothing is logged).
//
// This function is safe for concurrent access.
func New(cfg *config.Config, logs *logging.Logger) (*Node, error) {
	if cfg == nil {
		return nil, makeError(ErrConfig, "no configuration")
	}
	if logs == nil {
		logs = logging.Discard()
	}
	params, err := btcParams(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := rpcAuth(cfg); err != nil {
		return nil, err
	}
	if _, err := jsonrpc.ParseAllowIP(cfg.RPCAllowIP); err != nil {
		return nil, makeError(ErrConfig, "Invalid -rpcallowip subnet specification: %v. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).", err)
	}
	if _, err := feeRateOption(cfg.MinRelayTxFee, "minrelaytxfee"); err != nil {
		return nil, err
	}
	return &Node{
		cfg:      cfg,
		params:   params,
		logs:     logs,
		log:      logs.For("init"),
		shutdown: make(chan struct{}),
		stopped:  make(chan struct{}),
	}, nil
}

// Start locks the data directory, opens and starts the chain, the mempool,
// the wallets and the RPC server, in that order. When ctx is cancelled (or
// RequestShutdown is called, e.g. by the stop RPC) the node stops itself;
// Wait returns once it has. A failed Start leaves nothing running and the data
// directory consistent.
//
// This function is safe for concurrent access; call it once.
func (n *Node) Start(ctx context.Context) error {
	n.mu.Lock()
	if n.state != 0 {
		n.mu.Unlock()
		return makeError(ErrState, "node already started")
	}
	n.state = 1
	n.mu.Unlock()
	n.start = time.Now()

	err := n.startAll(ctx)
	if err != nil {
		n.log.Error("Startup failed", "err", err)
		n.stopOnce.Do(func() { n.stopErr = n.stopAll(); close(n.stopped) })
		return err
	}
	go func() {
		select {
		case <-ctx.Done():
			n.log.Info("Shutdown requested by signal")
		case <-n.shutdown:
			n.log.Info("Shutdown requested")
		case <-n.stopped:
			return
		}
		_ = n.Stop()
	}()
	return nil
}

func (n *Node) startAll(ctx context.Context) error {
	cfg := n.cfg
	n.log.Info("twinchaind version " + Version)
	n.log.Info("Using data directory " + cfg.BTCDataDir)
	if cfg.ConfFile != "" {
		n.log.Info("Config file: " + cfg.ConfFile)
	}
	for _, w := range cfg.Warnings {
		n.log.Warn(w)
	}
	lock, err := lockDataDir(cfg.BTCDataDir)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.lock = lock
	n.mu.Unlock()

	n.initMetrics()
	if !cfg.BTC && !cfg.ETH {
		return makeError(ErrConfig, "Nothing to run: both chains are switched off (-btc=0 -eth=0)")
	}
	if cfg.BTC {
		if err := n.startBTC(ctx); err != nil {
			return err
		}
	} else {
		n.log.Info("The UTXO chain is switched off (-btc=0)")
	}
	if cfg.ETH {
		if err := n.startETH(ctx); err != nil {
			return err
		}
	}
	if err := n.startAddrIndexes(); err != nil {
		return err
	}
	if err := n.startExplorer(ctx); err != nil {
		return err
	}
	if err := n.startMetrics(ctx); err != nil {
		return err
	}
	n.log.Info("Done loading")
	return nil
}

// startBTC starts the UTXO chain, its services (wallets, mining, P2P, RPC
// back-ends) and, with -server, its JSON-RPC server.
func (n *Node) startBTC(ctx context.Context) error {
	cfg := n.cfg
	b := &btcNode{cfg: cfg, params: n.params, logs: n.logs, log: n.logs.For("validation")}
	b.observer = n.chainObserver()
	n.mu.Lock()
	n.btc = b
	n.mu.Unlock()
	if err := b.start(ctx); err != nil {
		return err
	}
	n.addTxSink(feeSink{b})
	if err := ctx.Err(); err != nil {
		return makeError(ErrStartup, "Shutdown requested during startup")
	}

	// Services (wallets, RPC back-ends) that need the chain.
	for _, s := range n.buildServices() {
		if err := s.start(ctx); err != nil {
			return makeError(ErrStartup, "%s: %v", s.name(), err)
		}
		n.mu.Lock()
		n.services = append(n.services, s)
		n.mu.Unlock()
	}

	if cfg.Server {
		if err := n.startRPC(ctx); err != nil {
			return err
		}
	}
	return nil
}

// startRPC builds the JSON-RPC server, registers the services and binds.
func (n *Node) startRPC(ctx context.Context) error {
	cfg := n.cfg
	auth, err := rpcAuth(cfg)
	if err != nil {
		return err
	}
	allow, err := jsonrpc.ParseAllowIP(cfg.RPCAllowIP)
	if err != nil {
		return makeError(ErrConfig, "Invalid -rpcallowip subnet specification: %v", err)
	}
	listen, warns := rpcListen(cfg)
	for _, w := range warns {
		n.log.Warn(w)
	}
	sc := jsonrpc.ServerConfig{
		Listen:      listen,
		AllowIP:     allow,
		Auth:        auth,
		Threads:     cfg.RPCThreads,
		WorkQueue:   cfg.RPCWorkQueue,
		ReadTimeout: cfg.RPCServerTimeout,
		IdleTimeout: cfg.RPCServerTimeout,
		Logger:      n.logs.For("rpc"),
	}
	sc.Observe = n.rpcObserver("btc")
	if auth.Password == "" {
		// Cookie authentication, as Core: always written, even with -rpcauth.
		if filepath.Base(cfg.RPCCookieFile) == jsonrpc.CookieFile {
			sc.CookieDir = filepath.Dir(cfg.RPCCookieFile)
			if err := os.MkdirAll(sc.CookieDir, 0o700); err != nil {
				return makeError(ErrStartup, "Unable to start HTTP server: cookie directory: %v", err)
			}
		} else {
			pass, err := writeCookieFile(cfg.RPCCookieFile)
			if err != nil {
				return makeError(ErrStartup, "Unable to start HTTP server: cookie file: %v", err)
			}
			sc.Auth.Cookie = pass
			n.ownCookie = true
		}
		n.cookie = cfg.RPCCookieFile
	}
	if cfg.REST {
		for _, s := range n.services {
			if r, ok := s.(interface{ restHandler() http.Handler }); ok {
				sc.REST = r.restHandler()
			}
		}
	}
	srv := jsonrpc.NewServer(sc)
	for _, s := range n.services {
		if err := s.register(srv); err != nil {
			return makeError(ErrStartup, "%s: registering RPC methods: %v", s.name(), err)
		}
	}
	if err := n.fallbackControl(srv); err != nil {
		return makeError(ErrStartup, "registering RPC methods: %v", err)
	}
	if err := srv.Start(ctx); err != nil {
		if n.ownCookie {
			os.Remove(cfg.RPCCookieFile)
		}
		return makeError(ErrStartup, "Unable to start HTTP server. See debug log for details. (%v)", err)
	}
	n.mu.Lock()
	n.rpc = srv
	n.mu.Unlock()
	for _, a := range srv.Addrs() {
		n.log.Info("Binding RPC on address " + a.String())
	}
	return nil
}

// RequestShutdown asks the node to stop (the stop RPC calls it); it returns
// at once and Stop runs on another goroutine.
//
// This function is safe for concurrent access.
func (n *Node) RequestShutdown() {
	n.shutdownOnce.Do(func() { close(n.shutdown) })
}

// Stop shuts the node down in an order that leaves the data directory
// consistent: the RPC server (no new requests), then the mempool is dumped to
// mempool.dat, the wallets are flushed and closed, the chain writes its index
// and UTXO cache and closes, and the lock is released. Later calls return the
// first call's result.
//
// This function is safe for concurrent access.
func (n *Node) Stop() error {
	n.stopOnce.Do(func() {
		n.mu.Lock()
		n.state = 2
		n.mu.Unlock()
		n.log.Info("Shutdown: in progress...")
		n.stopErr = n.stopAll()
		n.log.Info("Shutdown: done")
		_ = n.logs.Sync()
		close(n.stopped)
	})
	<-n.stopped
	return n.stopErr
}

func (n *Node) stopAll() error {
	n.RequestShutdown()
	n.mu.Lock()
	rpc, b, services, lock := n.rpc, n.btc, n.services, n.lock
	n.mu.Unlock()
	var errs []error
	if err := n.stopMetrics(); err != nil { // no scrapes of stopping services
		errs = append(errs, err)
	}
	if err := n.stopExplorer(); err != nil {
		errs = append(errs, err)
	}
	if err := n.stopAddrIndexes(); err != nil { // before the chains close
		errs = append(errs, err)
	}
	if err := n.stopETH(); err != nil {
		errs = append(errs, err)
	}
	if rpc != nil {
		if err := rpc.Stop(); err != nil {
			errs = append(errs, err)
		}
		if n.ownCookie {
			os.Remove(n.cfg.RPCCookieFile)
		}
	}
	if err := stopP2P(services); err != nil { // no blocks or txs from peers from now on
		errs = append(errs, err)
	}
	if b != nil {
		if err := b.stopMempool(); err != nil {
			errs = append(errs, err)
		}
	}
	for i := len(services) - 1; i >= 0; i-- {
		if err := services[i].stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if b != nil {
		if err := b.stopChain(); err != nil {
			errs = append(errs, err)
		}
	}
	if lock != nil {
		if err := lock.release(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Wait blocks until the node has stopped and returns Stop's result.
//
// This function is safe for concurrent access.
func (n *Node) Wait() error {
	<-n.stopped
	return n.stopErr
}

// Done returns a channel closed once the node has stopped.
//
// This function is safe for concurrent access.
func (n *Node) Done() <-chan struct{} { return n.stopped }

// RPCAddrs returns the addresses the RPC server is bound to (nil without
// -server), so a node started on port 0 can be reached.
//
// This function is safe for concurrent access.
func (n *Node) RPCAddrs() []net.Addr {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.rpc == nil {
		return nil
	}
	return n.rpc.Addrs()
}

// CookieFile returns the RPC cookie file path, or "" when -rpcpassword is
// in use or the RPC server is off.
//
// This function is safe for concurrent access.
func (n *Node) CookieFile() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.rpc == nil {
		return ""
	}
	return n.cookie
}

// Chain returns the UTXO chain (nil before Start).
//
// This function is safe for concurrent access.
func (n *Node) Chain() *blockchain.Chain {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.btc == nil {
		return nil
	}
	return n.btc.chain
}

// Mempool returns the transaction pool (nil before Start).
//
// This function is safe for concurrent access.
func (n *Node) Mempool() *mempool.Pool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.btc == nil {
		return nil
	}
	return n.btc.pool
}

// Params returns the network's parameters.
func (n *Node) Params() *chaincfg.Params { return n.params }

// Uptime returns the time since Start.
//
// This function is safe for concurrent access.
func (n *Node) Uptime() time.Duration { return time.Since(n.start) }
