package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Core's RPC error codes the client itself looks at.
const (
	codeInWarmup           = -28
	codeWalletNotSpecified = -19
)

// connectionError is a failure to reach the server; -rpcwait retries it.
type connectionError struct{ msg string }

func (e *connectionError) Error() string { return e.msg }

// rpcRequest is one JSON-RPC 1.0 request as bitcoin-cli sends it.
type rpcRequest struct {
	Method string `json:"method"`
	Params any    `json:"params"`
	ID     int    `json:"id"`
}

// rpcReply is one reply object; result and error are kept raw.
type rpcReply struct {
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
	ID     json.RawMessage `json:"id"`
}

// hasError reports whether the reply carries a non-null error.
func (r *rpcReply) hasError() bool {
	e := bytes.TrimSpace(r.Error)
	return len(e) > 0 && string(e) != "null"
}

// errorCode returns the numeric "code" of the reply's error (0 if none).
func (r *rpcReply) errorCode() int {
	var e struct {
		Code json.Number `json:"code"`
	}
	if json.Unmarshal(r.Error, &e) != nil {
		return 0
	}
	n, _ := strconv.Atoi(string(e.Code))
	return n
}

// client sends requests with the resolved settings.
type client struct {
	s          *settings
	http       *http.Client
	noCookie   bool // no password and no readable cookie: explains a 401
	cookieUser string
	cookiePass string
}

func newClient(s *settings) *client {
	return &client{s: s, http: &http.Client{Timeout: s.clientTimeout}}
}

// loadCookie reads the cookie before each attempt, as bitcoin-cli does, so
// that -rpcwait works while the daemon is still starting and writing it.
func (c *client) loadCookie() {
	u, p, err := jsonrpc.ReadCookie(c.s.cfg.RPCCookieFile)
	c.noCookie = err != nil
	c.cookieUser, c.cookiePass = u, p
}

