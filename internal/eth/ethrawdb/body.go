package ethrawdb

import (
	"errors"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Body is the part of a block stored under the 'b' prefix: its
// transactions, uncle headers and, from Shanghai, withdrawals (nil before,
// non-nil and possibly empty after, as in ethtypes.Block).
type Body struct {
	Txs         ethtypes.Transactions
	Uncles      []*ethtypes.Header
	Withdrawals ethtypes.Withdrawals
}

// BodyOf returns the body of a block (sharing its slices).
//
// This function is safe for concurrent access.
func BodyOf(b *ethtypes.Block) *Body {
	return &Body{Txs: b.Txs, Uncles: b.Uncles, Withdrawals: b.Withdrawals}
}

// AppendRLP appends the body's encoding, rlp([[tx...], [uncle...],
// [withdrawal...]?]), to dst. Transactions keep their stored bytes, so
// nothing is re-encoded but the uncle headers and withdrawals.
//
// This method is safe for concurrent access.
func (b *Body) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst, m := rlp.StartList(dst)
	for _, tx := range b.Txs {
		dst = tx.AppendRLP(dst)
	}
	dst = rlp.EndList(dst, m)
	dst, m = rlp.StartList(dst)
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

// DecodeBody decodes a body encoding (see Body.AppendRLP), strictly:
// canonical RLP, no trailing bytes. Errors have kind ErrCorrupt with the
// decoder's error as cause.
//
// This function is safe for concurrent access.
func DecodeBody(enc []byte) (*Body, error) {
	r := rlp.NewListReader(enc)
	txs := r.ListContent()
	if err := r.Err(); err != nil {
		return nil, corrupt(err, "body transactions")
	}
	body := new(Body)
	for len(txs) > 0 {
		var (
			tx  *ethtypes.Transaction
			err error
		)
		tx, txs, err = ethtypes.SplitTx(txs)
		if err != nil {
			return nil, corrupt(err, "body transaction %d", len(body.Txs))
		}
		body.Txs = append(body.Txs, tx)
	}
	ur := r.List()
	for ur.More() {
		raw := ur.Raw()
		if ur.Err() != nil {
			break
		}
		u, err := ethtypes.DecodeHeader(raw)
		if err != nil {
			return nil, corrupt(err, "body uncle %d", len(body.Uncles))
		}
		body.Uncles = append(body.Uncles, u)
	}
	if err := ur.Finish(); err != nil {
		return nil, corrupt(err, "body uncles")
	}
	if r.More() {
		wr := r.List()
		body.Withdrawals = ethtypes.Withdrawals{}
		for wr.More() {
			w, err := decodeWithdrawal(&wr)
			if err != nil {
				return nil, err
			}
			body.Withdrawals = append(body.Withdrawals, w)
		}
		if err := wr.Finish(); err != nil {
			return nil, corrupt(err, "body withdrawals")
		}
	}
	if err := r.Finish(); err != nil {
		return nil, corrupt(err, "body")
	}
	return body, nil
}

// decodeWithdrawal reads one withdrawal, rlp([index, validator, address,
// amount]), from r.
func decodeWithdrawal(r *rlp.ListReader) (ethtypes.Withdrawal, error) {
	var w ethtypes.Withdrawal
	lr := r.List()
	w.Index = lr.Uint64()
	w.Validator = lr.Uint64()
	addr := lr.Bytes()
	w.Amount = lr.Uint64()
	if err := lr.Finish(); err != nil {
		return w, corrupt(err, "withdrawal")
	}
	if err := r.Err(); err != nil {
		return w, corrupt(err, "withdrawal")
	}
	if len(addr) != ethtypes.AddressLength {
		return w, corrupt(errors.New("address not 20 bytes"), "withdrawal")
	}
	copy(w.Address[:], addr)
	return w, nil
}

// ReadBodyRLP returns the stored encoding of a block body.
//
// This function is safe for concurrent access.
func ReadBodyRLP(r kv.Reader, hash ethtypes.Hash, num uint64) ([]byte, error) {
	v, err := r.Get(blockBodyKey(num, hash))
	if err != nil {
		return nil, readErr(err, "body #%d %x", num, hash[:])
	}
	return v, nil
}

// HasBody reports whether a block body is stored.
//
// This function is safe for concurrent access.
func HasBody(r kv.Reader, hash ethtypes.Hash, num uint64) (bool, error) {
	return r.Has(blockBodyKey(num, hash))
}

// ReadBody returns a stored block body.
//
// This function is safe for concurrent access.
func ReadBody(r kv.Reader, hash ethtypes.Hash, num uint64) (*Body, error) {
	enc, err := ReadBodyRLP(r, hash, num)
	if err != nil {
		return nil, err
	}
	b, err := DecodeBody(enc)
	if err != nil {
		return nil, corrupt(err, "body #%d %x", num, hash[:])
	}
	return b, nil
}

// WriteBody stores a block body.
//
// This function is safe for concurrent access if w is.
func WriteBody(w kv.Writer, hash ethtypes.Hash, num uint64, body *Body) error {
	return WriteBodyRLP(w, hash, num, body.AppendRLP(nil))
}

// WriteBodyRLP stores an already encoded block body.
//
// This function is safe for concurrent access if w is.
func WriteBodyRLP(w kv.Writer, hash ethtypes.Hash, num uint64, enc []byte) error {
	return put(w, blockBodyKey(num, hash), enc, "body")
}

// DeleteBody removes a block body.
//
// This function is safe for concurrent access if w is.
func DeleteBody(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	return del(w, blockBodyKey(num, hash), "body")
}

// ReadBlock returns a stored block: its header and body. Absence of
// either is an error matching ErrNotFound.
//
// This function is safe for concurrent access.
func ReadBlock(r kv.Reader, hash ethtypes.Hash, num uint64) (*ethtypes.Block, error) {
	h, err := ReadHeader(r, hash, num)
	if err != nil {
		return nil, err
	}
	body, err := ReadBody(r, hash, num)
	if err != nil {
		return nil, err
	}
	return ethtypes.NewBlock(h, body.Txs, body.Uncles, body.Withdrawals), nil
}

// ReadBlockByHash returns a stored block found by hash alone.
//
// This function is safe for concurrent access.
func ReadBlockByHash(r kv.Reader, hash ethtypes.Hash) (*ethtypes.Block, error) {
	num, err := ReadHeaderNumber(r, hash)
	if err != nil {
		return nil, err
	}
	return ReadBlock(r, hash, num)
}

// ReadCanonicalBlock returns the canonical block at num.
//
// This function is safe for concurrent access.
func ReadCanonicalBlock(r kv.Reader, num uint64) (*ethtypes.Block, error) {
	hash, err := ReadCanonicalHash(r, num)
	if err != nil {
		return nil, err
	}
	return ReadBlock(r, hash, num)
}

// WriteBlock stores a block's header (with its number index) and body.
//
// This function is safe for concurrent access if w is.
func WriteBlock(w kv.Writer, b *ethtypes.Block) error {
	if err := WriteBody(w, b.Hash(), b.Number(), BodyOf(b)); err != nil {
		return err
	}
	return WriteHeader(w, b.Header)
}

// DeleteBlock removes everything stored for a block: header, number
// index, total difficulty, body and receipts. It does not touch the
// canonical index or transaction lookups.
//
// This function is safe for concurrent access if w is.
func DeleteBlock(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	if err := DeleteReceipts(w, hash, num); err != nil {
		return err
	}
	if err := DeleteBody(w, hash, num); err != nil {
		return err
	}
	return DeleteHeader(w, hash, num)
}
