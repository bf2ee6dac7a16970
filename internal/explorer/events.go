package explorer

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// sseBuffer is the number of events queued per /events client; a client that
// falls further behind loses events (it reloads data on the next block).
const sseBuffer = 64

// liveEvent is the JSON payload of one server-sent event.
type liveEvent struct {
	Chain  string `json:"chain"` // "btc" or "eth"
	Kind   string `json:"kind"`  // "block", "tx" or "disconnect"
	Hash   string `json:"hash"`
	Height int64  `json:"height,omitempty"`
	Fee    int64  `json:"fee,omitempty"`
	VSize  int64  `json:"vsize,omitempty"`
	URL    string `json:"url"`
}

// hub fans events out to the /events clients.
type hub struct {
	mu      sync.Mutex
	max     int
	clients map[chan []byte]struct{}
	closed  bool
	done    chan struct{}
}

func newHub(max int) *hub {
	return &hub{max: max, clients: make(map[chan []byte]struct{}), done: make(chan struct{})}
}

// join registers a client; it returns nil when the hub is full or closed.
func (h *hub) join() chan []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.clients) >= h.max {
		return nil
	}
	c := make(chan []byte, sseBuffer)
	h.clients[c] = struct{}{}
	return c
}

// leave unregisters a client.
func (h *hub) leave(c chan []byte) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// publish queues msg for every client without blocking.
func (h *hub) publish(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- msg:
		default: // slow client: drop
		}
	}
}

// close ends every stream.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// clientCount returns the number of connected clients.
func (h *hub) clientCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// encodeEvent builds the SSE frame of ev.
func encodeEvent(ev liveEvent) []byte {
	b, _ := json.Marshal(ev) // plain struct of strings and ints: cannot fail
	out := make([]byte, 0, len(b)+32)
	out = append(out, "event: "...)
	out = append(out, ev.Chain...)
	out = append(out, '-')
	out = append(out, ev.Kind...)
	out = append(out, "\ndata: "...)
	out = append(out, b...)
	return append(out, "\n\n"...)
}

// onBTCEvent is the BTCSource subscription callback.
func (s *Server) onBTCEvent(e BTCEvent) {
	ev := liveEvent{Chain: "btc", Hash: e.Hash.String()}
	switch e.Kind {
	case BTCBlockConnected:
		ev.Kind, ev.Height, ev.URL = "block", e.Height, "/btc/block/"+ev.Hash
	case BTCTxAccepted:
		ev.Kind, ev.Fee, ev.VSize, ev.URL = "tx", e.Fee, e.VSize, "/btc/tx/"+ev.Hash
	case BTCBlockDisconnected:
		// Height is the block that left; URL is the new tip's.
		ev.Kind, ev.Height, ev.URL = "disconnect", e.Height, "/btc/block-height/"+strconv.FormatInt(e.Height-1, 10)
	default:
		return
	}
	s.hub.publish(encodeEvent(ev))
}

// onETHEvent is the ETHSource subscription callback.
func (s *Server) onETHEvent(e ETHEvent) {
	ev := liveEvent{Chain: "eth", Hash: e.Hash.Hex()}
	switch e.Kind {
	case ETHNewHead:
		ev.Kind, ev.Height, ev.URL = "block", int64(e.Number), "/eth/block/"+strconv.FormatUint(e.Number, 10)
	case ETHTxAdded:
		ev.Kind, ev.URL = "tx", "/eth/tx/"+ev.Hash
	case ETHBlocksRemoved:
		ev.Hash = ""
		ev.Kind, ev.Height = "disconnect", int64(e.Number)
		ev.URL = "/eth/block/" + strconv.FormatUint(e.Number-1, 10)
	default:
		return
	}
	s.hub.publish(encodeEvent(ev))
}

// handleEvents streams live events as server-sent events until the client
// goes away or the server stops.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.writeError(w, r, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	c := s.hub.join()
	if c == nil {
		s.writeError(w, r, http.StatusServiceUnavailable, "too many event streams")
		return
	}
	defer s.hub.leave(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write([]byte("retry: 5000\n: twinchain explorer events\n\n")); err != nil {
		return
	}
	fl.Flush()
	keep := time.NewTicker(25 * time.Second)
	defer keep.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		case msg := <-c:
			if _, err := w.Write(msg); err != nil {
				return
			}
			fl.Flush()
		case <-keep.C:
			if _, err := w.Write([]byte(": keep-alive\n\n")); err != nil {
				return
			}
			fl.Flush()
		}
	}
}
