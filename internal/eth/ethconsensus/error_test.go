package ethconsensus

import (
	"errors"
	"testing"
)

// TestErrorKinds checks that every kind is found through a RuleError with
// errors.Is and errors.As, and the texts.
func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrUnknownAncestor, ErrFutureBlock, ErrInvalidNumber, ErrOlderBlockTime,
		ErrExtraDataTooLong, ErrInvalidDifficulty, ErrNonPositiveDifficulty,
		ErrInvalidMixDigest, ErrInvalidPoW, ErrEpochTooHigh, ErrTooManyUncles,
		ErrDuplicateUncle, ErrUncleIsAncestor, ErrDanglingUncle, ErrInvalidConfig,
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if seen[k.Error()] {
			t.Errorf("duplicate text %q", k)
		}
		seen[k.Error()] = true
		err := ruleErrorf(k, "detail %d", 1)
		if !errors.Is(err, k) {
			t.Errorf("errors.Is(%v, %q) = false", err, k)
		}
		var re *RuleError
		if !errors.As(err, &re) || re.Err != k || re.Description != "detail 1" {
			t.Errorf("errors.As(%v) = %+v", err, re)
		}
		if want := string(k) + ": detail 1"; err.Error() != want {
			t.Errorf("Error() = %q, want %q", err.Error(), want)
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%q matches %q", k, other)
			}
		}
	}
	if got := (&RuleError{Err: ErrInvalidPoW}).Error(); got != "invalid proof-of-work" {
		t.Errorf("bare kind: %q", got)
	}
	// geth's texts users know.
	for k, want := range map[ErrorKind]string{
		ErrTooManyUncles:    "too many uncles",
		ErrDuplicateUncle:   "duplicate uncle",
		ErrUncleIsAncestor:  "uncle is ancestor",
		ErrDanglingUncle:    "uncle's parent is not ancestor",
		ErrInvalidMixDigest: "invalid mix digest",
		ErrInvalidPoW:       "invalid proof-of-work",
	} {
		if string(k) != want {
			t.Errorf("%q, want %q", k, want)
		}
	}
}
