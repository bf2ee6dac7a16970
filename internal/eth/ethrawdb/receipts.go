package ethrawdb

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/rlp"
)

// AppendStoredReceipts appends the storage form of a block's receipts to
// dst: rlp([[statusOrPostState, cumulativeGas, [log...]]...]), each log
// rlp([address, [topic...], data]). The type, bloom and every derived field
// are left out; DeriveReceiptFields recomputes them from the block.
//
// This function is safe for concurrent access.
func AppendStoredReceipts(dst []byte, receipts ethtypes.Receipts) []byte {
	dst, mark := rlp.StartList(dst)
	for _, r := range receipts {
		var m int
		dst, m = rlp.StartList(dst)
		switch {
		case r.PostState != nil:
			dst = rlp.AppendBytes(dst, r.PostState)
		case r.Status == ethtypes.ReceiptStatusSuccessful:
			dst = append(dst, 0x01)
		default:
			dst = append(dst, 0x80)
		}
		dst = rlp.AppendUint64(dst, r.CumulativeGasUsed)
		dst = ethtypes.AppendLogsRLP(dst, r.Logs)
		dst = rlp.EndList(dst, m)
	}
	return rlp.EndList(dst, mark)
}

// DecodeStoredReceipts decodes the storage form of a block's receipts (see
// AppendStoredReceipts) into receipts holding the consensus fields that are
// stored (status or post-state, cumulative gas, logs' address, topics and
// data); call DeriveReceiptFields for the rest. Errors have kind
// ErrCorrupt.
//
// This function is safe for concurrent access.
func DecodeStoredReceipts(enc []byte) (ethtypes.Receipts, error) {
	lr := rlp.NewListReader(enc)
	var out ethtypes.Receipts
	for lr.More() {
		rr := lr.List()
		if err := lr.Err(); err != nil {
			return nil, corrupt(err, "receipt %d", len(out))
		}
		r := new(ethtypes.Receipt)
		first := rr.Bytes()
		switch {
		case rr.Err() != nil:
		case len(first) == hashLen:
			r.PostState = append([]byte{}, first...)
		case len(first) == 0:
			r.Status = ethtypes.ReceiptStatusFailed
		case len(first) == 1 && first[0] == 1:
			r.Status = ethtypes.ReceiptStatusSuccessful
		default:
			return nil, corrupt(nil, "receipt %d: bad status", len(out))
		}
		r.CumulativeGasUsed = rr.Uint64()
		logs := rr.List()
		for logs.More() {
			l, err := decodeStoredLog(&logs)
			if err != nil {
				return nil, corrupt(err, "receipt %d log %d", len(out), len(r.Logs))
			}
			r.Logs = append(r.Logs, l)
		}
		if err := logs.Finish(); err != nil {
			return nil, corrupt(err, "receipt %d logs", len(out))
		}
		if err := rr.Finish(); err != nil {
			return nil, corrupt(err, "receipt %d", len(out))
		}
		out = append(out, r)
	}
	if err := lr.Finish(); err != nil {
		return nil, corrupt(err, "receipts")
	}
	return out, nil
}

var errFieldLength = errors.New("fixed-size field of the wrong length")

// decodeStoredLog decodes rlp([address, [topic...], data]) from r.
func decodeStoredLog(r *rlp.ListReader) (ethtypes.Log, error) {
	var l ethtypes.Log
	lr := r.List()
	addr := lr.Bytes()
	tr := lr.List()
	for tr.More() {
		t := tr.Bytes()
		if tr.Err() != nil {
			break
		}
		if len(t) != hashLen {
			return l, errFieldLength
		}
		l.Topics = append(l.Topics, ethtypes.Hash(t))
	}
	if err := tr.Finish(); err != nil {
		return l, err
	}
	data := lr.Bytes()
	if err := lr.Finish(); err != nil {
		return l, err
	}
	if err := r.Err(); err != nil {
		return l, err
	}
	if len(addr) != ethtypes.AddressLength {
		return l, errFieldLength
	}
	copy(l.Address[:], addr)
	l.Data = append([]byte{}, data...)
	return l, nil
}

// DeriveReceiptFields fills the fields a stored receipt lacks, from the
// block that holds it: type, bloom, transaction hash and index, block hash
// and number, gas used (the difference of cumulative gas), effective gas
// price (min(feeCap, baseFee+tipCap), or the gas price before London), blob
// gas used, the contract address of a creation (from the sender, recovered
// with signer, and the nonce) and each log's location (block, transaction,
// index within the block). receipts must be the block's, one per
// transaction; otherwise the error has kind ErrMismatch.
//
// This function is safe for concurrent access, provided receipts is not
// shared.
func DeriveReceiptFields(receipts ethtypes.Receipts, block *ethtypes.Block, signer ethtypes.Signer) error {
	return deriveReceiptFields(receipts, block, signer, -1)
}

