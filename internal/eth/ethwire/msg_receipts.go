package ethwire

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// GetReceipts asks for the receipts of blocks by hash: rlp([requestID,
// [hash...]]), at most MaxReceipts hashes.
type GetReceipts struct {
	RequestID uint64
	Hashes    []ethtypes.Hash
}

// Code implements Message.
func (*GetReceipts) Code() Code { return GetReceiptsCode }

// AppendRLP implements Message.
func (m *GetReceipts) AppendRLP(dst []byte) []byte {
	return appendHashRequest(dst, m.RequestID, m.Hashes)
}

// DecodeRLP implements Message.
func (m *GetReceipts) DecodeRLP(p []byte) error {
	var err error
	m.RequestID, m.Hashes, err = decodeHashRequest(GetReceiptsCode, p, MaxReceipts)
	return err
}

// Receipts answers GetReceipts: rlp([requestID, [[receipt...]...]]), one
// list per block, at most MaxReceipts lists. A receipt is in its network
// form: a legacy receipt as its RLP list, a typed one as an RLP string
// holding its consensus encoding (type byte, then the list).
type Receipts struct {
	RequestID uint64
	Receipts  []ethtypes.Receipts
}

// Code implements Message.
func (*Receipts) Code() Code { return ReceiptsCode }

// AppendRLP implements Message.
func (m *Receipts) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.RequestID)
	dst, outer := rlp.StartList(dst)
	for _, rs := range m.Receipts {
		var inner int
		dst, inner = rlp.StartList(dst)
		for _, rc := range rs {
			if rc.Type == ethtypes.LegacyTxType {
				dst = rc.AppendConsensus(dst)
				continue
			}
			enc := rc.AppendConsensus(nil)
			dst = rlp.AppendBytes(dst, enc)
		}
		dst = rlp.EndList(dst, inner)
	}
	dst = rlp.EndList(dst, outer)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *Receipts) DecodeRLP(p []byte) error {
	const code = ReceiptsCode
	id, r := requestReader(p)
	content := r.ListContent()
	if err := finish(code, &r, "response"); err != nil {
		return err
	}
	n, err := listCount(code, content, "receipt lists", MaxReceipts)
	if err != nil {
		return err
	}
	m.RequestID = id
	m.Receipts = make([]ethtypes.Receipts, n)
	lr := rlp.NewContentReader(content)
	for i := range m.Receipts {
		inner := lr.ListContent()
		if err := lr.Err(); err != nil {
			return malformed(code, err, "receipt list %d", i)
		}
		rs := ethtypes.Receipts{}
		for len(inner) > 0 {
			k, c, rest, err := rlp.Split(inner)
			if err != nil {
				return malformed(code, err, "receipt list %d", i)
			}
			enc := inner[:len(inner)-len(rest)]
			if k == rlp.KindString {
				if len(c) == 0 || c[0] >= 0x80 {
					return malformed(code, nil, "receipt list %d: typed receipt without type byte", i)
				}
				enc = c
			}
			rc, err := ethtypes.DecodeReceipt(enc)
			if err != nil {
				return malformed(code, err, "receipt list %d", i)
			}
			rs = append(rs, rc)
			inner = rest
		}
		m.Receipts[i] = rs
	}
	return nil
}
