package hdkeychain

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrInvalidSeedLen, ErrUnusableSeed, ErrInvalidChild, ErrDeriveHardFromPublic, ErrDeriveBeyondMaxDepth,
		ErrNotPrivate, ErrInvalidKeyLen, ErrBadChecksum, ErrUnknownVersion, ErrInvalidKeyData, ErrInvalidDepth,
		ErrInvalidPath, ErrInvalidEntropy, ErrInvalidMnemonic,
	}
	for _, k := range kinds {
		err := makeError(k, "description of %s", k)
		if !errors.Is(err, k) {
			t.Errorf("%s: errors.Is failed", k)
		}
		var e Error
		if !errors.As(err, &e) || e.Description != "description of "+string(k) || k.Error() != string(k) {
			t.Errorf("%s: errors.As failed", k)
		}
	}
}
