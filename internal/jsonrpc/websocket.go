package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Notifier pushes server-side notifications to one WebSocket client. Method
// handlers obtain it with NotifierFromContext; it is absent over HTTP.
type Notifier struct {
	c *wsConn
}

// NotifierFromContext returns the Notifier of the WebSocket connection the
// call arrived on, or false over HTTP.
func NotifierFromContext(ctx context.Context) (*Notifier, bool) {
	n, ok := ctx.Value(notifierKey).(*Notifier)
	return n, ok
}

// Notify sends a JSON-RPC 2.0 notification {"jsonrpc":"2.0","method":..,
// "params":..} to the client.
//
// This function is safe for concurrent access.
func (n *Notifier) Notify(method string, params any) error {
	b, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
	if err != nil {
		return err
	}
	return n.c.write(b)
}

// Closed returns a channel closed when the connection ends, so
// subscriptions can be torn down.
func (n *Notifier) Closed() <-chan struct{} { return n.c.done }

type wsConn struct {
	conn    *websocket.Conn
	timeout time.Duration // of each write
	wmu     sync.Mutex
	done    chan struct{}
}

// write sends one text message. A write that fails or times out closes
// the connection, so the read loop ends too.
func (c *wsConn) write(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(c.timeout))
	err := c.conn.WriteMessage(websocket.TextMessage, b)
	if err != nil {
		c.conn.Close()
	}
	return err
}

// serveWebSocket upgrades r and dispatches each text message through the
// same dispatcher as HTTP, with the same worker bound.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, user string) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	conn.SetReadLimit(s.cfg.MaxBodyBytes)
	c := &wsConn{conn: conn, timeout: s.cfg.WSWriteTimeout, done: make(chan struct{})}
	s.wsMu.Lock()
	s.wsConns[c] = struct{}{}
	s.wsMu.Unlock()
	defer func() {
		s.wsMu.Lock()
		delete(s.wsConns, c)
		s.wsMu.Unlock()
		close(c.done)
		conn.Close()
	}()
	ctx := context.WithValue(r.Context(), infoKey, RequestInfo{RemoteAddr: r.RemoteAddr, User: user, Path: r.URL.Path, WebSocket: true})
	ctx = context.WithValue(ctx, notifierKey, &Notifier{c: c})
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		if !s.acquire(ctx) {
			if out := s.busyReply(msg); out != nil && c.write(out) != nil {
				return
			}
			continue
		}
		out, _ := s.handleBody(ctx, msg)
		s.release()
		if out != nil {
			if c.write(out) != nil {
				return
			}
		}
	}
}

// errWorkQueue answers a WebSocket call refused because the work queue is
// full.
var errWorkQueue = &Error{Code: CodeInternalError, Message: "Work queue depth exceeded"}

// busyReply returns the reply to a WebSocket message refused because the
// work queue is full: errWorkQueue carrying the id of each call (one reply
// per call of a batch, as the dispatcher would answer), so that the client
// can match it to its request and retry. 2.0 notifications get no reply
// (nil when the message holds only those); an unparsable message gets one
// reply with a null id.
func (s *Server) busyReply(msg []byte) []byte {
	if firstByte(msg) != '[' {
		out, _ := appendBusy(nil, msg)
		return out
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(msg, &elems); err != nil || len(elems) == 0 {
		return appendReply(nil, &reply{v2: true, err: errWorkQueue})
	}
	if s.cfg.MaxBatch > 0 && len(elems) > s.cfg.MaxBatch {
		return batchTooLarge(elems)
	}
	out := append(make([]byte, 0, 96*len(elems)), '[')
	n := 0
	for _, e := range elems {
		if n > 0 {
			out = append(out, ',')
		}
		var ok bool
		if out, ok = appendBusy(out, e); ok {
			n++
		} else if n > 0 {
			out = out[:len(out)-1]
		}
	}
	if n == 0 {
		return nil
	}
	return append(out, ']')
}

// appendBusy appends errWorkQueue's reply to the call raw, or reports false
// when raw is a 2.0 notification.
func appendBusy(out, raw []byte) ([]byte, bool) {
	var req request
	if json.Unmarshal(raw, &req) != nil {
		return appendReply(out, &reply{v2: true, err: errWorkQueue}), true
	}
	if req.ID == nil && bytes.Equal(req.JSONRPC, []byte(`"2.0"`)) {
		return out, false
	}
	return appendReply(out, &reply{v2: true, id: req.ID, err: errWorkQueue}), true
}
