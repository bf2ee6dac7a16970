package chaingen

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, kind := range []ErrorKind{ErrBadConfig, ErrUnsupportedParams, ErrBadSpend, ErrNoFunds} {
		err := error(makeError(kind, "case %d", 1))
		if !errors.Is(err, kind) {
			t.Errorf("%v: errors.Is fails", kind)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != kind {
			t.Errorf("%v: errors.As fails", kind)
		}
		if e.Error() != string(kind)+": case 1" {
			t.Errorf("message %q", e.Error())
		}
		for _, other := range []ErrorKind{ErrBadConfig, ErrUnsupportedParams, ErrBadSpend, ErrNoFunds} {
			if other != kind && errors.Is(err, other) {
				t.Errorf("%v matches %v", kind, other)
			}
		}
	}
	if StageScript.String() != "script" || Stage(9).String() != "Stage(9)" {
		t.Error("stage names")
	}
}
