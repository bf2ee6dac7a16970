package ethwire

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// HashOrNumber is the origin of a header query: a block hash when Hash is
// not zero, otherwise a block number.
type HashOrNumber struct {
	Hash   ethtypes.Hash
	Number uint64
}

// IsHash reports whether the origin is a hash.
func (o HashOrNumber) IsHash() bool { return o.Hash != (ethtypes.Hash{}) }

// GetBlockHeaders asks for headers: rlp([requestID, [origin, amount, skip,
// reverse]]), origin a 32-byte hash or a number. Amount is what the
// requester wants; a server answers with at most MaxHeaders.
type GetBlockHeaders struct {
	RequestID uint64
	Origin    HashOrNumber
	Amount    uint64
	Skip      uint64
	Reverse   bool
}

// Code implements Message.
func (*GetBlockHeaders) Code() Code { return GetBlockHeadersCode }

// AppendRLP implements Message.
func (m *GetBlockHeaders) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.RequestID)
	dst, inner := rlp.StartList(dst)
	if m.Origin.IsHash() {
		dst = rlp.AppendBytes(dst, m.Origin.Hash[:])
	} else {
		dst = rlp.AppendUint64(dst, m.Origin.Number)
	}
	dst = rlp.AppendUint64(dst, m.Amount)
	dst = rlp.AppendUint64(dst, m.Skip)
	dst = rlp.AppendBool(dst, m.Reverse)
	dst = rlp.EndList(dst, inner)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *GetBlockHeaders) DecodeRLP(p []byte) error {
	const code = GetBlockHeadersCode
	id, r := requestReader(p)
	q := r.List()
	if err := finish(code, &r, "request"); err != nil {
		return err
	}
	m.RequestID = id
	m.Origin = HashOrNumber{}
	if q.Kind() == rlp.KindString {
		raw := q.Raw()
		k, content, err := rlp.Single(raw)
		switch {
		case err != nil || k != rlp.KindString:
			return malformed(code, err, "origin")
		case len(content) == ethtypes.HashLength:
			copy(m.Origin.Hash[:], content)
			if !m.Origin.IsHash() {
				return malformed(code, nil, "origin: zero hash")
			}
		default:
			n, rest, err := rlp.SplitUint64(raw)
			if err != nil || len(rest) != 0 {
				return malformed(code, err, "origin number")
			}
			m.Origin.Number = n
		}
	} else {
		return malformed(code, nil, "origin is a list")
	}
	m.Amount = q.Uint64()
	m.Skip = q.Uint64()
	rev := q.Uint64()
	if err := q.Finish(); err != nil {
		return malformed(code, err, "query")
	}
	if rev > 1 {
		return malformed(code, nil, "reverse flag %d", rev)
	}
	m.Reverse = rev == 1
	return nil
}

// BlockHeaders answers GetBlockHeaders: rlp([requestID, [header...]]), at
// most MaxHeaders headers.
type BlockHeaders struct {
	RequestID uint64
	Headers   []*ethtypes.Header
}

// Code implements Message.
func (*BlockHeaders) Code() Code { return BlockHeadersCode }

// AppendRLP implements Message.
func (m *BlockHeaders) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.RequestID)
	dst, inner := rlp.StartList(dst)
	for _, h := range m.Headers {
		dst = h.AppendRLP(dst)
	}
	dst = rlp.EndList(dst, inner)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *BlockHeaders) DecodeRLP(p []byte) error {
	const code = BlockHeadersCode
	id, r := requestReader(p)
	content := r.ListContent()
	if err := finish(code, &r, "response"); err != nil {
		return err
	}
	n, err := listCount(code, content, "headers", MaxHeaders)
	if err != nil {
		return err
	}
	m.RequestID = id
	m.Headers = make([]*ethtypes.Header, n)
	hr := rlp.NewContentReader(content)
	for i := range m.Headers {
		raw := hr.Raw()
		if err := hr.Err(); err != nil {
			return malformed(code, err, "header %d", i)
		}
		if m.Headers[i], err = ethtypes.DecodeHeader(raw); err != nil {
			return malformed(code, err, "header %d", i)
		}
	}
	return nil
}
