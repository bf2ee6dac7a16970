package statedb_test

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// A transaction-like sequence: change the state, revert part of it, end the
// transaction and compute the root.
func Example() {
	db := statedb.NewMemoryDatabase()
	s, _ := statedb.New(ethtypes.Hash{}, db)

	alice := ethtypes.Address{0xa1}
	s.SetBalance(alice, uint256.NewInt(1000))
	root, _ := s.Commit(false)

	s, _ = statedb.New(root, db)
	snap := s.Snapshot()
	s.SubBalance(alice, uint256.NewInt(300))
	s.SetState(alice, ethtypes.Hash{31: 1}, ethtypes.Hash{31: 42})
	s.RevertToSnapshot(snap)
	s.SetNonce(alice, 1)
	newRoot, _ := s.IntermediateRoot(true)

	bal := s.GetBalance(alice)
	fmt.Println(bal.Dec(), s.GetNonce(alice), newRoot != root)
	// Output: 1000 1 true
}
