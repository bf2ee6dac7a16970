package connmgr

import (
	"context"
	"slices"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// AddNode commands (the addnode RPC).
const (
	AddNodeAdd    = "add"
	AddNodeRemove = "remove"
	AddNodeOneTry = "onetry"
)

// AddNode runs the addnode RPC: "add" puts name ("host[:port]") in the
// added list, connected and retried every 60 s as a manual connection;
// "remove" takes it out (an existing connection stays); "onetry" makes one
// manual connection attempt in the background. It fails with
// ErrNodeAlreadyAdded, ErrNodeNotAdded, ErrInvalidParameter or
// ErrNotRunning (onetry before Start or after Stop).
//
// This function is safe for concurrent access.
func (m *Manager) AddNode(name, cmd string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch cmd {
	case AddNodeAdd:
		if slices.Contains(m.added, name) {
			return makeError(ErrNodeAlreadyAdded, "Error: Node already added")
		}
		m.added = append(m.added, name)
		select {
		case m.wakeAdded <- struct{}{}:
		default:
		}
		return nil
	case AddNodeRemove:
		i := slices.Index(m.added, name)
		if i < 0 {
			return makeError(ErrNodeNotAdded, "Error: Node could not be removed. It has not been added previously.")
		}
		m.added = slices.Delete(m.added, i, i+1)
		return nil
	case AddNodeOneTry:
		if !m.goLocked(func() { m.connect(m.ctx, addrmgr.Addr{}, name, Manual, false) }) {
			return makeError(ErrNotRunning, "connmgr: not running")
		}
		return nil
	}
	return makeError(ErrInvalidParameter, "Error: Invalid command %q (add, remove or onetry)", cmd)
}

// AddedNode is one entry of the added list (getaddednodeinfo).
type AddedNode struct {
	Name      string
	Connected bool
	// Addr is the connected peer's address (zero when not connected).
	Addr addrmgr.Addr
}

// AddedNodes returns the added list with connection state.
//
// This function is safe for concurrent access.
func (m *Manager) AddedNodes() []AddedNode {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]AddedNode, len(m.added))
	for i, name := range m.added {
		out[i].Name = name
		for _, p := range m.peers {
			if p.name == name || p.addr.String() == name {
				out[i].Connected, out[i].Addr = true, p.addr
				break
			}
		}
	}
	return out
}

// addedNodesLoop is Core's ThreadOpenAddedConnections: it connects to the
// added nodes that are not connected, within the manual-connection limit,
// then waits 60 s after an attempt or 2 s otherwise (or until AddNode adds
// one).
func (m *Manager) addedNodesLoop() {
	ctx := m.ctx
	for {
		tried := false
		for _, n := range m.AddedNodes() {
			if n.Connected || !m.active.Load() {
				continue
			}
			m.mu.Lock()
			manual := m.countsLocked()[Manual]
			m.mu.Unlock()
			if manual >= m.cfg.MaxAddNode {
				break
			}
			tried = true
			m.connect(ctx, addrmgr.Addr{}, n.Name, Manual, false)
			if !sleep(ctx, m.cfg.ConnectInterval) {
				return
			}
		}
		wait := m.cfg.AddNodeIdle
		if tried {
			wait = m.cfg.AddNodeRetry
		}
		if !m.waitAdded(ctx, wait) {
			return
		}
	}
}

func (m *Manager) waitAdded(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-m.wakeAdded:
	}
	return true
}
