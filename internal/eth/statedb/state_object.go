package statedb

import (
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// Slot flags.
const (
	slotDirty         uint8 = 1 << iota // written in the current transaction
	slotPending                         // written by a finalised transaction, not yet in the trie
	slotListed                          // in stateObject.dirtyKeys
	slotPendingListed                   // in stateObject.pendingKeys
)

// slot is the cached state of one storage slot. current is always the
// slot's value as the running transaction sees it.
type slot struct {
	key     ethtypes.Hash
	origin  ethtypes.Hash // value in the storage trie
	pending ethtypes.Hash // value after the finalised transactions (slotPending)
	current ethtypes.Hash
	flags   uint8
}

// committed returns the value at the start of the current transaction
// (EIP-2200's original value).
func (s *slot) committed() ethtypes.Hash {
	if s.flags&slotPending != 0 {
		return s.pending
	}
	return s.origin
}

// stateObject is an account being read or modified. It caches the account
// fields, the code and the storage slots touched, and opens the storage
// trie on first need.
type stateObject struct {
	db   *StateDB
	addr ethtypes.Address
	data Account

	code       []byte
	codeLoaded bool
	dirtyCode  bool // code set in this block, not yet written to the Database

	trie      *trie.SecureTrie // storage trie, opened on first use
	trieDirty bool             // trie changed since the last Commit

	slots        map[ethtypes.Hash]*slot
	dirtySlots   []*slot // slots with slotListed
	pendingSlots []*slot // slots with slotPendingListed

	selfDestructed bool
	newContract    bool   // created in the current transaction (EIP-6780)
	mark           uint64 // Finalise epoch, to visit each object once
}

func newObject(db *StateDB, addr ethtypes.Address, data Account) *stateObject {
	return &stateObject{db: db, addr: addr, data: data}
}

// empty reports whether the account is empty in the sense of EIP-161.
func (o *stateObject) empty() bool {
	return o.data.Nonce == 0 && o.data.Balance.IsZero() && o.data.CodeHash == ethtypes.EmptyCodeHash
}

// loadCode returns the account's code, reading it from the Database on
// first use. A failure is recorded in the StateDB and gives nil.
func (o *stateObject) loadCode() []byte {
	if o.codeLoaded {
		return o.code
	}
	if o.data.CodeHash == ethtypes.EmptyCodeHash {
		o.codeLoaded = true
		return nil
	}
	code, err := o.db.db.Code(o.data.CodeHash)
	if err != nil {
		o.db.setError(err)
		return nil
	}
	o.code, o.codeLoaded = code, true
	return code
}

// openTrie returns the storage trie, opening it at the account's root.
func (o *stateObject) openTrie() *trie.SecureTrie {
	if o.trie != nil {
		return o.trie
	}
	t, err := trie.NewSecure(o.data.Root, o.db.db)
	if err != nil {
		o.db.setError(&Error{Err: err, Description: "storage trie of " + o.addr.Hex()})
		t, _ = trie.NewSecure(trie.EmptyRoot, nil)
	}
	o.trie = t
	return t
}

// getSlot returns the cached slot for key, loading it from the storage
// trie when it is not cached.
func (o *stateObject) getSlot(key ethtypes.Hash) *slot {
	if o.slots == nil {
		o.slots = make(map[ethtypes.Hash]*slot)
	} else if s := o.slots[key]; s != nil {
		return s
	}
	s := o.db.newSlot()
	s.key = key
	if o.data.Root != trie.EmptyRoot {
		v, err := o.openTrie().Get(o.db.key(key[:]))
		if err != nil {
			o.db.setError(&Error{Err: err, Description: "storage of " + o.addr.Hex()})
		} else if len(v) > 0 {
			s.origin, err = decodeSlotValue(v)
			if err != nil {
				o.db.setError(err)
			}
		}
	}
	s.current = s.origin
	o.slots[key] = s
	return s
}

// finalise ends the transaction for this object: dirty slots become
// pending, the new-contract mark is cleared.
func (o *stateObject) finalise() {
	for i, s := range o.dirtySlots {
		if s.flags&slotDirty != 0 {
			s.pending = s.current
			s.flags |= slotPending
			if s.flags&slotPendingListed == 0 {
				s.flags |= slotPendingListed
				o.pendingSlots = append(o.pendingSlots, s)
			}
		}
		s.flags &^= slotDirty | slotListed
		o.dirtySlots[i] = nil
	}
	o.dirtySlots = o.dirtySlots[:0]
	o.newContract = false
}

// updateRoot writes the pending slots into the storage trie and updates
// the account's storage root.
func (o *stateObject) updateRoot() {
	if len(o.pendingSlots) == 0 {
		return
	}
	tr := o.openTrie()
	changed := false
	for i, s := range o.pendingSlots {
		if s.pending != s.origin {
			var err error
			if s.pending == (ethtypes.Hash{}) {
				err = tr.Delete(o.db.key(s.key[:]))
			} else {
				err = tr.Update(o.db.key(s.key[:]), o.db.slotValue(&s.pending))
			}
			if err != nil {
				o.db.setError(&Error{Err: err, Description: "storage of " + o.addr.Hex()})
			}
			s.origin = s.pending
			changed = true
		}
		s.flags &^= slotPending | slotPendingListed
		o.pendingSlots[i] = nil
	}
	o.pendingSlots = o.pendingSlots[:0]
	if changed {
		o.data.Root = tr.Hash()
		o.trieDirty = true
	}
}

// setCode sets the code and its hash.
func (o *stateObject) setCode(code []byte) {
	o.code, o.codeLoaded, o.dirtyCode = code, true, true
	if len(code) == 0 {
		o.data.CodeHash = ethtypes.EmptyCodeHash
		return
	}
	o.data.CodeHash = crypto.Keccak256(code)
}
