package wire

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrBadMagic, ErrOversized, ErrBadCommand, ErrBadChecksum, ErrUnknownCommand,
		ErrMalformed, ErrTooMany, ErrCmpctInvalid, ErrCmpctFailed}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(&MessageError{Kind: k, Command: "inv", Description: "d"})
			if !errors.Is(err, k) {
				t.Fatal("errors.Is")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %s too", other)
				}
			}
			var me *MessageError
			if !errors.As(err, &me) || me.Command != "inv" {
				t.Fatal("errors.As")
			}
			if k.Error() != string(k) || err.Error() != string(k)+" (inv): d" {
				t.Fatalf("message %q", err.Error())
			}
		})
	}
}

func TestErrorWrapsCause(t *testing.T) {
	// A non-canonical compact size inside a tx keeps primitives' sentinel.
	var m MsgInv
	err := m.Decode([]byte{0xfd, 0x01, 0x00})
	wantKind(t, err, ErrMalformed)
	if !errors.Is(err, primitives.ErrNonCanonicalCompactSize) {
		t.Fatalf("cause lost: %v", err)
	}
}
