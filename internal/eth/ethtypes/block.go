package ethtypes

import (
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Withdrawal is a validator withdrawal (EIP-4895) credited by the
// execution layer after a block's transactions. Amount is in gwei.
type Withdrawal struct {
	Index     uint64
	Validator uint64
	Address   Address
	Amount    uint64
}

// AppendRLP appends rlp([index, validatorIndex, address, amount]) to dst.
//
// This method is safe for concurrent access.
func (w *Withdrawal) AppendRLP(dst []byte) []byte {
	size := rlp.Uint64Size(w.Index) + rlp.Uint64Size(w.Validator) + 21 + rlp.Uint64Size(w.Amount)
	dst = rlp.AppendListHeader(dst, size)
	dst = rlp.AppendUint64(dst, w.Index)
	dst = rlp.AppendUint64(dst, w.Validator)
	dst = rlp.AppendBytes(dst, w.Address[:])
	return rlp.AppendUint64(dst, w.Amount)
}

// Withdrawals is a list of withdrawals; it is a trie.DerivableList, so
// DeriveSha gives the withdrawals root.
type Withdrawals []Withdrawal

// Len returns the number of withdrawals.
func (ws Withdrawals) Len() int { return len(ws) }

// AppendIndex appends the encoding of withdrawal i.
func (ws Withdrawals) AppendIndex(dst []byte, i int) []byte { return ws[i].AppendRLP(dst) }

// Transactions is a list of transactions; it is a trie.DerivableList, so
// DeriveSha gives the transactions root.
type Transactions []*Transaction

// Len returns the number of transactions.
func (txs Transactions) Len() int { return len(txs) }

// AppendIndex appends the canonical encoding of transaction i (the
// EIP-2718 envelope for typed transactions).
func (txs Transactions) AppendIndex(dst []byte, i int) []byte {
	dst, _ = txs[i].AppendBinary(dst)
	return dst
}

// Block is a header with its body: transactions, uncle headers and, from
// Shanghai, withdrawals. Withdrawals is nil when the body has no
// withdrawals list (before Shanghai) and non-nil, possibly empty, when it
// has one.
type Block struct {
	Header      *Header
	Txs         Transactions
	Uncles      []*Header
	Withdrawals Withdrawals

	hash Hash
}

// NewBlock returns a block of the given parts; its hash is computed once.
//
// This function is safe for concurrent access.
func NewBlock(h *Header, txs Transactions, uncles []*Header, withdrawals Withdrawals) *Block {
	return &Block{Header: h, Txs: txs, Uncles: uncles, Withdrawals: withdrawals, hash: h.Hash()}
}

// Hash returns the block's hash (the header's).
//
// This method is safe for concurrent access.
func (b *Block) Hash() Hash { return b.hash }

// Body is a block without its header, as the P2P protocol carries it
// (eth's BlockBodies: transactions, uncles and, from Shanghai,
// withdrawals; Withdrawals is nil when the body has no such list).
type Body struct {
	Transactions Transactions
	Uncles       []*Header
	Withdrawals  Withdrawals
}

// Body returns the block's body. The slices are shared with the block.
func (b *Block) Body() *Body {
	return &Body{Transactions: b.Txs, Uncles: b.Uncles, Withdrawals: b.Withdrawals}
}

// WithBody returns the block made of header h and body bd; the caller
// checks that the body matches the header's roots.
func WithBody(h *Header, bd *Body) *Block {
	return NewBlock(h, bd.Transactions, bd.Uncles, bd.Withdrawals)
}

// Number returns the block number.
func (b *Block) Number() uint64 { return b.Header.Number }

// AppendRLP appends rlp([header, [txs], [uncles], [withdrawals]?]) to dst.
//
// This method is safe for concurrent access.
func (b *Block) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = b.Header.AppendRLP(dst)
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

// UncleHash returns keccak256(rlp(uncles)), the ommers hash of a header
// over these uncles.
//
// This function is safe for concurrent access.
func UncleHash(uncles []*Header) Hash {
	if len(uncles) == 0 {
		return EmptyUncleHash
	}
	dst, m := rlp.StartList(nil)
	for _, u := range uncles {
		dst = u.AppendRLP(dst)
	}
	return Hash(crypto.Keccak256(rlp.EndList(dst, m)))
}

// DecodeBlock decodes a block from exactly one canonical RLP list
// [header, [txs], [uncles], [withdrawals]?]. Transactions are in the body
// form (a typed transaction is an RLP string holding its envelope).
// Errors have kind ErrBlockDecode, or ErrTxDecode for a transaction.
//
// This function is safe for concurrent access.
func DecodeBlock(b []byte) (*Block, error) {
	r := rlp.NewListReader(b)
	hraw := r.Raw()
	if err := r.Err(); err != nil {
		return nil, blockDecodeError("block", err)
	}
	hr := rlp.NewListReader(hraw)
	h, err := decodeHeader(&hr)
	if err != nil {
		return nil, err
	}
	blk := &Block{Header: h, hash: Hash(crypto.Keccak256(hraw))}

	txs := r.ListContent()
	if err := r.Err(); err != nil {
		return nil, blockDecodeError("transactions", err)
	}
	for len(txs) > 0 {
		var tx *Transaction
		tx, txs, err = SplitTx(txs)
		if err != nil {
			return nil, err
		}
		blk.Txs = append(blk.Txs, tx)
	}

	ur := r.List()
	for ur.More() {
		ul := ur.List()
		u, err := decodeHeader(&ul)
		if err != nil {
			return nil, err
		}
		blk.Uncles = append(blk.Uncles, u)
	}
	if err := ur.Finish(); err != nil {
		return nil, blockDecodeError("uncles", err)
	}

	if r.More() {
		wr := r.List()
		blk.Withdrawals = Withdrawals{}
		for wr.More() {
			w, err := decodeWithdrawal(&wr)
			if err != nil {
				return nil, err
			}
			blk.Withdrawals = append(blk.Withdrawals, w)
		}
		if err := wr.Finish(); err != nil {
			return nil, blockDecodeError("withdrawals", err)
		}
	}
	if err := r.Finish(); err != nil {
		return nil, blockDecodeError("block", err)
	}
	return blk, nil
}

// decodeWithdrawal reads one withdrawal from r.
func decodeWithdrawal(r *rlp.ListReader) (Withdrawal, error) {
	var w Withdrawal
	lr := r.List()
	w.Index = lr.Uint64()
	w.Validator = lr.Uint64()
	if err := readFixed(&lr, w.Address[:], "withdrawal address"); err != nil {
		return w, err
	}
	w.Amount = lr.Uint64()
	if err := lr.Finish(); err != nil {
		return w, blockDecodeError("withdrawal", err)
	}
	if err := r.Err(); err != nil {
		return w, blockDecodeError("withdrawal", err)
	}
	return w, nil
}
