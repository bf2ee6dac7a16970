package ethminer

import (
	"errors"
	"io"
	"testing"
)

func TestErrorUnwrap(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []error
		text string
	}{
		{"kind only", &Error{Err: ErrNoParent}, []error{ErrNoParent}, "miner: no head block"},
		{"with cause", &Error{Err: ErrState, Cause: io.EOF}, []error{ErrState, io.EOF}, "miner: state unavailable: EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !errors.Is(tc.err, w) {
					t.Errorf("errors.Is(%v, %v) = false", tc.err, w)
				}
			}
			if tc.err.Error() != tc.text {
				t.Errorf("text %q, want %q", tc.err.Error(), tc.text)
			}
		})
	}
}

func TestNewRejectsLongExtra(t *testing.T) {
	if _, err := New(Config{ExtraData: make([]byte, 33)}, nil, nil, nil); !errors.Is(err, ErrExtraTooLong) {
		t.Fatalf("New with 33 bytes of extra: %v", err)
	}
}
