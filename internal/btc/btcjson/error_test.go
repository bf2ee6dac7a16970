package btcjson

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, kind := range []ErrorKind{ErrInvalidHex, ErrTxDecode, ErrBlockDecode} {
		err := makeError(kind, "something about %s", kind)
		if !errors.Is(err, kind) {
			t.Errorf("errors.Is(%v, %v) = false", err, kind)
		}
		var e Error
		if !errors.As(err, &e) || e.Err != kind || e.Error() != "something about "+string(kind) {
			t.Errorf("errors.As(%v) = %+v", err, e)
		}
		if kind.Error() != string(kind) {
			t.Errorf("kind string %q", kind.Error())
		}
		for _, other := range []ErrorKind{ErrInvalidHex, ErrTxDecode, ErrBlockDecode} {
			if other != kind && errors.Is(err, other) {
				t.Errorf("%v matches %v", err, other)
			}
		}
	}
}