// endpoint returns "/" or "/wallet/<uri-encoded name>".
func endpoint(wallet *string) string {
	if wallet == nil {
		return "/"
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString("/wallet/")
	for i := 0; i < len(*wallet); i++ {
		c := (*wallet)[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// post sends one request body and returns the reply body, mapping HTTP
// failures to bitcoin-cli's messages.
func (c *client) post(ctx context.Context, path string, payload []byte) ([]byte, error) {
	addr := net.JoinHostPort(c.s.host, strconv.Itoa(c.s.port))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+path, bytes.NewReader(append(payload, '\n')))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Close = true
	if c.s.password != "" {
		req.SetBasicAuth(c.s.user, c.s.password)
	} else {
		c.loadCookie()
		req.SetBasicAuth(c.cookieUser, c.cookiePass)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		detail := ""
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			detail = ` (error code 1 - "timeout reached")`
		}
		return nil, &connectionError{fmt.Sprintf("Could not connect to the server %s%s\n\n"+
			"Make sure the twinchaind server is running and that you are connecting to the correct RPC port.\n"+
			"Use \"twinchain-cli -help\" for more info.", addr, detail)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &connectionError{fmt.Sprintf("Could not connect to the server %s (error code 3 - \"error while reading header, or invalid header\")", addr)}
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		if c.noCookie {
			return nil, argError(fmt.Sprintf("Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (%s)", c.confPath()))
		}
		return nil, argError("Authorization failed: Incorrect rpcuser or rpcpassword")
	case resp.StatusCode == http.StatusServiceUnavailable:
		return nil, argError("Server response: " + string(body))
	case resp.StatusCode >= 400 && resp.StatusCode != http.StatusBadRequest &&
		resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusInternalServerError:
		return nil, fmt.Errorf("server returned HTTP error %d", resp.StatusCode)
	case len(body) == 0:
		return nil, errors.New("no response from server")
	}
	return body, nil
}

func (c *client) confPath() string {
	if c.s.cfg.ConfFile != "" {
		return c.s.cfg.ConfFile
	}
	return c.s.cfg.DataDir + "/twinchain.conf"
}

// callOnce sends one request and decodes the reply object.
func (c *client) callOnce(ctx context.Context, method string, params any, wallet *string) (*rpcReply, error) {
	if params == nil {
		params = []json.RawMessage{}
	}
	payload, err := json.Marshal(rpcRequest{Method: method, Params: params, ID: 1})
	if err != nil {
		return nil, err
	}
	body, err := c.post(ctx, endpoint(wallet), payload)
	if err != nil {
		return nil, err
	}
	var reply rpcReply
	if err := json.Unmarshal(body, &reply); err != nil {
		return nil, errors.New("couldn't parse reply from server")
	}
	return &reply, nil
}

// batchOnce sends a batch of calls (ids 0..n-1) and returns the replies by
// id.
func (c *client) batchOnce(ctx context.Context, reqs []rpcRequest, wallet *string) ([]*rpcReply, error) {
	payload, err := json.Marshal(reqs)
	if err != nil {
		return nil, err
	}
	body, err := c.post(ctx, endpoint(wallet), payload)
	if err != nil {
		return nil, err
	}
	var replies []rpcReply
	if err := json.Unmarshal(body, &replies); err != nil {
		var single rpcReply
		if json.Unmarshal(body, &single) == nil && single.hasError() {
			out := make([]*rpcReply, len(reqs))
			for i := range out {
				out[i] = &single
			}
			return out, nil
		}
		return nil, errors.New("couldn't parse reply from server")
	}
	out := make([]*rpcReply, len(reqs))
	for i := range replies {
		id, err := strconv.Atoi(string(bytes.TrimSpace(replies[i].ID)))
		if err != nil || id < 0 || id >= len(out) {
			return nil, argError("Batch member id is larger than batch size")
		}
		out[id] = &replies[i]
	}
	for i, r := range out {
		if r == nil {
			return nil, argError(fmt.Sprintf("Batch member %d has no reply", i))
		}
	}
	return out, nil
}

// withWait runs f, retrying connection failures (and warmup errors) once a
// second while -rpcwait is set and -rpcwaittimeout has not passed.
func (c *client) withWait(f func() (*rpcReply, error)) (*rpcReply, error) {
	deadline := time.Now().Add(c.s.waitTimeout)
	for {
		reply, err := f()
		if err == nil && c.s.wait && reply.hasError() && reply.errorCode() == codeInWarmup {
			err = &connectionError{"server in warmup"}
		}
		var ce *connectionError
		if err == nil || !errors.As(err, &ce) {
			return reply, err
		}
		if !c.s.wait {
			return nil, err
		}
		if c.s.waitTimeout > 0 && !time.Now().Before(deadline) {
			return nil, fmt.Errorf("timeout on transient error: %s", ce.msg)
		}
		time.Sleep(time.Second)
	}
}

// call is callOnce under -rpcwait.
func (c *client) call(ctx context.Context, method string, params any, wallet *string) (*rpcReply, error) {
	return c.withWait(func() (*rpcReply, error) { return c.callOnce(ctx, method, params, wallet) })
}

// formatError renders a reply's error member as bitcoin-cli prints it and
// returns the exit status (the absolute value of the code, as Core).
func formatError(raw json.RawMessage) (string, int) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return "error: " + string(raw), 1
	}
	var text string
	code := 0
	if c, ok := obj["code"]; ok && string(c) != "null" {
		text = "error code: " + string(bytes.TrimSpace(c)) + "\n"
		if n, err := strconv.Atoi(string(bytes.TrimSpace(c))); err == nil {
			code = n
		}
	}
	var msg string
	if m, ok := obj["message"]; ok && json.Unmarshal(m, &msg) == nil {
		text += "error message:\n" + msg
	}
	if code == codeWalletNotSpecified {
		text += " Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command" +
			" (run \"twinchain-cli -h\" for help or \"twinchain-cli listwallets\" to see which wallets are currently loaded)."
	}
	status := code
	if status < 0 {
		status = -status
	}
	if status == 0 || status%256 == 0 {
		status = 1
	}
	return text, status
}
