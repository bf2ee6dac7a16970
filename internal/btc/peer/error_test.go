package peer

import (
	"errors"
	"io"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrDisconnected, ErrAlreadyStarted, ErrRequested, ErrHandshakeTimeout, ErrSelfConnection,
		ErrObsoleteVersion, ErrMissingServices, ErrProtocol, ErrMisbehaving, ErrTimeout,
		ErrConnection, ErrQueueFull,
	}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(&Error{Err: k, Description: "d", Cause: io.EOF})
			if !errors.Is(err, k) || !errors.Is(err, io.EOF) {
				t.Errorf("errors.Is fails for %v", err)
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.Err != k {
				t.Errorf("errors.As fails for %v", err)
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Errorf("%v matches %v", err, other)
				}
			}
			if got := err.Error(); got != string(k)+": d: EOF" {
				t.Errorf("Error() = %q", got)
			}
			if got := makeError(k, "x %d", 1).Error(); got != string(k)+": x 1" {
				t.Errorf("makeError = %q", got)
			}
		})
	}
}

func TestConnectionTypeString(t *testing.T) {
	want := map[ConnectionType]string{
		Inbound: "inbound", OutboundFullRelay: "outbound-full-relay", BlockRelayOnly: "block-relay-only",
		Manual: "manual", Feeler: "feeler", AddrFetch: "addr-fetch", 99: "unknown",
	}
	for ct, s := range want {
		if ct.String() != s {
			t.Errorf("%d: %q, want %q", ct, ct.String(), s)
		}
	}
}

func TestLocalNonces(t *testing.T) {
	var s LocalNonces
	if s.Contains(1) {
		t.Fatal("empty set contains 1")
	}
	s.Add(1)
	s.Add(1)
	s.Remove(1)
	if !s.Contains(1) {
		t.Error("nonce added twice removed by one Remove")
	}
	s.Remove(1)
	if s.Contains(1) {
		t.Error("nonce still present")
	}
}
