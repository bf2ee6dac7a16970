package node

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrLocked, ErrConfig, ErrStartup, ErrState} {
		err := error(makeError(k, "x %d", 1))
		var e *Error
		if !errors.Is(err, k) || !errors.As(err, &e) || e.Error() != "x 1" || k.Error() != string(k) {
			t.Errorf("%s: errors.Is/As failed", k)
		}
	}
}
