package connmgr

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// server is a remote node stand-in: it accepts connections and keeps them
// open until closed.
type server struct {
	l        net.Listener
	accepted atomic.Int32
	mu       sync.Mutex
	conns    []net.Conn
	done     chan struct{}
}

func newServer(t *testing.T) *server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, l)
}

func serve(t *testing.T, l net.Listener) *server {
	s := &server{l: l, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.accepted.Add(1)
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	t.Cleanup(s.close)
	return s
}

func (s *server) close() {
	_ = s.l.Close()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
}

func (s *server) port() uint16 { return uint16(s.l.Addr().(*net.TCPAddr).Port) }

// addr returns a routable stand-in address for the server: 1.<g>.<h>.1
// with the server's port; loopDialer maps it back to 127.0.0.1.
func (s *server) addr(g, h byte) addrmgr.Addr {
	return addrmgr.AddrFromIP(netip.AddrFrom4([4]byte{1, g, h, 1}), s.port())
}

// loopDialer dials 127.0.0.1 at the port of any address.
type loopDialer struct {
	d    net.Dialer
	fail bool
}

func (l *loopDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if l.fail {
		return nil, errors.New("dial disabled")
	}
	_, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	return l.d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
}

// recorder is a Handler: it completes the "handshake" at once, writes
// "hello", then reads until the connection ends; feelers and addr-fetch
// connections end at once.
type recorder struct {
	mu    sync.Mutex
	types map[ConnType]int
}

func (r *recorder) handle(ctx context.Context, p *Peer) Outcome {
	r.mu.Lock()
	if r.types == nil {
		r.types = make(map[ConnType]int)
	}
	r.types[p.Type()]++
	r.mu.Unlock()
	p.Established()
	if p.Type() == Feeler || p.Type() == AddrFetch {
		return Outcome{Reason: "short-lived"}
	}
	_, _ = p.Conn().Write([]byte("hello"))
	_, _ = io.Copy(io.Discard, p.Conn())
	return Outcome{Reason: "closed"}
}

func (r *recorder) seen(t ConnType) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.types[t]
}

func testConfig(book AddrBook, r *recorder) Config {
	return Config{
		AddrBook:        book,
		Handler:         r.handle,
		Dialer:          &loopDialer{},
		DialTimeout:     2 * time.Second,
		ConnectInterval: 2 * time.Millisecond,
		FeelerInterval:  time.Hour,
		AddNodeRetry:    30 * time.Millisecond,
		AddNodeIdle:     10 * time.Millisecond,
		DNSSeedDelayFew: 20 * time.Millisecond,
		FixedSeedDelay:  time.Hour,
		DefaultPort:     18444,
	}
}

func start(t *testing.T, cfg Config) *Manager {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Stop(); err != nil {
			t.Error(err)
		}
	})
	return m
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func countType(m *Manager, ct ConnType) int {
	n := 0
	for _, p := range m.Peers() {
		if p.Type == ct {
			n++
		}
	}
	return n
}

func newBook(t *testing.T, addrs ...addrmgr.Addr) *addrmgr.Manager {
	t.Helper()
	b := addrmgr.New(addrmgr.Config{})
	b.SetKey([32]byte{1, 2, 3}) // deterministic placement: no accidental slot collisions
	n := 0
	for i, a := range addrs {
		// One source group per address spreads them over new buckets, so
		// slot collisions (ports vary between runs) are very unlikely.
		src := addrmgr.AddrFromIP(netip.AddrFrom4([4]byte{2, byte(i + 1), 0, 1}), 0)
		n += b.Add([]addrmgr.Address{{Addr: a, Services: 1, Time: time.Now()}}, src, 0)
	}
	if n != len(addrs) {
		t.Fatalf("added %d of %d addresses", n, len(addrs))
	}
	return b
}

// dialFrom connects to the manager's first listener from a local address
// 127.0.0.<host> and returns the connection and whether the manager
// accepted it (it writes "hello" to accepted connections, and closes the
// others).
func dialFrom(t *testing.T, m *Manager, host byte) (net.Conn, bool) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, host)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", m.ListenAddrs()[0].String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 5)
	_, err = io.ReadFull(c, buf)
	_ = c.SetReadDeadline(time.Time{})
	return c, err == nil && string(buf) == "hello"
}

func hostPort(s *server) string { return "127.0.0.1:" + strconv.Itoa(int(s.port())) }
