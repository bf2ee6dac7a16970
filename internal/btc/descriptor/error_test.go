package descriptor

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrInvalidDescriptor, ErrInvalidChecksum, ErrCannotDerive, ErrNoAddress, ErrInvalidRange, ErrNoPrivateKeys}
	for _, k := range kinds {
		err := makeError(k, "message %d", 1)
		if !errors.Is(err, k) || err.Error() != "message 1" || k.Error() != string(k) {
			t.Errorf("%s: errors.Is failed", k)
		}
		var e Error
		if !errors.As(prefixError("x(): ", err), &e) || e.Description != "x(): message 1" || !errors.Is(e, k) {
			t.Errorf("%s: prefixError", k)
		}
	}
}
