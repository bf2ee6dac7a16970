package evm_test

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// exampleState is the smallest StateDB for the example: one contract, no
// journal (nothing in the example reverts).
type exampleState struct {
	evm.StateDB // unused methods panic
	code        map[ethtypes.Address][]byte
	refund      uint64
}

func (s *exampleState) Exist(a ethtypes.Address) bool             { return s.code[a] != nil }
func (s *exampleState) Empty(a ethtypes.Address) bool             { return s.code[a] == nil }
func (s *exampleState) GetBalance(ethtypes.Address) uint256.Int   { return uint256.Int{} }
func (s *exampleState) AddBalance(ethtypes.Address, *uint256.Int) {}
func (s *exampleState) SubBalance(ethtypes.Address, *uint256.Int) {}
func (s *exampleState) GetCode(a ethtypes.Address) []byte         { return s.code[a] }
func (s *exampleState) GetCodeHash(a ethtypes.Address) ethtypes.Hash {
	return ethtypes.Keccak256Hash(s.code[a])
}
func (s *exampleState) AddressInAccessList(ethtypes.Address) bool { return true }
func (s *exampleState) AddAddressToAccessList(ethtypes.Address)   {}
func (s *exampleState) Snapshot() int                             { return 0 }
func (s *exampleState) RevertToSnapshot(int)                      {}
func (s *exampleState) GetRefund() uint64                         { return s.refund }
func (s *exampleState) CreateAccount(ethtypes.Address)            {}
func (s *exampleState) GetTransientState(ethtypes.Address, ethtypes.Hash) ethtypes.Hash {
	return ethtypes.Hash{}
}

// Run a contract that adds two numbers and returns the sum.
func ExampleEVM_Call() {
	contract := ethtypes.Address{19: 0xc0}
	// PUSH1 2, PUSH1 3, ADD, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN
	code := []byte{0x60, 0x02, 0x60, 0x03, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}
	state := &exampleState{code: map[ethtypes.Address][]byte{contract: code}}
	rules := ethtypes.Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
		IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true,
		IsMerge: true, IsShanghai: true, IsCancun: true}
	vm := evm.NewEVM(evm.BlockContext{}, evm.TxContext{}, state, rules, evm.Config{})
	ret, gasLeft, err := vm.Call(ethtypes.Address{1}, contract, nil, 100000, new(uint256.Int))
	fmt.Println(new(uint256.Int).SetBytes(ret), 100000-gasLeft, err)
	// Output: 5 24 <nil>
}
