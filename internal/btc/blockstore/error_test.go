package blockstore

import (
	"errors"
	"io/fs"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrNotFound, ErrBadPos, ErrFileMissing, ErrBadMagic, ErrBadSize, ErrTruncated,
		ErrChecksum, ErrMalformed, ErrHashMismatch, ErrBlockTooLarge, ErrInvalidRecord, ErrBadXORKey, ErrReadOnly, ErrIO, ErrClosed}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(makeError(k, "description of %s", k))
			if !errors.Is(err, k) {
				t.Fatal("errors.Is fails")
			}
			var e Error
			if !errors.As(err, &e) || e.Err != k {
				t.Fatal("errors.As fails")
			}
			if err.Error() != "description of "+string(k) || k.Error() != string(k) {
				t.Fatalf("messages: %q %q", err.Error(), k.Error())
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("%s also matches %s", k, other)
				}
			}
			wrapped := error(wrapError(k, fs.ErrNotExist, "with a cause"))
			if !errors.Is(wrapped, k) || !errors.Is(wrapped, fs.ErrNotExist) {
				t.Fatal("wrapped error loses its kind or cause")
			}
			if wrapped.Error() != "with a cause: "+fs.ErrNotExist.Error() {
				t.Fatalf("message %q", wrapped.Error())
			}
		})
	}
}
