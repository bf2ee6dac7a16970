package address

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrInvalidFormat, ErrMixedCase, ErrInvalidChecksum, ErrWrongChecksumVariant,
		ErrInvalidLength, ErrInvalidPadding, ErrInvalidWitnessVersion, ErrWrongNetwork,
		ErrUnknownPrefix, ErrUnsupportedScript, ErrInvalidPubKey, ErrInvalidPrivKey,
	}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := makeError(k, "about %s", k)
			if !errors.Is(err, k) {
				t.Fatal("errors.Is fails")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("errors.Is matches %s", other)
				}
			}
			var e Error
			if !errors.As(err, &e) || e.Err != k || err.Error() != "about "+string(k) || k.Error() != string(k) {
				t.Fatal("errors.As or messages")
			}
		})
	}
}
