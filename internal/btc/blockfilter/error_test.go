package blockfilter

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrInvalidParams, ErrTooManyElements, ErrBadElementCount,
		ErrTruncated, ErrExcessData, ErrUnknownFilterType,
	}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(makeError(k, "described"))
			if !errors.Is(err, k) {
				t.Fatal("errors.Is")
			}
			var e Error
			if !errors.As(err, &e) || e.Err != k || err.Error() != "described" {
				t.Fatal("errors.As")
			}
			if (Error{Err: k}).Error() != string(k) || k.Error() != string(k) {
				t.Fatal("Error()")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %v", other)
				}
			}
		})
	}
}
