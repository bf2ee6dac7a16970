package jsonrpc

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// browserRequest sends one request straight to s.ServeHTTP from loopback.
func browserRequest(s *Server, method, host string, hdr map[string]string) *httptest.ResponseRecorder {
	var body *strings.Reader
	if method == http.MethodPost {
		body = strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}`)
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(method, "http://"+host+"/", body)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Host = host
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func newBrowserServer(t *testing.T, mod func(*ServerConfig)) *Server {
	t.Helper()
	cfg := ServerConfig{Auth: Auth{Disabled: true}, WebSocket: true}
	mod(&cfg)
	s := NewServer(cfg)
	if err := s.Register("ping", func(_ context.Context, _ *Params) (any, error) { return "pong", nil }, "ping"); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCORS(t *testing.T) {
	const host = "127.0.0.1:8545"
	preflight := map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range m {
			out[a] = b
		}
		return out
	}
	tests := []struct {
		name        string
		origins     []string
		method      string
		hdr         map[string]string
		status      int
		allowOrigin string // "" means no CORS headers
	}{
		{name: "off: preflight refused", method: http.MethodOptions, hdr: with(preflight, "Origin", "http://localhost:3000"), status: 405},
		{name: "off: no header", method: http.MethodPost, hdr: map[string]string{"Origin": "http://localhost:3000"}, status: 200},
		{name: "star preflight", origins: []string{"*"}, method: http.MethodOptions, hdr: with(preflight, "Origin", "http://localhost:3000"), status: 204, allowOrigin: "*"},
		{name: "star post", origins: []string{"*"}, method: http.MethodPost, hdr: map[string]string{"Origin": "http://x.example"}, status: 200, allowOrigin: "*"},
		{name: "listed preflight", origins: []string{"http://localhost:3000"}, method: http.MethodOptions, hdr: with(preflight, "Origin", "http://localhost:3000"), status: 204, allowOrigin: "http://localhost:3000"},
		{name: "listed post case", origins: []string{"HTTP://LOCALHOST:3000"}, method: http.MethodPost, hdr: map[string]string{"Origin": "http://localhost:3000"}, status: 200, allowOrigin: "http://localhost:3000"},
		{name: "wildcard", origins: []string{"https://*.example.com"}, method: http.MethodPost, hdr: map[string]string{"Origin": "https://app.example.com"}, status: 200, allowOrigin: "https://app.example.com"},
		{name: "wildcard miss", origins: []string{"https://*.example.com"}, method: http.MethodPost, hdr: map[string]string{"Origin": "https://example.org"}, status: 200},
		{name: "denied preflight", origins: []string{"http://localhost:3000"}, method: http.MethodOptions, hdr: with(preflight, "Origin", "http://evil.example"), status: 204},
		{name: "denied post served bare", origins: []string{"http://localhost:3000"}, method: http.MethodPost, hdr: map[string]string{"Origin": "http://evil.example"}, status: 200},
		{name: "preflight no origin", origins: []string{"*"}, method: http.MethodOptions, hdr: preflight, status: 204},
		{name: "preflight bad method", origins: []string{"*"}, method: http.MethodOptions, hdr: map[string]string{"Origin": "http://a", "Access-Control-Request-Method": "DELETE"}, status: 204},
		{name: "post without origin", origins: []string{"*"}, method: http.MethodPost, status: 200},
		{name: "plain options", origins: []string{"*"}, method: http.MethodOptions, hdr: map[string]string{"Origin": "http://a"}, status: 405, allowOrigin: "*"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newBrowserServer(t, func(c *ServerConfig) { c.CORSOrigins = tc.origins })
			w := browserRequest(s, tc.method, host, tc.hdr)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			h := w.Result().Header
			if got := h.Get("Access-Control-Allow-Origin"); got != tc.allowOrigin {
				t.Fatalf("Allow-Origin %q, want %q", got, tc.allowOrigin)
			}
			isPreflight := tc.method == http.MethodOptions && tc.status == 204
			if isPreflight && tc.allowOrigin != "" {
				if h.Get("Access-Control-Allow-Methods") != "POST, GET" || h.Get("Access-Control-Max-Age") != "600" ||
					!strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "content-type") {
					t.Fatalf("preflight headers %v", h)
				}
			} else if h.Get("Access-Control-Allow-Methods") != "" || h.Get("Access-Control-Max-Age") != "" {
				t.Fatalf("unexpected preflight headers %v", h)
			}
			if tc.status == 200 && !strings.Contains(w.Body.String(), "pong") {
				t.Fatalf("body %s", w.Body)
			}
		})
	}
}

func TestCORSPreflightHeaders(t *testing.T) {
	s := newBrowserServer(t, func(c *ServerConfig) { c.CORSOrigins = []string{"*"} })
	hdr := map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"}
	if got := browserRequest(s, http.MethodOptions, "localhost", hdr).Header().Get("Access-Control-Allow-Headers"); got != "Content-Type" {
		t.Fatalf("no requested headers: Allow-Headers %q", got)
	}
	hdr["Access-Control-Request-Headers"] = "content-type, authorization"
	if got := browserRequest(s, http.MethodOptions, "localhost", hdr).Header().Get("Access-Control-Allow-Headers"); got != "content-type, authorization" {
		t.Fatalf("Allow-Headers %q", got)
	}
	hdr["Access-Control-Request-Headers"] = "x;y"
	if got := browserRequest(s, http.MethodOptions, "localhost", hdr).Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Fatalf("malformed header list allowed: %q", got)
	}
}

func TestVirtualHosts(t *testing.T) {
	tests := []struct {
		name   string
		vhosts []string
		host   string
		ok     bool
	}{
		{name: "off", host: "evil.example", ok: true},
		{name: "localhost", vhosts: []string{"localhost"}, host: "localhost", ok: true},
		{name: "localhost port", vhosts: []string{"localhost"}, host: "localhost:8545", ok: true},
		{name: "case", vhosts: []string{"localhost"}, host: "LocalHost:8545", ok: true},
		{name: "ipv4 literal", vhosts: []string{"localhost"}, host: "127.0.0.1:8545", ok: true},
		{name: "ipv4 no port", vhosts: []string{"localhost"}, host: "10.1.2.3", ok: true},
		{name: "ipv6 literal", vhosts: []string{"localhost"}, host: "[::1]:8545", ok: true},
		{name: "ipv6 no port", vhosts: []string{"localhost"}, host: "[::1]", ok: true},
		{name: "evil", vhosts: []string{"localhost"}, host: "evil.example", ok: false},
		{name: "evil port", vhosts: []string{"localhost"}, host: "evil.example:8545", ok: false},
		{name: "suffix trick", vhosts: []string{"localhost"}, host: "localhost.evil.example:8545", ok: false},
		{name: "listed", vhosts: []string{"localhost", "node.lan"}, host: "node.lan:8545", ok: true},
		{name: "star", vhosts: []string{"*"}, host: "evil.example", ok: true},
		{name: "empty: ip only", vhosts: []string{}, host: "localhost", ok: false},
		{name: "empty: ip passes", vhosts: []string{}, host: "127.0.0.1:8545", ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newBrowserServer(t, func(c *ServerConfig) { c.VirtualHosts = tc.vhosts })
			w := browserRequest(s, http.MethodPost, tc.host, nil)
			if tc.ok {
				if w.Code != 200 || !strings.Contains(w.Body.String(), "pong") {
					t.Fatalf("status %d body %s", w.Code, w.Body)
				}
				return
			}
			if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "invalid host specified") {
				t.Fatalf("status %d body %q, want 403 invalid host specified", w.Code, w.Body)
			}
		})
	}
}

func TestWSOrigins(t *testing.T) {
	tests := []struct {
		name    string
		origins []string
		origin  string
		ok      bool
	}{
		{name: "default no origin", origin: "", ok: true},
		{name: "default cross origin", origin: "http://localhost:3000", ok: false},
		{name: "star", origins: []string{"*"}, origin: "http://evil.example", ok: true},
		{name: "exact", origins: []string{"http://localhost:3000"}, origin: "http://localhost:3000", ok: true},
		{name: "exact other port", origins: []string{"http://localhost:3000"}, origin: "http://localhost:3001", ok: false},
		{name: "host only", origins: []string{"localhost"}, origin: "https://localhost:8080", ok: true},
		{name: "scheme and host", origins: []string{"https://localhost"}, origin: "http://localhost", ok: false},
		{name: "denied", origins: []string{"localhost"}, origin: "http://evil.example", ok: false},
		{name: "null origin", origins: []string{"localhost"}, origin: "null", ok: false},
		{name: "no origin passes", origins: []string{"localhost"}, origin: "", ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Virtual hosts do not apply to the handshake (the origin check
			// does), as geth.
			s := newBrowserServer(t, func(c *ServerConfig) { c.WSOrigins = tc.origins; c.VirtualHosts = []string{"localhost"} })
			ts := httptest.NewServer(s)
			defer ts.Close()
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", tc.origin)
			}
			d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
			conn, resp, err := d.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/", h)
			if !tc.ok {
				if err == nil {
					conn.Close()
					t.Fatal("handshake accepted")
				}
				if resp == nil || resp.StatusCode != http.StatusForbidden {
					t.Fatalf("err %v resp %v, want 403", err, resp)
				}
				return
			}
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer conn.Close()
			if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"jsonrpc":"2.0","id":1,"method":"ping"}`)); err != nil {
				t.Fatal(err)
			}
			_, msg, err := conn.ReadMessage()
			if err != nil || !strings.Contains(string(msg), "pong") {
				t.Fatalf("reply %s %v", msg, err)
			}
		})
	}
}

func TestBrowserPolicyMatchers(t *testing.T) {
	ol := newOriginList([]string{" http://a.example ", "", "http://*.b.example"})
	for o, want := range map[string]bool{"http://a.example": true, "http://x.b.example": true, "http://b.example": false, "https://a.example": false} {
		if got := ol.match(o); got != want {
			t.Errorf("cors match %q = %v, want %v", o, got, want)
		}
	}
	ws := newWSOriginList([]string{"http://:3000"})
	if ws.allowed("http://localhost:3000") != true || ws.allowed("http://localhost:3001") != false {
		t.Error("port-only rule")
	}
}

// TestVirtualHostsUpgradeHeaders checks that only a GET handshake skips
// the Host check: a POST carrying upgrade headers is still checked.
func TestVirtualHostsUpgradeHeaders(t *testing.T) {
	s := newBrowserServer(t, func(c *ServerConfig) { c.VirtualHosts = []string{"localhost"} })
	w := browserRequest(s, http.MethodPost, "evil.example", map[string]string{"Connection": "Upgrade", "Upgrade": "websocket"})
	if w.Code != http.StatusForbidden {
		t.Fatalf("status %d, want 403", w.Code)
	}
}
