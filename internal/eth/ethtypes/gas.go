package ethtypes

import "math/bits"

// Gas constants of transaction validity.
const (
	TxGas                     = 21000 // base cost of every transaction
	TxGasContractCreation     = 53000 // base cost of a creation from Homestead (EIP-2)
	TxDataZeroGas             = 4     // per zero byte of calldata
	TxDataNonZeroGasFrontier  = 68    // per non-zero byte before Istanbul
	TxDataNonZeroGasEIP2028   = 16    // per non-zero byte from Istanbul (EIP-2028)
	TxAccessListAddressGas    = 2400  // per address in an access list (EIP-2930)
	TxAccessListStorageKeyGas = 1900  // per storage key in an access list (EIP-2930)
	InitCodeWordGas           = 2     // per 32-byte word of init code from Shanghai (EIP-3860)

	// MaxCodeSize is the largest deployed contract code from Spurious
	// Dragon (EIP-170).
	MaxCodeSize = 24576
	// MaxInitCodeSize is the largest init code of a creation from Shanghai
	// (EIP-3860): twice MaxCodeSize.
	MaxInitCodeSize = 2 * MaxCodeSize
)

// IntrinsicGas returns the gas a transaction costs before any EVM execution:
// the base cost (TxGasContractCreation for a creation from Homestead,
// TxGas otherwise), calldata bytes (4 per zero byte; 68, or 16 from
// Istanbul, per non-zero byte), access-list entries (EIP-2930) and, for a
// creation from Shanghai, 2 per 32-byte word of init code (EIP-3860).
// ErrGasUintOverflow is returned if the sum does not fit in 64 bits.
//
// This function is safe for concurrent access and does not allocate.
func IntrinsicGas(data []byte, accessList AccessList, isCreate bool, rules Rules) (uint64, error) {
	gas := uint64(TxGas)
	if isCreate && rules.IsHomestead {
		gas = TxGasContractCreation
	}
	ok := true
	if n := uint64(len(data)); n > 0 {
		var nz uint64
		for _, b := range data {
			if b != 0 {
				nz++
			}
		}
		perNonZero := uint64(TxDataNonZeroGasFrontier)
		if rules.IsIstanbul {
			perNonZero = TxDataNonZeroGasEIP2028
		}
		gas, ok = addMulOK(gas, nz, perNonZero, ok)
		gas, ok = addMulOK(gas, n-nz, TxDataZeroGas, ok)
		if isCreate && rules.IsShanghai {
			gas, ok = addMulOK(gas, (n+31)/32, InitCodeWordGas, ok)
		}
	}
	if len(accessList) > 0 {
		gas, ok = addMulOK(gas, uint64(len(accessList)), TxAccessListAddressGas, ok)
		gas, ok = addMulOK(gas, uint64(accessList.StorageKeys()), TxAccessListStorageKeyGas, ok)
	}
	if !ok {
		// Not reachable with inputs that fit in memory; kept as a guard.
		return 0, ruleErrorf(ErrGasUintOverflow, "intrinsic gas")
	}
	return gas, nil
}

// addMulOK returns a + n*m and ok && (no overflow).
func addMulOK(a, n, m uint64, ok bool) (uint64, bool) {
	v, fits := addMul(a, n, m)
	return v, ok && fits
}

// addMul returns a + n*m and whether it fits in 64 bits.
func addMul(a, n, m uint64) (uint64, bool) {
	hi, lo := bits.Mul64(n, m)
	if hi != 0 {
		return 0, false
	}
	sum, carry := bits.Add64(a, lo, 0)
	return sum, carry == 0
}
