package ethrawdb

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
)

func TestErrorKinds(t *testing.T) {
	cause := errors.New("cause")
	for _, kind := range []ErrorKind{ErrCorrupt, ErrSchemaVersion, ErrMismatch, ErrNoConsistentHead, ErrPruneActive} {
		t.Run(string(kind), func(t *testing.T) {
			err := error(&Error{Err: kind, Description: "d", Cause: cause})
			if !errors.Is(err, kind) || !errors.Is(err, cause) {
				t.Fatalf("errors.Is fails for %v", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != kind {
				t.Fatal("errors.As fails")
			}
			if got, want := err.Error(), string(kind)+": d: cause"; got != want {
				t.Fatalf("text %q, want %q", got, want)
			}
			if errors.Is(&Error{Err: kind}, cause) {
				t.Fatal("cause matched without cause")
			}
		})
	}
	if !errors.Is(readErr(kv.ErrNotFound, "x"), ErrNotFound) || !errors.Is(writeErr(kv.ErrClosed, "x"), kv.ErrClosed) {
		t.Fatal("wrapped storage errors must stay matchable")
	}
}
