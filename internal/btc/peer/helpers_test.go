package peer

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

var testMagic = [4]byte{0xfa, 0xbf, 0xb5, 0xda}

func testConfig(id int64) Config {
	return Config{
		ID:          id,
		Magic:       testMagic,
		Services:    wire.NodeNetwork | wire.NodeWitness,
		UserAgent:   "/twinchain:test/",
		StartHeight: func() int32 { return 100 + int32(id) },
	}
}

// recorder is a Handler collecting messages.
type recorder struct {
	mu   sync.Mutex
	msgs []wire.Message
	ch   chan wire.Message
}

func newRecorder() *recorder { return &recorder{ch: make(chan wire.Message, 100000)} }

func (r *recorder) OnMessage(_ *Peer, m wire.Message) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	r.ch <- m
}

func (r *recorder) all() []wire.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]wire.Message(nil), r.msgs...)
}

// startPair connects an outbound peer (cfgA) to an inbound peer (cfgB)
// over c1/c2 and runs both handshakes; it returns both peers and the
// Start errors.
func startPair(t testing.TB, ctx context.Context, c1, c2 net.Conn, cfgA, cfgB Config) (a, b *Peer, errA, errB error) {
	t.Helper()
	a = New(c1, cfgA, false)
	b = New(c2, cfgB, true)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); errA = a.Start(ctx) }()
	go func() { defer wg.Done(); errB = b.Start(ctx) }()
	wg.Wait()
	return a, b, errA, errB
}

// stop disconnects peers and waits for their goroutines.
func stop(t testing.TB, peers ...*Peer) {
	t.Helper()
	for _, p := range peers {
		p.Disconnect("test done")
	}
	for _, p := range peers {
		select {
		case <-p.Done():
		case <-time.After(10 * time.Second):
			t.Fatalf("peer %d did not stop", p.ID())
		}
	}
}

// fake is a scripted remote speaking raw wire messages.
type fake struct {
	t    testing.TB
	conn net.Conn
	in   chan wire.Message
}

// newFake wraps conn; reading starts with startReading.
func newFake(t testing.TB, conn net.Conn) *fake {
	return &fake{t: t, conn: conn, in: make(chan wire.Message, 1000)}
}

// startReading drains the connection into f.in until it fails.
func (f *fake) startReading() {
	go func() {
		defer close(f.in)
		for {
			m, _, err := wire.ReadMessage(f.conn, testMagic)
			if err != nil {
				var me *wire.MessageError
				if errors.As(err, &me) {
					continue
				}
				return
			}
			f.in <- m
		}
	}()
}

func (f *fake) send(m wire.Message) {
	f.t.Helper()
	if _, err := wire.WriteMessage(f.conn, testMagic, m); err != nil {
		f.t.Errorf("fake send %s: %v", m.Command(), err)
	}
}

func (f *fake) sendRaw(b []byte) {
	f.t.Helper()
	if _, err := f.conn.Write(b); err != nil {
		f.t.Errorf("fake send raw: %v", err)
	}
}

// expect returns the next message with the command, skipping others.
func (f *fake) expect(cmd string) wire.Message {
	f.t.Helper()
	for m := range f.in {
		if m.Command() == cmd {
			return m
		}
	}
	f.t.Fatalf("connection closed waiting for %s", cmd)
	return nil
}

func fakeVersion(version int32, nonce uint64) *wire.MsgVersion {
	return &wire.MsgVersion{
		ProtocolVersion: version,
		Services:        wire.NodeNetwork | wire.NodeWitness,
		Timestamp:       time.Now().Unix(),
		Nonce:           nonce,
		UserAgent:       "/fake:1/",
		StartHeight:     7,
		Relay:           true,
	}
}

// handshakeWith completes a handshake with an inbound peer (the fake
// connects): version, then, after the peer's version, wtxidrelay/sendaddrv2
// and verack.
func (f *fake) handshakeWith(version int32) {
	f.t.Helper()
	f.send(fakeVersion(version, 42))
	f.expect(wire.CmdVersion)
	if version >= wire.WtxidRelayVersion {
		f.send(&wire.MsgWTxIDRelay{})
		f.send(&wire.MsgSendAddrV2{})
	}
	f.send(&wire.MsgVerAck{})
	f.expect(wire.CmdVerAck)
}

// startInbound starts an inbound peer on one end of a pipe and completes the
// handshake from a fake on the other end.
func startInbound(t testing.TB, ctx context.Context, cfg Config) (*Peer, *fake) {
	t.Helper()
	c1, c2 := net.Pipe()
	p := New(c1, cfg, true)
	f := newFake(t, c2)
	f.startReading()
	errc := make(chan error, 1)
	go func() { errc <- p.Start(ctx) }()
	f.handshakeWith(wire.ProtocolVersion)
	if err := <-errc; err != nil {
		t.Fatalf("Start: %v", err)
	}
	return p, f
}

// frame builds a raw message with an arbitrary command and payload.
func frame(cmd string, payload []byte) []byte {
	return wire.AppendMessage(nil, testMagic, rawMsg{cmd, payload})
}

type rawMsg struct {
	cmd string
	p   []byte
}

func (r rawMsg) Command() string        { return r.cmd }
func (r rawMsg) Encode(b []byte) []byte { return append(b, r.p...) }
func (r rawMsg) Decode(p []byte) error  { return nil }

func netPipe() (net.Conn, net.Conn) { return net.Pipe() }
