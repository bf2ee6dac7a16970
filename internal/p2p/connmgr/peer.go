package connmgr

import (
	"context"
	"net"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// PeerID identifies a connection for the life of a Manager (Core's NodeId).
type PeerID int64

// Peer is one connection handed to the Handler.
type Peer struct {
	id       PeerID
	conn     *countingConn
	ctype    ConnType
	addr     addrmgr.Addr
	name     string // Core's m_addr_name: the -addnode/-connect string or the address
	connTime time.Time
	// preferEvict: discouraged when accepted (evicted first).
	preferEvict bool
	cancel      context.CancelFunc
	established atomic.Bool
	disconnect  atomic.Bool
	mgr         *Manager
}

// ID returns the connection's id.
func (p *Peer) ID() PeerID { return p.id }

// Conn returns the connection. Its byte counts feed the net totals.
func (p *Peer) Conn() net.Conn { return p.conn }

// Type returns the connection type.
func (p *Peer) Type() ConnType { return p.ctype }

// Inbound reports whether the peer connected to us.
func (p *Peer) Inbound() bool { return p.ctype == Inbound }

// Addr returns the peer's address.
func (p *Peer) Addr() addrmgr.Addr { return p.addr }

// Name returns the name the connection was made to (-addnode, -connect,
// -seednode string) or the address.
func (p *Peer) Name() string { return p.name }

// ConnTime returns when the connection was established.
func (p *Peer) ConnTime() time.Time { return p.connTime }

// Established records that the protocol handshake completed. For an
// outbound connection the address is marked good in the address book
// (moved to the tried table), as Core does on version; later, when the
// connection ends, its last-seen time is refreshed (not for block-relay-only
// connections, to avoid leaking them).
//
// This function is safe for concurrent access.
func (p *Peer) Established() {
	if p.established.Swap(true) || p.Inbound() || p.mgr.cfg.AddrBook == nil {
		return
	}
	p.mgr.cfg.AddrBook.Good(p.addr)
}

// Disconnect asks for the connection to end: the handler's context is
// cancelled and the connection closed.
//
// This function is safe for concurrent access.
func (p *Peer) Disconnect() {
	p.disconnect.Store(true)
	p.cancel()
}

// PeerInfo is a snapshot of a connection for getpeerinfo.
type PeerInfo struct {
	ID          PeerID
	Addr        addrmgr.Addr
	Name        string
	Type        ConnType
	Inbound     bool
	ConnTime    time.Time
	Established bool
	BytesSent   uint64
	BytesRecv   uint64
	// LocalAddr is our end of the connection.
	LocalAddr string
}

func (p *Peer) info() PeerInfo {
	return PeerInfo{
		ID: p.id, Addr: p.addr, Name: p.name, Type: p.ctype, Inbound: p.Inbound(), ConnTime: p.connTime,
		Established: p.established.Load(), BytesSent: p.conn.sent.Load(), BytesRecv: p.conn.recv.Load(),
		LocalAddr: p.conn.LocalAddr().String(),
	}
}

// countingConn counts the bytes through a connection, per peer and for the
// manager's totals.
type countingConn struct {
	net.Conn
	sent, recv           atomic.Uint64
	totalSent, totalRecv *atomic.Uint64
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.recv.Add(uint64(n))
		c.totalRecv.Add(uint64(n))
	}
	return n, err
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		c.sent.Add(uint64(n))
		c.totalSent.Add(uint64(n))
	}
	return n, err
}
