package jsonrpc

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestWebSocketWriteTimeout checks that a client that never reads is
// disconnected once a write has been blocked for WSWriteTimeout: the
// notifier's writes fail and its connection is closed.
func TestWebSocketWriteTimeout(t *testing.T) {
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: Auth{Disabled: true}, WebSocket: true,
		WSWriteTimeout: 200 * time.Millisecond})
	gone := make(chan int, 1)
	payload := strings.Repeat("x", 64*1024)
	if err := s.Register("flood", func(ctx context.Context, _ *Params) (any, error) {
		n, _ := NotifierFromContext(ctx)
		go func() {
			sent := 0
			for n.Notify("tick", payload) == nil {
				sent++
			}
			<-n.Closed()
			gone <- sent
		}()
		return "0x1", nil
	}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	conn, _, err := websocket.DefaultDialer.Dial("ws://"+s.Addrs()[0].String()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"jsonrpc":"2.0","method":"flood","id":1}`)); err != nil {
		t.Fatal(err)
	}
	// The client reads nothing from here on.
	select {
	case sent := <-gone:
		t.Logf("disconnected after %d notifications of 64 KiB", sent)
	case <-time.After(20 * time.Second):
		t.Fatal("a client that never reads was not disconnected")
	}
}
