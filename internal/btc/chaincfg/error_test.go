package chaincfg

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrUnknownNetwork, ErrInvalidTestActivationHeight}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := makeError(k, "description of %s", k)
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
		})
	}
}
