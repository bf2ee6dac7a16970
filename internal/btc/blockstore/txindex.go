package blockstore

import (
	"errors"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// WriteTxIndex stores transaction positions ('t' + txid -> CDiskTxPos) in
// one batch. With sync the batch is durable when WriteTxIndex returns;
// without it, it is durable after the next synced index write.
//
// This function is safe for concurrent access.
func (s *Store) WriteTxIndex(entries []TxIndexEntry, sync bool) error {
	if err := s.checkWritable("WriteTxIndex"); err != nil {
		return err
	}
	b := s.index.NewBatch()
	var buf []byte
	for i := range entries {
		if entries[i].Pos.Block.File < 0 {
			return makeError(ErrInvalidRecord, "tx %v: negative file number", entries[i].TxID)
		}
		buf = entries[i].Pos.AppendTo(buf[:0])
		if err := b.Put(TxIndexKey(entries[i].TxID), buf); err != nil {
			return indexError(err, "batch tx index")
		}
	}
	if err := b.Write(sync); err != nil {
		return indexError(err, "write the tx index")
	}
	return nil
}

// ReadTxPos returns the stored position of a transaction (ErrNotFound when
// there is none).
//
// This function is safe for concurrent access.
func (s *Store) ReadTxPos(txid chainhash.Hash) (TxPos, error) {
	if err := s.checkReadable("ReadTxPos"); err != nil {
		return TxPos{}, err
	}
	v, err := s.index.Get(TxIndexKey(txid))
	if errors.Is(err, kv.ErrNotFound) {
		return TxPos{}, makeError(ErrNotFound, "no tx index entry for %v", txid)
	}
	if err != nil {
		return TxPos{}, indexError(err, "read the tx index")
	}
	p, err := DecodeTxPos(v)
	if err != nil {
		return TxPos{}, wrapError(ErrMalformed, err, "tx index entry %v", txid)
	}
	return p, nil
}

// ReadTx reads the transaction at pos and the header of its block, as
// Core's GetTransaction does with the tx index.
//
// This function is safe for concurrent access.
func (s *Store) ReadTx(pos TxPos) (*primitives.Tx, primitives.Header, error) {
	raw, err := s.ReadRawBlock(pos.Block)
	if err != nil {
		return nil, primitives.Header{}, err
	}
	hdr, err := primitives.DecodeHeader(raw)
	if err != nil {
		return nil, hdr, wrapError(ErrMalformed, err, "block at %v", pos.Block)
	}
	off := uint64(primitives.HeaderSize) + uint64(pos.TxOffset)
	if off >= uint64(len(raw)) {
		return nil, hdr, makeError(ErrBadPos, "tx offset %d is outside the %d-byte block at %v", pos.TxOffset, len(raw), pos.Block)
	}
	tx, _, err := primitives.DecodeTxPrefix(raw[off:])
	if err != nil {
		return nil, hdr, wrapError(ErrMalformed, err, "tx at %v+%d", pos.Block, pos.TxOffset)
	}
	return tx, hdr, nil
}
