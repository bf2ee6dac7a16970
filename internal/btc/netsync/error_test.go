package netsync

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, kind := range []ErrorKind{ErrAlreadyStarted, ErrNotStarted, ErrBadConfig} {
		err := makeError(kind, "netsync: "+string(kind))
		if !errors.Is(err, kind) {
			t.Errorf("%s: errors.Is failed", kind)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != kind || e.Error() != "netsync: "+string(kind) {
			t.Errorf("%s: errors.As gave %+v", kind, e)
		}
		if kind.Error() != string(kind) {
			t.Errorf("%s: Error() = %q", kind, kind.Error())
		}
	}
}
