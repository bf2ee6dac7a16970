package ethpeer

import (
	"bufio"
	"errors"
	"fmt"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// readBufferSize is the read buffer of a connection.
const readBufferSize = 32 << 10

// readLoop performs the handshake, then reads and dispatches messages until
// the connection ends.
func (p *Peer) readLoop() {
	defer p.wg.Done()
	p.rd = bufio.NewReaderSize(p.conn, readBufferSize)
	if !p.handshake() {
		return
	}
	for {
		msg, ok := p.readMessage(false)
		if !ok {
			return
		}
		if msg == nil {
			continue
		}
		p.dispatch(msg)
		if p.isClosed() {
			return
		}
	}
}

// readMessage reads one frame and decodes it. It returns (nil, true) for a
// message to skip and (nil, false) when the peer was disconnected.
func (p *Peer) readMessage(handshake bool) (ethwire.Message, bool) {
	code, payload, _, err := ethwire.ReadFrame(p.rd, p.cfg.MaxMessageSize)
	if err != nil {
		var me *ethwire.MessageError
		switch {
		case errors.As(err, &me):
			// Bad magic, oversized frame or bad checksum: the stream
			// cannot be trusted.
			p.disconnect(&Error{Err: ErrProtocol, Description: "framing", Cause: err}, ethwire.DiscProtocolError, me.Error())
		case handshake && isTimeout(err):
			e := makeError(ErrHandshakeTimeout, "no status within %v", p.cfg.HandshakeTimeout)
			p.disconnect(e, ethwire.DiscReadTimeout, "handshake timeout")
		default:
			p.disconnectQuiet(&Error{Err: ErrConnection, Description: "read", Cause: err})
		}
		return nil, false
	}
	msg, err := ethwire.DecodeMessage(code, payload)
	if err != nil {
		if errors.Is(err, ethwire.ErrUnknownCode) {
			p.log.Debug("ignoring unknown message", "code", code)
			return nil, true
		}
		if handshake {
			p.disconnect(&Error{Err: ErrProtocol, Description: "handshake", Cause: err}, ethwire.DiscProtocolError, "malformed message")
			return nil, false
		}
		p.Misbehaving(MisbehaviorThreshold, err.Error())
		return nil, !p.isClosed()
	}
	return msg, true
}

// handshake sends our Status and checks the remote's, which must be the
// first message. It reports whether the peer is ready.
func (p *Peer) handshake() bool {
	p.conn.SetReadDeadline(p.connTime.Add(p.cfg.HandshakeTimeout))
	head, number, htime, td := p.cfg.Chain.CurrentHead()
	p.sendHi(&ethwire.Status{
		ProtocolVersion: ethwire.ProtocolVersion,
		NetworkID:       p.cfg.NetworkID,
		TD:              td,
		Head:            head,
		Genesis:         p.cfg.Genesis,
		ForkID:          p.cfg.Forks.ID(number, htime),
	})
	msg, ok := p.readMessage(true)
	for ok && msg == nil { // unknown codes are skipped
		msg, ok = p.readMessage(true)
	}
	if !ok {
		return false
	}
	var st *ethwire.Status
	switch m := msg.(type) {
	case *ethwire.Status:
		st = m
	case *ethwire.Disconnect:
		p.disconnectQuiet(makeError(ErrRemoteDisconnect, "%s: %s", m.Reason, m.Text))
		return false
	default:
		p.disconnect(makeError(ErrProtocol, "first message is %v, not Status", msg.Code()), ethwire.DiscProtocolError, "expected status")
		return false
	}
	if reason, err := p.checkStatus(st, number, htime); err != nil {
		p.disconnect(err, reason, err.Description)
		return false
	}
	p.conn.SetReadDeadline(time.Time{})
	p.mu.Lock()
	p.remote = *st
	p.headHash, p.headTD = st.Head, st.TD
	p.mu.Unlock()
	p.knownBlocks.add(st.Head)

	if p.cfg.Backend != nil {
		if err := p.cfg.Backend.PeerReady(p); err != nil {
			p.disconnect(&Error{Err: ErrRejected, Description: "backend", Cause: err}, ethwire.DiscUselessPeer, err.Error())
			return false
		}
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return false
	}
	p.readyOK = true
	p.mu.Unlock()
	close(p.ready)
	p.log.Debug("handshake complete", "addr", p.conn.RemoteAddr(), "inbound", p.inbound)
	return true
}

// checkStatus compares the remote Status with ours (head number and time
// for the fork id).
func (p *Peer) checkStatus(st *ethwire.Status, number, htime uint64) (ethwire.DisconnectReason, *Error) {
	switch {
	case st.ProtocolVersion != ethwire.ProtocolVersion:
		return ethwire.DiscIncompatibleVersion, makeError(ErrIncompatible, "protocol version mismatch: %d (!= %d)", st.ProtocolVersion, ethwire.ProtocolVersion)
	case st.NetworkID != p.cfg.NetworkID:
		return ethwire.DiscUselessPeer, makeError(ErrIncompatible, "network id mismatch: %d (!= %d)", st.NetworkID, p.cfg.NetworkID)
	case st.Genesis != p.cfg.Genesis:
		return ethwire.DiscUselessPeer, makeError(ErrIncompatible, "genesis mismatch: %x (!= %x)", st.Genesis[:8], p.cfg.Genesis[:8])
	}
	if err := p.cfg.Forks.Validate(st.ForkID, number, htime); err != nil {
		e := makeError(ErrIncompatible, "fork id rejected: %x/%d", st.ForkID.Hash, st.ForkID.Next)
		e.Cause = err
		return ethwire.DiscUselessPeer, e
	}
	return 0, nil
}

// dispatch handles one message after the handshake.
func (p *Peer) dispatch(msg ethwire.Message) {
	be := p.cfg.Backend
	switch m := msg.(type) {
	case *ethwire.Status:
		p.disconnect(makeError(ErrProtocol, "second status message"), ethwire.DiscProtocolError, "extra status")
	case *ethwire.Ping:
		p.sendHi(&ethwire.Pong{Nonce: m.Nonce})
	case *ethwire.Pong:
		p.onPong(m.Nonce)
	case *ethwire.Disconnect:
		p.disconnectQuiet(makeError(ErrRemoteDisconnect, "%s: %s", m.Reason, m.Text))

	case *ethwire.NewBlockHashes:
		hashes := make([]ethtypes.Hash, len(m.Blocks))
		numbers := make([]uint64, len(m.Blocks))
		for i := range m.Blocks {
			hashes[i], numbers[i] = m.Blocks[i].Hash, m.Blocks[i].Number
		}
		p.knownBlocks.add(hashes...)
		if be != nil {
			be.HandleNewBlockHashes(p, hashes, numbers)
		}
	case *ethwire.NewBlock:
		h := m.Block.Hash()
		p.knownBlocks.add(h)
		p.mu.Lock()
		if m.TD.Gt(&p.headTD) {
			p.headHash, p.headTD = h, m.TD
		}
		p.mu.Unlock()
		if be != nil {
			be.HandleNewBlock(p, m.Block, m.TD)
		}
	case *ethwire.Transactions:
		if p.cfg.BlockRelayOnly {
			return
		}
		for _, tx := range m.Txs {
			p.knownTxs.add(tx.Hash())
		}
		if be != nil {
			be.HandleTransactions(p, m.Txs)
		}
	case *ethwire.NewPooledTransactionHashes:
		if p.cfg.BlockRelayOnly {
			return
		}
		p.knownTxs.add(m.Hashes...)
		if be != nil {
			be.HandleTxHashes(p, m.Types, m.Sizes, m.Hashes)
		}

	case *ethwire.GetBlockHeaders:
		p.serveHeaders(m)
	case *ethwire.GetBlockBodies:
		p.serveBodies(m)
	case *ethwire.GetPooledTransactions:
		p.servePooled(m)
	case *ethwire.GetReceipts:
		p.serveReceipts(m)

	case *ethwire.BlockHeaders:
		p.deliver(m.RequestID, m)
	case *ethwire.BlockBodies:
		p.deliver(m.RequestID, m)
	case *ethwire.PooledTransactions:
		p.deliver(m.RequestID, m)
	case *ethwire.Receipts:
		p.deliver(m.RequestID, m)
	default:
		p.log.Debug("unhandled message", "code", fmt.Sprint(msg.Code()))
	}
}
