package peer

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// maxKeptWriteBuffer is the largest encoding buffer the writer keeps
// between messages; a larger one (after a big block) is released.
const maxKeptWriteBuffer = 4 << 20

// QueueMessage queues msg on the normal send lane. When the lane is full
// it blocks until there is room (back-pressure: a caller, such as the
// handler answering getdata, stops while the remote does not read, as Core
// stops processing a peer's messages while its send buffer is full), and
// returns ErrDisconnected if the peer goes away first. Messages queued
// before the handshake completes are sent after it. msg must not be
// modified after the call.
//
// This function is safe for concurrent access.
func (p *Peer) QueueMessage(msg wire.Message) error {
	return p.queue(outMsg{msg: msg}, true)
}

// TryQueueMessage is QueueMessage without blocking: it returns ErrQueueFull
// when the lane is full.
//
// This function is safe for concurrent access.
func (p *Peer) TryQueueMessage(msg wire.Message) error {
	return p.queue(outMsg{msg: msg}, false)
}

// QueueFramed queues a message already framed with wire.AppendMessage for
// this network (so one encoding serves every peer a block is relayed to);
// command is its command, for the statistics. frame must not be modified
// afterwards. It blocks like QueueMessage.
//
// This function is safe for concurrent access.
func (p *Peer) QueueFramed(command string, frame []byte) error {
	return p.queue(outMsg{frame: frame, cmd: command}, true)
}

func (p *Peer) queue(m outMsg, block bool) error {
	select {
	case <-p.quit:
		return makeError(ErrDisconnected, "peer %d disconnected", p.cfg.ID)
	default:
	}
	if !block {
		select {
		case p.out <- m:
			return nil
		default:
			return makeError(ErrQueueFull, "send queue of peer %d full", p.cfg.ID)
		}
	}
	select {
	case p.out <- m:
		return nil
	case <-p.quit:
		return makeError(ErrDisconnected, "peer %d disconnected", p.cfg.ID)
	}
}

// queueHi queues a control message on the high-priority lane; it blocks
// while the lane is full and gives up when the peer is gone.
func (p *Peer) queueHi(msg wire.Message) {
	select {
	case p.hi <- outMsg{msg: msg}:
	case <-p.quit:
	}
}

// SendQueueLen returns the number of messages waiting in the normal lane.
//
// This function is safe for concurrent access.
func (p *Peer) SendQueueLen() int { return len(p.out) }

// checkInterval is how often the writer checks timeouts and pings.
func (p *Peer) checkInterval() time.Duration {
	d := min(time.Second, p.cfg.HandshakeTimeout/4, p.cfg.IdleTimeout/4, p.cfg.PingInterval/4)
	return max(d, time.Millisecond)
}

// trickleDelay draws the next transaction announcement delay: exponential
// with the connection's mean, as Core's rand_exp_duration.
func (p *Peer) trickleDelay() time.Duration {
	mean := p.cfg.OutboundTrickle
	if p.inbound {
		mean = p.cfg.InboundTrickle
	}
	d := -math.Log(1-rand.Float64()) * float64(mean)
	return time.Duration(min(d, float64(100*mean)))
}

// writeLoop sends queued messages (the high-priority lane first), pings,
// announcements, and checks timeouts, until the peer ends.
func (p *Peer) writeLoop(ctx context.Context) {
	defer p.wg.Done()
	w := &writer{p: p}
	check := time.NewTicker(p.checkInterval())
	defer check.Stop()
	trickle := time.NewTimer(time.Hour)
	trickle.Stop()
	defer trickle.Stop()
	var outCh <-chan outMsg
	var trickleC <-chan time.Time
	ready := p.ready
	for {
		select {
		case m := <-p.hi:
			if !w.send(m) {
				return
			}
			continue
		default:
		}
		select {
		case <-p.quit:
			return
		case <-ctx.Done():
			p.disconnect(&Error{Err: ErrRequested, Description: "context done", Cause: ctx.Err()})
			return
		case <-ready:
			ready, outCh, trickleC = nil, p.out, trickle.C
			w.out = outCh
			trickle.Reset(p.trickleDelay())
			if !w.maintain(time.Now()) || !w.flushBlocks() {
				return
			}
		case m := <-p.hi:
			if !w.send(m) {
				return
			}
		case m := <-outCh:
			if !w.send(m) {
				return
			}
		case <-p.wake:
			if ready == nil && (!w.maintain(time.Now()) || !w.flushBlocks()) {
				return
			}
		case <-trickleC:
			if !w.flushTxs() {
				return
			}
			trickle.Reset(p.trickleDelay())
		case now := <-check.C:
			if !w.maintain(now) {
				return
			}
		}
	}
}

