package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Client calls a JSON-RPC server over HTTP in the 1.0 dialect bitcoin-cli
// uses (or 2.0 with V2 set).
type Client struct {
	// URL is the endpoint, e.g. http://127.0.0.1:18443/ or .../wallet/w1.
	URL string
	// User and Password are the Basic credentials (see UseCookie).
	User, Password string
	// V2 sends "jsonrpc":"2.0" requests.
	V2 bool
	// HTTPClient is the transport; nil uses one with Timeout.
	HTTPClient *http.Client
	// Timeout bounds each call when HTTPClient is nil (0: 900 s, as
	// bitcoin-cli's -rpcclienttimeout).
	Timeout time.Duration

	nextID atomic.Uint64
}

// UseCookie loads user and password from a cookie file.
func (c *Client) UseCookie(path string) error {
	u, p, err := ReadCookie(path)
	if err != nil {
		return err
	}
	c.User, c.Password = u, p
	return nil
}

// BatchElem is one call of a batch; Result and Error are filled in.
type BatchElem struct {
	Method string
	Params any // []any-like for positional, map[string]any for named, or nil
	Result any // pointer to decode the result into (may be nil)
	Error  error
}

type clientRequest struct {
	JSONRPC string `json:"jsonrpc,omitempty"`
	ID      uint64 `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

type clientResponse struct {
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
	ID     json.RawMessage `json:"id"`
}

func (c *Client) newRequest(method string, params any) clientRequest {
	if params == nil {
		params = []any{}
	}
	r := clientRequest{ID: c.nextID.Add(1), Method: method, Params: params}
	if c.V2 {
		r.JSONRPC = "2.0"
	}
	return r
}

// Call invokes method with params (positional as a slice, named as a map or
// struct) and decodes the result into result (a pointer, or nil to drop it).
// A server-side failure is returned as *Error; transport failures as
// *TransportError (ErrUnauthorized, ErrHTTPStatus, ErrBadResponse,
// ErrConnection).
//
// This function is safe for concurrent access.
func (c *Client) Call(ctx context.Context, method string, params any, result any) error {
	body, err := c.post(ctx, c.newRequest(method, params))
	if err != nil {
		return err
	}
	var resp clientResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return transportError(ErrBadResponse, "jsonrpc: malformed reply: %v", err)
	}
	if resp.Error != nil {
		return resp.Error
	}
	if result != nil && resp.Result != nil {
		if err := json.Unmarshal(resp.Result, result); err != nil {
			return transportError(ErrBadResponse, "jsonrpc: cannot decode result of %s: %v", method, err)
		}
	}
	return nil
}

// Batch sends all elems in one request and fills each one's Result or
// Error. The returned error is a transport failure of the whole batch.
//
// This function is safe for concurrent access.
func (c *Client) Batch(ctx context.Context, elems []BatchElem) error {
	reqs := make([]clientRequest, len(elems))
	index := make(map[uint64]int, len(elems))
	for i := range elems {
		reqs[i] = c.newRequest(elems[i].Method, elems[i].Params)
		index[reqs[i].ID] = i
	}
	body, err := c.post(ctx, reqs)
	if err != nil {
		return err
	}
	var resps []clientResponse
	if err := json.Unmarshal(body, &resps); err != nil {
		var single clientResponse
		if json.Unmarshal(body, &single) == nil && single.Error != nil {
			return single.Error
		}
		return transportError(ErrBadResponse, "jsonrpc: malformed batch reply: %v", err)
	}
	seen := make([]bool, len(elems))
	for _, r := range resps {
		id, err := strconv.ParseUint(string(r.ID), 10, 64)
		i, ok := index[id]
		if err != nil || !ok || seen[i] {
			return transportError(ErrBadResponse, "jsonrpc: batch reply with unexpected id %s", r.ID)
		}
		seen[i] = true
		e := &elems[i]
		switch {
		case r.Error != nil:
			e.Error = r.Error
		case e.Result != nil && r.Result != nil:
			if err := json.Unmarshal(r.Result, e.Result); err != nil {
				e.Error = transportError(ErrBadResponse, "jsonrpc: cannot decode result of %s: %v", e.Method, err)
			}
		}
	}
	for i, ok := range seen {
		if !ok {
			elems[i].Error = transportError(ErrBadResponse, "jsonrpc: no reply for %s", elems[i].Method)
		}
	}
	return nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	t := c.Timeout
	if t == 0 {
		t = 900 * time.Second
	}
	return &http.Client{Timeout: t}
}

// post sends v and returns a body that holds a JSON-RPC reply, mapping
// bitcoind's HTTP statuses to readable errors as bitcoin-cli does.
func (c *Client) post(ctx context.Context, v any) ([]byte, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("jsonrpc: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(payload))
	if err != nil {
		return nil, transportError(ErrConnection, "jsonrpc: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.User != "" || c.Password != "" {
		req.SetBasicAuth(c.User, c.Password)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, transportError(ErrConnection, "jsonrpc: timeout on transient error: %v", err)
		}
		return nil, transportError(ErrConnection, "Could not connect to the server %s: %v\n\nMake sure the twinchaind server is running and that you are connecting to the correct RPC port.", c.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<30))
	if err != nil {
		return nil, transportError(ErrConnection, "jsonrpc: reading reply: %v", err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, transportError(ErrUnauthorized, "Authorization failed: Incorrect rpcuser or rpcpassword")
	case resp.StatusCode >= 400 && resp.StatusCode != http.StatusBadRequest &&
		resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusInternalServerError:
		return nil, transportError(ErrHTTPStatus, "server returned HTTP error %d: %s", resp.StatusCode, bytes.TrimSpace(body))
	case len(body) == 0:
		return nil, transportError(ErrBadResponse, "no response from server (HTTP %d)", resp.StatusCode)
	}
	return body, nil
}
