package ethtypes

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/rlp"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrInvalidHex, ErrBadChecksum, ErrTxDecode, ErrTxTypeNotSupported, ErrInvalidSig, ErrInvalidChainID,
		ErrRecoveryFailed, ErrNonceMax, ErrGasUintOverflow, ErrIntrinsicGas, ErrMaxInitCodeSizeExceeded,
		ErrTipAboveFeeCap, ErrFeeOverflow, ErrBlobTxCreate, ErrMissingBlobHashes, ErrBlobHashVersion,
		ErrTooManyBlobs, ErrABIType, ErrABIValue, ErrBlockDecode,
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if k.Error() == "" || seen[k.Error()] {
			t.Errorf("kind %q empty or duplicated", k)
		}
		seen[k.Error()] = true
		err := error(&RuleError{Err: k, Description: "detail"})
		if !errors.Is(err, k) {
			t.Errorf("errors.Is(RuleError{%q}) failed", k)
		}
		var re *RuleError
		if !errors.As(err, &re) || re.Err != k {
			t.Errorf("errors.As failed for %q", k)
		}
		if err.Error() != k.Error()+": detail" {
			t.Errorf("Error() = %q", err.Error())
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%q matches %q", k, other)
			}
		}
	}
	if got := (&RuleError{Err: ErrNonceMax}).Error(); got != ErrNonceMax.Error() {
		t.Errorf("Error() without description = %q", got)
	}
	err := decodeError("nonce", rlp.ErrCanonInt)
	if !errors.Is(err, ErrTxDecode) || !errors.Is(err, rlp.ErrCanonInt) {
		t.Errorf("decode error %v does not unwrap to both kind and cause", err)
	}
}
