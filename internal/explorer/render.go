package explorer

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the page templates; each defines "content" and is executed
// through templates/layout.html.
var pageNames = []string{
	"error", "home", "choose",
	"btc_block", "btc_tx", "btc_address", "btc_mempool",
	"eth_block", "eth_tx", "eth_address", "eth_uncle",
}

// templates holds one parsed template set per page.
type templates struct {
	pages map[string]*template.Template
}

// templateFuncs are the helpers the templates call.
var templateFuncs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// mustParseTemplates parses the embedded templates; a failure is a bug in the
// package (covered by every test).
func mustParseTemplates() *templates {
	base := template.Must(template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html"))
	t := &templates{pages: make(map[string]*template.Template, len(pageNames))}
	for _, n := range pageNames {
		c := template.Must(base.Clone())
		t.pages[n] = template.Must(c.ParseFS(templateFS, "templates/"+n+".html"))
	}
	return t
}

// page is what the layout needs; every page view embeds it.
type page struct {
	Title string
	BTC   bool
	ETH   bool
	Query string
}

// page returns the layout data for a page titled title.
func (s *Server) page(title string) page {
	return page{Title: title, BTC: s.cfg.BTC != nil, ETH: s.cfg.ETH != nil}
}

// errorPage is the data of the error page.
type errorPage struct {
	page
	Code    int
	Message string
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes page name with data into a buffer and writes it with the
// status code; a template failure becomes a logged 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	t := s.tmpl.pages[name]
	if err := t.ExecuteTemplate(buf, "layout.html", data); err != nil {
		s.log.Error("explorer: template failed", "page", name, "err", err)
		if name != "error" {
			s.writeError(w, r, http.StatusInternalServerError, "internal error")
		} else {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// writeJSON writes v as JSON with status 200.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("explorer: json failed", "path", r.URL.Path, "err", err)
		s.writeError(w, r, http.StatusInternalServerError, "internal error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// writeText writes a plain-text answer (Esplora's tip height/hash).
func (s *Server) writeText(w http.ResponseWriter, r *http.Request, text string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(text)))
	if r.Method != http.MethodHead {
		w.Write([]byte(text))
	}
}

// staticTypes are the content types of the embedded static files.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// handleFavicon serves the embedded icon at the path browsers ask for
// unprompted, so pages do not log a 404 (the pages also link it).
func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	r.SetPathValue("file", "favicon.svg")
	s.handleStatic(w, r)
}

// handleStatic serves the embedded CSS and JS.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	i := strings.LastIndexByte(name, '.')
	ct, ok := "", false
	if i > 0 {
		ct, ok = staticTypes[name[i:]]
	}
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	b, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// clockSkew is how far ahead of now a time may be and still read "just
// now": miners' clocks drift, and regtest mines faster than one block a
// second, running block times up to about 20 s ahead.
const clockSkew = 120

// ago formats the time since unix seconds t relative to now.
func ago(now time.Time, t int64) string {
	d := now.Unix() - t
	switch {
	case d < -clockSkew:
		return "in the future"
	case d <= 0:
		return "just now"
	case d < 60:
		return strconv.FormatInt(d, 10) + " s ago"
	case d < 3600:
		return strconv.FormatInt(d/60, 10) + " min ago"
	case d < 86400:
		return strconv.FormatInt(d/3600, 10) + " h ago"
	}
	return strconv.FormatInt(d/86400, 10) + " d ago"
}

// utcTime formats unix seconds as an ISO-like UTC time.
func utcTime(t int64) string {
	return time.Unix(t, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}
