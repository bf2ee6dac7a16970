package ethwire

import (
	"errors"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// GetBlockBodies asks for block bodies by hash: rlp([requestID,
// [hash...]]), at most MaxBodies hashes.
type GetBlockBodies struct {
	RequestID uint64
	Hashes    []ethtypes.Hash
}

// Code implements Message.
func (*GetBlockBodies) Code() Code { return GetBlockBodiesCode }

// AppendRLP implements Message.
func (m *GetBlockBodies) AppendRLP(dst []byte) []byte {
	return appendHashRequest(dst, m.RequestID, m.Hashes)
}

// DecodeRLP implements Message.
func (m *GetBlockBodies) DecodeRLP(p []byte) error {
	var err error
	m.RequestID, m.Hashes, err = decodeHashRequest(GetBlockBodiesCode, p, MaxBodies)
	return err
}

// BlockBodies answers GetBlockBodies: rlp([requestID, [body...]]), each
// body rlp([[tx...], [uncle...], [withdrawal...]?]), at most MaxBodies.
//
// For encoding, Raw, when not nil, holds bodies already encoded (as a
// database stores them) and is used instead of Bodies, so a server does
// not decode and re-encode what it serves. Decoding fills Bodies only.
type BlockBodies struct {
	RequestID uint64
	Bodies    []*ethtypes.Body
	Raw       [][]byte
}

// Code implements Message.
func (*BlockBodies) Code() Code { return BlockBodiesCode }

// AppendRLP implements Message.
func (m *BlockBodies) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.RequestID)
	dst, inner := rlp.StartList(dst)
	if m.Raw != nil {
		for _, b := range m.Raw {
			dst = append(dst, b...)
		}
	} else {
		for _, b := range m.Bodies {
			dst = AppendBody(dst, b)
		}
	}
	dst = rlp.EndList(dst, inner)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *BlockBodies) DecodeRLP(p []byte) error {
	const code = BlockBodiesCode
	id, r := requestReader(p)
	content := r.ListContent()
	if err := finish(code, &r, "response"); err != nil {
		return err
	}
	n, err := listCount(code, content, "bodies", MaxBodies)
	if err != nil {
		return err
	}
	m.RequestID, m.Raw = id, nil
	m.Bodies = make([]*ethtypes.Body, n)
	br := rlp.NewContentReader(content)
	for i := range m.Bodies {
		raw := br.Raw()
		if err := br.Err(); err != nil {
			return malformed(code, err, "body %d", i)
		}
		if m.Bodies[i], err = DecodeBody(raw); err != nil {
			return malformed(code, err, "body %d", i)
		}
	}
	return nil
}

// AppendBody appends rlp([[tx...], [uncle...], [withdrawal...]?]); the
// withdrawals list is present when b.Withdrawals is not nil.
//
// This function is safe for concurrent access.
func AppendBody(dst []byte, b *ethtypes.Body) []byte {
	dst, mark := rlp.StartList(dst)
	dst = appendTxs(dst, b.Transactions)
	dst, m := rlp.StartList(dst)
	for _, u := range b.Uncles {
		dst = u.AppendRLP(dst)
	}
	dst = rlp.EndList(dst, m)
	if b.Withdrawals != nil {
		dst, m = rlp.StartList(dst)
		for i := range b.Withdrawals {
			dst = b.Withdrawals[i].AppendRLP(dst)
		}
		dst = rlp.EndList(dst, m)
	}
	return rlp.EndList(dst, mark)
}

var errWithdrawalAddress = errors.New("withdrawal address not 20 bytes")

// DecodeBody decodes one body (see AppendBody), strictly: canonical RLP,
// nothing after it. Errors are ethtypes or rlp errors.
//
// This function is safe for concurrent access.
func DecodeBody(b []byte) (*ethtypes.Body, error) {
	r := rlp.NewListReader(b)
	txs := r.ListContent()
	uncles := r.ListContent()
	var withdrawals []byte
	hasW := r.More()
	if hasW {
		withdrawals = r.ListContent()
	}
	if err := r.Finish(); err != nil {
		return nil, err
	}
	body := new(ethtypes.Body)
	for len(txs) > 0 {
		tx, rest, err := ethtypes.SplitTx(txs)
		if err != nil {
			return nil, err
		}
		body.Transactions = append(body.Transactions, tx)
		txs = rest
	}
	ur := rlp.NewContentReader(uncles)
	for ur.More() {
		raw := ur.Raw()
		if err := ur.Err(); err != nil {
			return nil, err
		}
		u, err := ethtypes.DecodeHeader(raw)
		if err != nil {
			return nil, err
		}
		body.Uncles = append(body.Uncles, u)
	}
	if err := ur.Err(); err != nil {
		return nil, err
	}
	if hasW {
		body.Withdrawals = ethtypes.Withdrawals{}
		wr := rlp.NewContentReader(withdrawals)
		for wr.More() {
			lr := wr.List()
			var w ethtypes.Withdrawal
			w.Index = lr.Uint64()
			w.Validator = lr.Uint64()
			addr := lr.Bytes()
			w.Amount = lr.Uint64()
			if err := lr.Finish(); err != nil {
				return nil, err
			}
			if len(addr) != ethtypes.AddressLength {
				return nil, errWithdrawalAddress
			}
			copy(w.Address[:], addr)
			body.Withdrawals = append(body.Withdrawals, w)
		}
		if err := wr.Err(); err != nil {
			return nil, err
		}
	}
	return body, nil
}

// appendHashRequest appends rlp([requestID, [hash...]]).
func appendHashRequest(dst []byte, id uint64, hashes []ethtypes.Hash) []byte {
	dst = rlp.AppendListHeader(dst, rlp.Uint64Size(id)+rlp.ListSize(33*len(hashes)))
	dst = rlp.AppendUint64(dst, id)
	return appendHashes(dst, hashes)
}

// decodeHashRequest decodes rlp([requestID, [hash...]]).
func decodeHashRequest(code Code, p []byte, limit int) (uint64, []ethtypes.Hash, error) {
	id, r := requestReader(p)
	content := r.ListContent()
	if err := finish(code, &r, "request"); err != nil {
		return 0, nil, err
	}
	hashes, err := decodeHashes(code, content, "hashes", limit)
	if err != nil {
		return 0, nil, err
	}
	return id, hashes, nil
}
