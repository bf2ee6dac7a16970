package ethrawdb

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
)

// ReadTxLookupEntry returns the number of the canonical block holding the
// transaction with the given hash.
//
// This function is safe for concurrent access.
func ReadTxLookupEntry(r kv.Reader, txHash ethtypes.Hash) (uint64, error) {
	v, err := r.Get(txLookupKey(txHash))
	if err != nil {
		return 0, readErr(err, "tx lookup %x", txHash[:])
	}
	if len(v) == 0 || len(v) > numLen {
		return 0, corrupt(nil, "tx lookup %x: %d bytes", txHash[:], len(v))
	}
	var num uint64
	for _, b := range v {
		num = num<<8 | uint64(b)
	}
	return num, nil
}

// WriteTxLookupEntries indexes every transaction of a block under the
// block's number.
//
// This function is safe for concurrent access if w is.
func WriteTxLookupEntries(w kv.Writer, block *ethtypes.Block) error {
	num := encodeBlockNumber(block.Number())
	for _, tx := range block.Txs {
		if err := put(w, txLookupKey(tx.Hash()), num, "tx lookup"); err != nil {
			return err
		}
	}
	return nil
}

// DeleteTxLookupEntry removes a transaction's lookup entry.
//
// This function is safe for concurrent access if w is.
func DeleteTxLookupEntry(w kv.Writer, txHash ethtypes.Hash) error {
	return del(w, txLookupKey(txHash), "tx lookup")
}

// DeleteTxLookupEntries removes the lookup entries of a block's
// transactions.
//
// This function is safe for concurrent access if w is.
func DeleteTxLookupEntries(w kv.Writer, block *ethtypes.Block) error {
	for _, tx := range block.Txs {
		if err := DeleteTxLookupEntry(w, tx.Hash()); err != nil {
			return err
		}
	}
	return nil
}

// TxLocation is where a canonical transaction sits.
type TxLocation struct {
	BlockHash   ethtypes.Hash
	BlockNumber uint64
	Index       uint64
}

// ReadTransaction returns a canonical transaction by hash, with its
// location: lookup entry -> canonical hash at that number -> body. A
// lookup entry left by a reorg that points at a block not holding the
// transaction yields an error matching ErrNotFound.
//
// This function is safe for concurrent access.
func ReadTransaction(r kv.Reader, txHash ethtypes.Hash) (*ethtypes.Transaction, TxLocation, error) {
	tx, loc, _, err := readTransaction(r, txHash)
	return tx, loc, err
}

// readTransaction is ReadTransaction also returning the body's block.
func readTransaction(r kv.Reader, txHash ethtypes.Hash) (*ethtypes.Transaction, TxLocation, *ethtypes.Block, error) {
	num, err := ReadTxLookupEntry(r, txHash)
	if err != nil {
		return nil, TxLocation{}, nil, err
	}
	hash, err := ReadCanonicalHash(r, num)
	if err != nil {
		return nil, TxLocation{}, nil, err
	}
	block, err := ReadBlock(r, hash, num)
	if err != nil {
		return nil, TxLocation{}, nil, err
	}
	for i, tx := range block.Txs {
		if tx.Hash() == txHash {
			return tx, TxLocation{BlockHash: hash, BlockNumber: num, Index: uint64(i)}, block, nil
		}
	}
	return nil, TxLocation{}, nil, readErr(ErrNotFound, "transaction %x in canonical block #%d (stale lookup)", txHash[:], num)
}

// ReadReceipt returns the receipt of a canonical transaction, with every
// derived field filled, and its location.
//
// This function is safe for concurrent access.
func ReadReceipt(r kv.Reader, txHash ethtypes.Hash, signer ethtypes.Signer) (*ethtypes.Receipt, TxLocation, error) {
	_, loc, block, err := readTransaction(r, txHash)
	if err != nil {
		return nil, TxLocation{}, err
	}
	rs, err := ReadRawReceipts(r, block.Hash(), block.Number())
	if err != nil {
		return nil, TxLocation{}, err
	}
	// Only this receipt's sender is recovered: the others' contract
	// addresses are not returned.
	if err := deriveReceiptFields(rs, block, signer, int(loc.Index)); err != nil {
		return nil, TxLocation{}, err
	}
	return rs[loc.Index], loc, nil
}

// WriteBlockWithReceipts stores a block's data — header, number index,
// body, receipts and total difficulty (td must not be nil) — without
// making it canonical. Give it a batch to land everything atomically.
//
// This function is safe for concurrent access if w is.
func WriteBlockWithReceipts(w kv.Writer, block *ethtypes.Block, receipts ethtypes.Receipts, td *uint256.Int) error {
	if err := WriteBlock(w, block); err != nil {
		return err
	}
	if err := WriteReceipts(w, block.Hash(), block.Number(), receipts); err != nil {
		return err
	}
	return WriteTd(w, block.Hash(), block.Number(), td)
}

// WriteCanonicalHead makes a stored block the canonical head: canonical
// hash, transaction lookups, then the head header and head block pointers.
// Write it in the same batch as the block's data (WriteBlockWithReceipts)
// when the block is new, so that the head never names a block that is not
// fully stored. It does not remove canonical entries above the block or
// lookups of blocks that leave the canonical chain (see
// RewriteCanonicalChain).
//
// This function is safe for concurrent access if w is.
func WriteCanonicalHead(w kv.Writer, block *ethtypes.Block) error {
	if err := WriteCanonicalHash(w, block.Hash(), block.Number()); err != nil {
		return err
	}
	if err := WriteTxLookupEntries(w, block); err != nil {
		return err
	}
	if err := WriteHeadHeaderHash(w, block.Hash()); err != nil {
		return err
	}
	return WriteHeadBlockHash(w, block.Hash())
}

// RewriteCanonicalChain switches the canonical chain to newChain, a run of
// stored blocks in increasing, consecutive numbers whose last block becomes
// the head (a reorg). Into w it writes: for every number from
// newChain[0].Number() up, removal of the old canonical block's
// transaction lookups and canonical entry (up to the old chain's top), then
// the new chain's canonical entries and lookups, and the head pointers
// last. Apply w as one batch. An empty newChain is a no-op.
//
// This function is safe for concurrent access if r and w are.
func RewriteCanonicalChain(r kv.Reader, w kv.Writer, newChain []*ethtypes.Block) error {
	if len(newChain) == 0 {
		return nil
	}
	first := newChain[0].Number()
	for i, b := range newChain {
		if b.Number() != first+uint64(i) {
			return &Error{Err: ErrMismatch, Description: "new canonical chain is not consecutive"}
		}
	}
	for num := first; ; num++ {
		hash, err := ReadCanonicalHash(r, num)
		if isNotFound(err) {
			break
		}
		if err != nil {
			return err
		}
		old, err := ReadBlock(r, hash, num)
		switch {
		case err == nil:
			if err := DeleteTxLookupEntries(w, old); err != nil {
				return err
			}
		case !isNotFound(err):
			return err
		}
		if err := DeleteCanonicalHash(w, num); err != nil {
			return err
		}
	}
	for _, b := range newChain[:len(newChain)-1] {
		if err := WriteCanonicalHash(w, b.Hash(), b.Number()); err != nil {
			return err
		}
		if err := WriteTxLookupEntries(w, b); err != nil {
			return err
		}
	}
	return WriteCanonicalHead(w, newChain[len(newChain)-1])
}
