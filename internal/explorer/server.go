package explorer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Defaults of Config fields left zero.
const (
	defaultRecentBlocks = 10
	defaultChartBlocks  = 60
	defaultMaxSSE       = 64
	maxChartBlocks      = 500
	maxPathLen          = 300
	maxQueryLen         = 300
	// btcInfoEntries bounds the per-transaction block data cache (a
	// 4,000-transaction block takes about 160 KB); summaryEntries the
	// small per-block summaries (lists and charts).
	btcInfoEntries = 64
	summaryEntries = 2048
)

// Config configures a Server.
type Config struct {
	// BTC and ETH are the chains' sources; either (not both) may be nil
	// when that chain is switched off.
	BTC BTCSource
	ETH ETHSource
	// Logger receives handler failures and recovered panics (nil: discard).
	Logger *slog.Logger
	// Now returns the current time ("5 minutes ago"); nil means time.Now.
	Now func() time.Time
	// RecentBlocks is the number of recent blocks on the home page per chain
	// (default 10); ChartBlocks the number of blocks the charts span
	// (default 60, at most 500).
	RecentBlocks int
	ChartBlocks  int
	// MaxEventStreams bounds the concurrent /events clients (default 64).
	MaxEventStreams int
}

// Server is the explorer: HTML pages, JSON endpoints and live events.
// The node owns the listener and serves Handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	handler http.Handler
	tmpl    *templates
	hub     *hub

	btcInfoCache *lru[chainhash.Hash, *btcBlockInfo]
	btcSumCache  *lru[chainhash.Hash, *btcSummary]
	ethInfoCache *lru[ethtypes.Hash, *ethBlockSummary]
	chartsMu     sync.Mutex
	btcCharts    cachedCharts
	ethCharts    cachedCharts

	startOnce sync.Once
	stopOnce  sync.Once
	cancels   []func()
}

// New returns a Server reading from cfg's sources. It panics only on a
// template bug (the templates are embedded and parsed here), which the tests
// catch.
//
// This function is safe for concurrent access.
func New(cfg Config) *Server {
	if cfg.RecentBlocks <= 0 {
		cfg.RecentBlocks = defaultRecentBlocks
	}
	if cfg.ChartBlocks <= 0 {
		cfg.ChartBlocks = defaultChartBlocks
	}
	if cfg.ChartBlocks > maxChartBlocks {
		cfg.ChartBlocks = maxChartBlocks
	}
	if cfg.MaxEventStreams <= 0 {
		cfg.MaxEventStreams = defaultMaxSSE
	}
	s := &Server{
		cfg:          cfg,
		log:          cfg.Logger,
		now:          cfg.Now,
		tmpl:         mustParseTemplates(),
		btcInfoCache: newLRU[chainhash.Hash, *btcBlockInfo](btcInfoEntries),
		btcSumCache:  newLRU[chainhash.Hash, *btcSummary](summaryEntries),
		ethInfoCache: newLRU[ethtypes.Hash, *ethBlockSummary](summaryEntries),
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.hub = newHub(cfg.MaxEventStreams)
	s.handler = s.middleware(s.routes())
	return s
}

// Handler returns the explorer's HTTP handler.
//
// This method is safe for concurrent access.
func (s *Server) Handler() http.Handler { return s.handler }

// Start subscribes to the sources' live events and feeds them to /events
// clients. Without Start the pages work but nothing is pushed live.
//
// This method is safe for concurrent access; calls after the first do
// nothing.
func (s *Server) Start(ctx context.Context) error {
	s.startOnce.Do(func() {
		if s.cfg.BTC != nil {
			s.cancels = append(s.cancels, s.cfg.BTC.Subscribe(s.onBTCEvent))
		}
		if s.cfg.ETH != nil {
			s.cancels = append(s.cancels, s.cfg.ETH.Subscribe(s.onETHEvent))
		}
	})
	return nil
}

// Stop unsubscribes from the sources and ends every /events stream.
//
// This method is safe for concurrent access.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		for _, c := range s.cancels {
			c()
		}
		s.hub.close()
	})
	return nil
}

