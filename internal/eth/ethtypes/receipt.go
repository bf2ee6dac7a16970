package ethtypes

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/rlp"
)

// Receipt statuses (from Byzantium, EIP-658).
const (
	ReceiptStatusFailed     = uint64(0)
	ReceiptStatusSuccessful = uint64(1)
)

// Receipt is the outcome of a transaction in a block. The consensus fields
// are Type, PostState or Status, CumulativeGasUsed, Bloom and Logs; the
// others are derived and filled by the block processor for callers (RPC).
type Receipt struct {
	Type              uint8
	PostState         []byte // before Byzantium: the state root after the transaction
	Status            uint64 // from Byzantium (used when PostState is nil)
	CumulativeGasUsed uint64
	Bloom             Bloom
	Logs              []Log

	TxHash            Hash
	ContractAddress   Address // for a creation
	GasUsed           uint64
	EffectiveGasPrice uint256.Int
	BlobGasUsed       uint64
	BlockHash         Hash
	BlockNumber       uint64
	TransactionIndex  uint
}

// appendPayload appends rlp([postStateOrStatus, cumulativeGas, bloom, logs]).
func (r *Receipt) appendPayload(dst []byte) []byte {
	var first int
	if r.PostState != nil {
		first = rlp.BytesSize(r.PostState)
	} else {
		first = 1
	}
	size := first + rlp.Uint64Size(r.CumulativeGasUsed) + 3 + BloomLength + rlp.ListSize(logsContentSize(r.Logs))
	dst = rlp.AppendListHeader(dst, size)
	switch {
	case r.PostState != nil:
		dst = rlp.AppendBytes(dst, r.PostState)
	case r.Status == ReceiptStatusSuccessful:
		dst = append(dst, 0x01)
	default:
		dst = append(dst, 0x80)
	}
	dst = rlp.AppendUint64(dst, r.CumulativeGasUsed)
	dst = rlp.AppendBytes(dst, r.Bloom[:])
	return AppendLogsRLP(dst, r.Logs)
}

// AppendConsensus appends the receipt's consensus encoding, the value of
// the receipts trie: the RLP list for a legacy transaction's receipt, the
// type byte followed by the RLP list for a typed one (EIP-2718).
//
// This method is safe for concurrent access.
func (r *Receipt) AppendConsensus(dst []byte) []byte {
	if r.Type != LegacyTxType {
		dst = append(dst, r.Type)
	}
	return r.appendPayload(dst)
}

// DecodeReceipt decodes a receipt's consensus encoding (see
// AppendConsensus). Errors have kind ErrBlockDecode.
//
// This function is safe for concurrent access.
func DecodeReceipt(b []byte) (*Receipt, error) {
	r := new(Receipt)
	if len(b) > 0 && b[0] < 0x80 {
		r.Type = b[0]
		if r.Type == LegacyTxType || r.Type > BlobTxType {
			return nil, blockDecodeError("receipt", errors.New("unknown receipt type"))
		}
		b = b[1:]
	}
	lr := rlp.NewListReader(b)
	first := lr.Bytes()
	switch {
	case lr.Err() != nil:
	case len(first) == 32:
		r.PostState = append([]byte{}, first...)
	case len(first) == 0:
		r.Status = ReceiptStatusFailed
	case len(first) == 1 && first[0] == 1:
		r.Status = ReceiptStatusSuccessful
	default:
		return nil, blockDecodeError("receipt status", errBadLength)
	}
	r.CumulativeGasUsed = lr.Uint64()
	if err := readFixed(&lr, r.Bloom[:], "receipt bloom"); err != nil {
		return nil, err
	}
	logs := lr.List()
	for logs.More() {
		l, err := decodeLog(&logs)
		if err != nil {
			return nil, err
		}
		r.Logs = append(r.Logs, l)
	}
	if err := logs.Finish(); err != nil {
		return nil, blockDecodeError("receipt logs", err)
	}
	if err := lr.Finish(); err != nil {
		return nil, blockDecodeError("receipt", err)
	}
	return r, nil
}

// Receipts is a block's list of receipts; it is a trie.DerivableList, so
// DeriveSha gives the receipts root.
type Receipts []*Receipt

// Len returns the number of receipts.
func (rs Receipts) Len() int { return len(rs) }

// AppendIndex appends the consensus encoding of receipt i.
func (rs Receipts) AppendIndex(dst []byte, i int) []byte { return rs[i].AppendConsensus(dst) }

// Bloom returns the union of the receipts' blooms: the logs bloom of the
// block header.
//
// This method is safe for concurrent access.
func (rs Receipts) Bloom() Bloom {
	var b Bloom
	for _, r := range rs {
		b.Or(&r.Bloom)
	}
	return b
}
