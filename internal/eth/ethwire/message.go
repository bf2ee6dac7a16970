package ethwire

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Message is one message payload.
type Message interface {
	// Code returns the message code.
	Code() Code
	// AppendRLP appends the RLP payload to dst and returns it.
	AppendRLP(dst []byte) []byte
	// DecodeRLP replaces the message with the payload p. Decoded values
	// do not alias p. Errors match ErrMalformed or ErrTooMany.
	DecodeRLP(p []byte) error
}

// newMessage maps each known code to a constructor; a constant table.
var newMessage = [...]func() Message{
	StatusCode:                     func() Message { return new(Status) },
	NewBlockHashesCode:             func() Message { return new(NewBlockHashes) },
	TransactionsCode:               func() Message { return new(Transactions) },
	GetBlockHeadersCode:            func() Message { return new(GetBlockHeaders) },
	BlockHeadersCode:               func() Message { return new(BlockHeaders) },
	GetBlockBodiesCode:             func() Message { return new(GetBlockBodies) },
	BlockBodiesCode:                func() Message { return new(BlockBodies) },
	NewBlockCode:                   func() Message { return new(NewBlock) },
	NewPooledTransactionHashesCode: func() Message { return new(NewPooledTransactionHashes) },
	GetPooledTransactionsCode:      func() Message { return new(GetPooledTransactions) },
	PooledTransactionsCode:         func() Message { return new(PooledTransactions) },
	GetReceiptsCode:                func() Message { return new(GetReceipts) },
	ReceiptsCode:                   func() Message { return new(Receipts) },
	PingCode:                       func() Message { return new(Ping) },
	PongCode:                       func() Message { return new(Pong) },
	DisconnectCode:                 func() Message { return new(Disconnect) },
}

// NewMessage returns an empty message for code, and false for an unknown
// code.
//
// This function is safe for concurrent access.
func NewMessage(code Code) (Message, bool) {
	if int(code) >= len(newMessage) || newMessage[code] == nil {
		return nil, false
	}
	return newMessage[code](), true
}

// DecodeMessage decodes payload as the message of code. It fails with
// ErrUnknownCode, ErrMalformed or ErrTooMany.
//
// This function is safe for concurrent access.
func DecodeMessage(code Code, payload []byte) (Message, error) {
	msg, ok := NewMessage(code)
	if !ok {
		return nil, &MessageError{Kind: ErrUnknownCode, Code: code, HasCode: true}
	}
	if err := msg.DecodeRLP(payload); err != nil {
		return nil, err
	}
	return msg, nil
}

// EncodeMessage returns the RLP payload of msg.
//
// This function is safe for concurrent access.
func EncodeMessage(msg Message) []byte { return msg.AppendRLP(nil) }

// --- shared decoding helpers ---

// listCount returns the number of values in content (a list's content),
// failing with ErrTooMany above limit (limit < 0: no limit).
func listCount(code Code, content []byte, what string, limit int) (int, error) {
	n, err := rlp.CountValues(content)
	if err != nil {
		return 0, malformed(code, err, "%s", what)
	}
	if limit >= 0 && n > limit {
		return 0, tooMany(code, what, n, limit)
	}
	return n, nil
}

// decodeHashes decodes the content of a list of 32-byte hashes.
func decodeHashes(code Code, content []byte, what string, limit int) ([]ethtypes.Hash, error) {
	n, err := listCount(code, content, what, limit)
	if err != nil {
		return nil, err
	}
	hashes := make([]ethtypes.Hash, n)
	r := rlp.NewContentReader(content)
	for i := range hashes {
		b := r.Bytes()
		if err := r.Err(); err != nil {
			return nil, malformed(code, err, "%s", what)
		}
		if len(b) != ethtypes.HashLength {
			return nil, malformed(code, nil, "%s: hash of %d bytes", what, len(b))
		}
		copy(hashes[i][:], b)
	}
	return hashes, nil
}

// appendHashes appends rlp([hash...]).
func appendHashes(dst []byte, hashes []ethtypes.Hash) []byte {
	dst = rlp.AppendListHeader(dst, 33*len(hashes))
	for i := range hashes {
		dst = rlp.AppendBytes(dst, hashes[i][:])
	}
	return dst
}

// requestReader opens payload [requestID, inner] and returns the id and a
// reader positioned at inner.
func requestReader(payload []byte) (uint64, rlp.ListReader) {
	r := rlp.NewListReader(payload)
	id := r.Uint64()
	return id, r
}

// finish checks the outer reader and maps its error.
func finish(code Code, r *rlp.ListReader, what string) error {
	if err := r.Finish(); err != nil {
		return malformed(code, err, "%s", what)
	}
	return nil
}

// decodeTxs decodes the content of a list of transactions in body form.
func decodeTxs(code Code, content []byte, what string, limit int) (ethtypes.Transactions, error) {
	n, err := listCount(code, content, what, limit)
	if err != nil {
		return nil, err
	}
	txs := make(ethtypes.Transactions, 0, n)
	for len(content) > 0 {
		tx, rest, err := ethtypes.SplitTx(content)
		if err != nil {
			return nil, malformed(code, err, "%s %d", what, len(txs))
		}
		txs = append(txs, tx)
		content = rest
	}
	return txs, nil
}

// appendTxs appends rlp([tx...]) with transactions in body form.
func appendTxs(dst []byte, txs ethtypes.Transactions) []byte {
	size := 0
	for _, tx := range txs {
		size += tx.RLPSize()
	}
	dst = rlp.AppendListHeader(dst, size)
	for _, tx := range txs {
		dst = tx.AppendRLP(dst)
	}
	return dst
}
