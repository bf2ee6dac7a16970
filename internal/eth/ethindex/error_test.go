package ethindex

import (
	"errors"
	"io"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, kind := range []ErrorKind{ErrCorrupt, ErrVersion, ErrChain, ErrNotBest} {
		t.Run(string(kind), func(t *testing.T) {
			err := error(makeError(kind, io.EOF, "x %d", 1))
			if !errors.Is(err, kind) || !errors.Is(err, io.EOF) {
				t.Fatalf("errors.Is fails for %v", err)
			}
			var e Error
			if !errors.As(err, &e) || e.Err != kind || e.Description != "x 1" {
				t.Fatalf("errors.As: %+v", e)
			}
			if err.Error() != "x 1: EOF" || makeError(kind, nil, "y").Error() != "y" {
				t.Fatalf("message %q", err.Error())
			}
		})
	}
}
