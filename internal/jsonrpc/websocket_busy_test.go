package jsonrpc

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestWebSocketWorkQueueFullReplyID checks that a WebSocket call refused
// because every worker is busy and the work queue is full gets its error
// with the call's id. Without the id (a null one) a client waiting for the
// reply to its request skips the refusal as if it were a notification and
// waits forever instead of retrying: the e2e test's 200 concurrent
// eth_subscribe calls saw that as replies that never came.
func TestWebSocketWorkQueueFullReplyID(t *testing.T) {
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: Auth{Disabled: true}, WebSocket: true,
		Threads: 1, WorkQueue: 1})
	started := make(chan struct{}, 2)
	unblock := make(chan struct{})
	if err := s.Register("block", func(context.Context, *Params) (any, error) {
		started <- struct{}{}
		<-unblock
		return "done", nil
	}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	url := "ws://" + s.Addrs()[0].String() + "/"
	dial := func() *websocket.Conn {
		t.Helper()
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
		return c
	}
	send := func(c *websocket.Conn, msg string) {
		t.Helper()
		if err := c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	read := func(c *websocket.Conn) string {
		t.Helper()
		_, b, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// The one worker runs a's call; b's call waits in the queue of one.
	a, b := dial(), dial()
	defer a.Close()
	defer b.Close()
	send(a, `{"jsonrpc":"2.0","id":1,"method":"block"}`)
	<-started
	send(b, `{"jsonrpc":"2.0","id":2,"method":"block"}`)
	for deadline := time.Now().Add(20 * time.Second); s.pending.Load() < 2; {
		if time.Now().After(deadline) {
			t.Fatal("the second call never queued")
		}
		time.Sleep(time.Millisecond)
	}

	c := dial()
	defer c.Close()
	busy := `{"code":-32603,"message":"Work queue depth exceeded"}`
	cases := []struct {
		name, msg, want string
	}{
		{"call", `{"jsonrpc":"2.0","id":7,"method":"block"}`, `{"jsonrpc":"2.0","error":` + busy + `,"id":7}`},
		{"string id", `{"jsonrpc":"2.0","id":"x","method":"block"}`, `{"jsonrpc":"2.0","error":` + busy + `,"id":"x"}`},
		// The notification gets no reply: the batch's is the next message.
		{"notification then batch", `{"jsonrpc":"2.0","method":"block"}`, ""},
		{"batch", `[{"jsonrpc":"2.0","id":8,"method":"block"},{"jsonrpc":"2.0","method":"block"},{"jsonrpc":"2.0","id":9,"method":"block"}]`,
			`[{"jsonrpc":"2.0","error":` + busy + `,"id":8},{"jsonrpc":"2.0","error":` + busy + `,"id":9}]`},
		{"garbage", `{"id":`, `{"jsonrpc":"2.0","error":` + busy + `,"id":null}`},
	}
	for _, tc := range cases {
		send(c, tc.msg)
		if tc.want == "" {
			continue
		}
		if got := read(c); got != tc.want {
			t.Errorf("%s: reply %s, want %s", tc.name, got, tc.want)
		}
	}

	close(unblock)
	for _, conn := range []*websocket.Conn{a, b} {
		var r struct {
			Result string `json:"result"`
		}
		if err := json.Unmarshal([]byte(read(conn)), &r); err != nil || r.Result != "done" {
			t.Errorf("queued call: %v %q", err, r.Result)
		}
	}
	// Once the queue drains, the refused client is served.
	send(c, `{"jsonrpc":"2.0","id":10,"method":"block"}`)
	if got, want := read(c), `{"jsonrpc":"2.0","result":"done","id":10}`; got != want {
		t.Errorf("after the queue drained: %s, want %s", got, want)
	}
}

// TestBusyReply checks the refusals of busyReply message by message.
func TestBusyReply(t *testing.T) {
	s := NewServer(ServerConfig{MaxBatch: 2})
	busy := `{"code":-32603,"message":"Work queue depth exceeded"}`
	cases := []struct {
		name, msg, want string
	}{
		{"2.0 call", `{"jsonrpc":"2.0","id":1,"method":"m"}`, `{"jsonrpc":"2.0","error":` + busy + `,"id":1}`},
		{"1.0 call", `{"id":[1],"method":"m"}`, `{"jsonrpc":"2.0","error":` + busy + `,"id":[1]}`},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"m"}`, `{"jsonrpc":"2.0","error":` + busy + `,"id":null}`},
		{"notification", `{"jsonrpc":"2.0","method":"m"}`, ""},
		{"batch of notifications", `[{"jsonrpc":"2.0","method":"m"},{"jsonrpc":"2.0","method":"m"}]`, ""},
		{"batch, notification first", `[{"jsonrpc":"2.0","method":"m"},{"jsonrpc":"2.0","id":2,"method":"m"}]`,
			`[{"jsonrpc":"2.0","error":` + busy + `,"id":2}]`},
		{"batch, notification last", `[{"jsonrpc":"2.0","id":2,"method":"m"},{"jsonrpc":"2.0","method":"m"}]`,
			`[{"jsonrpc":"2.0","error":` + busy + `,"id":2}]`},
		{"batch too large", `[{"id":1},{"id":2},{"id":3}]`, `[{"jsonrpc":"2.0","error":{"code":-32600,"message":"batch too large"},"id":1}]`},
		{"empty batch", `[]`, `{"jsonrpc":"2.0","error":` + busy + `,"id":null}`},
		{"parse error", `{"jsonrpc":`, `{"jsonrpc":"2.0","error":` + busy + `,"id":null}`},
	}
	for _, tc := range cases {
		if got := string(s.busyReply([]byte(tc.msg))); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
