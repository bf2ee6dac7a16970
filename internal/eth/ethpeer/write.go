package ethpeer

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// maxBatch bounds the bytes gathered into one write.
const maxBatch = 256 << 10

// send frames msg and queues it on the normal lane without blocking. A
// full queue means the peer does not keep up: it is disconnected
// (ErrSlowPeer), and ErrSlowPeer is returned.
func (p *Peer) send(msg ethwire.Message) error {
	return p.sendFrame(ethwire.AppendMessage(nil, msg))
}

// sendFrame queues an encoded frame (see send).
func (p *Peer) sendFrame(frame []byte) error {
	if p.isClosed() {
		return makeError(ErrDisconnected, "peer %s disconnected", p.cfg.ID)
	}
	select {
	case p.out <- frame:
		return nil
	default:
	}
	err := makeError(ErrSlowPeer, "send queue of %d messages full", cap(p.out))
	p.disconnect(err, ethwire.DiscNetworkError, "send queue full")
	return err
}

// SendFrame queues a frame encoded by the caller with ethwire.AppendMessage,
// so one encoding serves every peer a block is relayed to. frame must not
// be modified afterwards. It fails like the Send methods.
//
// This function is safe for concurrent access.
func (p *Peer) SendFrame(frame []byte) error { return p.sendFrame(frame) }

// sendHi queues a control frame; it gives up when the peer is gone.
func (p *Peer) sendHi(msg ethwire.Message) {
	select {
	case p.hi <- ethwire.AppendMessage(nil, msg):
	case <-p.quit:
	}
}

// checkInterval is how often the writer checks timeouts and pings.
func (p *Peer) checkInterval() time.Duration {
	d := min(time.Second, p.cfg.HandshakeTimeout/4, p.cfg.PingInterval/4, p.cfg.PongTimeout/4)
	return max(d, time.Millisecond)
}

// writeLoop writes queued frames (the control lane first), sends pings and
// checks timeouts until the peer ends.
func (p *Peer) writeLoop(ctx context.Context) {
	defer p.wg.Done()
	check := time.NewTicker(p.checkInterval())
	defer check.Stop()
	var outCh <-chan []byte
	ready := p.ready
	var batch net.Buffers
	for {
		select {
		case f := <-p.hi:
			if !p.write(append(batch[:0], f)) {
				return
			}
			continue
		default:
		}
		select {
		case <-p.quit:
			return
		case <-ctx.Done():
			p.disconnect(&Error{Err: ErrRequested, Description: "context done", Cause: ctx.Err()}, ethwire.DiscQuitting, "shutting down")
			return
		case <-ready:
			ready, outCh = nil, p.out
		case f := <-p.hi:
			if !p.write(append(batch[:0], f)) {
				return
			}
		case f := <-outCh:
			batch = append(batch[:0], f)
			size := len(f)
		gather:
			for size < maxBatch {
				select {
				case g := <-p.hi:
					batch = append(batch, g)
					size += len(g)
				case g := <-outCh:
					batch = append(batch, g)
					size += len(g)
				default:
					break gather
				}
			}
			if !p.write(batch) {
				return
			}
			clear(batch)
		case now := <-check.C:
			if !p.maintain(now) {
				return
			}
		}
	}
}

// write writes the frames in bufs with the write timeout; on failure the
// peer is disconnected and false returned.
func (p *Peer) write(bufs net.Buffers) bool {
	p.wmu.Lock()
	if p.isClosed() {
		p.wmu.Unlock()
		return false
	}
	p.conn.SetWriteDeadline(time.Now().Add(p.cfg.WriteTimeout))
	_, err := bufs.WriteTo(p.conn)
	p.wmu.Unlock()
	if err != nil {
		if isTimeout(err) {
			p.disconnectQuiet(makeError(ErrTimeout, "write timeout"))
		} else {
			p.disconnectQuiet(&Error{Err: ErrConnection, Description: "write", Cause: err})
		}
		return false
	}
	return true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// maintain checks the handshake and pong timeouts, sends a ping when one
// is due and drops abandoned requests past their deadline.
func (p *Peer) maintain(now time.Time) bool {
	p.mu.Lock()
	var err error
	var ping uint64
	switch {
	case !p.readyOK:
		if now.Sub(p.connTime) > p.cfg.HandshakeTimeout {
			err = makeError(ErrHandshakeTimeout, "no status within %v", p.cfg.HandshakeTimeout)
		}
	case p.pingNonce != 0:
		if now.Sub(p.pingStart) > p.cfg.PongTimeout {
			err = makeError(ErrTimeout, "ping unanswered for %v", now.Sub(p.pingStart).Round(time.Millisecond))
		}
	case p.lastPingReq.IsZero() || now.Sub(p.lastPingReq) >= p.cfg.PingInterval:
		for ping == 0 {
			ping = rand.Uint64()
		}
		p.pingNonce, p.pingStart, p.lastPingReq = ping, now, now
	}
	p.mu.Unlock()
	if err != nil {
		reason := ethwire.DiscReadTimeout
		p.disconnect(err, reason, err.Error())
		return false
	}
	p.expireRequests(now)
	if ping != 0 {
		return p.write(net.Buffers{ethwire.AppendMessage(nil, &ethwire.Ping{Nonce: ping})})
	}
	return true
}

// onPong completes an outstanding ping whose nonce matches.
func (p *Peer) onPong(nonce uint64) {
	now := time.Now()
	p.mu.Lock()
	if p.pingNonce != 0 && nonce == p.pingNonce {
		p.lastPing = now.Sub(p.pingStart)
		p.pingNonce = 0
	}
	p.mu.Unlock()
}
