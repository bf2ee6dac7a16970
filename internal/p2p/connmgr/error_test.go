package connmgr

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := map[ErrorKind]int{
		ErrNodeAlreadyAdded: -23, ErrNodeNotAdded: -24, ErrNodeNotConnected: -29, ErrInvalidSubnet: -30,
		ErrAlreadyBanned: -23, ErrNotBanned: -30, ErrInvalidParameter: -8, ErrInvalidAddress: -30,
		ErrBanlistCorrupt: -1, ErrNotRunning: -1,
	}
	for k, code := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(makeError(k, "described %s", k))
			if !errors.Is(err, k) {
				t.Fatal("errors.Is failed")
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != k || e.Description != "described "+string(k) {
				t.Fatalf("errors.As: %+v", e)
			}
			for other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %s", other)
				}
			}
			if k.Error() != string(k) || e.RPCCode() != code {
				t.Fatalf("kind string or code %d", e.RPCCode())
			}
		})
	}
}
