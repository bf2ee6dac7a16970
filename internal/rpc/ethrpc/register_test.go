package ethrpc

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TestRegister serves the methods through a jsonrpc.Server and checks the
// JSON-RPC 2.0 replies, including an error.
func TestRegister(t *testing.T) {
	e := newEnv(t)
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Auth: jsonrpc.Auth{Disabled: true}})
	if err := e.svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Register(srv); err == nil {
		t.Fatal("second Register succeeded")
	}
	cases := []struct{ body, want string }{
		{`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`, `"result":"0x539"`},
		{`{"jsonrpc":"2.0","id":2,"method":"eth_getBalance","params":["0x12","latest"]}`, `"code":-32602`},
		{`{"jsonrpc":"2.0","id":3,"method":"eth_call","params":[{"to":"0xc002000000000000000000000000000000000000"},"latest"]}`, `"message":"execution reverted: nope","data":"0x08c379a0`},
		{`{"jsonrpc":"2.0","id":4,"method":"eth_blockNumber","params":{"a":1}}`, `"code":-32602`},
	}
	for _, c := range cases {
		req := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		req.RemoteAddr = "127.0.0.1:1234"
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		body, _ := io.ReadAll(w.Result().Body)
		if !strings.Contains(string(body), c.want) {
			t.Errorf("%s -> %d %s, want %s", c.body, w.Code, body, c.want)
		}
	}
}
