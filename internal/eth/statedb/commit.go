package statedb

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Finalise ends a transaction: every account it modified that
// self-destructed, or that is empty when deleteEmpty is set (EIP-161, from
// Spurious Dragon), is deleted; the others keep their changes, which
// become the "committed" values the next transaction starts from. The
// journal (so no snapshot survives), the refund counter and the
// self-destruct and new-contract marks are reset. The access list and
// transient storage are reset by Prepare.
//
// This method is not safe for concurrent access.
func (s *StateDB) Finalise(deleteEmpty bool) {
	s.epoch++
	for i := range s.journal {
		e := &s.journal[i]
		if e.kind < numAccountEntries && e.obj.mark != s.epoch {
			e.obj.mark = s.epoch
			s.finaliseAccount(e.obj.addr, deleteEmpty)
		}
		*e = journalEntry{}
	}
	if s.ripemdTouched {
		s.finaliseAccount(ripemd, deleteEmpty)
		s.ripemdTouched = false
	}
	s.journal = s.journal[:0]
	s.refund = 0
}

// finaliseAccount ends the transaction for the live account at addr.
// Calling it twice for an account is harmless.
func (s *StateDB) finaliseAccount(addr ethtypes.Address, deleteEmpty bool) {
	o := s.objects[addr]
	if o == nil {
		// Only possible for 0x03 whose creation was reverted.
		return
	}
	if o.selfDestructed || (deleteEmpty && o.empty()) {
		delete(s.objects, addr)
		s.lastObj = nil
		s.destructed[addr] = struct{}{}
		s.mutations[addr] = true
		return
	}
	o.finalise()
	s.mutations[addr] = false
}

// IntermediateRoot finalises the current transaction (see Finalise) and
// returns the state root: storage tries of the changed accounts are
// updated, then the account trie. Only changed paths are rehashed. It
// fails with the first error met while loading state, if any.
//
// This method is not safe for concurrent access.
func (s *StateDB) IntermediateRoot(deleteEmpty bool) (ethtypes.Hash, error) {
	s.Finalise(deleteEmpty)
	for addr, del := range s.mutations {
		if !del {
			s.objects[addr].updateRoot()
		}
	}
	for addr, del := range s.mutations {
		var err error
		if del {
			err = s.trie.Delete(s.key(addr[:]))
		} else {
			err = s.trie.Update(s.key(addr[:]), s.accountValue(&s.objects[addr].data))
		}
		if err != nil {
			s.setError(&Error{Err: err, Description: "account " + addr.Hex()})
		}
	}
	clear(s.mutations)
	if s.err != nil {
		return ethtypes.Hash{}, s.err
	}
	return s.trie.Hash(), nil
}

// Commit computes the state root as IntermediateRoot does and writes the
// new trie nodes and code to the Database. It ends a block: the StateDB
// stays usable, at the committed root, and log indexes start again at 0.
//
// This method is not safe for concurrent access.
func (s *StateDB) Commit(deleteEmpty bool) (ethtypes.Hash, error) {
	root, err := s.IntermediateRoot(deleteEmpty)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	for _, o := range s.objects {
		if o.dirtyCode {
			if len(o.code) > 0 {
				if err := s.db.PutCode(o.data.CodeHash, o.code); err != nil {
					return ethtypes.Hash{}, err
				}
			}
			o.dirtyCode = false
		}
		if o.trieDirty {
			_, set := o.trie.Commit()
			if err := set.WriteTo(s.db); err != nil {
				return ethtypes.Hash{}, err
			}
			o.trieDirty = false
		}
	}
	_, set := s.trie.Commit()
	if err := set.WriteTo(s.db); err != nil {
		return ethtypes.Hash{}, err
	}
	clear(s.destructed)
	s.logSize = 0
	return root, nil
}
