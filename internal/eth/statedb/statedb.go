package statedb

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// ripemd is the address of the RIPEMD-160 precompile (0x03). See touch.
var ripemd = ethtypes.Address{19: 3}

// StateDB is the world state of one chain position, with the changes of
// the block being processed: a cache of accounts over the account trie,
// a journal of every change of the current transaction, the access list,
// transient storage, the refund counter and the logs. It implements the
// EVM's StateDB interface.
//
// Reads never fail visibly: a value that cannot be loaded (a missing trie
// node or code, a corrupt encoding) reads as zero and the first such error
// is recorded; Error returns it and IntermediateRoot and Commit fail with
// it, so a block touching missing data is never accepted.
//
// A StateDB is not safe for concurrent use.
type StateDB struct {
	db   Database
	trie *trie.SecureTrie

	objects    map[ethtypes.Address]*stateObject
	lastAddr   ethtypes.Address              // address of lastObj
	lastObj    *stateObject                  // the live object last looked up (nil: none); reset when objects changes
	destructed map[ethtypes.Address]struct{} // deleted in this block; not to be reloaded from the trie
	missing    map[ethtypes.Address]struct{} // known to be absent from the trie
	mutations  map[ethtypes.Address]bool     // changed since the last root; true: deleted

	journal       []journalEntry
	ripemdTouched bool
	epoch         uint64

	refund uint64

	txHash  ethtypes.Hash
	txIndex int
	logs    []Log
	logSize uint

	accessAddrs map[ethtypes.Address]struct{}
	accessSlots map[addrSlot]struct{}
	transient   transientStorage

	arena  []byte // backing store of trie values
	slabs  []slot // backing store of cached slots
	keybuf []byte // scratch key for trie calls (so keys do not escape)
	err    error
}

// New returns the state with the given root (EmptyRoot or the zero hash for
// an empty state) over db. A root that db does not hold is an error
// matching trie.ErrMissingNode.
//
// This function is safe for concurrent access (db must be).
func New(root ethtypes.Hash, db Database) (*StateDB, error) {
	tr, err := trie.NewSecure(root, db)
	if err != nil {
		return nil, err
	}
	return &StateDB{
		db:          db,
		trie:        tr,
		objects:     make(map[ethtypes.Address]*stateObject),
		destructed:  make(map[ethtypes.Address]struct{}),
		missing:     make(map[ethtypes.Address]struct{}),
		mutations:   make(map[ethtypes.Address]bool),
		accessAddrs: make(map[ethtypes.Address]struct{}),
		accessSlots: make(map[addrSlot]struct{}),
	}, nil
}

// Database returns the Database behind the state.
func (s *StateDB) Database() Database { return s.db }

// setError records the first failure.
func (s *StateDB) setError(err error) {
	if s.err == nil {
		s.err = err
	}
}

// Error returns the first error met while loading state, or nil.
//
// This method is not safe for concurrent access.
func (s *StateDB) Error() error { return s.err }

// slotValue returns the trie encoding of a storage value in memory that
// stays valid (the trie keeps values).
func (s *StateDB) slotValue(v *ethtypes.Hash) []byte {
	if cap(s.arena)-len(s.arena) < 33 {
		s.arena = make([]byte, 0, 4096)
	}
	start := len(s.arena)
	s.arena = appendSlotValue(s.arena, v)
	return s.arena[start:len(s.arena):len(s.arena)]
}

// newSlot returns a zeroed slot from the StateDB's slab.
func (s *StateDB) newSlot() *slot {
	if len(s.slabs) == cap(s.slabs) {
		s.slabs = make([]slot, 0, 64)
	}
	s.slabs = s.slabs[:len(s.slabs)+1]
	return &s.slabs[len(s.slabs)-1]
}

// accountValue returns the trie encoding of an account in memory that
// stays valid.
func (s *StateDB) accountValue(a *Account) []byte {
	if cap(s.arena)-len(s.arena) < 110 {
		s.arena = make([]byte, 0, 4096)
	}
	start := len(s.arena)
	s.arena = a.AppendRLP(s.arena)
	return s.arena[start:len(s.arena):len(s.arena)]
}

