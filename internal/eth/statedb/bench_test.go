package statedb

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// BenchmarkSStoreRevert measures a transaction-like sequence: snapshot,
// 100 storage writes, revert.
func BenchmarkSStoreRevert(b *testing.B) {
	s, _ := newState(b)
	s.SetBalance(addrA, u256(1))
	mustRoot(b, s, true)
	b.ReportAllocs()
	for b.Loop() {
		snap := s.Snapshot()
		for i := range 100 {
			s.SetState(addrA, ethtypes.Hash{31: byte(i)}, ethtypes.Hash{31: byte(i + 1)})
		}
		s.RevertToSnapshot(snap)
	}
}

// BenchmarkTransfer measures a value transfer between two accounts and the
// end of the transaction.
func BenchmarkTransfer(b *testing.B) {
	s, _ := newState(b)
	s.SetBalance(addrA, uint256.NewInt(1<<62))
	mustRoot(b, s, true)
	one := u256(1)
	b.ReportAllocs()
	for b.Loop() {
		s.SubBalance(addrA, one)
		s.AddBalance(addrB, one)
		s.SetNonce(addrA, s.GetNonce(addrA)+1)
		s.Finalise(true)
	}
}

// BenchmarkIntermediateRoot measures the state root of a block that
// changed 100 accounts of 10,000, each with one storage write.
func BenchmarkIntermediateRoot(b *testing.B) {
	s, db := newState(b)
	for i := range 10000 {
		a := ethtypes.Address{byte(i >> 8), byte(i)}
		s.SetBalance(a, u256(uint64(i+1)))
		s.SetState(a, key1, val1)
	}
	root := mustCommit(b, s)
	b.ReportAllocs()
	n := uint64(0)
	for b.Loop() {
		r := reopen(b, db, root)
		for i := range 100 {
			a := ethtypes.Address{byte(i), byte(i * 7)}
			n++
			r.AddBalance(a, one)
			r.SetState(a, key1, ethtypes.Hash{31: byte(n)})
		}
		mustRoot(b, r, true)
	}
}

var one = uint256.NewInt(1)

// BenchmarkTransientRevert measures 10,000 TSTOREs to fresh keys of one
// contract, reverted (the out-of-gas pattern of the EIP-1153 tests).
func BenchmarkTransientRevert(b *testing.B) {
	s, _ := newState(b)
	b.ReportAllocs()
	for b.Loop() {
		s.Prepare(ethtypes.Rules{}, addrA, addrA, nil, nil, nil)
		snap := s.Snapshot()
		for i := range 10000 {
			s.SetTransientState(addrA, ethtypes.Hash{30: byte(i >> 8), 31: byte(i)}, val1)
		}
		s.RevertToSnapshot(snap)
	}
}
