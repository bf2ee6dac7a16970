package precompile

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Contract is a precompiled contract. The EVM charges RequiredGas(input)
// before calling Run(input); when Run returns an error the call fails and
// all the gas given to it is consumed.
//
// RequiredGas never panics and never allocates in proportion to any length
// the input declares. Run never panics; it must only be called after
// RequiredGas has been charged (its running time is bounded by the price,
// not by the input size alone). Run never modifies or retains input, and
// returns a slice the caller owns.
//
// Every Contract in this package is stateless and safe for concurrent use.
type Contract interface {
	RequiredGas(input []byte) uint64
	Run(input []byte) ([]byte, error)
}

// MaxAddress is the last byte of the highest precompile address any Set
// holds (0x0a, point evaluation, from Cancun).
const MaxAddress = 0x0a

// Set is the precompiled contracts active under one fork: the addresses
// 0x00..01 through 0x00..n, each with the contract and gas schedule of that
// fork. Lookup costs one byte comparison for most addresses and never a map
// access.
//
// A Set is immutable and safe for concurrent use. The zero Set holds no
// contract.
type Set struct {
	byLast [MaxAddress + 1]Contract // indexed by the address's last byte; [0] unused
	n      int                      // contracts at 1..n
	addrs  []ethtypes.Address
}

// Sets for each fork that changed the precompiles. Built once at package
// initialisation; never modified afterwards.
var (
	setFrontier = newSet(
		ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
	)
	setByzantium = newSet(
		ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
		ModExp{}, BN254Add{}, BN254ScalarMul{}, BN254Pairing{},
	)
	setIstanbul = newSet(
		ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
		ModExp{}, BN254Add{Istanbul: true}, BN254ScalarMul{Istanbul: true}, BN254Pairing{Istanbul: true},
		Blake2F{},
	)
	setBerlin = newSet(
		ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
		ModExp{EIP2565: true}, BN254Add{Istanbul: true}, BN254ScalarMul{Istanbul: true}, BN254Pairing{Istanbul: true},
		Blake2F{},
	)
	setCancun = newSet(
		ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
		ModExp{EIP2565: true}, BN254Add{Istanbul: true}, BN254ScalarMul{Istanbul: true}, BN254Pairing{Istanbul: true},
		Blake2F{}, PointEvaluation{},
	)
)

// newSet places cs at addresses 1, 2, ... in order.
func newSet(cs ...Contract) *Set {
	s := &Set{n: len(cs), addrs: make([]ethtypes.Address, len(cs))}
	for i, c := range cs {
		s.byLast[i+1] = c
		s.addrs[i][ethtypes.AddressLength-1] = byte(i + 1)
	}
	return s
}

// ForRules returns the precompiles active under r: Frontier/Homestead's
// four (0x01-0x04), Byzantium's eight (modexp with EIP-198 pricing and the
// bn254 contracts at Byzantium prices), Istanbul's nine (EIP-1108 bn254
// prices, blake2f), Berlin's (EIP-2565 modexp pricing) and Cancun's ten
// (point evaluation). The result is shared: it is never modified.
//
// This function is safe for concurrent access and does not allocate.
func ForRules(r ethtypes.Rules) *Set {
	switch {
	case r.IsCancun:
		return setCancun
	case r.IsBerlin:
		return setBerlin
	case r.IsIstanbul:
		return setIstanbul
	case r.IsByzantium:
		return setByzantium
	default:
		return setFrontier
	}
}

// Lookup returns the contract at addr, if addr is a precompile of s. The
// parameter type is an unnamed array, so an ethtypes.Address is passed as
// is.
//
// This function is safe for concurrent access and does not allocate.
func (s *Set) Lookup(addr [20]byte) (Contract, bool) {
	last := addr[19]
	if last == 0 || int(last) > s.n {
		return nil, false
	}
	// The first 19 bytes must be zero (three loads; byte 15 is read twice).
	if binary.LittleEndian.Uint64(addr[0:8])|binary.LittleEndian.Uint64(addr[8:16])|
		uint64(binary.LittleEndian.Uint32(addr[15:19])) != 0 {
		return nil, false
	}
	return s.byLast[last], true
}

// Len returns how many contracts s holds; they live at the addresses whose
// first 19 bytes are zero and whose last byte is 1 through Len().
//
// This function is safe for concurrent access.
func (s *Set) Len() int { return s.n }

// Addresses returns the addresses of s in increasing order: the set that
// EIP-2929 makes warm at the start of every transaction. The slice is shared
// and must not be modified.
//
// This function is safe for concurrent access and does not allocate.
func (s *Set) Addresses() []ethtypes.Address { return s.addrs }
