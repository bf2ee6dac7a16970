package jsonrpc

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// CORSMaxAge is the Access-Control-Max-Age of preflight answers, in
// seconds (geth's 600).
const CORSMaxAge = "600"

// corsMethods are the methods a preflight may ask for.
const corsMethods = "POST, GET"

// browserPolicy holds the precomputed browser-facing checks of a server:
// CORS origins, virtual hosts and WebSocket origins. The zero value turns
// all three off.
type browserPolicy struct {
	cors    originList
	vhosts  hostList
	ws      wsOriginList
	corsOn  bool
	vhostOn bool
}

func newBrowserPolicy(cfg *ServerConfig) browserPolicy {
	return browserPolicy{
		cors:    newOriginList(cfg.CORSOrigins),
		vhosts:  newHostList(cfg.VirtualHosts),
		ws:      newWSOriginList(cfg.WSOrigins),
		corsOn:  len(cfg.CORSOrigins) > 0,
		vhostOn: cfg.VirtualHosts != nil,
	}
}

// originList matches an Origin header against CORS origins: "*" allows
// every origin, an entry with one "*" matches any text in its place
// ("http://*.example.com"), any other entry matches exactly, ignoring case.
type originList struct {
	all   bool
	exact map[string]struct{}
	wild  [][2]string // prefix and suffix around the "*"
}

func newOriginList(list []string) originList {
	l := originList{exact: make(map[string]struct{})}
	for _, o := range list {
		o = strings.ToLower(strings.TrimSpace(o))
		switch {
		case o == "":
		case o == "*":
			l.all = true
		case strings.Count(o, "*") == 1:
			i := strings.IndexByte(o, '*')
			l.wild = append(l.wild, [2]string{o[:i], o[i+1:]})
		default:
			l.exact[o] = struct{}{}
		}
	}
	return l
}

func (l *originList) match(origin string) bool {
	if l.all {
		return true
	}
	origin = strings.ToLower(origin)
	if _, ok := l.exact[origin]; ok {
		return true
	}
	for _, w := range l.wild {
		if len(origin) >= len(w[0])+len(w[1]) && strings.HasPrefix(origin, w[0]) && strings.HasSuffix(origin, w[1]) {
			return true
		}
	}
	return false
}

// hostList matches a Host header against virtual host names: "*" allows
// every host; otherwise the name (port removed) must be listed, ignoring
// case. IP literals always pass: DNS rebinding needs a name.
type hostList struct {
	all   bool
	names map[string]struct{}
}

func newHostList(list []string) hostList {
	l := hostList{names: make(map[string]struct{})}
	for _, h := range list {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "*" {
			l.all = true
		} else if h != "" {
			l.names[h] = struct{}{}
		}
	}
	return l
}

func (l *hostList) allowed(host string) bool {
	if l.all || host == "" {
		// No Host header (HTTP/1.0): browsers always send one, so the
		// request does not come from a rebound page.
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		name = host[1 : len(host)-1]
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	_, ok := l.names[strings.ToLower(name)]
	return ok
}

// wsOriginList matches the Origin of a WebSocket handshake as geth's
// --ws.origins: "*" allows all; each other entry names a scheme, a host
// and a port, any of which may be left out ("localhost" allows
// http://localhost:3000 and https://localhost, "http://localhost" any
// port over http). A handshake without Origin (not from a browser)
// passes.
type wsOriginList struct {
	on    bool
	all   bool
	rules []originParts
}

type originParts struct{ scheme, host, port string }

// parseOrigin splits an origin or rule; a rule without "://" has no
// scheme.
func parseOrigin(s string) (originParts, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	withScheme := strings.Contains(s, "://")
	if !withScheme {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return originParts{}, false
	}
	p := originParts{host: u.Hostname(), port: u.Port()}
	if withScheme {
		p.scheme = u.Scheme
	}
	return p, true
}

func newWSOriginList(list []string) wsOriginList {
	l := wsOriginList{on: len(list) > 0}
	for _, o := range list {
		o = strings.TrimSpace(o)
		if o == "*" {
			l.all = true
		} else if p, ok := parseOrigin(o); ok {
			l.rules = append(l.rules, p)
		}
	}
	return l
}

func (l *wsOriginList) allowed(origin string) bool {
	if l.all || origin == "" {
		return true
	}
	if !strings.Contains(origin, "://") {
		return false // "null" and other opaque origins
	}
	o, ok := parseOrigin(origin)
	if !ok {
		return false
	}
	for _, r := range l.rules {
		if (r.scheme == "" || r.scheme == o.scheme) && (r.host == "" || r.host == o.host) && (r.port == "" || r.port == o.port) {
			return true
		}
	}
	return false
}

// checkWSOrigin is the upgrader's CheckOrigin when WSOrigins is set.
func (p *browserPolicy) checkWSOrigin(r *http.Request) bool {
	return p.ws.allowed(r.Header.Get("Origin"))
}

// handleCORS adds the CORS headers of r's origin to w and answers a
// preflight (OPTIONS with Access-Control-Request-Method) itself with 204,
// reporting true. A preflight from an origin, or for a method, that is
// not allowed gets no CORS headers, so the browser stops there; an
// actual request from such an origin is served without them, so the
// page cannot read the reply.
func (p *browserPolicy) handleCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	h := w.Header()
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
		m := strings.ToUpper(r.Header.Get("Access-Control-Request-Method"))
		reqHeaders := r.Header.Values("Access-Control-Request-Headers")
		if origin != "" && p.cors.match(origin) && (m == http.MethodPost || m == http.MethodGet) && headerList(reqHeaders) {
			p.allowOrigin(h, origin)
			h.Set("Access-Control-Allow-Methods", corsMethods)
			if len(reqHeaders) > 0 {
				// Every request header is allowed, as geth and anvil.
				h.Set("Access-Control-Allow-Headers", strings.Join(reqHeaders, ", "))
			} else {
				h.Set("Access-Control-Allow-Headers", "Content-Type")
			}
			h.Set("Access-Control-Max-Age", CORSMaxAge)
		}
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	if origin == "" {
		return false
	}
	if !p.cors.all {
		h.Add("Vary", "Origin")
	}
	if p.cors.match(origin) {
		p.allowOrigin(h, origin)
	}
	return false
}

func (p *browserPolicy) allowOrigin(h http.Header, origin string) {
	if p.cors.all {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
}

// headerList reports whether vs are comma-separated header names, safe
// to echo back.
func headerList(vs []string) bool {
	for _, v := range vs {
		for i := 0; i < len(v); i++ {
			c := v[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ',' || c == ' ') {
				return false
			}
		}
	}
	return true
}
