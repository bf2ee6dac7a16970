package ethpeer

import (
	"errors"
	"io"
	"testing"
)

// TestErrorKinds checks errors.Is and errors.As for every kind.
func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrDisconnected, ErrAlreadyStarted, ErrRequested, ErrHandshakeTimeout, ErrIncompatible,
		ErrProtocol, ErrMisbehaving, ErrRemoteDisconnect, ErrRejected, ErrTimeout, ErrSlowPeer, ErrConnection,
		ErrRequestTimeout, ErrBadResponse, ErrInvalidArgument}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(&Error{Err: k, Description: "d", Cause: io.EOF})
			if !errors.Is(err, k) || !errors.Is(err, io.EOF) {
				t.Fatal("errors.Is failed")
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != k {
				t.Fatal("errors.As failed")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("also matches %v", other)
				}
			}
			if s := err.Error(); s != string(k)+": d: EOF" {
				t.Fatalf("message %q", s)
			}
			if s := makeError(k, "x %d", 1).Error(); s != string(k)+": x 1" {
				t.Fatalf("message %q", s)
			}
		})
	}
}
