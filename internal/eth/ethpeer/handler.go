package ethpeer

import (
	"context"
	"strconv"
	"sync"

	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// Handler runs the account-chain protocol on the connections of a
// connmgr.Manager: Handle is a connmgr.Handler. It builds a Peer per
// connection from a template Config, reports the handshake to the manager
// (Established), ends feeler connections after it (without telling the
// Backend), runs block-relay-only connections without transaction relay,
// and turns a peer's misbehaviour into connmgr discouragement.
//
// A Handler is safe for concurrent use.
type Handler struct {
	cfg Config

	mu         sync.Mutex
	discourage func(cp *connmgr.Peer)
	peers      map[connmgr.PeerID]*Peer
}

// NewHandler returns a handler whose peers use cfg; the ID and NoBan
// fields are set per connection (the manager's peer id in decimal; NoBan
// for manual connections).
//
// This function is safe for concurrent access.
func NewHandler(cfg Config) *Handler {
	return &Handler{cfg: cfg, peers: make(map[connmgr.PeerID]*Peer)}
}

// SetDiscourage sets the function that discourages a misbehaving peer's
// address, normally func(cp *connmgr.Peer) { mgr.Discourage(cp.Addr()) };
// the manager is built after the handler, hence the setter. Without one
// misbehaving peers are only disconnected.
//
// This function is safe for concurrent access.
func (h *Handler) SetDiscourage(f func(cp *connmgr.Peer)) {
	h.mu.Lock()
	h.discourage = f
	h.mu.Unlock()
}

// Peer returns the running peer of a connection.
//
// This function is safe for concurrent access.
func (h *Handler) Peer(id connmgr.PeerID) (*Peer, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.peers[id]
	return p, ok
}

// Peers returns the peers that completed the handshake.
//
// This function is safe for concurrent access.
func (h *Handler) Peers() []*Peer {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*Peer, 0, len(h.peers))
	for _, p := range h.peers {
		out = append(out, p)
	}
	return out
}

// Handle is the connmgr.Handler: it runs one connection until it ends.
//
// This function is safe for concurrent access.
func (h *Handler) Handle(ctx context.Context, cp *connmgr.Peer) connmgr.Outcome {
	cfg := h.cfg
	cfg.ID = strconv.FormatInt(int64(cp.ID()), 10)
	cfg.NoBan = cfg.NoBan || cp.Type() == connmgr.Manual
	cfg.BlockRelayOnly = cfg.BlockRelayOnly || cp.Type() == connmgr.BlockRelay
	if cp.Type() == connmgr.Feeler {
		cfg.Backend = nil // a feeler only tests the address
	}
	p := New(cp.Conn(), cfg, cp.Inbound())
	if err := p.Start(ctx); err != nil {
		<-p.Done()
		return connmgr.Outcome{Reason: err.Error(), CountFailure: !cp.Inbound()}
	}
	cp.Established()
	if cp.Type() == connmgr.Feeler {
		p.Disconnect("feeler connection completed")
		<-p.Done()
		return connmgr.Outcome{Reason: "feeler connection completed"}
	}
	h.mu.Lock()
	h.peers[cp.ID()] = p
	h.mu.Unlock()
	select {
	case <-p.Done():
	case <-ctx.Done():
		p.Disconnect("disconnected")
	}
	<-p.Done()
	h.mu.Lock()
	delete(h.peers, cp.ID())
	discourage := h.discourage
	h.mu.Unlock()
	if p.ShouldDiscourage() && discourage != nil {
		discourage(cp)
	}
	reason := "disconnected"
	if err := p.Err(); err != nil {
		reason = err.Error()
	}
	return connmgr.Outcome{Reason: reason}
}