// deriveReceiptFields is DeriveReceiptFields; with only >= 0 it recovers
// the sender (for the contract address) of receipt only alone, the other
// receipts' ContractAddress being left zero — what ReadReceipt needs.
func deriveReceiptFields(receipts ethtypes.Receipts, block *ethtypes.Block, signer ethtypes.Signer, only int) error {
	txs := block.Txs
	if len(receipts) != len(txs) {
		return &Error{Err: ErrMismatch, Description: "block #" + uint64String(block.Number()) + " has " +
			uint64String(uint64(len(txs))) + " transactions and " + uint64String(uint64(len(receipts))) + " receipts"}
	}
	hash, num := block.Hash(), block.Number()
	baseFee := block.Header.BaseFee
	var prevGas uint64
	logIndex := uint(0)
	for i, r := range receipts {
		tx := txs[i]
		r.Type = tx.Type()
		r.TxHash = tx.Hash()
		r.BlockHash = hash
		r.BlockNumber = num
		r.TransactionIndex = uint(i)
		if r.CumulativeGasUsed < prevGas {
			return &Error{Err: ErrMismatch, Description: "receipt " + uint64String(uint64(i)) + ": cumulative gas decreases"}
		}
		r.GasUsed = r.CumulativeGasUsed - prevGas
		prevGas = r.CumulativeGasUsed
		r.EffectiveGasPrice = effectiveGasPrice(tx, baseFee)
		r.BlobGasUsed = 0
		if tx.Type() == ethtypes.BlobTxType {
			r.BlobGasUsed = tx.BlobGas()
		}
		r.ContractAddress = ethtypes.Address{}
		if tx.IsCreate() && (only < 0 || only == i) {
			from, err := ethtypes.Sender(signer, tx)
			if err != nil {
				return &Error{Err: ErrMismatch, Description: "receipt " + uint64String(uint64(i)) + ": sender", Cause: err}
			}
			r.ContractAddress = ethtypes.CreateAddress(from, tx.Nonce())
		}
		for j := range r.Logs {
			l := &r.Logs[j]
			l.BlockNumber, l.BlockHash = num, hash
			l.TxHash, l.TxIndex = r.TxHash, uint(i)
			l.Index = logIndex
			logIndex++
		}
		r.Bloom = ethtypes.LogsBloom(r.Logs)
	}
	return nil
}

// effectiveGasPrice returns what the sender paid per gas: min(feeCap,
// baseFee+tipCap) from London, the fee cap (the legacy gas price) before.
func effectiveGasPrice(tx *ethtypes.Transaction, baseFee *uint256.Int) uint256.Int {
	feeCap := tx.GasFeeCap()
	if baseFee == nil {
		return feeCap
	}
	tip := tx.GasTipCap()
	var sum uint256.Int
	if _, overflow := sum.AddOverflow(baseFee, &tip); overflow || sum.Gt(&feeCap) {
		return feeCap
	}
	return sum
}

// ReadReceiptsRLP returns the stored encoding of a block's receipts.
//
// This function is safe for concurrent access.
func ReadReceiptsRLP(r kv.Reader, hash ethtypes.Hash, num uint64) ([]byte, error) {
	v, err := r.Get(receiptsKey(num, hash))
	if err != nil {
		return nil, readErr(err, "receipts #%d %x", num, hash[:])
	}
	return v, nil
}

// HasReceipts reports whether a block's receipts are stored.
//
// This function is safe for concurrent access.
func HasReceipts(r kv.Reader, hash ethtypes.Hash, num uint64) (bool, error) {
	return r.Has(receiptsKey(num, hash))
}

// ReadRawReceipts returns a block's receipts with only the stored fields
// (see DecodeStoredReceipts).
//
// This function is safe for concurrent access.
func ReadRawReceipts(r kv.Reader, hash ethtypes.Hash, num uint64) (ethtypes.Receipts, error) {
	enc, err := ReadReceiptsRLP(r, hash, num)
	if err != nil {
		return nil, err
	}
	rs, err := DecodeStoredReceipts(enc)
	if err != nil {
		return nil, corrupt(err, "receipts #%d %x", num, hash[:])
	}
	return rs, nil
}

// ReadReceipts returns a block's receipts with every derived field filled
// (see DeriveReceiptFields); it reads the block too. signer must be the
// one of the block's fork and chain (it recovers the sender of contract
// creations).
//
// This function is safe for concurrent access.
func ReadReceipts(r kv.Reader, hash ethtypes.Hash, num uint64, signer ethtypes.Signer) (ethtypes.Receipts, error) {
	block, err := ReadBlock(r, hash, num)
	if err != nil {
		return nil, err
	}
	return ReadBlockReceipts(r, block, signer)
}

// ReadBlockReceipts returns the receipts of a block the caller already
// holds, with every derived field filled.
//
// This function is safe for concurrent access.
func ReadBlockReceipts(r kv.Reader, block *ethtypes.Block, signer ethtypes.Signer) (ethtypes.Receipts, error) {
	rs, err := ReadRawReceipts(r, block.Hash(), block.Number())
	if err != nil {
		return nil, err
	}
	if err := DeriveReceiptFields(rs, block, signer); err != nil {
		return nil, err
	}
	return rs, nil
}

// WriteReceipts stores a block's receipts in their storage form.
//
// This function is safe for concurrent access if w is.
func WriteReceipts(w kv.Writer, hash ethtypes.Hash, num uint64, receipts ethtypes.Receipts) error {
	return put(w, receiptsKey(num, hash), AppendStoredReceipts(nil, receipts), "receipts")
}

// DeleteReceipts removes a block's receipts.
//
// This function is safe for concurrent access if w is.
func DeleteReceipts(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	return del(w, receiptsKey(num, hash), "receipts")
}
