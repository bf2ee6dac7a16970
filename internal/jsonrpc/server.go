package jsonrpc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Defaults, as bitcoind's.
const (
	DefaultThreads        = 16               // -rpcthreads
	DefaultWorkQueue      = 64               // -rpcworkqueue
	DefaultMaxBodyBytes   = 32 << 20         // httpserver.cpp MAX_SIZE: 32 MiB (room for hex blocks)
	DefaultMaxHeaderBytes = 8192             // httpserver.cpp MAX_HEADERS_SIZE
	DefaultServerTimeout  = 30 * time.Second // -rpcservertimeout
	DefaultAuthFailDelay  = 250 * time.Millisecond
	DefaultWSWriteTimeout = 10 * time.Second // geth's WebSocket write timeout
)

// ServerConfig configures a Server. Zero fields take the defaults above.
type ServerConfig struct {
	// Listen are the addresses to bind (host:port). Empty means
	// DefaultListen(8332): 127.0.0.1 and ::1 only.
	Listen []string
	// AllowIP are the -rpcallowip subnets; loopback is always allowed.
	AllowIP []netip.Prefix
	// Auth are the accepted credentials.
	Auth Auth
	// CookieDir, when set and no -rpcpassword is configured, is where Start
	// writes the .cookie file (mode 0600) and Stop deletes it.
	CookieDir string
	// Threads bounds the requests executed at once (-rpcthreads).
	Threads int
	// WorkQueue bounds the requests waiting for a worker (-rpcworkqueue);
	// beyond it the server answers 503.
	WorkQueue int
	// MaxBodyBytes bounds the request body (413 beyond).
	MaxBodyBytes int64
	// MaxHeaderBytes bounds the request header.
	MaxHeaderBytes int
	// MaxBatch bounds the calls of one batch (0: no limit, as bitcoind).
	// A larger batch is not executed: it gets one -32600 "batch too large"
	// error carrying the first call's id, as geth (whose limit is 1000).
	MaxBatch int
	// GethErrors answers protocol errors as geth does instead of as
	// bitcoind: every reply in the JSON-RPC 2.0 shape with HTTP 200, and
	// geth's texts ("parse error", "empty batch", "invalid request", "the
	// method x does not exist/is not available"). The account chain's
	// server sets it.
	GethErrors bool
	// WSWriteTimeout bounds each WebSocket write (default
	// DefaultWSWriteTimeout): a client that leaves its replies and
	// notifications unread that long is disconnected, which ends its
	// subscriptions and frees what they hold.
	WSWriteTimeout time.Duration
	// RequestTimeout is the deadline of each method call's context (0: none).
	RequestTimeout time.Duration
	// ReadTimeout, WriteTimeout and IdleTimeout are the HTTP connection
	// timeouts (default -rpcservertimeout = 30 s for read and idle; write
	// defaults to 0, no limit, as long calls like waitfornewblock need).
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// AuthFailDelay is slept before answering 401 to slow brute force.
	AuthFailDelay time.Duration
	// WebSocket enables the WebSocket transport on GET upgrade requests.
	WebSocket bool
	// REST, when set, serves every request whose path starts with "/rest/"
	// (Core's -rest interface) without authentication; the allow list and
	// the work queue still apply.
	REST http.Handler
	// CORSOrigins, when not empty, turns on CORS for browser pages: an
	// actual request whose Origin matches gets Access-Control-Allow-Origin
	// (the origin, or "*" when the list holds "*"), and a preflight is
	// answered 204 with Allow-Methods "POST, GET", the requested headers
	// and Max-Age 600. An entry may hold one "*" wildcard
	// ("http://*.example.com"); other origins get no CORS headers. Empty
	// (bitcoind): no CORS, preflights get 405.
	CORSOrigins []string
	// VirtualHosts, when not nil, refuses HTTP requests whose Host header
	// names a host not listed, with 403 "invalid host specified" (geth's
	// --http.vhosts, against DNS rebinding). The port is ignored, IP
	// literals and requests without Host always pass (an empty, non-nil
	// list allows only those), and "*" allows every host. WebSocket
	// handshakes are checked by WSOrigins instead. Nil: no check.
	VirtualHosts []string
	// WSOrigins, when not empty, replaces the WebSocket handshake's
	// same-origin check: "*" allows every origin, another entry allows
	// the origins it matches, where scheme and port may be left out
	// ("localhost", "http://localhost", "http://localhost:3000"), as
	// geth's --ws.origins; a handshake without Origin passes. Empty: only
	// same-origin pages and non-browser clients (gorilla's default).
	WSOrigins []string
	// Logger receives warnings; nil discards.
	Logger *slog.Logger
	// Observe, when set, is called after each call of a registered method
	// (unknown names are not reported, so their number stays bounded) with
	// the method's name, the JSON-RPC error code (0 on success) and the
	// time the call took; the node feeds its metrics with it. It runs on
	// the request's goroutine and must be quick and safe for concurrent
	// use. Nil is off and costs nothing.
	Observe func(method string, code int, elapsed time.Duration)
}

