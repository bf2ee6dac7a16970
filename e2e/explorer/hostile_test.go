package explorer

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// anyClientError accepts 400 or 404 (whichever the explorer finds more
// precise); everything else in a case is an exact status.
const anyClientError = 0

// rawGet sends one request with exactly target as the request target (no
// client-side cleaning or escaping) and returns the status and body.
func (n *node) rawGet(method, target string) (int, string, error) {
	conn, err := net.DialTimeout("tcp", n.explorer, 10*time.Second)
	if err != nil {
		return 0, "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", method, target, n.explorer); err != nil {
		return 0, "", err
	}
	req := &http.Request{Method: method}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body), err
}

// TestExplorerHostile sends hostile requests: unknown keys, malformed keys
// and addresses, huge and negative page numbers, path tricks, overlong
// requests and writes. Each must be a 400/404/405, never a 500, and the node
// must keep serving. A node started without -explorer serves it on
// loopback.
func TestExplorerHostile(t *testing.T) {
	n := startNode(t)
	s := buildScenario(t, n)
	zeros := strings.Repeat("0", 64)
	unknown := strings.Repeat("ab", 32)
	mainnetAddr := "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" // the genesis output's address
	cases := []struct {
		name, target string
		want         int
	}{
		// Unknown keys.
		{"unknown UTXO block", "/btc/block/" + zeros, http.StatusNotFound},
		{"unknown UTXO tx", "/btc/tx/" + unknown, http.StatusNotFound},
		{"UTXO height above tip", "/btc/block-height/999999999", http.StatusNotFound},
		{"unknown account block number", "/eth/block/999999999", http.StatusNotFound},
		{"unknown account block hash", "/eth/block/0x" + unknown, http.StatusNotFound},
		{"unknown account tx", "/eth/tx/0x" + unknown, http.StatusNotFound},
		{"unknown uncle", "/eth/uncle/" + s.ethTokenBlock + "/5", http.StatusNotFound},
		{"api unknown block", "/api/block/" + zeros, http.StatusNotFound},
		{"api unknown tx", "/api/tx/" + unknown, http.StatusNotFound},
		{"api unknown outspends", "/api/tx/" + unknown + "/outspends", http.StatusNotFound},
		{"api height above tip", "/api/block-height/999999999", http.StatusNotFound},
		{"api account block", "/api/eth/block/999999999", http.StatusNotFound},
		{"api account tx", "/api/eth/tx/0x" + unknown, http.StatusNotFound},
		{"no such page", "/wp-admin/login.php", http.StatusNotFound},
		{"no such static file", "/static/nope.js", http.StatusNotFound},
		{"search unknown hash", "/search?q=" + unknown, http.StatusNotFound},
		{"search unknown height", "/search?q=99999999", http.StatusNotFound},

		// Malformed keys.
		{"short block hash", "/btc/block/" + zeros[:63], http.StatusBadRequest},
		{"non-hex block hash", "/btc/block/" + strings.Repeat("zz", 32), http.StatusBadRequest},
		{"overlong txid", "/btc/tx/" + zeros + "00", http.StatusBadRequest},
		{"negative height", "/btc/block-height/-1", http.StatusBadRequest},
		{"huge height", "/btc/block-height/99999999999999999999999", http.StatusBadRequest},
		{"height with sign", "/btc/block-height/+5", http.StatusBadRequest},
		{"malformed address", "/btc/address/bc1qnotanaddress", http.StatusBadRequest},
		{"bad checksum", "/btc/address/" + badChecksum(s.btcBech32), http.StatusBadRequest},
		{"mainnet address on regtest", "/btc/address/" + mainnetAddr, http.StatusBadRequest},
		{"mainnet bech32 on regtest", "/btc/address/bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", http.StatusBadRequest},
		{"mainnet address search", "/search?q=" + mainnetAddr, http.StatusBadRequest},
		{"account address too short", "/eth/address/0x1234", http.StatusBadRequest},
		{"account address not hex", "/eth/address/0x" + strings.Repeat("zz", 20), http.StatusBadRequest},
		{"account block not a number", "/eth/block/12ab", anyClientError},
		{"negative uncle index", "/eth/uncle/" + s.ethTokenBlock + "/-1", http.StatusBadRequest},
		{"api malformed tx", "/api/tx/xyz", http.StatusBadRequest},
		{"api malformed address", "/api/address/xyz", http.StatusBadRequest},
		{"api account address", "/api/eth/address/0xZZ", http.StatusBadRequest},
		{"api txs start not a multiple of 25", "/api/block/" + s.btcPayBlock + "/txs/13", http.StatusBadRequest},
		{"api txs start past the end", "/api/block/" + s.btcPayBlock + "/txs/2500", http.StatusNotFound},
		{"empty search", "/search?q=", http.StatusBadRequest},
		{"garbage search", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", http.StatusBadRequest},
		{"overlong search", "/search?q=" + strings.Repeat("a", 200), http.StatusBadRequest},

		// Page numbers.
		{"huge block page", "/btc/block/" + s.btcPayBlock + "?page=999999999", anyClientError},
		{"overflowing block page", "/btc/block/" + s.btcPayBlock + "?page=99999999999999999999999", http.StatusBadRequest},
		{"negative block page", "/btc/block/" + s.btcPayBlock + "?page=-1", http.StatusBadRequest},
		{"zero block page", "/btc/block/" + s.btcPayBlock + "?page=0", http.StatusBadRequest},
		{"text block page", "/btc/block/" + s.btcPayBlock + "?page=abc", http.StatusBadRequest},
		{"huge address page", "/btc/address/" + s.btcMine + "?page=999999999", anyClientError},
		{"negative address page", "/btc/address/" + s.btcMine + "?page=-5", http.StatusBadRequest},
		{"huge api address page", "/api/address/" + s.btcMine + "/txs?page=99999999999", anyClientError},
		{"huge account address page", "/eth/address/" + s.ethFrom + "?page=999999999", anyClientError},
		{"negative account block page", "/eth/block/1?page=-1", http.StatusBadRequest},
		{"huge api account txs page", "/api/eth/address/" + s.ethFrom + "/txs?page=99999999999", anyClientError},

		// Path tricks.
		{"dot-dot", "/static/../../../etc/passwd", http.StatusBadRequest},
		{"dot-dot in a page", "/btc/block/../../go.mod", http.StatusBadRequest},
		{"escaped dot-dot", "/static/%2e%2e/%2e%2e/etc/passwd", http.StatusBadRequest},
		{"escaped slash", "/btc/tx/" + unknown + "%2f..", http.StatusBadRequest},
		{"double slash", "//btc/mempool", http.StatusBadRequest},
		{"inner double slash", "/btc//mempool", http.StatusBadRequest},
		{"dot segment", "/btc/./mempool", http.StatusBadRequest},
		{"trailing dot-dot", "/btc/..", http.StatusBadRequest},
		{"backslash", "/static\\..\\go.mod", http.StatusBadRequest},
		{"escaped NUL", "/btc/block/%00", http.StatusBadRequest},
		{"overlong path", "/btc/block/" + strings.Repeat("a", 5000), http.StatusBadRequest},
		{"overlong query", "/?x=" + strings.Repeat("b", 5000), http.StatusBadRequest},
	}
	for _, c := range cases {
		code, body, err := n.rawGet("GET", c.target)
		switch {
		case err != nil:
			t.Errorf("%s: GET %.80s: %v", c.name, c.target, err)
		case c.want == anyClientError && code != http.StatusBadRequest && code != http.StatusNotFound:
			t.Errorf("%s: GET %.80s answered %d, want 400 or 404: %.200s", c.name, c.target, code, body)
		case c.want != anyClientError && code != c.want:
			t.Errorf("%s: GET %.80s answered %d, want %d: %.200s", c.name, c.target, code, c.want, body)
		}
	}

	// The explorer is read-only.
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
		for _, target := range []string{"/", "/api/tx/" + s.btcTxBech32, "/search?q=1", "/events"} {
			code, body, err := n.rawGet(m, target)
			if err != nil {
				t.Errorf("%s %s: %v", m, target, err)
			} else if code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s answered %d, want 405: %.200s", m, target, code, body)
			}
		}
	}
	if code, _, err := n.rawGet("HEAD", "/"); err != nil || code != http.StatusOK {
		t.Errorf("HEAD / answered %d (%v), want 200", code, err)
	}

	// Still serving, and no handler panicked.
	if code, body, err := n.rawGet("GET", "/btc/tx/"+s.btcTxBech32); err != nil || code != http.StatusOK {
		t.Errorf("after the hostile requests GET /btc/tx/%s answered %d (%v): %.200s", s.btcTxBech32, code, err, body)
	}
	if logs := n.allLogs(); strings.Contains(logs, "panic") {
		t.Errorf("the node logged a panic:\n%s", n.logs())
	}
}

