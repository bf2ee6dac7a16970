package ethwire

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/rlp"
)

// TestErrorKinds checks errors.Is and errors.As for every kind.
func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrBadMagic, ErrOversized, ErrBadChecksum, ErrUnknownCode, ErrMalformed, ErrTooMany,
		ErrRemoteStale, ErrLocalIncompatibleOrStale}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(&MessageError{Kind: k, Code: StatusCode, HasCode: true, Description: "x", Err: rlp.ErrUnexpectedEnd})
			if !errors.Is(err, k) {
				t.Fatal("errors.Is on the kind failed")
			}
			if !errors.Is(err, rlp.ErrUnexpectedEnd) {
				t.Fatal("errors.Is on the cause failed")
			}
			var me *MessageError
			if !errors.As(err, &me) || me.Kind != k {
				t.Fatal("errors.As failed")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("also matches %v", other)
				}
			}
			if s := err.Error(); s != string(k)+" (Status): x: "+rlp.ErrUnexpectedEnd.Error() {
				t.Fatalf("message %q", s)
			}
		})
	}
	if s := (&MessageError{Kind: ErrBadMagic}).Error(); s != "ErrBadMagic" {
		t.Fatalf("message %q", s)
	}
}