// DefaultListen returns Core's default -rpcbind addresses for port:
// 127.0.0.1 and ::1.
func DefaultListen(port int) []string {
	p := strconv.Itoa(port)
	return []string{net.JoinHostPort("127.0.0.1", p), net.JoinHostPort("::1", p)}
}

// Server is an HTTP/WebSocket JSON-RPC server.
type Server struct {
	cfg ServerConfig

	regMu   sync.RWMutex
	methods map[string]*method
	started bool

	workers chan struct{} // semaphore of cfg.Threads tokens
	pending atomic.Int64  // running + waiting requests

	httpSrv   *http.Server
	listeners []net.Listener
	wg        sync.WaitGroup
	upgrader  websocket.Upgrader
	browser   browserPolicy
	wsMu      sync.Mutex
	wsConns   map[*wsConn]struct{}
}

// NewServer returns a Server with the built-in "help" method registered.
func NewServer(cfg ServerConfig) *Server {
	if cfg.Threads <= 0 {
		cfg.Threads = DefaultThreads
	}
	if cfg.WorkQueue <= 0 {
		cfg.WorkQueue = DefaultWorkQueue
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxHeaderBytes <= 0 {
		cfg.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultServerTimeout
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultServerTimeout
	}
	if cfg.WSWriteTimeout <= 0 {
		cfg.WSWriteTimeout = DefaultWSWriteTimeout
	}
	if cfg.AuthFailDelay < 0 {
		cfg.AuthFailDelay = 0
	} else if cfg.AuthFailDelay == 0 {
		cfg.AuthFailDelay = DefaultAuthFailDelay
	}
	if len(cfg.Listen) == 0 {
		cfg.Listen = DefaultListen(8332)
	}
	s := &Server{
		cfg:     cfg,
		methods: make(map[string]*method),
		workers: make(chan struct{}, cfg.Threads),
		wsConns: make(map[*wsConn]struct{}),
	}
	s.upgrader = websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}
	s.browser = newBrowserPolicy(&cfg)
	if s.browser.ws.on {
		s.upgrader.CheckOrigin = s.browser.checkWSOrigin
	}
	s.methods["help"] = &method{
		handler:  s.helpHandler,
		help:     "help ( \"command\" )\n\nList all commands, or get help for a specified command.",
		category: "control",
		argNames: []string{"command"},
	}
	return s
}

func (s *Server) log(msg string, args ...any) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.Warn(msg, args...)
	}
}

// Start writes the cookie file when needed, binds every Listen address and
// serves until Stop. It fails when no address can be bound.
//
// This function is safe for concurrent access; call it once.
func (s *Server) Start(ctx context.Context) error {
	s.regMu.Lock()
	s.started = true
	s.regMu.Unlock()
	if s.cfg.CookieDir != "" && s.cfg.Auth.Password == "" && !s.cfg.Auth.Disabled {
		c, err := WriteCookie(s.cfg.CookieDir)
		if err != nil {
			return err
		}
		s.cfg.Auth.Cookie = c
	}
	s.httpSrv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	var lc net.ListenConfig
	var errs []error
	for _, addr := range s.cfg.Listen {
		l, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			s.log("jsonrpc: binding RPC failed", "addr", addr, "err", err)
			errs = append(errs, err)
			continue
		}
		s.listeners = append(s.listeners, l)
	}
	if len(s.listeners) == 0 {
		if s.cfg.CookieDir != "" {
			DeleteCookie(s.cfg.CookieDir)
		}
		return &TransportError{Err: ErrBadBind, Description: "unable to bind any endpoint for RPC server: " + errors.Join(errs...).Error()}
	}
	for _, l := range s.listeners {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := s.httpSrv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log("jsonrpc: serve", "addr", l.Addr(), "err", err)
			}
		}()
	}
	return nil
}

// Addrs returns the bound addresses (useful with port 0).
func (s *Server) Addrs() []net.Addr {
	out := make([]net.Addr, len(s.listeners))
	for i, l := range s.listeners {
		out[i] = l.Addr()
	}
	return out
}

