package jsonrpc

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestWebSocket(t *testing.T) {
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: Auth{User: "u", Password: "p"}, WebSocket: true, AuthFailDelay: -1})
	closed := make(chan struct{})
	s.Register("subscribe", func(ctx context.Context, _ *Params) (any, error) {
		n, ok := NotifierFromContext(ctx)
		if !ok {
			return nil, NewError(CodeMiscError, "notifications not supported")
		}
		go func() {
			n.Notify("tick", []int{1})
			<-n.Closed()
			close(closed)
		}()
		return "0x1", nil
	}, "")
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	url := "ws://" + s.Addrs()[0].String() + "/"

	if _, resp, err := websocket.DefaultDialer.Dial(url, nil); err == nil || resp == nil || resp.StatusCode != 401 {
		t.Fatalf("dial without auth: %v %v", err, resp)
	}
	h := http.Header{}
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth("u", "p")
	h.Set("Authorization", req.Header.Get("Authorization"))
	conn, _, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	send := func(msg string) {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		_, b, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	send(`{"jsonrpc":"2.0","method":"help","params":["subscribe"],"id":1}`)
	if got := read(); got != `{"jsonrpc":"2.0","result":"","id":1}` {
		t.Errorf("help: %s", got)
	}
	send(`[{"jsonrpc":"2.0","method":"nope","id":2},{"jsonrpc":"2.0","method":"help"}]`)
	if got := read(); got != `[{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2}]` {
		t.Errorf("batch: %s", got)
	}
	send(`{"jsonrpc":"2.0","method":"subscribe","id":3}`)
	got := []string{read(), read()}
	var sawReply, sawTick bool
	for _, g := range got {
		sawReply = sawReply || g == `{"jsonrpc":"2.0","result":"0x1","id":3}`
		sawTick = sawTick || g == `{"jsonrpc":"2.0","method":"tick","params":[1]}`
	}
	if !sawReply || !sawTick {
		t.Errorf("subscribe: %v", got)
	}
	send(`{bad`)
	if got := read(); !strings.Contains(got, `-32700`) {
		t.Errorf("parse error: %s", got)
	}
	conn.Close()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Error("Closed() not signalled")
	}
}

func TestNotifierAbsentOverHTTP(t *testing.T) {
	if _, ok := NotifierFromContext(context.Background()); ok {
		t.Error("notifier in plain context")
	}
}
