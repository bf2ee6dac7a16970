package ethwire

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// GetPooledTransactions asks for announced transactions by hash:
// rlp([requestID, [hash...]]), at most MaxHashes hashes.
type GetPooledTransactions struct {
	RequestID uint64
	Hashes    []ethtypes.Hash
}

// Code implements Message.
func (*GetPooledTransactions) Code() Code { return GetPooledTransactionsCode }

// AppendRLP implements Message.
func (m *GetPooledTransactions) AppendRLP(dst []byte) []byte {
	return appendHashRequest(dst, m.RequestID, m.Hashes)
}

// DecodeRLP implements Message.
func (m *GetPooledTransactions) DecodeRLP(p []byte) error {
	var err error
	m.RequestID, m.Hashes, err = decodeHashRequest(GetPooledTransactionsCode, p, MaxHashes)
	return err
}

// PooledTransactions answers GetPooledTransactions: rlp([requestID,
// [tx...]]), transactions in body form, at most MaxHashes.
type PooledTransactions struct {
	RequestID uint64
	Txs       ethtypes.Transactions
}

// Code implements Message.
func (*PooledTransactions) Code() Code { return PooledTransactionsCode }

// AppendRLP implements Message.
func (m *PooledTransactions) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.RequestID)
	dst = appendTxs(dst, m.Txs)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *PooledTransactions) DecodeRLP(p []byte) error {
	const code = PooledTransactionsCode
	id, r := requestReader(p)
	content := r.ListContent()
	if err := finish(code, &r, "response"); err != nil {
		return err
	}
	txs, err := decodeTxs(code, content, "transactions", MaxHashes)
	if err != nil {
		return err
	}
	m.RequestID, m.Txs = id, txs
	return nil
}
