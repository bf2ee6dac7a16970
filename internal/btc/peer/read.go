package peer

import (
	"bufio"
	"errors"
	"net"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// readBufferSize is the read buffer of a connection: small messages are
// parsed from it without a system call each; large payloads bypass it.
const readBufferSize = 32 << 10

// readLoop performs the handshake and then reads and dispatches messages
// until the connection ends.
func (p *Peer) readLoop() {
	defer p.wg.Done()
	p.rd = bufio.NewReaderSize(p.conn, readBufferSize)
	if err := p.handshake(); err != nil {
		p.disconnect(err)
		return
	}
	for {
		msg, n, err := wire.ReadMessage(p.rd, p.cfg.Magic)
		if err != nil {
			if !p.readError(err, n, false) {
				return
			}
			continue
		}
		p.traffic.recv(msg.Command(), n)
		p.dispatch(msg)
		select {
		case <-p.quit:
			return
		default:
		}
	}
}

// readError handles an error of wire.ReadMessage and reports whether the
// peer keeps reading. Framing errors that leave the stream out of step
// disconnect; a bad checksum or command field drops the message, as Core's
// V1Transport does; an unknown command is ignored; a payload that does not
// decode is misbehaviour after the handshake (Core drops it; see the package
// documentation) and ignored before it, except a malformed version.
func (p *Peer) readError(err error, n int, handshake bool) bool {
	var me *wire.MessageError
	if !errors.As(err, &me) {
		p.traffic.recv("", n)
		if handshake && isTimeout(err) {
			p.disconnect(makeError(ErrHandshakeTimeout, "version handshake timeout"))
		} else {
			p.disconnect(&Error{Err: ErrConnection, Description: "read", Cause: err})
		}
		return false
	}
	cmd := me.Command
	if me.Kind == wire.ErrUnknownCommand || me.Kind == wire.ErrBadCommand {
		cmd = ""
	}
	p.traffic.recv(cmd, n)
	switch me.Kind {
	case wire.ErrBadMagic, wire.ErrOversized:
		p.disconnect(&Error{Err: ErrProtocol, Description: "framing", Cause: err})
		return false
	case wire.ErrBadChecksum, wire.ErrBadCommand, wire.ErrUnknownCommand:
		p.log.Debug("dropping message", "err", err)
		return true
	}
	if handshake {
		if me.Command == wire.CmdVersion {
			p.disconnect(&Error{Err: ErrProtocol, Description: "malformed version", Cause: err})
			return false
		}
		return true
	}
	p.Misbehaving(100, err.Error())
	select {
	case <-p.quit:
		return false
	default:
		return true
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// handshake exchanges version and verack, as Core's ProcessMessage: an
// outbound peer sends its version first, an inbound peer answers the
// remote's; messages other than version, verack, wtxidrelay and sendaddrv2
// before verack are ignored (Core since 0.21 ignores them rather than
// scoring), as are a second version and a verack before version.
func (p *Peer) handshake() error {
	p.conn.SetReadDeadline(p.connTime.Add(p.cfg.HandshakeTimeout))
	if !p.inbound {
		if p.cfg.Nonces != nil {
			p.cfg.Nonces.Add(p.nonce)
			p.mu.Lock()
			p.remote.nonceActive = true
			p.mu.Unlock()
		}
		p.queueHi(p.versionMsg())
	}
	gotVersion := false
	for {
		msg, n, err := wire.ReadMessage(p.rd, p.cfg.Magic)
		if err != nil {
			if !p.readError(err, n, true) {
				return p.Err()
			}
			continue
		}
		p.traffic.recv(msg.Command(), n)
		switch m := msg.(type) {
		case *wire.MsgVersion:
			if gotVersion {
				p.log.Debug("redundant version message")
				continue
			}
			if err := p.onVersion(m); err != nil {
				return err
			}
			gotVersion = true
		case *wire.MsgVerAck:
			if !gotVersion {
				p.log.Debug("verack before version ignored")
				continue
			}
			p.conn.SetReadDeadline(time.Time{})
			p.onVerAck()
			return nil
		case *wire.MsgWTxIDRelay:
			if gotVersion {
				p.mu.Lock()
				if p.remote.info.CommonVersion >= wire.WtxidRelayVersion {
					p.remote.info.WTxIDRelay = true
				}
				p.mu.Unlock()
			}
		case *wire.MsgSendAddrV2:
			if gotVersion {
				p.mu.Lock()
				p.remote.info.WantsAddrV2 = true
				p.mu.Unlock()
			}
		default:
			p.log.Debug("message before handshake ignored", "cmd", msg.Command())
		}
	}
}

// versionMsg builds our version message (Core's PushNodeVersion): the
// remote address without services, our own address left empty.
func (p *Peer) versionMsg() *wire.MsgVersion {
	var h int32
	if p.cfg.StartHeight != nil {
		h = p.cfg.StartHeight()
	}
	v := &wire.MsgVersion{
		ProtocolVersion: p.cfg.ProtocolVersion,
		Services:        p.cfg.Services,
		Timestamp:       time.Now().Unix(),
		AddrFrom:        wire.NetAddr{Services: p.cfg.Services},
		Nonce:           p.nonce,
		UserAgent:       p.cfg.UserAgent,
		StartHeight:     h,
		Relay:           p.ourRelay(),
	}
	if ta, ok := p.conn.RemoteAddr().(*net.TCPAddr); ok {
		if ip4 := ta.IP.To4(); ip4 != nil {
			v.AddrRecv.IP = wire.IPv4Mapped([4]byte(ip4))
		} else if ip6 := ta.IP.To16(); ip6 != nil {
			v.AddrRecv.IP = [16]byte(ip6)
		}
		v.AddrRecv.Port = uint16(ta.Port)
	}
	return v
}

// onVersion checks and records the remote's version and answers it.
func (p *Peer) onVersion(m *wire.MsgVersion) error {
	if m.ProtocolVersion < p.cfg.MinProtocolVersion {
		return makeError(ErrObsoleteVersion, "peer using obsolete version %d", m.ProtocolVersion)
	}
	switch p.connType {
	case OutboundFullRelay, BlockRelayOnly, AddrFetch:
		if !m.Services.Has(p.cfg.RequiredServices) {
			return makeError(ErrMissingServices, "peer does not offer the expected services (%08x offered)", uint64(m.Services))
		}
	}
	if p.inbound && p.cfg.Nonces != nil && p.cfg.Nonces.Contains(m.Nonce) {
		return makeError(ErrSelfConnection, "connected to self at %s", p.addr)
	}
	common := min(m.ProtocolVersion, p.cfg.ProtocolVersion)
	p.mu.Lock()
	p.remote.gotVersion = true
	p.remote.info.Version = m.ProtocolVersion
	p.remote.info.CommonVersion = common
	p.remote.info.Services = m.Services
	p.remote.info.UserAgent = m.UserAgent
	p.remote.info.StartHeight = m.StartHeight
	p.remote.info.Relay = m.Relay
	p.remote.info.TimeOffset = time.Duration(m.Timestamp-time.Now().Unix()) * time.Second
	p.mu.Unlock()
	if p.inbound {
		p.queueHi(p.versionMsg())
	}
	if common >= wire.WtxidRelayVersion {
		p.queueHi(&wire.MsgWTxIDRelay{})
		p.queueHi(&wire.MsgSendAddrV2{})
	}
	p.queueHi(&wire.MsgVerAck{})
	return nil
}

// onVerAck completes the handshake: Core's post-verack messages, then the
// writer may start the normal lane, pings and announcements.
func (p *Peer) onVerAck() {
	p.mu.Lock()
	p.remote.connected = true
	common := p.remote.info.CommonVersion
	removeNonce := p.remote.nonceActive
	p.remote.nonceActive = false
	feeFilter := p.cfg.FeeFilter > 0 && p.cfg.FeeFilter <= MaxMoney && p.ourRelay() &&
		p.relayTxsLocked() && common >= wire.FeeFilterVersion
	if feeFilter {
		p.remote.feeFilterSent = p.cfg.FeeFilter
	}
	p.mu.Unlock()
	if removeNonce {
		p.cfg.Nonces.Remove(p.nonce)
	}
	if common >= wire.ShortIDsBlocksVersion {
		p.queueHi(&wire.MsgSendCmpct{Announce: false, Version: wire.CompactBlocksVersion})
	}
	if feeFilter {
		p.queueHi(&wire.MsgFeeFilter{MinFeeRate: p.cfg.FeeFilter})
	}
	p.log.Debug("handshake complete", "addr", p.addr, "inbound", p.inbound)
	close(p.ready)
}

// dispatch handles one message after the handshake: the peer's own
// messages here, the rest to the Handler.
func (p *Peer) dispatch(msg wire.Message) {
	switch m := msg.(type) {
	case *wire.MsgVersion, *wire.MsgVerAck:
		p.log.Debug("redundant handshake message", "cmd", msg.Command())
		return
	case *wire.MsgWTxIDRelay, *wire.MsgSendAddrV2:
		// Core: "wtxidrelay received after verack; disconnecting".
		p.disconnect(makeError(ErrProtocol, "%s received after verack", msg.Command()))
		return
	case *wire.MsgPing:
		p.queueHi(&wire.MsgPong{Nonce: m.Nonce})
		return
	case *wire.MsgPong:
		p.onPong(m.Nonce)
		return
	case *wire.MsgSendHeaders:
		p.mu.Lock()
		p.remote.info.PreferHeaders = true
		p.mu.Unlock()
		return
	case *wire.MsgSendCmpct:
		if m.Version == wire.CompactBlocksVersion {
			p.mu.Lock()
			p.remote.info.ProvidesCmpct = true
			p.remote.info.HighBandwidthCmpct = m.Announce
			p.mu.Unlock()
		}
		return
	case *wire.MsgFeeFilter:
		if m.MinFeeRate >= 0 && m.MinFeeRate <= MaxMoney {
			p.mu.Lock()
			p.remote.info.FeeFilter = m.MinFeeRate
			p.mu.Unlock()
		}
		return
	case *wire.MsgAddr:
		msg = AddrV1ToV2(m)
	case *wire.MsgInv:
		p.inv.addKnownInv(m.List)
	}
	if p.cfg.Handler != nil {
		p.cfg.Handler.OnMessage(p, msg)
	}
}

// onPong completes an outstanding ping, as Core: a matching nonce measures
// the round trip, nonce zero cancels the ping, other nonces are ignored.
func (p *Peer) onPong(nonce uint64) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	r := &p.remote
	switch {
	case r.pingNonce == 0:
		// unsolicited pong
	case nonce == r.pingNonce:
		rtt := now.Sub(r.pingStart)
		if rtt > 0 {
			r.lastPing = rtt
			if r.minPing == 0 || rtt < r.minPing {
				r.minPing = rtt
			}
		}
		r.pingNonce = 0
	case nonce == 0:
		r.pingNonce = 0
	}
}

// AddrV1ToV2 converts an addr message to the addrv2 form handlers receive:
// IPv4-mapped addresses become BIP155 IPv4 entries, the rest IPv6.
//
// This function is safe for concurrent access.
func AddrV1ToV2(m *wire.MsgAddr) *wire.MsgAddrV2 {
	out := &wire.MsgAddrV2{Addrs: make([]wire.NetAddressV2, len(m.Addrs))}
	backing := make([]byte, 16*len(m.Addrs))
	for i := range m.Addrs {
		a := &m.Addrs[i]
		e := &out.Addrs[i]
		e.Time, e.Services, e.Port = a.Time, a.Services, a.Port
		ip := backing[16*i : 16*i+16 : 16*i+16]
		if ip4, ok := wire.IPv4(a.IP); ok {
			e.Net = wire.NetIPv4
			e.Addr = append(ip[:0], ip4[:]...)
		} else {
			e.Net = wire.NetIPv6
			e.Addr = append(ip[:0], a.IP[:]...)
		}
	}
	return out
}
