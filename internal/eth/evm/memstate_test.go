package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// memState is a small journaled in-memory StateDB for tests, fuzzing and
// benchmarks. It follows geth's StateDB semantics closely enough to run the
// reference state tests: touched empty accounts are deleted at the end of a
// transaction (EIP-161), self-destructed ones too, original storage values
// are those at the start of the transaction.
type memState struct {
	accounts  map[ethtypes.Address]*memAccount
	refund    uint64
	transient map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash
	alAddrs   map[ethtypes.Address]bool
	alSlots   map[ethtypes.Address]map[ethtypes.Hash]bool
	touched   map[ethtypes.Address]bool
	logs      []memLog
	journal   []func()
}

type memAccount struct {
	nonce          uint64
	balance        uint256.Int
	code           []byte
	codeHash       ethtypes.Hash
	storage        map[ethtypes.Hash]ethtypes.Hash
	committed      map[ethtypes.Hash]ethtypes.Hash
	created        bool
	selfDestructed bool
}

type memLog struct {
	addr   ethtypes.Address
	topics []ethtypes.Hash
	data   []byte
}

func newMemState() *memState {
	return &memState{
		accounts:  make(map[ethtypes.Address]*memAccount),
		transient: make(map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash),
		alAddrs:   make(map[ethtypes.Address]bool),
		alSlots:   make(map[ethtypes.Address]map[ethtypes.Hash]bool),
		touched:   make(map[ethtypes.Address]bool),
	}
}

func newMemAccount() *memAccount {
	return &memAccount{
		codeHash:  ethtypes.EmptyCodeHash,
		storage:   make(map[ethtypes.Hash]ethtypes.Hash),
		committed: make(map[ethtypes.Hash]ethtypes.Hash),
	}
}

// setAccount installs a pre-state account (no journal).
func (s *memState) setAccount(addr ethtypes.Address, nonce uint64, balance *uint256.Int, code []byte, storage map[ethtypes.Hash]ethtypes.Hash) {
	a := newMemAccount()
	a.nonce = nonce
	a.balance = *balance
	a.code = code
	a.codeHash = ethtypes.Keccak256Hash(code)
	for k, v := range storage {
		if v != (ethtypes.Hash{}) {
			a.storage[k] = v
			a.committed[k] = v
		}
	}
	s.accounts[addr] = a
}

func (s *memState) get(addr ethtypes.Address) *memAccount { return s.accounts[addr] }

// obj returns the account, creating it (journaled) when missing.
func (s *memState) obj(addr ethtypes.Address) *memAccount {
	if a := s.accounts[addr]; a != nil {
		return a
	}
	s.CreateAccount(addr)
	return s.accounts[addr]
}

var ripemdAddr = ethtypes.Address{19: 3}

func (s *memState) touch(addr ethtypes.Address) {
	if s.touched[addr] {
		return
	}
	s.touched[addr] = true
	s.journal = append(s.journal, func() {
		// geth keeps the RIPEMD-160 precompile touched across reverts
		// (a mainnet consensus quirk of block 2675119).
		if addr != ripemdAddr {
			delete(s.touched, addr)
		}
	})
}

func (s *memState) CreateAccount(addr ethtypes.Address) {
	prev := s.accounts[addr]
	a := newMemAccount()
	if prev != nil {
		a.balance = prev.balance
	}
	s.accounts[addr] = a
	s.journal = append(s.journal, func() {
		if prev == nil {
			delete(s.accounts, addr)
		} else {
			s.accounts[addr] = prev
		}
	})
}

func (s *memState) CreateContract(addr ethtypes.Address) {
	a := s.obj(addr)
	if a.created {
		return
	}
	a.created = true
	s.journal = append(s.journal, func() { a.created = false })
}

func (s *memState) Exist(addr ethtypes.Address) bool { return s.accounts[addr] != nil }

func (s *memState) Empty(addr ethtypes.Address) bool {
	a := s.accounts[addr]
	return a == nil || (a.nonce == 0 && a.balance.IsZero() && len(a.code) == 0)
}

func (s *memState) GetBalance(addr ethtypes.Address) uint256.Int {
	if a := s.get(addr); a != nil {
		return a.balance
	}
	return uint256.Int{}
}

func (s *memState) setBalance(addr ethtypes.Address, v *uint256.Int) {
	a := s.obj(addr)
	prev := a.balance
	a.balance = *v
	s.journal = append(s.journal, func() { a.balance = prev })
}

func (s *memState) AddBalance(addr ethtypes.Address, amount *uint256.Int) {
	s.touch(addr)
	a := s.obj(addr)
	if amount.IsZero() {
		return
	}
	var v uint256.Int
	v.Add(&a.balance, amount)
	s.setBalance(addr, &v)
}

func (s *memState) SubBalance(addr ethtypes.Address, amount *uint256.Int) {
	s.touch(addr)
	a := s.obj(addr)
	if amount.IsZero() {
		return
	}
	var v uint256.Int
	v.Sub(&a.balance, amount)
	s.setBalance(addr, &v)
}

func (s *memState) GetNonce(addr ethtypes.Address) uint64 {
	if a := s.get(addr); a != nil {
		return a.nonce
	}
	return 0
}

func (s *memState) SetNonce(addr ethtypes.Address, nonce uint64) {
	a := s.obj(addr)
	prev := a.nonce
	a.nonce = nonce
	s.journal = append(s.journal, func() { a.nonce = prev })
}

