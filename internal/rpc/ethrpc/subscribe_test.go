package ethrpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TestSubscribe checks newHeads, logs and newPendingTransactions
// subscriptions over a WebSocket.
func TestSubscribe(t *testing.T) {
	e := newEnv(t)
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: jsonrpc.Auth{Disabled: true}, WebSocket: true})
	if err := e.svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	conn, _, err := websocket.DefaultDialer.Dial("ws://"+srv.Addrs()[0].String()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	send := func(msg string) {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	read := func() map[string]any {
		_, b, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		return m
	}
	ids := map[string]string{}
	for i, kind := range []string{`"newHeads"`, `"logs",{"address":"` + hexAddr(addrStore) + `"}`, `"newPendingTransactions"`} {
		send(`{"jsonrpc":"2.0","id":` + string(rune('1'+i)) + `,"method":"eth_subscribe","params":[` + kind + `]}`)
		r := read()
		id, _ := r["result"].(string)
		if !strings.HasPrefix(id, "0x") {
			t.Fatalf("subscribe %s: %v", kind, r)
		}
		ids[id] = kind
	}
	send(`{"jsonrpc":"2.0","id":9,"method":"eth_subscribe","params":["bogus"]}`)
	if r := read(); r["error"] == nil {
		t.Fatalf("bogus subscription: %v", r)
	}
	// Sending a store transaction (automine) yields one notification of
	// each kind.
	tx := e.signedTx(t, 0, 0, addrStore, 0, 100000, make([]byte, 32))
	go e.svc.Call(context.Background(), "eth_sendRawTransaction", json.RawMessage(`"`+rawHex(t, tx)+`"`))
	got := map[string]map[string]any{}
	for len(got) < 3 {
		n := read()
		if n["method"] != "eth_subscription" {
			t.Fatalf("unexpected %v", n)
		}
		p := n["params"].(map[string]any)
		kind := ids[p["subscription"].(string)]
		got[kind] = p
	}
	for kind, p := range got {
		switch {
		case strings.HasPrefix(kind, `"newHeads"`):
			if h := p["result"].(map[string]any); h["number"] != "0x1" {
				t.Errorf("head %v", h)
			}
		case strings.HasPrefix(kind, `"logs"`):
			if l := p["result"].(map[string]any); l["transactionHash"] != hexHash(tx.Hash()) {
				t.Errorf("log %v", l)
			}
		default:
			if p["result"] != hexHash(tx.Hash()) {
				t.Errorf("pending tx %v", p["result"])
			}
		}
	}
	for id := range ids {
		send(`{"jsonrpc":"2.0","id":10,"method":"eth_unsubscribe","params":["` + id + `"]}`)
		if r := read(); r["result"] != true {
			t.Fatalf("unsubscribe: %v", r)
		}
	}
}