// key copies a trie key into the scratch buffer, so that callers' keys do
// not escape to the heap through the trie's hashing.
func (s *StateDB) key(k []byte) []byte {
	s.keybuf = append(s.keybuf[:0], k...)
	return s.keybuf
}

// getObject returns the live object of addr, loading it from the trie, or
// nil when the account does not exist.
func (s *StateDB) getObject(addr ethtypes.Address) *stateObject {
	if s.lastObj != nil && s.lastAddr == addr {
		return s.lastObj
	}
	if o := s.objects[addr]; o != nil {
		s.lastAddr, s.lastObj = addr, o
		return o
	}
	if _, ok := s.destructed[addr]; ok {
		return nil
	}
	if _, ok := s.missing[addr]; ok {
		return nil
	}
	v, err := s.trie.Get(s.key(addr[:]))
	if err != nil {
		s.setError(&Error{Err: err, Description: "account " + addr.Hex()})
		return nil
	}
	if len(v) == 0 {
		s.missing[addr] = struct{}{}
		return nil
	}
	acc, err := DecodeAccount(v)
	if err != nil {
		s.setError(&Error{Err: err, Description: "account " + addr.Hex()})
		return nil
	}
	o := newObject(s, addr, acc)
	s.objects[addr] = o
	return o
}

// getOrNewObject returns the object of addr, creating the account if it
// does not exist.
func (s *StateDB) getOrNewObject(addr ethtypes.Address) *stateObject {
	if o := s.getObject(addr); o != nil {
		return o
	}
	return s.createObject(addr, nil)
}

// createObject creates a fresh account at addr, replacing prev (the live
// object, if any).
func (s *StateDB) createObject(addr ethtypes.Address, prev *stateObject) *stateObject {
	o := newObject(s, addr, newAccount())
	e := s.appendEntry(entryCreateObject, o)
	if prev != nil {
		// The old account's storage must not show through: remember it as
		// destructed (flag: it already was).
		e.ref = prev
		_, e.flag = s.destructed[addr]
		s.destructed[addr] = struct{}{}
	}
	delete(s.missing, addr)
	s.objects[addr] = o
	s.lastObj = nil
	return o
}

// CreateAccount creates addr as a fresh account. If an account exists at
// addr it is replaced: its storage and code are dropped and only its
// balance is carried over (the EVM only calls CreateAccount for addresses
// that do not exist).
//
// This method is not safe for concurrent access.
func (s *StateDB) CreateAccount(addr ethtypes.Address) {
	prev := s.getObject(addr)
	o := s.createObject(addr, prev)
	if prev != nil && !prev.data.Balance.IsZero() {
		o.data.Balance = prev.data.Balance
	}
}

// CreateContract marks addr as created in the current transaction (for
// EIP-6780), creating the account if needed.
//
// This method is not safe for concurrent access.
func (s *StateDB) CreateContract(addr ethtypes.Address) {
	o := s.getOrNewObject(addr)
	if !o.newContract {
		o.newContract = true
		s.appendEntry(entryCreateContract, o)
	}
}

// Exist reports whether addr exists (possibly empty, possibly
// self-destructed in the current transaction).
//
// This method is not safe for concurrent access.
func (s *StateDB) Exist(addr ethtypes.Address) bool { return s.getObject(addr) != nil }

// Empty reports whether addr does not exist or is empty (nonce 0, balance
// 0, no code: EIP-161).
//
// This method is not safe for concurrent access.
func (s *StateDB) Empty(addr ethtypes.Address) bool {
	o := s.getObject(addr)
	return o == nil || o.empty()
}

// GetBalance returns the balance of addr (zero if it does not exist).
//
// This method is not safe for concurrent access.
func (s *StateDB) GetBalance(addr ethtypes.Address) uint256.Int {
	if o := s.getObject(addr); o != nil {
		return o.data.Balance
	}
	return uint256.Int{}
}

