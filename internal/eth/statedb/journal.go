package statedb

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// entryKind says what a journal entry undoes.
type entryKind uint8

const (
	// Entries that modify an account (they mark it dirty for Finalise).
	entryCreateObject   entryKind = iota // obj created; ref: the object replaced (or nil)
	entryCreateContract                  // obj.newContract set
	entryBalance                         // obj balance was prev
	entryNonce                           // obj nonce was u64
	entryCode                            // obj code was ref, its hash prev (flag: was loaded)
	entryStorage                         // slot ref was prev (flag: was dirty)
	entrySelfDestruct                    // obj.selfDestructed set
	entryTouch                           // obj touched (EIP-161)

	// Entries that do not modify an account.
	entryRefund     // refund was u64
	entryLog        // a log was added
	entryAccessAddr // addr added to the access list
	entryAccessSlot // (addr, key) added to the access list
	entryTransient  // transient (addr, key) was prev
)

// numAccountEntries bounds the kinds that modify an account.
const numAccountEntries = entryRefund

// journalEntry records how to undo one change. It is a flat value (128
// bytes) so the journal is one slice that is reused across transactions
// without per-change allocations.
type journalEntry struct {
	kind entryKind
	flag bool
	obj  *stateObject
	addr ethtypes.Address
	key  ethtypes.Hash
	prev ethtypes.Hash // previous slot value, code hash, or balance (big-endian)
	u64  uint64        // previous nonce or refund
	ref  any           // *stateObject replaced by a creation, the previous code ([]byte) or the *slot written
}

// revert undoes e on s.
func (e *journalEntry) revert(s *StateDB) {
	switch e.kind {
	case entryCreateObject:
		s.lastObj = nil
		if prev, ok := e.ref.(*stateObject); ok {
			s.objects[e.obj.addr] = prev
			if !e.flag {
				delete(s.destructed, e.obj.addr)
			}
		} else {
			delete(s.objects, e.obj.addr)
		}
	case entryCreateContract:
		e.obj.newContract = false
	case entryBalance:
		e.obj.data.Balance.SetBytes32(e.prev[:])
	case entryNonce:
		e.obj.data.Nonce = e.u64
	case entryCode:
		code, _ := e.ref.([]byte)
		e.obj.code, e.obj.codeLoaded = code, e.flag
		e.obj.data.CodeHash = e.prev
	case entryStorage:
		sl := e.ref.(*slot)
		sl.current = e.prev
		if !e.flag {
			sl.flags &^= slotDirty
		}
	case entrySelfDestruct:
		e.obj.selfDestructed = false
	case entryTouch:
	case entryRefund:
		s.refund = e.u64
	case entryLog:
		s.logs = s.logs[:len(s.logs)-1]
		s.logSize--
	case entryAccessAddr:
		delete(s.accessAddrs, e.addr)
	case entryAccessSlot:
		delete(s.accessSlots, addrSlot{e.addr, e.key})
	case entryTransient:
		// A slot whose previous value was zero keeps its key with a zero
		// value: cheaper than a delete, and the map is emptied by the
		// next Prepare.
		s.transient.slots(e.addr, true)[e.key] = e.prev
	}
}

// appendEntry appends a zeroed entry of the given kind and returns it for
// the caller to fill.
func (s *StateDB) appendEntry(kind entryKind, obj *stateObject) *journalEntry {
	if len(s.journal) < cap(s.journal) {
		s.journal = s.journal[:len(s.journal)+1]
		e := &s.journal[len(s.journal)-1]
		*e = journalEntry{kind: kind, obj: obj}
		return e
	}
	s.journal = append(s.journal, journalEntry{kind: kind, obj: obj})
	return &s.journal[len(s.journal)-1]
}

// Snapshot returns an identifier of the current state, for
// RevertToSnapshot. Identifiers are valid until the next Finalise (or
// IntermediateRoot / Commit).
//
// This method is not safe for concurrent access.
func (s *StateDB) Snapshot() int { return len(s.journal) }

// RevertToSnapshot undoes every change made since Snapshot returned id.
//
// This method is not safe for concurrent access.
func (s *StateDB) RevertToSnapshot(id int) {
	if id < 0 || id > len(s.journal) {
		return
	}
	for i := len(s.journal) - 1; i >= id; i-- {
		s.journal[i].revert(s)
		s.journal[i] = journalEntry{} // drop references
	}
	s.journal = s.journal[:id]
}
