package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/precompile"
)

// StateDB is the world state as the EVM sees it. The state package
// implements it with a journal so that RevertToSnapshot undoes every change
// made after the snapshot was taken: balances, nonces, code, storage,
// transient storage, the refund counter, access-list additions, logs,
// self-destruct marks and account creations.
//
// Reads of accounts that do not exist return zero values (GetCodeHash
// returns the zero hash for a missing account and EmptyCodeHash for an
// existing account without code). Slices passed in (code, log data and
// topics) become the StateDB's and are not modified afterwards by the EVM;
// slices returned (code) are never modified by the EVM.
type StateDB interface {
	// CreateAccount creates addr as a fresh, empty account (the EVM calls it
	// only when the account does not exist).
	CreateAccount(addr ethtypes.Address)
	// CreateContract marks addr as created in the current transaction,
	// which EIP-6780 SELFDESTRUCT and storage clearing rely on. It is called
	// before the init code runs, whether or not the account existed.
	CreateContract(addr ethtypes.Address)
	// Exist reports whether addr is in the state (possibly empty).
	Exist(addr ethtypes.Address) bool
	// Empty reports whether addr does not exist or has nonce 0, balance 0
	// and no code (EIP-161).
	Empty(addr ethtypes.Address) bool

	GetBalance(addr ethtypes.Address) uint256.Int
	// AddBalance and SubBalance are called with a zero amount too: a zero
	// transfer still touches the account (EIP-161 deletes touched empty
	// accounts at the end of the transaction).
	AddBalance(addr ethtypes.Address, amount *uint256.Int)
	SubBalance(addr ethtypes.Address, amount *uint256.Int)

	GetNonce(addr ethtypes.Address) uint64
	SetNonce(addr ethtypes.Address, nonce uint64)

	GetCode(addr ethtypes.Address) []byte
	GetCodeHash(addr ethtypes.Address) ethtypes.Hash
	GetCodeSize(addr ethtypes.Address) int
	SetCode(addr ethtypes.Address, code []byte)

	// GetState returns the current value of a storage slot,
	// GetCommittedState its value at the start of the transaction (the
	// "original value" of EIP-2200).
	GetState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash
	GetCommittedState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash
	SetState(addr ethtypes.Address, key, value ethtypes.Hash)

	// GetTransientState and SetTransientState access EIP-1153 storage,
	// which is cleared at the end of every transaction.
	GetTransientState(addr ethtypes.Address, key ethtypes.Hash) ethtypes.Hash
	SetTransientState(addr ethtypes.Address, key, value ethtypes.Hash)

	// SelfDestruct marks addr for deletion at the end of the transaction and
	// sets its balance to zero (the rule before Cancun).
	SelfDestruct(addr ethtypes.Address)
	// SelfDestruct6780 does what SelfDestruct does, but only when addr was
	// created in the current transaction (EIP-6780); otherwise nothing.
	SelfDestruct6780(addr ethtypes.Address)
	// HasSelfDestructed reports whether addr was marked by SelfDestruct in
	// this transaction.
	HasSelfDestructed(addr ethtypes.Address) bool

	// AddRefund, SubRefund and GetRefund manage the gas refund counter. The
	// EVM never subtracts more than it added.
	AddRefund(gas uint64)
	SubRefund(gas uint64)
	GetRefund() uint64

	// Access list (EIP-2929/2930).
	AddressInAccessList(addr ethtypes.Address) bool
	SlotInAccessList(addr ethtypes.Address, slot ethtypes.Hash) (addressOk, slotOk bool)
	AddAddressToAccessList(addr ethtypes.Address)
	AddSlotToAccessList(addr ethtypes.Address, slot ethtypes.Hash)

	// AddLog records a log of the current transaction.
	AddLog(addr ethtypes.Address, topics []ethtypes.Hash, data []byte)

	// Snapshot returns an identifier of the current state;
	// RevertToSnapshot undoes every change made since.
	Snapshot() int
	RevertToSnapshot(id int)
}

// PrecompiledContract is a native contract at a fixed address: the EVM
// charges RequiredGas(input) and then calls Run(input); an error from Run
// consumes all the call's gas. Run neither modifies nor keeps input, and
// its output does not alias input.
type PrecompiledContract = precompile.Contract

// PrecompileSet is the set of precompiled contracts active under a fork.
// *precompile.Set implements it.
type PrecompileSet interface {
	// Lookup returns the contract at addr, if there is one.
	Lookup(addr [20]byte) (PrecompiledContract, bool)
	// Addresses returns the addresses of the contracts (warm at the start
	// of every transaction from Berlin, EIP-2929).
	Addresses() []ethtypes.Address
}
