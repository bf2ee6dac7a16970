package explorer

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestFavicon: /favicon.ico (asked for by browsers unprompted) and the
// linked /static/favicon.svg are served, and the CSP lets pages load them.
func TestFavicon(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/favicon.ico", "/static/favicon.svg"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			rec := e.get(t, method, path)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s %s: status %d", method, path, rec.Code)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "image/svg+xml" {
				t.Errorf("%s %s: Content-Type %q", method, path, ct)
			}
			body := rec.Body.String()
			if method == http.MethodGet && !strings.HasPrefix(body, "<svg") {
				t.Errorf("%s %s: body %.40q", method, path, body)
			}
			if method == http.MethodHead && body != "" {
				t.Errorf("HEAD %s: body not empty", path)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
				t.Errorf("%s: CSP %q does not allow a same-origin icon", path, csp)
			}
		}
	}
	home := e.get(t, http.MethodGet, "/").Body.String()
	if !strings.Contains(home, `<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">`) {
		t.Error("pages do not link the icon")
	}
}

// TestIntervalChartSkipsGenesis: the genesis block's time (0 on the account
// chain, 2011 on regtest) is left out of the block-interval chart.
func TestIntervalChartSkipsGenesis(t *testing.T) {
	e := newEnv(t)
	// Give both genesis blocks time 0, under their original hashes.
	e.btc.mu.Lock()
	g := *e.btc.blocks[e.btc.chain[0]]
	blk := &primitives.Block{Header: g.Block.Header, Txs: g.Block.Txs}
	blk.Header.Timestamp = 0
	g.Block = blk
	e.btc.blocks[e.btc.chain[0]] = &g
	e.btc.mu.Unlock()

	e.eth.mu.Lock()
	eg := *e.eth.chain[0]
	eblk := *eg.Block
	hdr := *eblk.Header
	hdr.Time = 0
	eblk.Header = &hdr
	eg.Block = &eblk
	e.eth.blocks[e.eth.chain[0].Block.Hash()] = &eg
	e.eth.chain[0] = &eg
	e.eth.mu.Unlock()

	tests := []struct {
		name string
		home *chainHome
		want string
	}{
		// 5 blocks after genesis, 600 s apart: 4 intervals.
		{"btc", e.srv.btcHome(), "4 points; min 600 s, max 600 s, latest 600 s"},
		// 3 blocks after genesis, 12 s apart: 2 intervals.
		{"eth", e.srv.ethHome(), "2 points; min 12 s, max 12 s, latest 12 s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			for _, c := range tc.home.Charts {
				if c.Title == "Block interval" {
					got = c.Summary
				}
			}
			if got != tc.want {
				t.Fatalf("interval chart %q, want %q", got, tc.want)
			}
		})
	}
}

// TestAgoClockSkew: block times slightly ahead of the server clock read
// "just now"; only a skew of more than 2 minutes reads "in the future".
func TestAgoClockSkew(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name string
		d    int64 // seconds before now; negative is ahead
		want string
	}{
		{"far ahead", -121, "in the future"},
		{"2 min ahead", -120, "just now"},
		{"regtest 20 s ahead", -20, "just now"},
		{"same second", 0, "just now"},
		{"past", 5, "5 s ago"},
		{"minutes", 125, "2 min ago"},
		{"hours", 7200, "2 h ago"},
		{"days", 3 * 86400, "3 d ago"},
	}
	for _, tc := range tests {
		if got := ago(now, now.Unix()-tc.d); got != tc.want {
			t.Errorf("%s: ago = %q, want %q", tc.name, got, tc.want)
		}
	}
}
