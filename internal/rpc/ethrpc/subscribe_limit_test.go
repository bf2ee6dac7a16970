package ethrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TestConnSubscriptionLimit checks that one WebSocket connection holds at
// most MaxConnSubscriptions subscriptions, that the next gets a -32000
// error, and that another connection can still subscribe.
func TestConnSubscriptionLimit(t *testing.T) {
	e := newEnv(t)
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: jsonrpc.Auth{Disabled: true}, WebSocket: true})
	if err := e.svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	dial := func() *websocket.Conn {
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+srv.Addrs()[0].String()+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		return conn
	}
	subscribe := func(conn *websocket.Conn, id int) (result string, rerr *jsonrpc.Error) {
		t.Helper()
		msg := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"eth_subscribe","params":["newHeads"]}`, id)
		if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		var r struct {
			Result string         `json:"result"`
			Error  *jsonrpc.Error `json:"error"`
		}
		if err := conn.ReadJSON(&r); err != nil {
			t.Fatal(err)
		}
		return r.Result, r.Error
	}
	flood := dial()
	defer flood.Close()
	var firstID string
	for i := range MaxConnSubscriptions {
		id, err := subscribe(flood, i+1)
		if err != nil {
			t.Fatalf("subscription %d: %v", i+1, err)
		}
		if i == 0 {
			firstID = id
		}
	}
	_, err := subscribe(flood, 1000)
	if err == nil || err.Code != CodeServerError || !strings.HasPrefix(err.Message, "too many subscriptions on this connection") {
		t.Fatalf("subscription %d on one connection: %+v, want -32000 too many subscriptions", MaxConnSubscriptions+1, err)
	}
	other := dial()
	defer other.Close()
	if id, err := subscribe(other, 1); err != nil || !strings.HasPrefix(id, "0x") {
		t.Fatalf("another connection's subscription: %q %+v", id, err)
	}
	// Unsubscribing frees a slot on the flooding connection.
	msg, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 2000, "method": "eth_unsubscribe", "params": []string{firstID}})
	if err := flood.WriteMessage(websocket.TextMessage, msg); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Result bool `json:"result"`
	}
	if err := flood.ReadJSON(&r); err != nil || !r.Result {
		t.Fatalf("eth_unsubscribe: %v %v", r.Result, err)
	}
	if _, err := subscribe(flood, 2001); err != nil {
		t.Fatalf("subscription after eth_unsubscribe: %+v", err)
	}
}
