package jsonrpc

import (
	"strings"
	"testing"
)

// TestMaxBatch checks ServerConfig.MaxBatch: a batch at the limit is
// served, one above it gets geth's single "batch too large" error with the
// first call's id, and no member runs.
func TestMaxBatch(t *testing.T) {
	_, url := newTestServer(t, func(c *ServerConfig) { c.MaxBatch = 3 })
	batch := func(members ...string) string { return "[" + strings.Join(members, ",") + "]" }
	ping := func(id string) string { return `{"jsonrpc":"2.0","method":"ping","id":` + id + `}` }
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"at the limit", batch(ping("1"), ping("2"), ping("3")), 200,
			`[{"jsonrpc":"2.0","result":null,"id":1},{"jsonrpc":"2.0","result":null,"id":2},{"jsonrpc":"2.0","result":null,"id":3}]`},
		{"above the limit", batch(ping(`"a"`), ping("2"), ping("3"), ping("4")), 200,
			`[{"jsonrpc":"2.0","error":{"code":-32600,"message":"batch too large"},"id":"a"}]`},
		{"first id after garbage", batch(`1`, `{"jsonrpc":"2.0","method":"ping"}`, ping("7"), ping("8")), 200,
			`[{"jsonrpc":"2.0","error":{"code":-32600,"message":"batch too large"},"id":7}]`},
		{"no ids", batch(`1`, `2`, `3`, `4`), 200,
			`[{"jsonrpc":"2.0","error":{"code":-32600,"message":"batch too large"},"id":null}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := post(t, url, testUser, testPass, tc.body)
			if got.status != tc.status || got.body != tc.want {
				t.Errorf("got %d %s\nwant %d %s", got.status, got.body, tc.status, tc.want)
			}
		})
	}
}

// TestGethErrors checks ServerConfig.GethErrors: protocol errors in geth's
// words and shape (JSON-RPC 2.0, HTTP 200); method errors are unchanged.
func TestGethErrors(t *testing.T) {
	_, url := newTestServer(t, func(c *ServerConfig) { c.GethErrors = true })
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"truncated JSON", `{"jsonrpc":"2.0","id":1,`, 200, `{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error"},"id":null}`},
		{"not JSON", `hello`, 200, `{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error"},"id":null}`},
		{"a number", `42`, 200, `{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error"},"id":null}`},
		{"malformed batch", `[{"method":"ping"},`, 200, `{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error"},"id":null}`},
		{"empty batch", `[]`, 200, `{"jsonrpc":"2.0","error":{"code":-32600,"message":"empty batch"},"id":null}`},
		{"unknown method", `{"jsonrpc":"2.0","id":1,"method":"nope"}`, 200,
			`{"jsonrpc":"2.0","error":{"code":-32601,"message":"the method nope does not exist/is not available"},"id":1}`},
		{"missing method", `{"jsonrpc":"2.0","id":1}`, 200, `{"jsonrpc":"2.0","error":{"code":-32600,"message":"invalid request"},"id":1}`},
		{"batch with garbage", `[1,{"jsonrpc":"2.0","id":2,"method":"add","params":[1,2]}]`, 200,
			`[{"jsonrpc":"2.0","error":{"code":-32600,"message":"invalid request"},"id":null},{"jsonrpc":"2.0","result":3,"id":2}]`},
		{"params not a list", `{"jsonrpc":"2.0","id":4,"method":"ping","params":"x"}`, 200,
			`{"jsonrpc":"2.0","error":{"code":-32602,"message":"non-array args"},"id":4}`},
		{"1.0 request", `{"id":3,"method":"bad"}`, 200, `{"jsonrpc":"2.0","error":{"code":-5,"message":"Invalid address"},"id":3}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := post(t, url, testUser, testPass, tc.body)
			if got.status != tc.status || got.body != tc.want {
				t.Errorf("got %d %s\nwant %d %s", got.status, got.body, tc.status, tc.want)
			}
		})
	}
}
