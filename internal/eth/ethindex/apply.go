package ethindex

import (
	"bytes"
	"errors"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
)

// scratch holds the buffers block application reuses (under Index.mu).
type scratch struct {
	counts map[ethtypes.Address]*Counts
	roles  []addrRole
	key    []byte
	val    []byte
	tr     Transfer
	undo   []byte
}

type addrRole struct {
	addr  ethtypes.Address
	roles Role
}

func (s *scratch) addRole(a ethtypes.Address, r Role) {
	for i := range s.roles {
		if s.roles[i].addr == a {
			s.roles[i].roles |= r
			return
		}
	}
	s.roles = append(s.roles, addrRole{a, r})
}

func (s *scratch) count(a ethtypes.Address) *Counts {
	c := s.counts[a]
	if c == nil {
		c = new(Counts)
		s.counts[a] = c
	}
	return c
}

// writeBlock queues the block's records and its undo record in b, and
// the updated counts.
func (ix *Index) writeBlock(b kv.Batch, blk *ethtypes.Block, rs ethtypes.Receipts) error {
	txs := blk.Txs
	if len(rs) != len(txs) {
		return makeError(ErrChain, nil, "block %d has %d transactions but %d receipts", blk.Number(), len(txs), len(rs))
	}
	s := &ix.scratch
	if s.counts == nil {
		s.counts = make(map[ethtypes.Address]*Counts)
	}
	clear(s.counts)
	num := blk.Number()
	hash := blk.Hash()
	s.undo = append(append(s.undo[:0], hash[:]...), blk.Header.ParentHash[:]...)
	logIndex := uint32(0)
	for i, tx := range txs {
		from, err := ethtypes.Sender(ix.signer, tx)
		if err != nil {
			return makeError(ErrChain, err, "sender of transaction %s", tx.Hash())
		}
		txHash := tx.Hash()
		s.roles = s.roles[:0]
		s.addRole(from, RoleSender)
		if to, ok := tx.To(); ok {
			s.addRole(to, RoleRecipient)
		} else if ca := rs[i].ContractAddress; ca != (ethtypes.Address{}) {
			s.addRole(ca, RoleCreated)
		}
		for _, ar := range s.roles {
			s.key = txKey(s.key, ar.addr, num, uint32(i))
			s.val = append(append(s.val[:0], txHash[:]...), byte(ar.roles))
			_ = b.Put(s.key, s.val)
			s.undo = append(s.undo, s.key...)
			s.count(ar.addr).Txs++
		}
		for j := range rs[i].Logs {
			l := &rs[i].Logs[j]
			li := logIndex
			logIndex++
			from, to, value, ok := parseTransfer(l)
			if !ok {
				continue
			}
			s.tr = Transfer{Token: l.Address, From: from, To: to, Value: value, TxHash: txHash, Number: num, TxIndex: uint32(i), LogIndex: li}
			s.val = encodeTransfer(s.val, &s.tr)
			for k, a := range [3]ethtypes.Address{from, to, l.Address} {
				if (k >= 1 && a == from) || (k == 2 && a == to) {
					continue
				}
				s.key = transferKey(s.key, a, num, li)
				_ = b.Put(s.key, s.val)
				s.undo = append(s.undo, s.key...)
				s.count(a).Transfers++
			}
		}
	}
	_ = b.Put(undoKey(num), s.undo)
	return ix.applyCounts(b, false)
}

// applyCounts adds (or, with sub, subtracts) the scratch count deltas to
// the stored counts.
func (ix *Index) applyCounts(b kv.Batch, undo bool) error {
	for a, d := range ix.scratch.counts {
		cur, err := ix.Counts(a)
		if err != nil {
			return err
		}
		if undo {
			if cur.Txs < d.Txs || cur.Transfers < d.Transfers {
				return makeError(ErrCorrupt, nil, "counts of %x underflow on undo", a[:])
			}
			cur.Txs -= d.Txs
			cur.Transfers -= d.Transfers
		} else {
			cur.Txs += d.Txs
			cur.Transfers += d.Transfers
		}
		if cur == (Counts{}) {
			_ = b.Delete(countsKey(a))
		} else {
			_ = b.Put(countsKey(a), encodeCounts(cur))
		}
	}
	return nil
}

// connectLocked indexes blk as the child of the best block (or as the
// genesis block of an empty index).
func (ix *Index) connectLocked(blk *ethtypes.Block, rs ethtypes.Receipts) error {
	hash := blk.Hash()
	b := ix.db.NewBatch()
	if err := ix.writeBlock(b, blk, rs); err != nil {
		return err
	}
	_ = b.Put(keyBest, encodeBest(hash, blk.Number()))
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "write address index for block %d", blk.Number())
	}
	ix.bestHash, ix.bestNum, ix.hasBest = hash, blk.Number(), true
	return nil
}

// disconnectLocked undoes the best block from its undo record (the chain
// may have deleted the block already).
func (ix *Index) disconnectLocked() error {
	if !ix.hasBest {
		return makeError(ErrNotBest, nil, "the address index is empty")
	}
	num := ix.bestNum
	v, err := ix.db.Get(undoKey(num))
	if err != nil {
		return makeError(ErrCorrupt, err, "read undo record of block %d", num)
	}
	if len(v) < 64 || (len(v)-64)%recordKeySize != 0 || !bytes.Equal(v[:32], ix.bestHash[:]) {
		return makeError(ErrCorrupt, nil, "undo record of block %d does not match the best block", num)
	}
	var parent ethtypes.Hash
	copy(parent[:], v[32:64])
	s := &ix.scratch
	if s.counts == nil {
		s.counts = make(map[ethtypes.Address]*Counts)
	}
	clear(s.counts)
	b := ix.db.NewBatch()
	for k := v[64:]; len(k) > 0; k = k[recordKeySize:] {
		key := k[:recordKeySize]
		var a ethtypes.Address
		copy(a[:], key[1:])
		switch key[0] {
		case prefixTx:
			s.count(a).Txs++
		case prefixTransfer:
			s.count(a).Transfers++
		default:
			return makeError(ErrCorrupt, nil, "undo record of block %d names a key with prefix %q", num, key[0])
		}
		_ = b.Delete(key)
	}
	if err := ix.applyCounts(b, true); err != nil {
		return err
	}
	_ = b.Delete(undoKey(num))
	if num > 0 {
		_ = b.Put(keyBest, encodeBest(parent, num-1))
	} else {
		_ = b.Delete(keyBest)
	}
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "undo address index for block %d", num)
	}
	if num > 0 {
		ix.bestHash, ix.bestNum = parent, num-1
	} else {
		ix.bestHash, ix.bestNum, ix.hasBest = ethtypes.Hash{}, 0, false
	}
	return nil
}

// Counts returns the numbers of an address's records (zero for an
// address the index has not seen).
//
// This function is safe for concurrent access.
func (ix *Index) Counts(a ethtypes.Address) (Counts, error) {
	v, err := ix.db.Get(countsKey(a))
	if errors.Is(err, kv.ErrNotFound) {
		return Counts{}, nil
	}
	if err != nil {
		return Counts{}, makeError(ErrCorrupt, err, "read counts")
	}
	return decodeCounts(v)
}