// setBalance journals and sets o's balance.
func (s *StateDB) setBalance(o *stateObject, v *uint256.Int) {
	e := s.appendEntry(entryBalance, o)
	e.prev = o.data.Balance.Bytes32()
	o.data.Balance = *v
}

// touch journals a touch of o (EIP-161: a touched empty account is deleted
// at the end of the transaction).
//
// A touch of the RIPEMD-160 precompile (0x03) stays effective even when it
// is reverted: on mainnet block 2675119 an out-of-gas call touched 0x03 and
// the clients of the time deleted it all the same, so the chain's history
// depends on this exception (geth keeps it for every fork).
func (s *StateDB) touch(o *stateObject) {
	s.appendEntry(entryTouch, o)
	if o.addr == ripemd {
		s.ripemdTouched = true
	}
}

// AddBalance adds amount to addr's balance, creating the account if
// needed. A zero amount touches an empty account.
//
// This method is not safe for concurrent access.
func (s *StateDB) AddBalance(addr ethtypes.Address, amount *uint256.Int) {
	o := s.getOrNewObject(addr)
	if amount.IsZero() {
		if o.empty() {
			s.touch(o)
		}
		return
	}
	var v uint256.Int
	v.Add(&o.data.Balance, amount)
	s.setBalance(o, &v)
}

// SubBalance subtracts amount from addr's balance, creating the account if
// needed. The caller has checked the balance suffices.
//
// This method is not safe for concurrent access.
func (s *StateDB) SubBalance(addr ethtypes.Address, amount *uint256.Int) {
	o := s.getOrNewObject(addr)
	if amount.IsZero() {
		return
	}
	var v uint256.Int
	v.Sub(&o.data.Balance, amount)
	s.setBalance(o, &v)
}

// SetBalance sets addr's balance, creating the account if needed (for
// genesis allocations and tests).
//
// This method is not safe for concurrent access.
func (s *StateDB) SetBalance(addr ethtypes.Address, amount *uint256.Int) {
	s.setBalance(s.getOrNewObject(addr), amount)
}

// GetNonce returns the nonce of addr (zero if it does not exist).
//
// This method is not safe for concurrent access.
func (s *StateDB) GetNonce(addr ethtypes.Address) uint64 {
	if o := s.getObject(addr); o != nil {
		return o.data.Nonce
	}
	return 0
}

// SetNonce sets addr's nonce, creating the account if needed.
//
// This method is not safe for concurrent access.
func (s *StateDB) SetNonce(addr ethtypes.Address, nonce uint64) {
	o := s.getOrNewObject(addr)
	e := s.appendEntry(entryNonce, o)
	e.u64 = o.data.Nonce
	o.data.Nonce = nonce
}

// GetCode returns the code of addr (nil if none). The slice must not be
// modified.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetCode(addr ethtypes.Address) []byte {
	if o := s.getObject(addr); o != nil {
		return o.loadCode()
	}
	return nil
}

// GetCodeSize returns the size of addr's code.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetCodeSize(addr ethtypes.Address) int { return len(s.GetCode(addr)) }

// GetCodeHash returns the code hash of addr: the zero hash when the account
// does not exist, EmptyCodeHash when it has no code.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetCodeHash(addr ethtypes.Address) ethtypes.Hash {
	if o := s.getObject(addr); o != nil {
		return o.data.CodeHash
	}
	return ethtypes.Hash{}
}

// SetCode sets addr's code, creating the account if needed. The StateDB
// keeps code; the caller must not modify it afterwards.
//
// This method is not safe for concurrent access.
func (s *StateDB) SetCode(addr ethtypes.Address, code []byte) {
	o := s.getOrNewObject(addr)
	e := s.appendEntry(entryCode, o)
	e.flag, e.prev = o.codeLoaded, o.data.CodeHash
	if o.code != nil {
		e.ref = o.code
	}
	o.setCode(code)
}

