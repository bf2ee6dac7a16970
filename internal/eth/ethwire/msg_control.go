package ethwire

import "github.com/twinchain/twinchain/internal/rlp"

// Ping asks for a Pong with the same nonce: rlp([nonce]).
type Ping struct {
	Nonce uint64
}

// Code implements Message.
func (*Ping) Code() Code { return PingCode }

// AppendRLP implements Message.
func (m *Ping) AppendRLP(dst []byte) []byte { return appendNonce(dst, m.Nonce) }

// DecodeRLP implements Message.
func (m *Ping) DecodeRLP(p []byte) (err error) {
	m.Nonce, err = decodeNonce(PingCode, p)
	return err
}

// Pong answers a Ping: rlp([nonce]).
type Pong struct {
	Nonce uint64
}

// Code implements Message.
func (*Pong) Code() Code { return PongCode }

// AppendRLP implements Message.
func (m *Pong) AppendRLP(dst []byte) []byte { return appendNonce(dst, m.Nonce) }

// DecodeRLP implements Message.
func (m *Pong) DecodeRLP(p []byte) (err error) {
	m.Nonce, err = decodeNonce(PongCode, p)
	return err
}

func appendNonce(dst []byte, n uint64) []byte {
	dst = rlp.AppendListHeader(dst, rlp.Uint64Size(n))
	return rlp.AppendUint64(dst, n)
}

func decodeNonce(code Code, p []byte) (uint64, error) {
	r := rlp.NewListReader(p)
	n := r.Uint64()
	if err := r.Finish(); err != nil {
		return 0, malformed(code, err, "nonce")
	}
	return n, nil
}

// Disconnect says why the sender closes the connection: rlp([reason,
// text]), the text at most MaxDisconnectText bytes.
type Disconnect struct {
	Reason DisconnectReason
	Text   string
}

// Code implements Message.
func (*Disconnect) Code() Code { return DisconnectCode }

// AppendRLP implements Message.
func (m *Disconnect) AppendRLP(dst []byte) []byte {
	text := m.Text
	if len(text) > MaxDisconnectText {
		text = text[:MaxDisconnectText]
	}
	dst = rlp.AppendListHeader(dst, rlp.Uint64Size(uint64(m.Reason))+rlp.BytesSize([]byte(text)))
	dst = rlp.AppendUint64(dst, uint64(m.Reason))
	return rlp.AppendString(dst, text)
}

// DecodeRLP implements Message.
func (m *Disconnect) DecodeRLP(p []byte) error {
	r := rlp.NewListReader(p)
	reason := r.Uint64()
	text := r.Bytes()
	if err := r.Finish(); err != nil {
		return malformed(DisconnectCode, err, "disconnect")
	}
	if reason > 0xff {
		return malformed(DisconnectCode, nil, "reason %d", reason)
	}
	if len(text) > MaxDisconnectText {
		return malformed(DisconnectCode, nil, "reason text of %d bytes", len(text))
	}
	m.Reason, m.Text = DisconnectReason(reason), string(text)
	return nil
}
