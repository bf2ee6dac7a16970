package ethchain

import "strconv"

// GasPool is the gas left in a block for further transactions. A
// transaction takes its whole gas limit before it runs and gives back what
// it did not use.
type GasPool uint64

// AddGas adds amount to the pool (saturating at 2^64-1) and returns it.
//
// This method is not safe for concurrent access.
func (gp *GasPool) AddGas(amount uint64) *GasPool {
	if uint64(*gp) > ^uint64(0)-amount {
		*gp = GasPool(^uint64(0))
		return gp
	}
	*gp += GasPool(amount)
	return gp
}

// SubGas takes amount from the pool, or fails with ErrGasLimitReached when
// the pool holds less.
//
// This method is not safe for concurrent access.
func (gp *GasPool) SubGas(amount uint64) error {
	if uint64(*gp) < amount {
		return &RuleError{Err: ErrGasLimitReached, Description: "have " + strconv.FormatUint(uint64(*gp), 10) +
			", want " + strconv.FormatUint(amount, 10)}
	}
	*gp -= GasPool(amount)
	return nil
}

// Gas returns the gas left in the pool.
func (gp *GasPool) Gas() uint64 { return uint64(*gp) }