// Write batching: messages waiting in the lanes are coalesced into one
// Write of up to maxBatch bytes; a pre-framed message of directWrite bytes
// or more (a block) is written from the caller's buffer without copying.
const (
	maxBatch    = 256 << 10
	directWrite = 64 << 10
)

// writer is the write goroutine's state.
type writer struct {
	p    *Peer
	out  <-chan outMsg // the normal lane, nil until the handshake is done
	buf  []byte
	recs []sentRec
	inv  wire.MsgInv
}

// sentRec is one message of the batch, for the per-command statistics.
type sentRec struct {
	cmd string
	n   int
}

// send writes m and whatever else is waiting in the lanes, coalesced.
func (w *writer) send(m outMsg) bool {
	if !w.add(m) {
		return false
	}
	for len(w.buf) < maxBatch {
		select {
		case m := <-w.p.hi:
			if !w.add(m) {
				return false
			}
			continue
		default:
		}
		if w.out == nil {
			break
		}
		select {
		case m := <-w.out:
			if !w.add(m) {
				return false
			}
			continue
		default:
		}
		break
	}
	return w.flush()
}

// write writes m at once (with anything already batched).
func (w *writer) write(m outMsg) bool { return w.add(m) && w.flush() }

// add appends m to the batch, or writes a large frame directly.
func (w *writer) add(m outMsg) bool {
	p := w.p
	if m.frame != nil {
		if len(m.frame) >= directWrite {
			return w.flush() && w.writeConn(m.frame, []sentRec{{m.cmd, len(m.frame)}})
		}
		w.buf = append(w.buf, m.frame...)
		w.recs = append(w.recs, sentRec{m.cmd, len(m.frame)})
		return true
	}
	start := len(w.buf)
	w.buf = wire.AppendMessage(w.buf, p.cfg.Magic, m.msg)
	w.recs = append(w.recs, sentRec{m.msg.Command(), len(w.buf) - start})
	return true
}

// flush writes the batch.
func (w *writer) flush() bool {
	if len(w.buf) == 0 {
		return true
	}
	ok := w.writeConn(w.buf, w.recs)
	w.buf, w.recs = w.buf[:0], w.recs[:0]
	if cap(w.buf) > maxKeptWriteBuffer {
		w.buf = nil
	}
	return ok
}

// writeConn writes b, which holds the messages recs, with the send timeout.
func (w *writer) writeConn(b []byte, recs []sentRec) bool {
	p := w.p
	p.conn.SetWriteDeadline(time.Now().Add(p.cfg.IdleTimeout))
	n, err := p.conn.Write(b)
	p.traffic.sentBatch(recs, n)
	if err != nil {
		if isTimeout(err) {
			p.disconnect(makeError(ErrTimeout, "socket send timeout"))
		} else {
			p.disconnect(&Error{Err: ErrConnection, Description: "write", Cause: err})
		}
		return false
	}
	return true
}

// maintain checks the timeouts of Core's InactivityCheck and the ping
// timeout, and sends a ping when one is due (Core's MaybeSendPing).
func (w *writer) maintain(now time.Time) bool {
	p := w.p
	lastSend, lastRecv := p.traffic.last()
	p.mu.Lock()
	r := &p.remote
	var err error
	switch {
	case !r.connected:
		if now.Sub(p.connTime) > p.cfg.HandshakeTimeout {
			err = makeError(ErrHandshakeTimeout, "version handshake timeout")
		}
	case now.Sub(lastRecv) > p.cfg.IdleTimeout:
		err = makeError(ErrTimeout, "socket receive timeout: %v", now.Sub(lastRecv).Round(time.Second))
	case now.Sub(lastSend) > p.cfg.IdleTimeout:
		err = makeError(ErrTimeout, "socket send timeout: %v", now.Sub(lastSend).Round(time.Second))
	case r.pingNonce != 0 && now.Sub(r.pingStart) > p.cfg.IdleTimeout:
		err = makeError(ErrTimeout, "ping timeout: %v", now.Sub(r.pingStart).Round(time.Millisecond))
	}
	var ping uint64
	if err == nil && r.connected && r.pingNonce == 0 &&
		(r.pingQueued || r.pingStart.IsZero() || now.Sub(r.pingStart) >= p.cfg.PingInterval) {
		for ping == 0 {
			ping = rand.Uint64()
		}
		r.pingNonce, r.pingStart, r.pingQueued = ping, now, false
	}
	p.mu.Unlock()
	if err != nil {
		p.disconnect(err)
		return false
	}
	if ping != 0 {
		return w.write(outMsg{msg: &wire.MsgPing{Nonce: ping}})
	}
	return true
}