// routes registers every page and endpoint.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleHome)
	m.HandleFunc("GET /search", s.handleSearch)
	m.HandleFunc("GET /events", s.handleEvents)
	m.HandleFunc("GET /static/{file}", s.handleStatic)
	m.HandleFunc("GET /favicon.ico", s.handleFavicon)

	m.HandleFunc("GET /btc/block/{hash}", s.btcPage(s.handleBTCBlock))
	m.HandleFunc("GET /btc/block-height/{n}", s.btcPage(s.handleBTCBlockHeight))
	m.HandleFunc("GET /btc/tx/{txid}", s.btcPage(s.handleBTCTx))
	m.HandleFunc("GET /btc/address/{addr}", s.btcPage(s.handleBTCAddress))
	m.HandleFunc("GET /btc/mempool", s.btcPage(s.handleBTCMempool))

	m.HandleFunc("GET /eth/block/{id}", s.ethPage(s.handleETHBlock))
	m.HandleFunc("GET /eth/tx/{hash}", s.ethPage(s.handleETHTx))
	m.HandleFunc("GET /eth/address/{addr}", s.ethPage(s.handleETHAddress))
	m.HandleFunc("GET /eth/uncle/{hash}/{index}", s.ethPage(s.handleETHUncle))

	m.HandleFunc("GET /api/blocks/tip/height", s.btcAPI(s.apiTipHeight))
	m.HandleFunc("GET /api/blocks/tip/hash", s.btcAPI(s.apiTipHash))
	m.HandleFunc("GET /api/blocks", s.btcAPI(s.apiBlocks))
	m.HandleFunc("GET /api/blocks/{start}", s.btcAPI(s.apiBlocks))
	m.HandleFunc("GET /api/block/{hash}", s.btcAPI(s.apiBlock))
	m.HandleFunc("GET /api/block/{hash}/status", s.btcAPI(s.apiBlockStatus))
	m.HandleFunc("GET /api/block/{hash}/txids", s.btcAPI(s.apiBlockTxids))
	m.HandleFunc("GET /api/block/{hash}/header", s.btcAPI(s.apiBlockHeader))
	m.HandleFunc("GET /api/block/{hash}/txs", s.btcAPI(s.apiBlockTxs))
	m.HandleFunc("GET /api/block/{hash}/txs/{start}", s.btcAPI(s.apiBlockTxs))
	m.HandleFunc("GET /api/block-height/{n}", s.btcAPI(s.apiBlockHeight))
	m.HandleFunc("GET /api/tx/{txid}", s.btcAPI(s.apiTx))
	m.HandleFunc("GET /api/tx/{txid}/outspends", s.btcAPI(s.apiOutspends))
	m.HandleFunc("GET /api/tx/{txid}/status", s.btcAPI(s.apiTxStatus))
	m.HandleFunc("GET /api/tx/{txid}/hex", s.btcAPI(s.apiTxHex))
	m.HandleFunc("GET /api/address/{addr}", s.btcAPI(s.apiAddress))
	m.HandleFunc("GET /api/address/{addr}/txs", s.btcAPI(s.apiAddressTxs))
	m.HandleFunc("GET /api/address/{addr}/utxo", s.btcAPI(s.apiAddressUTXO))
	m.HandleFunc("GET /api/mempool", s.btcAPI(s.apiMempool))
	m.HandleFunc("GET /api/mempool/recent", s.btcAPI(s.apiMempoolRecent))

	m.HandleFunc("GET /api/eth/blocks/tip/number", s.ethAPI(s.apiETHTipNumber))
	m.HandleFunc("GET /api/eth/block/{id}", s.ethAPI(s.apiETHBlock))
	m.HandleFunc("GET /api/eth/tx/{hash}", s.ethAPI(s.apiETHTx))
	m.HandleFunc("GET /api/eth/address/{addr}", s.ethAPI(s.apiETHAddress))
	m.HandleFunc("GET /api/eth/address/{addr}/txs", s.ethAPI(s.apiETHAddressTxs))
	m.HandleFunc("GET /api/eth/uncle/{hash}/{index}", s.ethAPI(s.apiETHUncle))

	m.HandleFunc("/", s.handleNotFound)
	return m
}

