package wire

import (
	"bytes"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Compact block reconstruction outcomes, as Core's ReadStatus.
const (
	// ErrCmpctInvalid: the compact block or the blocktxn is bogus
	// (READ_STATUS_INVALID); the peer misbehaved.
	ErrCmpctInvalid = ErrorKind("ErrCmpctInvalid")
	// ErrCmpctFailed: reconstruction failed without fault of the peer
	// (READ_STATUS_FAILED): a short id collision, or a reconstructed block
	// whose merkle or witness commitment does not match (probably a
	// collision). Request the full block instead.
	ErrCmpctFailed = ErrorKind("ErrCmpctFailed")
)

// TxSource is what reconstruction needs from a mempool: every candidate
// transaction with its wtxid. The mempool adapter supplies it.
type TxSource interface {
	// RangeTxs calls fn for each transaction and its wtxid until fn returns
	// false. It must not call fn concurrently.
	RangeTxs(fn func(wtxid *chainhash.Hash, tx *primitives.Tx) bool)
}

// PartialBlock is a block being rebuilt from a compact block, Core's
// PartiallyDownloadedBlock: NewPartialBlock places the prefilled transactions
// and those the mempool has; MissingIndexes lists what to ask for with
// getblocktxn; FillBlock completes the block with the blocktxn answer.
//
// A PartialBlock is not safe for concurrent use.
type PartialBlock struct {
	header  primitives.Header
	txs     []*primitives.Tx
	filled  bool
	counts  struct{ prefilled, mempool, extra int }
	missing int
}

func cmpctErr(kind ErrorKind, format string, args ...any) error {
	return &MessageError{Kind: kind, Command: CmdCmpctBlock, Description: fmt.Sprintf(format, args...)}
}

// NewPartialBlock starts reconstruction of cb (Core's InitData). pool may be
// nil; extra are further candidates (orphans, recently replaced
// transactions), Core's extra_txn, and may hold nils.
//
// Errors: ErrCmpctInvalid for an empty compact block, more than
// MaxCompactBlockTxs transactions, a null prefilled transaction or a
// prefilled index beyond the block; ErrCmpctFailed for two equal short ids.
// When two candidates match one short id, the slot is left missing, as Core
// does, rather than guessed.
//
// This function is safe for concurrent access if pool is.
func NewPartialBlock(cb *MsgCmpctBlock, pool TxSource, extra []*primitives.Tx) (*PartialBlock, error) {
	if cb.Header == (primitives.Header{}) || (len(cb.ShortIDs) == 0 && len(cb.Prefilled) == 0) {
		return nil, cmpctErr(ErrCmpctInvalid, "empty compact block")
	}
	if cb.BlockTxCount() > MaxCompactBlockTxs || cb.BlockTxCount() > 0xffff {
		return nil, cmpctErr(ErrCmpctInvalid, "%d transactions", cb.BlockTxCount())
	}
	p := &PartialBlock{header: cb.Header, txs: make([]*primitives.Tx, cb.BlockTxCount())}
	for i, pf := range cb.Prefilled {
		if pf.Tx == nil || (len(pf.Tx.Inputs) == 0 && len(pf.Tx.Outputs) == 0) {
			return nil, cmpctErr(ErrCmpctInvalid, "null prefilled transaction")
		}
		if pf.Index > 0xffff || pf.Index > len(cb.ShortIDs)+i || pf.Index < 0 {
			return nil, cmpctErr(ErrCmpctInvalid, "prefilled index %d out of range", pf.Index)
		}
		if p.txs[pf.Index] != nil {
			return nil, cmpctErr(ErrCmpctInvalid, "prefilled index %d repeated", pf.Index)
		}
		p.txs[pf.Index] = pf.Tx
	}
	p.counts.prefilled = len(cb.Prefilled)

	// Map short ids to block positions, skipping the prefilled slots.
	pos := make(map[uint64]uint16, len(cb.ShortIDs))
	offset := 0
	for i, id := range cb.ShortIDs {
		for p.txs[i+offset] != nil {
			offset++
		}
		pos[id] = uint16(i + offset)
	}
	if len(pos) != len(cb.ShortIDs) {
		return nil, cmpctErr(ErrCmpctFailed, "short id collision")
	}

	key := cb.Key()
	have := make([]bool, len(p.txs))
	want := len(cb.ShortIDs)
	if pool != nil && want > 0 {
		pool.RangeTxs(func(wtxid *chainhash.Hash, tx *primitives.Tx) bool {
			idx, ok := pos[key.ShortID(wtxid)]
			if ok {
				if !have[idx] {
					p.txs[idx], have[idx] = tx, true
					p.counts.mempool++
				} else if p.txs[idx] != nil {
					// Two mempool transactions match: ask for it instead.
					p.txs[idx] = nil
					p.counts.mempool--
				}
			}
			return p.counts.mempool != want
		})
	}
	for _, tx := range extra {
		if tx == nil || p.counts.mempool == want {
			continue
		}
		wtxid := tx.WitnessHash()
		idx, ok := pos[key.ShortID(&wtxid)]
		if !ok {
			continue
		}
		if !have[idx] {
			p.txs[idx], have[idx] = tx, true
			p.counts.mempool++
			p.counts.extra++
		} else if p.txs[idx] != nil && p.txs[idx].WitnessHash() != wtxid {
			p.txs[idx] = nil
			p.counts.mempool--
			p.counts.extra--
		}
	}
	for _, tx := range p.txs {
		if tx == nil {
			p.missing++
		}
	}
	return p, nil
}

// Header returns the block's header.
func (p *PartialBlock) Header() primitives.Header { return p.header }

// TxCount returns the number of transactions of the block.
func (p *PartialBlock) TxCount() int { return len(p.txs) }

// IsTxAvailable reports whether transaction i is already known.
func (p *PartialBlock) IsTxAvailable(i int) bool {
	return !p.filled && i >= 0 && i < len(p.txs) && p.txs[i] != nil
}

// MissingIndexes returns the indexes to request with getblocktxn, in
// increasing order; empty when the block is complete.
func (p *PartialBlock) MissingIndexes() []uint16 {
	if p.filled {
		return nil
	}
	out := make([]uint16, 0, p.missing)
	for i, tx := range p.txs {
		if tx == nil {
			out = append(out, uint16(i))
		}
	}
	return out
}

// Stats returns how many transactions were prefilled, found in the pool or
// extra candidates (mempool includes extra), and are missing.
func (p *PartialBlock) Stats() (prefilled, mempool, extra, missing int) {
	return p.counts.prefilled, p.counts.mempool, p.counts.extra, p.missing
}

// FillBlock completes the block with the transactions of a blocktxn answer,
// in the order of MissingIndexes (Core's FillBlock). It may be called once.
//
// Errors: ErrCmpctInvalid if called twice or if missing has too few or too
// many transactions; ErrCmpctFailed if the result is mutated as Core's
// IsBlockMutated judges it: merkle root mismatch or CVE-2012-2459
// duplication, a 64-byte transaction in a block without coinbase, or (with
// segwitActive) a witness commitment that does not match or witness data
// without one. A failure means a short id collision most likely: fetch the
// full block.
func (p *PartialBlock) FillBlock(missing []*primitives.Tx, segwitActive bool) (*primitives.Block, error) {
	if p.filled {
		return nil, cmpctErr(ErrCmpctInvalid, "block already filled")
	}
	p.filled = true
	blk := &primitives.Block{Header: p.header, Txs: p.txs}
	next := 0
	for i, tx := range p.txs {
		if tx != nil {
			continue
		}
		if next >= len(missing) || missing[next] == nil {
			return nil, cmpctErr(ErrCmpctInvalid, "blocktxn has too few transactions")
		}
		p.txs[i] = missing[next]
		next++
	}
	p.txs = nil
	if next != len(missing) {
		return nil, cmpctErr(ErrCmpctInvalid, "blocktxn has %d transactions, %d needed", len(missing), next)
	}
	if reason := blockMutated(blk, segwitActive); reason != "" {
		return nil, cmpctErr(ErrCmpctFailed, "reconstructed block mutated: %s", reason)
	}
	return blk, nil
}

// blockMutated mirrors Core's IsBlockMutated and returns the reason, or "".
func blockMutated(blk *primitives.Block, checkWitness bool) string {
	txids := make([]chainhash.Hash, len(blk.Txs))
	for i, tx := range blk.Txs {
		txids[i] = tx.TxHash()
	}
	root, mutated := primitives.ComputeMerkleRoot(txids)
	if root != blk.Header.MerkleRoot {
		return "bad-txnmrklroot"
	}
	if mutated {
		return "bad-txns-duplicate"
	}
	if len(blk.Txs) == 0 || !blk.Txs[0].IsCoinBase() {
		for _, tx := range blk.Txs {
			if tx.StrippedSize() == 64 {
				return "64-byte transaction without coinbase"
			}
		}
		return ""
	}
	if checkWitness {
		if pos := primitives.WitnessCommitmentIndex(blk.Txs[0]); pos >= 0 {
			stack := blk.Txs[0].Inputs[0].Witness
			if len(stack) != 1 || len(stack[0]) != 32 {
				return "bad-witness-nonce-size"
			}
			wroot, _ := blk.WitnessMerkleRoot()
			c := primitives.WitnessCommitment(wroot, stack[0])
			if !bytes.Equal(blk.Txs[0].Outputs[pos].ScriptPubKey[6:38], c[:]) {
				return "bad-witness-merkle-match"
			}
			return ""
		}
	}
	for _, tx := range blk.Txs {
		if tx.HasWitness() {
			return "unexpected-witness"
		}
	}
	return ""
}
