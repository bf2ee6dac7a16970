package precompile

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrInvalidInputLength, ErrBadPairingInput, ErrCoordinateOutOfRange, ErrPointNotOnCurve,
		ErrPointNotInSubgroup, ErrInvalidFinalFlag, ErrModExpTooLarge, ErrVersionedHashMismatch,
		ErrKZGProof, ErrKZGSetup,
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if k.Error() == "" || seen[k.Error()] {
			t.Errorf("kind %q is empty or duplicated", k)
		}
		seen[k.Error()] = true
		if !errors.Is(k, k) {
			t.Errorf("errors.Is(%q, itself) is false", k)
		}
		wrapped := Error{Err: k, Description: "detail: " + string(k)}
		if !errors.Is(wrapped, k) {
			t.Errorf("errors.Is(Error{%q}, kind) is false", k)
		}
		var got ErrorKind
		if !errors.As(wrapped, &got) || got != k {
			t.Errorf("errors.As(Error{%q}) = %q", k, got)
		}
		var e Error
		if !errors.As(error(wrapped), &e) || e.Description != "detail: "+string(k) || e.Error() != e.Description {
			t.Errorf("errors.As(Error{%q}, *Error) = %+v", k, e)
		}
		for _, other := range kinds {
			if other != k && errors.Is(wrapped, other) {
				t.Errorf("Error{%q} matches %q", k, other)
			}
		}
	}
}

// TestRunErrorsUseKinds checks that the failures each contract produces
// are reported with the documented kinds.
func TestRunErrorsUseKinds(t *testing.T) {
	tests := []struct {
		name string
		c    Contract
		in   []byte
		want error
	}{
		{"blake2f length", Blake2F{}, make([]byte, 212), ErrInvalidInputLength},
		{"blake2f flag", Blake2F{}, append(make([]byte, 212), 7), ErrInvalidFinalFlag},
		{"pairing length", BN254Pairing{}, make([]byte, 100), ErrBadPairingInput},
		{"add range", BN254Add{}, unhex(t, allFF), ErrCoordinateOutOfRange},
		{"mul curve", BN254ScalarMul{}, unhex(t, zeros(31)+"01"), ErrPointNotOnCurve},
		{"modexp size", ModExp{}, unhex(t, allFF+allFF+allFF), ErrModExpTooLarge},
		{"kzg length", PointEvaluation{}, nil, ErrInvalidInputLength},
		{"kzg hash", PointEvaluation{}, make([]byte, 192), ErrVersionedHashMismatch},
	}
	for _, tt := range tests {
		if _, err := tt.c.Run(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
}