func (s *memState) GetCode(addr ethtypes.Address) []byte {
	if a := s.get(addr); a != nil {
		return a.code
	}
	return nil
}

func (s *memState) GetCodeHash(addr ethtypes.Address) ethtypes.Hash {
	if a := s.get(addr); a != nil {
		return a.codeHash
	}
	return ethtypes.Hash{}
}

func (s *memState) GetCodeSize(addr ethtypes.Address) int { return len(s.GetCode(addr)) }

func (s *memState) SetCode(addr ethtypes.Address, code []byte) {
	a := s.obj(addr)
	prevCode, prevHash := a.code, a.codeHash
	a.code, a.codeHash = code, ethtypes.Keccak256Hash(code)
	s.journal = append(s.journal, func() { a.code, a.codeHash = prevCode, prevHash })
}

func (s *memState) GetState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	if a := s.get(addr); a != nil {
		return a.storage[key]
	}
	return ethtypes.Hash{}
}

func (s *memState) GetCommittedState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	if a := s.get(addr); a != nil {
		return a.committed[key]
	}
	return ethtypes.Hash{}
}

func (s *memState) SetState(addr ethtypes.Address, key, value ethtypes.Hash) {
	a := s.obj(addr)
	prev, had := a.storage[key]
	if value == (ethtypes.Hash{}) {
		delete(a.storage, key)
	} else {
		a.storage[key] = value
	}
	s.journal = append(s.journal, func() {
		if had {
			a.storage[key] = prev
		} else {
			delete(a.storage, key)
		}
	})
}

func (s *memState) GetTransientState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash {
	return s.transient[addr][key]
}

func (s *memState) SetTransientState(addr ethtypes.Address, key, value ethtypes.Hash) {
	m := s.transient[addr]
	if m == nil {
		m = make(map[ethtypes.Hash]ethtypes.Hash)
		s.transient[addr] = m
	}
	prev := m[key]
	m[key] = value
	s.journal = append(s.journal, func() { m[key] = prev })
}

func (s *memState) SelfDestruct(addr ethtypes.Address) {
	a := s.get(addr)
	if a == nil {
		return
	}
	if !a.balance.IsZero() {
		s.setBalance(addr, new(uint256.Int))
	}
	if !a.selfDestructed {
		a.selfDestructed = true
		s.journal = append(s.journal, func() { a.selfDestructed = false })
	}
}

func (s *memState) SelfDestruct6780(addr ethtypes.Address) {
	if a := s.get(addr); a != nil && a.created {
		s.SelfDestruct(addr)
	}
}

func (s *memState) HasSelfDestructed(addr ethtypes.Address) bool {
	a := s.get(addr)
	return a != nil && a.selfDestructed
}

func (s *memState) AddRefund(gas uint64) {
	prev := s.refund
	s.refund += gas
	s.journal = append(s.journal, func() { s.refund = prev })
}

func (s *memState) SubRefund(gas uint64) {
	if gas > s.refund {
		panic("refund counter below zero")
	}
	prev := s.refund
	s.refund -= gas
	s.journal = append(s.journal, func() { s.refund = prev })
}

func (s *memState) GetRefund() uint64 { return s.refund }

func (s *memState) AddressInAccessList(addr ethtypes.Address) bool { return s.alAddrs[addr] }

func (s *memState) SlotInAccessList(addr ethtypes.Address, slot ethtypes.Hash) (bool, bool) {
	return s.alAddrs[addr], s.alSlots[addr][slot]
}

func (s *memState) AddAddressToAccessList(addr ethtypes.Address) {
	if s.alAddrs[addr] {
		return
	}
	s.alAddrs[addr] = true
	s.journal = append(s.journal, func() { delete(s.alAddrs, addr) })
}

func (s *memState) AddSlotToAccessList(addr ethtypes.Address, slot ethtypes.Hash) {
	s.AddAddressToAccessList(addr)
	m := s.alSlots[addr]
	if m == nil {
		m = make(map[ethtypes.Hash]bool)
		s.alSlots[addr] = m
	}
	if m[slot] {
		return
	}
	m[slot] = true
	s.journal = append(s.journal, func() { delete(m, slot) })
}

func (s *memState) AddLog(addr ethtypes.Address, topics []ethtypes.Hash, data []byte) {
	s.logs = append(s.logs, memLog{addr: addr, topics: topics, data: data})
	n := len(s.logs) - 1
	s.journal = append(s.journal, func() { s.logs = s.logs[:n] })
}

func (s *memState) Snapshot() int { return len(s.journal) }

func (s *memState) RevertToSnapshot(id int) {
	for i := len(s.journal) - 1; i >= id; i-- {
		s.journal[i]()
	}
	s.journal = s.journal[:id]
}

// finalise ends a transaction: deletes self-destructed accounts and, with
// deleteEmpty (EIP-161), touched empty ones, makes the storage the new
// original values and clears the per-transaction state.
func (s *memState) finalise(deleteEmpty bool) {
	for addr, a := range s.accounts {
		if a.selfDestructed || (deleteEmpty && s.touched[addr] && s.Empty(addr)) {
			delete(s.accounts, addr)
			continue
		}
		a.created = false
		a.committed = make(map[ethtypes.Hash]ethtypes.Hash, len(a.storage))
		for k, v := range a.storage {
			a.committed[k] = v
		}
	}
	s.refund = 0
	clear(s.transient)
	clear(s.alAddrs)
	clear(s.alSlots)
	clear(s.touched)
	s.journal = s.journal[:0]
}

var _ StateDB = (*memState)(nil)
