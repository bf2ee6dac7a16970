package logging

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrUnknownCategory, ErrOpenFile} {
		err := error(makeError(k, "x %d", 1))
		var e *Error
		if !errors.Is(err, k) || !errors.As(err, &e) || e.Error() != "x 1" || k.Error() != string(k) {
			t.Errorf("%s: errors.Is/As failed", k)
		}
	}
	if _, err := New(Config{File: "/dev/null/debug.log"}); !errors.Is(err, ErrOpenFile) {
		t.Errorf("unopenable file: %v", err)
	}
}