// securityHeaders are set on every response.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// middleware wraps the router: security headers, method and path checks
// and the panic guard.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaders {
			h.Set(kv[0], kv[1])
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("explorer: panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.writeError(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			s.writeError(w, r, http.StatusMethodNotAllowed, "the explorer is read-only: only GET and HEAD are allowed")
			return
		}
		if msg := checkPath(r); msg != "" {
			s.writeError(w, r, http.StatusBadRequest, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkPath rejects request targets that a plain link never produces: overlong
// paths and queries, escaped characters in the path, dot segments, empty
// segments and backslashes. It returns the reason, or "" for a clean path.
func checkPath(r *http.Request) string {
	p := r.URL.Path
	switch {
	case len(p) > maxPathLen || len(r.URL.RawQuery) > maxQueryLen:
		return "request too long"
	case r.URL.RawPath != "" || strings.ContainsAny(p, "%\\\x00") || strings.ContainsAny(r.RequestURI, "\\"):
		return "escaped characters are not allowed in the path"
	case !strings.HasPrefix(p, "/"):
		return "bad path"
	case strings.Contains(p, "//"), strings.Contains(p, "/./"), strings.Contains(p, "/../"),
		strings.HasSuffix(p, "/."), strings.HasSuffix(p, "/.."):
		return "bad path"
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x21 || c > 0x7e {
			return "bad path"
		}
	}
	return ""
}

// httpStatus maps an error to an HTTP status and the text shown to users.
func httpStatus(err error) (int, string) {
	var e *Error
	switch {
	case errors.Is(err, ErrBadRequest):
		if errors.As(err, &e) {
			return http.StatusBadRequest, e.Description
		}
		return http.StatusBadRequest, "bad request"
	case errors.Is(err, ErrChainDisabled):
		return http.StatusNotFound, "that chain is not enabled on this node"
	case errors.Is(err, ErrNotFound):
		if errors.As(err, &e) {
			return http.StatusNotFound, e.Description
		}
		return http.StatusNotFound, "not found"
	}
	return http.StatusServiceUnavailable, "the node could not answer; try again"
}

// fail answers a handler error: 400/404 for request errors, 503 (logged) for
// source failures.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := httpStatus(err)
	if code == http.StatusServiceUnavailable {
		s.log.Warn("explorer: source error", "path", r.URL.Path, "err", err)
	}
	s.writeError(w, r, code, msg)
}

// isAPI reports whether the request is for a JSON endpoint.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// writeError writes an error page (HTML) or, for /api/, a plain-text body as
// Esplora does.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if isAPI(r) || r.URL.Path == "/events" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(code)
		if r.Method != http.MethodHead {
			io.WriteString(w, msg+"\n")
		}
		return
	}
	s.render(w, r, code, "error", errorPage{page: s.page(http.StatusText(code)), Code: code, Message: msg})
}

// handleNotFound answers every path no route matches.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, "no such page")
}

// btcPage guards a handler that needs the UTXO chain.
func (s *Server) btcPage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.BTC == nil {
			s.fail(w, r, ErrChainDisabled)
			return
		}
		h(w, r)
	}
}

// ethPage guards a handler that needs the account chain.
func (s *Server) ethPage(h http.HandlerFunc) http.HandlerFunc { return s.ethAPI(h) }

// btcAPI is btcPage for JSON endpoints.
func (s *Server) btcAPI(h http.HandlerFunc) http.HandlerFunc { return s.btcPage(h) }

// ethAPI guards a handler that needs the account chain.
func (s *Server) ethAPI(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.ETH == nil {
			s.fail(w, r, ErrChainDisabled)
			return
		}
		h(w, r)
	}
}
