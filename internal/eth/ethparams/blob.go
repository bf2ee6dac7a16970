package ethparams

import (
	"math/big"

	"github.com/holiman/uint256"
)

// BlobBaseFee returns the blob base fee (price per unit of blob gas) of a
// block with the given excess blob gas under b (EIP-4844):
// fake_exponential(MinBlobGasPrice, excessBlobGas, UpdateFraction), the
// integer Taylor-series approximation of MinBlobGasPrice *
// e^(excessBlobGas / UpdateFraction). ok is false when the fee does not fit
// in 256 bits (no balance could pay it) or b has a zero update fraction.
//
// The work is bounded: the series is abandoned as soon as its terms exceed
// 2^320, so a hostile excess value cannot make this loop for long.
//
// This method is safe for concurrent access.
func (b BlobConfig) BlobBaseFee(excessBlobGas uint64) (fee uint256.Int, ok bool) {
	if b.UpdateFraction == 0 {
		return fee, false
	}
	if excessBlobGas == 0 {
		fee.SetUint64(MinBlobGasPrice)
		return fee, true
	}
	return fakeExponential(MinBlobGasPrice, excessBlobGas, b.UpdateFraction)
}

// fakeExponential computes factor * e^(num/den) as EIP-4844 specifies.
func fakeExponential(factor, num, den uint64) (uint256.Int, bool) {
	var (
		numerator   = new(big.Int).SetUint64(num)
		denominator = new(big.Int).SetUint64(den)
		output      = new(big.Int)
		accum       = new(big.Int).Mul(new(big.Int).SetUint64(factor), denominator)
		divisor     = new(big.Int)
	)
	for i := uint64(1); accum.Sign() > 0; i++ {
		output.Add(output, accum)
		if output.BitLen() > 320 {
			return uint256.Int{}, false
		}
		accum.Mul(accum, numerator)
		divisor.SetUint64(i)
		divisor.Mul(divisor, denominator)
		accum.Div(accum, divisor)
	}
	output.Div(output, denominator)
	var fee uint256.Int
	if fee.SetFromBig(output) {
		return uint256.Int{}, false
	}
	return fee, true
}
