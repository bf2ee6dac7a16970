package statedb

import (
	"bytes"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

var (
	addrA = ethtypes.Address{0xaa}
	addrB = ethtypes.Address{0xbb}
	addrC = ethtypes.Address{0xcc}
	key1  = ethtypes.Hash{31: 1}
	key2  = ethtypes.Hash{31: 2}
	val1  = ethtypes.Hash{31: 0x11}
	val2  = ethtypes.Hash{31: 0x22}
)

func u256(v uint64) *uint256.Int { return uint256.NewInt(v) }

func newState(t testing.TB) (*StateDB, *MemoryDatabase) {
	t.Helper()
	db := NewMemoryDatabase()
	s, err := New(ethtypes.Hash{}, db)
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func mustRoot(t testing.TB, s *StateDB, deleteEmpty bool) ethtypes.Hash {
	t.Helper()
	root, err := s.IntermediateRoot(deleteEmpty)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func mustCommit(t testing.TB, s *StateDB) ethtypes.Hash {
	t.Helper()
	root, err := s.Commit(false)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func reopen(t testing.TB, db Database, root ethtypes.Hash) *StateDB {
	t.Helper()
	s, err := New(root, db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRootMatchesTrie checks the state root against a trie built by hand
// from the account encodings.
func TestRootMatchesTrie(t *testing.T) {
	s, _ := newState(t)
	s.SetBalance(addrA, u256(1000))
	s.SetNonce(addrA, 7)
	code := []byte{0x60, 0x00, 0x60, 0x00, 0xf3}
	s.SetCode(addrB, code)
	s.SetState(addrB, key1, val1)
	got := mustRoot(t, s, false)

	storage, _ := trie.NewSecure(trie.EmptyRoot, nil)
	storage.Update(key1[:], []byte{0x11})
	accounts, _ := trie.NewSecure(trie.EmptyRoot, nil)
	a := Account{Nonce: 7, Balance: *u256(1000), Root: trie.EmptyRoot, CodeHash: ethtypes.EmptyCodeHash}
	b := Account{Root: storage.Hash(), CodeHash: crypto.Keccak256(code)}
	accounts.Update(addrA[:], a.AppendRLP(nil))
	accounts.Update(addrB[:], b.AppendRLP(nil))
	if want := ethtypes.Hash(accounts.Hash()); got != want {
		t.Fatalf("root %x, want %x", got, want)
	}
	if empty := mustRoot(t, reopen(t, NewMemoryDatabase(), ethtypes.Hash{}), false); empty != trie.EmptyRoot {
		t.Fatalf("empty state root %x", empty)
	}
}

func TestCommitReopen(t *testing.T) {
	s, db := newState(t)
	code := bytes.Repeat([]byte{0x5b}, 100)
	s.SetBalance(addrA, u256(5))
	s.SetCode(addrA, code)
	for i := range 50 {
		s.SetState(addrA, ethtypes.Hash{30: byte(i), 31: 1}, ethtypes.Hash{31: byte(i + 1)})
	}
	root := mustCommit(t, s)

	r := reopen(t, db, root)
	if b := r.GetBalance(addrA); b.Uint64() != 5 {
		t.Errorf("balance %s", b.Dec())
	}
	if !bytes.Equal(r.GetCode(addrA), code) || r.GetCodeSize(addrA) != 100 || r.GetCodeHash(addrA) != crypto.Keccak256(code) {
		t.Error("code not restored")
	}
	for i := range 50 {
		if v := r.GetState(addrA, ethtypes.Hash{30: byte(i), 31: 1}); v != (ethtypes.Hash{31: byte(i + 1)}) {
			t.Fatalf("slot %d = %x", i, v)
		}
	}
	if r.Exist(addrB) || r.GetCodeHash(addrB) != (ethtypes.Hash{}) {
		t.Error("absent account exists")
	}
	// Changing then restoring a slot gives the same root.
	r.SetState(addrA, ethtypes.Hash{31: 1}, val2)
	mid := mustRoot(t, r, false)
	r.SetState(addrA, ethtypes.Hash{31: 1}, ethtypes.Hash{31: 1})
	if mid == root || mustRoot(t, r, false) != root {
		t.Error("root does not follow storage changes")
	}
	// Clearing every slot gives an empty storage root.
	for i := range 50 {
		r.SetState(addrA, ethtypes.Hash{30: byte(i), 31: 1}, ethtypes.Hash{})
	}
	mustRoot(t, r, false)
	if sr := r.GetStorageRoot(addrA); sr != trie.EmptyRoot {
		t.Errorf("storage root %x after clearing", sr)
	}
}

// TestRevert checks that every kind of change is undone by
// RevertToSnapshot, with nested snapshots.
func TestRevert(t *testing.T) {
	s, db := newState(t)
	s.SetBalance(addrA, u256(100))
	s.SetNonce(addrA, 1)
	s.SetState(addrA, key1, val1)
	s.SetCode(addrA, []byte{1, 2, 3})
	root := mustCommit(t, s)
	s = reopen(t, db, root)

	snap := s.Snapshot()
	s.AddBalance(addrA, u256(5))
	s.SubBalance(addrA, u256(50))
	s.SetNonce(addrA, 9)
	s.SetCode(addrA, []byte{4})
	s.SetState(addrA, key1, val2)
	s.SetState(addrA, key2, val2)
	inner := s.Snapshot()
	s.CreateAccount(addrB)
	s.AddBalance(addrB, u256(1))
	s.CreateContract(addrB)
	s.SelfDestruct(addrA)
	s.AddRefund(10)
	s.AddLog(addrA, []ethtypes.Hash{key1}, []byte{1})
	s.AddAddressToAccessList(addrC)
	s.AddSlotToAccessList(addrC, key1)
	s.SetTransientState(addrA, key1, val1)
	if !s.HasSelfDestructed(addrA) || !s.Exist(addrB) || s.GetRefund() != 10 || len(s.Logs()) != 1 {
		t.Fatal("changes not visible")
	}
	s.RevertToSnapshot(inner)
	if s.HasSelfDestructed(addrA) || s.Exist(addrB) || s.GetRefund() != 0 || len(s.Logs()) != 0 ||
		s.AddressInAccessList(addrC) || s.GetTransientState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("inner snapshot not reverted")
	}
	if s.GetNonce(addrA) != 9 || s.GetState(addrA, key1) != val2 {
		t.Fatal("outer changes lost")
	}
	s.RevertToSnapshot(snap)
	if b := s.GetBalance(addrA); b.Uint64() != 100 {
		t.Errorf("balance %s", b.Dec())
	}
	if s.GetNonce(addrA) != 1 || !bytes.Equal(s.GetCode(addrA), []byte{1, 2, 3}) ||
		s.GetState(addrA, key1) != val1 || s.GetState(addrA, key2) != (ethtypes.Hash{}) {
		t.Error("outer snapshot not reverted")
	}
	if got := mustRoot(t, s, true); got != root {
		t.Errorf("root %x after full revert, want %x", got, root)
	}
	// Reverting to a stale or bogus id is harmless.
	s.RevertToSnapshot(1000)
	s.RevertToSnapshot(-1)
}

func TestCommittedState(t *testing.T) {
	s, db := newState(t)
	s.SetNonce(addrA, 1) // not empty: EIP-161 would delete it
	s.SetState(addrA, key1, val1)
	root := mustCommit(t, s)
	s = reopen(t, db, root)

	s.SetState(addrA, key1, val2)
	if cur, orig := s.GetStateAndCommittedState(addrA, key1); cur != val2 || orig != val1 || s.GetCommittedState(addrA, key1) != val1 {
		t.Fatalf("in tx 1: current %x committed %x", cur, orig)
	}
	s.Finalise(true)
	// The next transaction starts from the finalised value, not yet in the trie.
	if s.GetCommittedState(addrA, key1) != val2 {
		t.Fatal("finalised value is not the committed value of the next transaction")
	}
	s.SetState(addrA, key1, ethtypes.Hash{})
	if s.GetCommittedState(addrA, key1) != val2 || s.GetState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("in tx 2")
	}
	mustRoot(t, s, true)
	if s.GetCommittedState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("after root")
	}
}

func TestEmptyAccountDeletion(t *testing.T) {
	tests := []struct {
		name        string
		deleteEmpty bool
		op          func(s *StateDB)
		wantExist   bool
	}{
		{"touched by zero add, EIP-158", true, func(s *StateDB) { s.AddBalance(addrA, new(uint256.Int)) }, false},
		{"touched by zero add, before EIP-158", false, func(s *StateDB) { s.AddBalance(addrA, new(uint256.Int)) }, true},
		// A zero subtraction does not touch an existing account (geth).
		{"zero sub does not touch", true, func(s *StateDB) { s.SubBalance(addrA, new(uint256.Int)) }, true},
		{"read only", true, func(s *StateDB) { s.GetBalance(addrA) }, true},
		{"given a nonce", true, func(s *StateDB) { s.SetNonce(addrA, 1) }, true},
		{"touched then reverted", true, func(s *StateDB) {
			snap := s.Snapshot()
			s.AddBalance(addrA, new(uint256.Int))
			s.RevertToSnapshot(snap)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, db := newState(t)
			s.CreateAccount(addrA) // an empty account, as pre-Spurious Dragon chains have
			s = reopen(t, db, mustCommit(t, s))
			if !s.Exist(addrA) || !s.Empty(addrA) {
				t.Fatal("setup")
			}
			tt.op(s)
			mustRoot(t, s, tt.deleteEmpty)
			if s.Exist(addrA) != tt.wantExist {
				t.Fatalf("exists %v, want %v", s.Exist(addrA), tt.wantExist)
			}
		})
	}
}

// TestRipemdTouch checks the 0x03 exception: its touch survives a revert.
func TestRipemdTouch(t *testing.T) {
	for _, addr := range []ethtypes.Address{ripemd, {19: 2}} {
		s, db := newState(t)
		s.CreateAccount(addr)
		s = reopen(t, db, mustCommit(t, s))
		snap := s.Snapshot()
		s.AddBalance(addr, new(uint256.Int))
		s.RevertToSnapshot(snap)
		mustRoot(t, s, true)
		if want := addr != ripemd; s.Exist(addr) != want {
			t.Errorf("%x: exists %v, want %v", addr, s.Exist(addr), want)
		}
	}
	// A reverted creation of 0x03 is not resurrected by the exception.
	s, _ := newState(t)
	snap := s.Snapshot()
	s.AddBalance(ripemd, new(uint256.Int))
	s.RevertToSnapshot(snap)
	mustRoot(t, s, true)
	if s.Exist(ripemd) {
		t.Error("reverted creation of 0x03 exists")
	}
}

func TestSelfDestruct(t *testing.T) {
	s, db := newState(t)
	s.SetBalance(addrA, u256(7))
	s.SetState(addrA, key1, val1)
	s.SetCode(addrA, []byte{0x00})
	s = reopen(t, db, mustCommit(t, s))

	// EIP-6780: an account not created in the transaction survives.
	s.SelfDestruct6780(addrA)
	if s.HasSelfDestructed(addrA) {
		t.Fatal("6780 destructed an old account")
	}
	s.SelfDestruct(addrA)
	if b := s.GetBalance(addrA); !s.HasSelfDestructed(addrA) || !b.IsZero() || !s.Exist(addrA) {
		t.Fatal("self-destructed account must exist with zero balance until the end of the transaction")
	}
	s.Finalise(false)
	if s.Exist(addrA) {
		t.Fatal("self-destructed account exists after Finalise")
	}
	// Recreated in a later transaction of the block: storage is gone.
	s.AddBalance(addrA, u256(1))
	if s.GetState(addrA, key1) != (ethtypes.Hash{}) || s.GetCommittedState(addrA, key1) != (ethtypes.Hash{}) || len(s.GetCode(addrA)) != 0 {
		t.Fatal("old storage or code visible after recreation")
	}
	root := mustCommit(t, s)
	r := reopen(t, db, root)
	if r.GetStorageRoot(addrA) != trie.EmptyRoot || r.GetState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("storage survived self-destruct")
	}

	// EIP-6780: an account created in the transaction is deleted.
	s.CreateAccount(addrB)
	s.CreateContract(addrB)
	s.SetState(addrB, key1, val1)
	s.SelfDestruct6780(addrB)
	s.Finalise(true)
	if s.Exist(addrB) {
		t.Fatal("account created and destructed in one transaction exists")
	}
	// SelfDestruct of a missing account does nothing.
	s.SelfDestruct(addrC)
	if s.Exist(addrC) {
		t.Fatal("self-destruct created an account")
	}
}

func TestCreateAccountReplaces(t *testing.T) {
	s, db := newState(t)
	s.SetBalance(addrA, u256(9))
	s.SetNonce(addrA, 3)
	s.SetState(addrA, key1, val1)
	root := mustCommit(t, s)
	s = reopen(t, db, root)

	snap := s.Snapshot()
	s.CreateAccount(addrA)
	if b := s.GetBalance(addrA); b.Uint64() != 9 || s.GetNonce(addrA) != 0 || s.GetState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("replaced account must keep only its balance")
	}
	s.RevertToSnapshot(snap)
	if s.GetNonce(addrA) != 3 || s.GetState(addrA, key1) != val1 {
		t.Fatal("replacement not reverted")
	}
	if mustRoot(t, s, true) != root {
		t.Fatal("root changed")
	}
	s.CreateAccount(addrA)
	mustRoot(t, s, true)
	if s.GetStorageRoot(addrA) != trie.EmptyRoot {
		t.Fatal("replaced account kept its storage")
	}
}

func TestAccessListAndTransient(t *testing.T) {
	s, _ := newState(t)
	dest := addrB
	pre := []ethtypes.Address{{19: 1}, {19: 2}}
	list := ethtypes.AccessList{{Address: addrC, StorageKeys: []ethtypes.Hash{key1}}}
	s.SetTransientState(addrA, key1, val1)
	s.Prepare(ethtypes.Rules{IsBerlin: true, IsShanghai: true}, addrA, ethtypes.Address{0xcb}, &dest, pre, list)
	for _, a := range []ethtypes.Address{addrA, addrB, {19: 1}, {19: 2}, addrC, {0xcb}} {
		if !s.AddressInAccessList(a) {
			t.Errorf("%x not warm", a)
		}
	}
	if a, k := s.SlotInAccessList(addrC, key1); !a || !k {
		t.Error("access list slot not warm")
	}
	if a, k := s.SlotInAccessList(addrA, key1); !a || k {
		t.Error("cold slot of warm address")
	}
	if a, k := s.SlotInAccessList(ethtypes.Address{9}, key1); a || k {
		t.Error("cold address")
	}
	if s.GetTransientState(addrA, key1) != (ethtypes.Hash{}) {
		t.Error("Prepare must clear transient storage")
	}
	snap := s.Snapshot()
	s.AddSlotToAccessList(ethtypes.Address{9}, key2)
	s.SetTransientState(addrA, key1, val1)
	s.SetTransientState(addrA, key1, val2)
	if a, k := s.SlotInAccessList(ethtypes.Address{9}, key2); !a || !k || s.GetTransientState(addrA, key1) != val2 {
		t.Fatal("additions not visible")
	}
	s.RevertToSnapshot(snap)
	if s.AddressInAccessList(ethtypes.Address{9}) || s.GetTransientState(addrA, key1) != (ethtypes.Hash{}) {
		t.Fatal("additions not reverted")
	}
	// Before Berlin Prepare leaves the access list alone.
	s.Prepare(ethtypes.Rules{}, addrC, addrC, nil, nil, nil)
	if s.AddressInAccessList(ethtypes.Address{0x01}) {
		t.Error("unexpected address")
	}
}

func TestRefund(t *testing.T) {
	s, _ := newState(t)
	s.AddRefund(100)
	snap := s.Snapshot()
	s.SubRefund(30)
	s.AddRefund(5)
	if s.GetRefund() != 75 {
		t.Fatalf("refund %d", s.GetRefund())
	}
	s.SubRefund(1000) // clamps
	if s.GetRefund() != 0 {
		t.Fatal("no clamp")
	}
	s.RevertToSnapshot(snap)
	if s.GetRefund() != 100 {
		t.Fatal("refund not reverted")
	}
	s.Finalise(true)
	if s.GetRefund() != 0 {
		t.Fatal("refund survives Finalise")
	}
}

func TestLogs(t *testing.T) {
	// keccak256(rlp([])): the logs hash of a transaction without logs.
	empty, _ := ethtypes.HexToHash("1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")
	if LogsHash(nil) != empty {
		t.Fatal("empty logs hash")
	}
	s, _ := newState(t)
	txh := ethtypes.Hash{1}
	s.SetTxContext(txh, 3)
	s.AddLog(addrA, []ethtypes.Hash{key1, key2}, []byte("data"))
	s.AddLog(addrB, nil, nil)
	logs := s.Logs()
	if len(logs) != 2 || logs[1].Index != 1 || logs[0].TxHash != txh || logs[0].TxIndex != 3 {
		t.Fatalf("logs %+v", logs)
	}
	// rlp([[addrA, [key1, key2], "data"], [addrB, [], ""]]) built by hand.
	l0 := append([]byte{0x94}, addrA[:]...)
	l0 = append(l0, 0xf8, 0x42, 0xa0)
	l0 = append(l0, key1[:]...)
	l0 = append(l0, 0xa0)
	l0 = append(l0, key2[:]...)
	l0 = append(l0, 0x84, 'd', 'a', 't', 'a')
	l0 = append([]byte{0xf8, byte(len(l0))}, l0...)
	l1 := append([]byte{0x94}, addrB[:]...)
	l1 = append(l1, 0xc0, 0x80)
	l1 = append([]byte{0xc0 + byte(len(l1))}, l1...)
	body := append(l0, l1...)
	want := append([]byte{0xf8, byte(len(body))}, body...)
	if got := AppendLogsRLP(nil, logs); !bytes.Equal(got, want) {
		t.Fatalf("rlp\n got %x\nwant %x", got, want)
	}
	if LogsHash(logs) != crypto.Keccak256(want) {
		t.Fatal("logs hash")
	}
	s.SetTxContext(ethtypes.Hash{2}, 4)
	if len(s.Logs()) != 0 || len(logs) != 2 {
		t.Fatal("SetTxContext must start a new list without touching the old one")
	}
}

func TestMissingData(t *testing.T) {
	s, db := newState(t)
	for i := range 20 {
		s.SetBalance(ethtypes.Address{byte(i)}, u256(1))
	}
	s.SetCode(addrA, []byte{0x60, 0x01})
	s.SetState(addrA, key1, val1)
	root := mustCommit(t, s)

	// A missing state root is reported by New.
	if _, err := New(ethtypes.Hash{1}, db); !errors.Is(err, trie.ErrMissingNode) {
		t.Fatalf("New with unknown root: %v", err)
	}

	// Missing code.
	r := reopen(t, db, root)
	db.DeleteCode(crypto.Keccak256([]byte{0x60, 0x01}))
	if code := r.GetCode(addrA); code != nil {
		t.Fatal("code returned")
	}
	if !errors.Is(r.Error(), ErrMissingCode) {
		t.Fatalf("error %v", r.Error())
	}
	if _, err := r.IntermediateRoot(true); !errors.Is(err, ErrMissingCode) {
		t.Fatalf("IntermediateRoot: %v", err)
	}

	// Missing storage node.
	r = reopen(t, db, root)
	sr := r.GetStorageRoot(addrA)
	db.Delete(sr)
	if v := r.GetState(addrA, key1); v != (ethtypes.Hash{}) {
		t.Fatal("value returned")
	}
	if !errors.Is(r.Error(), trie.ErrMissingNode) {
		t.Fatalf("error %v", r.Error())
	}
	if _, err := r.Commit(true); !errors.Is(err, trie.ErrMissingNode) {
		t.Fatalf("Commit: %v", err)
	}

	// Missing account trie node below the root.
	st, _ := trie.NewSecure(root, db)
	proof, err := st.Prove(addrB[:])
	if err != nil || len(proof) < 2 {
		t.Fatalf("proof: %v (%d nodes)", err, len(proof))
	}
	db.Delete(crypto.Keccak256(proof[1]))
	r = reopen(t, db, root)
	if r.Exist(addrB) {
		t.Fatal("account read through a missing node")
	}
	if !errors.Is(r.Error(), trie.ErrMissingNode) {
		t.Fatalf("error %v", r.Error())
	}
}

func TestDecodeAccount(t *testing.T) {
	a := Account{Nonce: 5, Balance: *u256(1 << 40), Root: trie.EmptyRoot, CodeHash: ethtypes.EmptyCodeHash}
	enc := a.AppendRLP(nil)
	got, err := DecodeAccount(enc)
	if err != nil || got != a {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	bad := map[string][]byte{
		"empty":        nil,
		"string":       {0x80},
		"short list":   {0xc2, 0x80, 0x80},
		"short hash":   {0xc6, 0x80, 0x80, 0x81, 0x01, 0x81, 0x01},
		"extra field":  append([]byte{0xf8, 0x45}, append(enc[2:], 0x80)...),
		"noncanonical": append([]byte{0xf8, 0x45, 0x81, 0x01}, enc[3:]...),
	}
	for name, b := range bad {
		if _, err := DecodeAccount(b); !errors.Is(err, ErrInvalidAccount) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := decodeSlotValue([]byte{0xc0}); !errors.Is(err, ErrInvalidSlot) {
		t.Errorf("list slot: %v", err)
	}
	long := append([]byte{0xa1}, make([]byte, 33)...)
	if _, err := decodeSlotValue(long); !errors.Is(err, ErrInvalidSlot) {
		t.Errorf("long slot: %v", err)
	}
}

func TestErrorKinds(t *testing.T) {
	cause := errors.New("cause")
	for _, k := range []ErrorKind{ErrMissingCode, ErrInvalidAccount, ErrInvalidSlot} {
		err := error(&Error{Err: k, Description: "d", Cause: cause})
		if !errors.Is(err, k) || !errors.Is(err, cause) {
			t.Errorf("%v: errors.Is", k)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != k {
			t.Errorf("%v: errors.As", k)
		}
		if got := (&Error{Err: k}).Error(); got != string(k) {
			t.Errorf("%v: text %q", k, got)
		}
	}
}
