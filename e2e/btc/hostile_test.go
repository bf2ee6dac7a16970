package btc

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// post sends body to the node's RPC endpoint with the given credentials
// (nil: none) and returns the HTTP status and the reply body.
func (n *node) post(t *testing.T, body []byte, creds *[2]string) (int, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, n.url()+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if creds != nil {
		req.SetBasicAuth(creds[0], creds[1])
	}
	client := &http.Client{Timeout: 60 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	return resp.StatusCode, reply, err
}

func (n *node) creds() *[2]string { return &[2]string{n.client.User, n.client.Password} }

// replyError decodes {"error":{"code":..}} from a reply.
func replyError(t *testing.T, body []byte) (code int, message string) {
	t.Helper()
	var r struct {
		Error *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Error == nil {
		t.Fatalf("reply is not a JSON-RPC error: %q", body)
	}
	return r.Error.Code, r.Error.Message
}

// alive checks that the node still answers a normal request.
func (n *node) alive(t *testing.T) {
	t.Helper()
	status, body, err := n.post(t, []byte(`{"jsonrpc":"1.0","id":"alive","method":"help","params":[]}`), n.creds())
	if err != nil || status != http.StatusOK {
		t.Fatalf("node no longer serves: HTTP %d %v %q", status, err, body)
	}
}

// TestHostileInput sends what a careless or hostile client sends and checks
// that each gets a proper JSON-RPC error or HTTP status and that the node
// keeps serving.
func TestHostileInput(t *testing.T) {
	// Connections that stay open until after the node is stopped: the
	// shutdown must still be clean and quick (closed after n.stop, as
	// cleanups run last-registered first).
	var held []net.Conn
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
	})
	n := startNode(t)

	rpcErrors := []struct {
		name       string
		body       string
		wantStatus int
		wantCode   int
	}{
		{name: "malformed JSON", body: `{"method":"getblockcount",`, wantStatus: 500, wantCode: -32700},
		{name: "not an object", body: `"getblockcount"`, wantStatus: 500, wantCode: -32700}, // Core: "Top-level object parse error"
		{name: "method not a string", body: `{"id":1,"method":42,"params":[]}`, wantStatus: 400, wantCode: -32600},
		{name: "unknown method", body: `{"id":1,"method":"nosuchmethod","params":[]}`, wantStatus: 404, wantCode: -32601},
		{name: "wrong param type", body: `{"id":1,"method":"getblockhash","params":["zero"]}`, wantStatus: 500, wantCode: -3},
		{name: "wrong param type named", body: `{"id":1,"method":"getblockhash","params":{"height":"zero"}}`, wantStatus: 500, wantCode: -3},
		{name: "unknown named param", body: `{"id":1,"method":"getblockhash","params":{"nosuch":1}}`, wantStatus: 500, wantCode: -8},
		{name: "out of range", body: `{"id":1,"method":"getblockhash","params":[1000000]}`, wantStatus: 500, wantCode: -8},
		{name: "bad hex", body: `{"id":1,"method":"getblock","params":["zz"]}`, wantStatus: 500, wantCode: -8},
		{name: "bad raw tx", body: `{"id":1,"method":"decoderawtransaction","params":["00"]}`, wantStatus: 500, wantCode: -22},
		{name: "deep nesting", body: strings.Repeat("[", 100000), wantStatus: 500, wantCode: -32700},
	}
	for _, tc := range rpcErrors {
		t.Run(tc.name, func(t *testing.T) {
			status, body, err := n.post(t, []byte(tc.body), n.creds())
			if err != nil {
				t.Fatalf("transport error: %v", err)
			}
			code, msg := replyError(t, body)
			if status != tc.wantStatus || code != tc.wantCode {
				t.Errorf("HTTP %d, error %d %q; want HTTP %d, error %d", status, code, msg, tc.wantStatus, tc.wantCode)
			}
		})
	}

	t.Run("batch", func(t *testing.T) {
		status, body, err := n.post(t, []byte(`[{"id":1,"method":"help","params":[]},{"id":2,"method":"nosuchmethod"},3]`), n.creds())
		if err != nil || status != 200 {
			t.Fatalf("HTTP %d %v", status, err)
		}
		var replies []json.RawMessage
		if err := json.Unmarshal(body, &replies); err != nil || len(replies) != 3 {
			t.Fatalf("batch reply %q: want an array of 3", body)
		}
		if code, _ := replyError(t, replies[1]); code != -32601 {
			t.Errorf("batch member 2: code %d, want -32601", code)
		}
		if code, _ := replyError(t, replies[2]); code != -32600 {
			t.Errorf("batch member 3: code %d, want -32600", code)
		}
	})

	t.Run("body over the limit", func(t *testing.T) {
		big := make([]byte, 33<<20) // Core's limit is 32 MiB
		copy(big, `{"id":1,"method":"decoderawtransaction","params":["`)
		for i := 52; i < len(big)-3; i++ {
			big[i] = '0'
		}
		copy(big[len(big)-3:], `"]}`)
		status, _, err := n.post(t, big, n.creds())
		if err != nil {
			t.Fatalf("transport error instead of HTTP 413: %v", err)
		}
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("HTTP %d, want 413", status)
		}
	})

	t.Run("credentials", func(t *testing.T) {
		for name, creds := range map[string]*[2]string{
			"missing":         nil,
			"wrong password":  {n.client.User, strings.Repeat("0", 64)},
			"wrong user":      {"alice", n.client.Password},
			"empty password":  {n.client.User, ""},
			"cookie as value": {"", n.client.User + ":" + n.client.Password},
		} {
			status, _, err := n.post(t, []byte(`{"id":1,"method":"help","params":[]}`), creds)
			if err != nil || status != http.StatusUnauthorized {
				t.Errorf("%s: HTTP %d %v, want 401", name, status, err)
			}
		}
		_, errOut, status := n.cliRun("-rpcuser=__cookie__", "-rpcpassword=wrong", "help")
		if status != 1 || errOut != "error: Authorization failed: Incorrect rpcuser or rpcpassword\n" {
			t.Errorf("twinchain-cli with a wrong password: exit %d, %q", status, errOut)
		}
	})

	t.Run("loopback only", func(t *testing.T) {
		addrs, err := net.InterfaceAddrs()
		if err != nil {
			t.Skip(err)
		}
		tried := 0
		for _, a := range addrs {
			ipnet, ok := a.(*net.IPNet)
			if !ok || ipnet.IP.IsLoopback() || ipnet.IP.IsLinkLocalUnicast() {
				continue
			}
			tried++
			addr := net.JoinHostPort(ipnet.IP.String(), strconv.Itoa(n.rpcPort))
			if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
				c.Close()
				t.Errorf("RPC answers on %s without -rpcallowip/-rpcbind; it must listen on loopback only", addr)
			}
		}
		if tried == 0 {
			t.Skip("no non-loopback address on this machine")
		}
	})

	t.Run("GET is refused", func(t *testing.T) {
		resp, err := http.Get(n.url() + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET: HTTP %d, want 405 (or 401)", resp.StatusCode)
		}
	})

	t.Run("storm of 200 clients", func(t *testing.T) {
		const clients, perClient = 200, 5
		var ok, rpcErr, busy, unauthorized, other atomic.Int64
		var firstOther atomic.Value
		var wg sync.WaitGroup
		start := time.Now()
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				creds := n.creds()
				if i%10 == 9 {
					creds = &[2]string{"intruder", "guess"}
				}
				for j := range perClient {
					body := `{"id":1,"method":"help","params":[]}`
					if j%2 == 1 {
						body = `{"id":1,"method":"getblockcount","params":[]}`
					}
					status, reply, err := n.post(t, []byte(body), creds)
					switch {
					case err == nil && status == 200 && json.Valid(reply):
						ok.Add(1)
					case err == nil && (status == 404 || status == 500) && json.Valid(reply):
						rpcErr.Add(1) // a JSON-RPC error is a proper answer too
					case err == nil && status == http.StatusServiceUnavailable:
						busy.Add(1) // the work queue is full: Core's answer too
					case err == nil && status == http.StatusUnauthorized && creds[0] == "intruder":
						unauthorized.Add(1)
					default:
						other.Add(1)
						firstOther.CompareAndSwap(nil, strings.TrimSpace(string(reply))+" "+http.StatusText(status)+" "+errString(err))
					}
				}
			}()
		}
		wg.Wait()
		t.Logf("storm: %d clients x %d requests in %v: %d ok, %d JSON-RPC errors, %d busy (503), %d unauthorized, %d other",
			clients, perClient, time.Since(start).Round(time.Millisecond), ok.Load(), rpcErr.Load(), busy.Load(), unauthorized.Load(), other.Load())
		if other.Load() != 0 {
			t.Errorf("%d requests failed without a proper answer; first: %v", other.Load(), firstOther.Load())
		}
		if ok.Load() == 0 {
			t.Error("no request of the storm succeeded")
		}
		n.alive(t)
	})

	// Last, so that the connections are fresh when the node is stopped:
	// Go's http.Server.Shutdown waits for a connection that never sent a
	// request until it is 5 s old, and twinchaind must not fail its
	// shutdown because of such a client.
	t.Run("idle and half-open connections", func(t *testing.T) {
		for i := range 20 {
			c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(n.rpcPort))
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
			if i%2 == 1 { // a request that never finishes its headers
				if _, err := c.Write([]byte("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n")); err != nil {
					t.Fatal(err)
				}
			}
		}
		n.alive(t)
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