// badChecksum changes the last character of a bech32 address, which breaks
// its checksum.
func badChecksum(addr string) string {
	last := "q"
	if strings.HasSuffix(addr, "q") {
		last = "p"
	}
	return addr[:len(addr)-1] + last
}

// TestExplorerDefaultLoopback starts a regtest node without -explorer and
// checks from its log that the explorer binds 127.0.0.1:8080 (or, when
// another process holds that port on this shared machine, that it gave up
// on that same loopback address rather than binding elsewhere).
func TestExplorerDefaultLoopback(t *testing.T) {
	n := startNode(t, defaultExplorer)
	const addr = "127.0.0.1:8080"
	var line string
	waitFor(t, rpcTimeout, "the explorer's start in the log", func() string {
		for _, l := range strings.Split(n.allLogs(), "\n") {
			if strings.Contains(l, "Explorer listening on") || strings.Contains(l, "Explorer not started") {
				line = l
				return ""
			}
		}
		return "no explorer line yet"
	})
	t.Logf("log: %s", line)
	switch {
	case strings.Contains(line, "Explorer listening on http://"+addr+"/"):
	case strings.Contains(line, "Explorer not started") && strings.Contains(line, addr):
		t.Logf("%s is busy on this machine; the node declined it as it should", addr)
	default:
		t.Errorf("the explorer's default listener is not %s: %s", addr, line)
	}
}
