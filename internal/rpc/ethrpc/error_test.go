package ethrpc

import (
	"errors"
	"testing"
)

// TestErrorKinds checks errors.Is for every kind and New's failures.
func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrNoChain, ErrNoPool, ErrRegister} {
		e := &Error{Err: k, Description: "x"}
		if !errors.Is(e, k) || e.Error() != "x" || k.Error() != string(k) {
			t.Fatalf("kind %s", k)
		}
	}
	if _, err := New(Config{}); !errors.Is(err, ErrNoChain) {
		t.Fatalf("New without chain: %v", err)
	}
	e := newEnv(t)
	if _, err := New(Config{Chain: e.bc}); !errors.Is(err, ErrNoPool) {
		t.Fatalf("New without pool: %v", err)
	}
}
