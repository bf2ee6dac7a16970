package node

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestETHRPCBrowserDefaults starts both chains with the default options and
// checks the account chain's browser policy: a dApp page's preflight gets
// the CORS headers, a Host name other than localhost (DNS rebinding) is
// refused, IP and localhost hosts are served; the Bitcoin RPC is unchanged
// (no CORS, no Host check).
func TestETHRPCBrowserDefaults(t *testing.T) {
	n, _ := startNode(t, loadConfig(t, t.TempDir(), "-disablewallet"))
	ethAddr := n.ETHRPCAddrs()[0].String()
	btcAddr := n.RPCAddrs()[0].String()
	port := ethAddr[strings.LastIndexByte(ethAddr, ':'):]
	cl := &http.Client{Timeout: 30 * time.Second}
	do := func(addr, method, host string, hdr map[string]string) (*http.Response, string) {
		t.Helper()
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
		}
		req, err := http.NewRequest(method, "http://"+addr+"/", body)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	preflight := map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}

	resp, _ := do(ethAddr, http.MethodOptions, "localhost"+port, preflight)
	h := resp.Header
	if resp.StatusCode != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Methods") != "POST, GET" ||
		h.Get("Access-Control-Allow-Headers") != "content-type" || h.Get("Access-Control-Max-Age") != "600" {
		t.Fatalf("preflight: %d %v", resp.StatusCode, h)
	}
	resp, body := do(ethAddr, http.MethodPost, "localhost"+port, map[string]string{"Origin": "http://localhost:3000"})
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(body, `"0x539"`) {
		t.Fatalf("POST from page: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	for _, host := range []string{"127.0.0.1" + port, "localhost" + port, "localhost"} {
		if resp, body := do(ethAddr, http.MethodPost, host, nil); resp.StatusCode != 200 || !strings.Contains(body, `"0x539"`) {
			t.Errorf("Host %s: %d %s", host, resp.StatusCode, body)
		}
	}
	for _, host := range []string{"evil.example", "evil.example" + port} {
		if resp, body := do(ethAddr, http.MethodPost, host, nil); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "invalid host specified") {
			t.Errorf("Host %s: %d %s, want 403 invalid host specified", host, resp.StatusCode, body)
		}
	}

	// A dApp page's WebSocket (ethers' WebSocketProvider): any origin by
	// default, and no Host check on the handshake.
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second}
	conn, _, err := d.Dial("ws://"+ethAddr+"/", http.Header{"Origin": {"http://localhost:3000"}})
	if err != nil {
		t.Fatalf("WebSocket from a page: %v", err)
	}
	conn.Close()

	// The Bitcoin RPC: a preflight is refused as before (405, no CORS
	// headers) and any Host reaches authentication (401).
	resp, _ = do(btcAddr, http.MethodOptions, "localhost", preflight)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("bitcoin preflight: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ = do(btcAddr, http.MethodPost, "evil.example", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("bitcoin Host evil.example: %d, want 401", resp.StatusCode)
	}
}
