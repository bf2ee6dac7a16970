package ethtypes

import (
	"math"

	"github.com/holiman/uint256"
)

// IntrinsicGas returns the transaction's intrinsic gas under rules (see the
// package function IntrinsicGas).
//
// This method is safe for concurrent access.
func (tx *Transaction) IntrinsicGas(rules Rules) (uint64, error) {
	return IntrinsicGas(tx.data, tx.accessList, !tx.hasTo, rules)
}

// ValidateTx applies the checks a transaction must pass under rules before
// any state is consulted, in this order:
//
//  1. the type is enabled (ErrTxTypeNotSupported);
//  2. the nonce is below 2^64-1 (ErrNonceMax, EIP-2681);
//  3. max priority fee <= max fee (ErrTipAboveFeeCap);
//  4. gas * fee cap (+ blob gas * blob fee cap) fits in 256 bits
//     (ErrFeeOverflow);
//  5. a blob transaction has at least one blob hash and at most
//     MaxBlobsPerBlockCancun, each with version BlobHashVersionKZG
//     (ErrMissingBlobHashes, ErrTooManyBlobs, ErrBlobHashVersion);
//  6. from Shanghai, init code at most MaxInitCodeSize
//     (ErrMaxInitCodeSizeExceeded);
//  7. the gas limit covers the intrinsic gas (ErrIntrinsicGas,
//     ErrGasUintOverflow).
//
// The signature is checked separately with Sender (ethereum/tests expect
// signature errors to be reported before these). Limits that depend on the
// block (gas limit, blob gas left, base fee) or on the pool are the
// callers'.
//
// This function is safe for concurrent access.
func ValidateTx(tx *Transaction, rules Rules) error {
	if !rules.SupportsTxType(tx.typ) {
		return ruleErrorf(ErrTxTypeNotSupported, "type %d is not enabled by the fork", tx.typ)
	}
	if tx.nonce == math.MaxUint64 {
		return ruleErrorf(ErrNonceMax, "nonce %d", tx.nonce)
	}
	if tx.gasTipCap.Gt(&tx.gasFeeCap) {
		return ruleErrorf(ErrTipAboveFeeCap, "maxPriorityFeePerGas %s, maxFeePerGas %s",
			tx.gasTipCap.Dec(), tx.gasFeeCap.Dec())
	}
	var fee uint256.Int
	overflow := false
	if _, of := fee.MulOverflow(uint256.NewInt(tx.gas), &tx.gasFeeCap); of {
		overflow = true
	}
	if tx.typ == BlobTxType && !overflow {
		var blobFee uint256.Int
		if _, of := blobFee.MulOverflow(uint256.NewInt(tx.BlobGas()), &tx.blobFeeCap); of {
			overflow = true
		} else if _, of := fee.AddOverflow(&fee, &blobFee); of {
			overflow = true
		}
	}
	if overflow {
		return ruleErrorf(ErrFeeOverflow, "gas %d, fee cap %s", tx.gas, tx.gasFeeCap.Dec())
	}
	if tx.typ == BlobTxType {
		if len(tx.blobHashes) == 0 {
			return &RuleError{Err: ErrMissingBlobHashes}
		}
		if len(tx.blobHashes) > MaxBlobsPerBlockCancun {
			return ruleErrorf(ErrTooManyBlobs, "%d blobs, a block holds at most %d", len(tx.blobHashes), MaxBlobsPerBlockCancun)
		}
		for i := range tx.blobHashes {
			if tx.blobHashes[i][0] != BlobHashVersionKZG {
				return ruleErrorf(ErrBlobHashVersion, "hash %d has version %#02x", i, tx.blobHashes[i][0])
			}
		}
	}
	if rules.IsShanghai && !tx.hasTo && len(tx.data) > MaxInitCodeSize {
		return ruleErrorf(ErrMaxInitCodeSizeExceeded, "code size %d, limit %d", len(tx.data), MaxInitCodeSize)
	}
	gas, err := tx.IntrinsicGas(rules)
	if err != nil {
		return err
	}
	if tx.gas < gas {
		return ruleErrorf(ErrIntrinsicGas, "have %d, want %d", tx.gas, gas)
	}
	return nil
}