// Stop closes the listeners, waits up to five seconds for running requests,
// then closes every connection still open (idle keep-alive and half-sent
// requests included), closes WebSocket connections and deletes the cookie
// file.
//
// This function is safe for concurrent access.
func (s *Server) Stop() error {
	var err error
	if s.httpSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if e := s.httpSrv.Shutdown(ctx); e != nil {
			// A connection that never finished a request keeps Shutdown
			// waiting; cut what is left rather than fail the node's stop.
			err = s.httpSrv.Close()
		}
		cancel()
	}
	s.wsMu.Lock()
	for c := range s.wsConns {
		c.conn.Close()
	}
	s.wsMu.Unlock()
	s.wg.Wait()
	if s.cfg.CookieDir != "" && s.cfg.Auth.Cookie != "" {
		err = errors.Join(err, DeleteCookie(s.cfg.CookieDir))
	}
	return err
}

// acquire takes a worker slot, or reports false when the work queue is full
// or ctx ends while waiting.
func (s *Server) acquire(ctx context.Context) bool {
	if s.pending.Add(1) > int64(s.cfg.Threads+s.cfg.WorkQueue) {
		s.pending.Add(-1)
		return false
	}
	select {
	case s.workers <- struct{}{}:
		return true
	case <-ctx.Done():
		s.pending.Add(-1)
		return false
	}
}

func (s *Server) release() {
	<-s.workers
	s.pending.Add(-1)
}

func plainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
	w.WriteHeader(status)
	io.WriteString(w, msg)
}

// authorize checks the Basic credentials of r and returns the user.
func (s *Server) authorize(r *http.Request) (string, bool) {
	if s.cfg.Auth.Disabled {
		return "", true
	}
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	if !s.cfg.Auth.Check(user, pass) {
		return "", false
	}
	return user, true
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, hadHeader bool) {
	if hadHeader {
		s.log("jsonrpc: incorrect password attempt", "from", r.RemoteAddr)
		if d := s.cfg.AuthFailDelay; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="jsonrpc"`)
	w.WriteHeader(http.StatusUnauthorized)
}

// ServeHTTP implements http.Handler with Core's checks in Core's order.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil && !clientAllowed(ap.Addr(), s.cfg.AllowIP) {
		plainError(w, http.StatusForbidden, "")
		return
	} else if err != nil && !s.remoteAllowedFallback(r.RemoteAddr) {
		plainError(w, http.StatusForbidden, "")
		return
	}
	if s.browser.vhostOn && !s.browser.vhosts.allowed(r.Host) && !(r.Method == http.MethodGet && s.cfg.WebSocket && websocket.IsWebSocketUpgrade(r)) {
		http.Error(w, "invalid host specified", http.StatusForbidden)
		return
	}
	if s.browser.corsOn && s.browser.handleCORS(w, r) {
		return
	}
	if s.cfg.REST != nil && strings.HasPrefix(r.URL.Path, "/rest/") {
		if !s.acquire(r.Context()) {
			plainError(w, http.StatusServiceUnavailable, "Work queue depth exceeded")
			return
		}
		defer s.release()
		s.cfg.REST.ServeHTTP(w, r)
		return
	}
	if r.URL.Path != "/" && !strings.HasPrefix(r.URL.Path, "/wallet/") {
		plainError(w, http.StatusNotFound, "")
		return
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		plainError(w, http.StatusRequestEntityTooLarge, "")
		return
	}
	if r.Method == http.MethodGet && s.cfg.WebSocket && websocket.IsWebSocketUpgrade(r) {
		user, ok := s.authorize(r)
		if !ok {
			s.unauthorized(w, r, r.Header.Get("Authorization") != "")
			return
		}
		s.serveWebSocket(w, r, user)
		return
	}
	if !s.acquire(r.Context()) {
		plainError(w, http.StatusServiceUnavailable, "Work queue depth exceeded")
		return
	}
	defer s.release()
	if r.Method != http.MethodPost {
		plainError(w, http.StatusMethodNotAllowed, "JSONRPC server handles only POST requests")
		return
	}
	user, ok := s.authorize(r)
	if !ok {
		s.unauthorized(w, r, r.Header.Get("Authorization") != "")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			plainError(w, http.StatusRequestEntityTooLarge, "")
			return
		}
		plainError(w, http.StatusBadRequest, "")
		return
	}
	ctx := context.WithValue(r.Context(), infoKey, RequestInfo{RemoteAddr: r.RemoteAddr, User: user, Path: r.URL.Path})
	out, status := s.handleBody(ctx, body)
	if out == nil {
		w.WriteHeader(status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(out)+1))
	w.WriteHeader(status)
	out = append(out, '\n')
	w.Write(out)
}

// remoteAllowedFallback handles RemoteAddr values that are not ip:port
// (in-process tests, unix sockets): only an empty allow list lets them in.
func (s *Server) remoteAllowedFallback(string) bool { return len(s.cfg.AllowIP) == 0 }
