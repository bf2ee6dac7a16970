package wallet

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrWalletNotFound, ErrWalletExists, ErrAlreadyLoaded, ErrNotLoaded, ErrBadWalletFile, ErrLocked,
		ErrWrongPassphrase, ErrNotEncrypted, ErrAlreadyEncrypted, ErrPrivateKeysDisabled, ErrNoDescriptor,
		ErrNoKeys, ErrInsufficientFunds, ErrFeeTooHigh, ErrTxTooLarge, ErrInvalidAmount, ErrInvalidParameter,
		ErrInvalidAddressOrKey, ErrBroadcast, ErrFeeEstimation, ErrStorage, ErrSigning, ErrNotBumpable,
		ErrInvalidBackup,
	}
	for _, k := range kinds {
		err := error(makeError(k, "description %d", 1))
		if !errors.Is(err, k) {
			t.Errorf("%s: errors.Is fails", k)
		}
		var e Error
		if !errors.As(err, &e) || e.Err != k || e.Description != "description 1" {
			t.Errorf("%s: errors.As gives %+v", k, e)
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%s matches %s", k, other)
			}
		}
	}
}