// GetState returns the current value of a storage slot of addr.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	if o := s.getObject(addr); o != nil {
		sl := o.getSlot(key)
		return sl.current
	}
	return ethtypes.Hash{}
}

// GetCommittedState returns the value of a storage slot of addr at the
// start of the current transaction.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetCommittedState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	if o := s.getObject(addr); o != nil {
		sl := o.getSlot(key)
		return sl.committed()
	}
	return ethtypes.Hash{}
}

// GetStateAndCommittedState returns both the current and the committed
// value of a slot with one lookup (for SSTORE's gas computation).
//
// This method is not safe for concurrent access.
func (s *StateDB) GetStateAndCommittedState(addr ethtypes.Address, key ethtypes.Hash) (current, committed ethtypes.Hash) {
	if o := s.getObject(addr); o != nil {
		sl := o.getSlot(key)
		return sl.current, sl.committed()
	}
	return ethtypes.Hash{}, ethtypes.Hash{}
}

// SetState sets a storage slot of addr, creating the account if needed.
// Setting a slot to its current value changes nothing.
//
// This method is not safe for concurrent access.
func (s *StateDB) SetState(addr ethtypes.Address, key, value ethtypes.Hash) {
	o := s.getOrNewObject(addr)
	sl := o.getSlot(key)
	if sl.current == value {
		return
	}
	e := s.appendEntry(entryStorage, o)
	e.ref, e.prev, e.flag = sl, sl.current, sl.flags&slotDirty != 0
	sl.current = value
	sl.flags |= slotDirty
	if sl.flags&slotListed == 0 {
		sl.flags |= slotListed
		o.dirtySlots = append(o.dirtySlots, sl)
	}
}

// GetStorageRoot returns the storage root of addr as of the last root
// computation (the zero hash when the account does not exist). EIP-7610
// uses it to detect creation collisions with accounts that have storage.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetStorageRoot(addr ethtypes.Address) ethtypes.Hash {
	if o := s.getObject(addr); o != nil {
		return o.data.Root
	}
	return ethtypes.Hash{}
}

// SelfDestruct marks addr for deletion at the end of the transaction and
// zeroes its balance. Nothing happens when the account does not exist.
//
// This method is not safe for concurrent access.
func (s *StateDB) SelfDestruct(addr ethtypes.Address) {
	o := s.getObject(addr)
	if o == nil {
		return
	}
	if !o.data.Balance.IsZero() {
		s.setBalance(o, new(uint256.Int))
	}
	if !o.selfDestructed {
		s.appendEntry(entrySelfDestruct, o)
		o.selfDestructed = true
	}
}

// SelfDestruct6780 does what SelfDestruct does, but only for an account
// created in the current transaction (EIP-6780).
//
// This method is not safe for concurrent access.
func (s *StateDB) SelfDestruct6780(addr ethtypes.Address) {
	if o := s.getObject(addr); o != nil && o.newContract {
		s.SelfDestruct(addr)
	}
}

// HasSelfDestructed reports whether addr was marked by SelfDestruct in the
// current transaction.
//
// This method is not safe for concurrent access.
func (s *StateDB) HasSelfDestructed(addr ethtypes.Address) bool {
	o := s.getObject(addr)
	return o != nil && o.selfDestructed
}

// AddRefund adds gas to the refund counter.
//
// This method is not safe for concurrent access.
func (s *StateDB) AddRefund(gas uint64) {
	e := s.appendEntry(entryRefund, nil)
	e.u64 = s.refund
	s.refund += gas
}

// SubRefund subtracts gas from the refund counter. Subtracting more than
// the counter holds is a bug of the caller; the counter stops at zero.
//
// This method is not safe for concurrent access.
func (s *StateDB) SubRefund(gas uint64) {
	e := s.appendEntry(entryRefund, nil)
	e.u64 = s.refund
	if gas > s.refund {
		s.refund = 0
		return
	}
	s.refund -= gas
}

// GetRefund returns the refund counter.
//
// This method is not safe for concurrent access.
func (s *StateDB) GetRefund() uint64 { return s.refund }
