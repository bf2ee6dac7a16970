package ethsync

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		text string
	}{
		{"with peer", syncErrorf(ErrBadBody, "7", "block %d", 3), "invalid block body (peer 7): block 3"},
		{"without peer", syncErrorf(ErrNoPeers, "", "blocks 1-9"), "no peer can deliver the missing bodies: blocks 1-9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err.Error() != tc.text {
				t.Errorf("Error() = %q", tc.err.Error())
			}
			if !errors.Is(tc.err, tc.err.Err) {
				t.Error("errors.Is fails on the kind")
			}
		})
	}
}
