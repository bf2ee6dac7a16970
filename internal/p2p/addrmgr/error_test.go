package addrmgr

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrInvalidAddr, ErrWrongMagic, ErrChecksum, ErrTruncated, ErrUnsupportedVersion, ErrCorrupt}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(makeError(k, "described %s", k))
			if !errors.Is(err, k) {
				t.Fatal("errors.Is failed")
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != k || e.Description != "described "+string(k) {
				t.Fatalf("errors.As: %+v", e)
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %s", other)
				}
			}
			if k.Error() != string(k) {
				t.Fatal("kind string")
			}
		})
	}
}
