package statedb

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// addrSlot is a storage location: an address and a slot key.
type addrSlot struct {
	addr ethtypes.Address
	key  ethtypes.Hash
}

// Prepare resets the per-transaction state before a transaction runs: the
// transient storage (EIP-1153) and, from Berlin, the access list, which it
// fills with the sender, the destination (nil for a creation, whose
// address the EVM adds), the active precompiles, the transaction's access
// list (EIP-2930) and, from Shanghai, the coinbase (EIP-3651). The refund
// counter and the journal are reset by Finalise.
//
// This method is not safe for concurrent access.
func (s *StateDB) Prepare(rules ethtypes.Rules, sender, coinbase ethtypes.Address, dest *ethtypes.Address,
	precompiles []ethtypes.Address, list ethtypes.AccessList) {
	s.transient.reset()
	if !rules.IsBerlin {
		return
	}
	clear(s.accessAddrs)
	clear(s.accessSlots)
	s.accessAddrs[sender] = struct{}{}
	if dest != nil {
		s.accessAddrs[*dest] = struct{}{}
	}
	for _, a := range precompiles {
		s.accessAddrs[a] = struct{}{}
	}
	for i := range list {
		s.accessAddrs[list[i].Address] = struct{}{}
		for _, k := range list[i].StorageKeys {
			s.accessSlots[addrSlot{list[i].Address, k}] = struct{}{}
		}
	}
	if rules.IsShanghai {
		s.accessAddrs[coinbase] = struct{}{}
	}
}

// AddressInAccessList reports whether addr is in the access list.
//
// This method is not safe for concurrent access.
func (s *StateDB) AddressInAccessList(addr ethtypes.Address) bool {
	_, ok := s.accessAddrs[addr]
	return ok
}

// SlotInAccessList reports whether addr and the slot (addr, slot) are in
// the access list.
//
// This method is not safe for concurrent access.
func (s *StateDB) SlotInAccessList(addr ethtypes.Address, slot ethtypes.Hash) (addressOk, slotOk bool) {
	_, addressOk = s.accessAddrs[addr]
	if !addressOk {
		return false, false
	}
	_, slotOk = s.accessSlots[addrSlot{addr, slot}]
	return addressOk, slotOk
}

// AddAddressToAccessList adds addr to the access list (journaled).
//
// This method is not safe for concurrent access.
func (s *StateDB) AddAddressToAccessList(addr ethtypes.Address) {
	if _, ok := s.accessAddrs[addr]; ok {
		return
	}
	s.accessAddrs[addr] = struct{}{}
	e := s.appendEntry(entryAccessAddr, nil)
	e.addr = addr
}

// AddSlotToAccessList adds addr and the slot (addr, slot) to the access
// list (journaled).
//
// This method is not safe for concurrent access.
func (s *StateDB) AddSlotToAccessList(addr ethtypes.Address, slot ethtypes.Hash) {
	s.AddAddressToAccessList(addr)
	k := addrSlot{addr, slot}
	if _, ok := s.accessSlots[k]; ok {
		return
	}
	s.accessSlots[k] = struct{}{}
	e := s.appendEntry(entryAccessSlot, nil)
	e.addr, e.key = addr, slot
}

// GetTransientState returns an EIP-1153 transient storage value.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetTransientState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	if m := s.transient.slots(addr, false); m != nil {
		return m[key]
	}
	return ethtypes.Hash{}
}

// SetTransientState sets an EIP-1153 transient storage value (journaled).
//
// This method is not safe for concurrent access.
func (s *StateDB) SetTransientState(addr ethtypes.Address, key, value ethtypes.Hash) {
	m := s.transient.slots(addr, true)
	prev := m[key]
	if prev == value {
		return
	}
	e := s.appendEntry(entryTransient, nil)
	e.addr, e.key, e.prev = addr, key, prev
	m[key] = value
}

// SetTxContext sets the hash and index of the transaction about to run,
// recorded in its logs, and starts a new log list for it.
//
// This method is not safe for concurrent access.
func (s *StateDB) SetTxContext(txHash ethtypes.Hash, txIndex int) {
	s.txHash, s.txIndex = txHash, txIndex
	s.logs = nil
}

// AddLog records a log of the current transaction (journaled). The StateDB
// keeps topics and data.
//
// This method is not safe for concurrent access.
func (s *StateDB) AddLog(addr ethtypes.Address, topics []ethtypes.Hash, data []byte) {
	s.logs = append(s.logs, Log{
		Address: addr,
		Topics:  topics,
		Data:    data,
		TxHash:  s.txHash,
		TxIndex: uint(s.txIndex),
		Index:   s.logSize,
	})
	s.logSize++
	s.appendEntry(entryLog, nil)
}

// Logs returns the logs of the current transaction (since SetTxContext).
// The slice is the StateDB's until the next SetTxContext.
//
// This method is not safe for concurrent access.
func (s *StateDB) Logs() []Log { return s.logs }

// transientStorage is EIP-1153 storage: per-address slot maps, with the
// map of the address last used at hand (a contract's TSTOREs and TLOADs
// come in runs).
type transientStorage struct {
	m        map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash
	lastAddr ethtypes.Address
	last     map[ethtypes.Hash]ethtypes.Hash   // m[lastAddr], nil if unknown
	spare    []map[ethtypes.Hash]ethtypes.Hash // emptied maps kept for reuse
}

// maxSpareTransient bounds the emptied maps kept between transactions.
const maxSpareTransient = 4

// slots returns the slot map of addr, creating it if create is set (nil
// otherwise when there is none).
func (t *transientStorage) slots(addr ethtypes.Address, create bool) map[ethtypes.Hash]ethtypes.Hash {
	if t.last != nil && t.lastAddr == addr {
		return t.last
	}
	m := t.m[addr]
	if m == nil {
		if !create {
			return nil
		}
		if t.m == nil {
			t.m = make(map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash)
		}
		if n := len(t.spare); n > 0 {
			m = t.spare[n-1]
			t.spare = t.spare[:n-1]
		} else {
			m = make(map[ethtypes.Hash]ethtypes.Hash)
		}
		t.m[addr] = m
	}
	t.lastAddr, t.last = addr, m
	return m
}

// reset empties the storage, keeping a few slot maps for reuse.
func (t *transientStorage) reset() {
	for a, m := range t.m {
		if len(t.spare) < maxSpareTransient {
			clear(m)
			t.spare = append(t.spare, m)
		}
		delete(t.m, a)
	}
	t.last = nil
}
