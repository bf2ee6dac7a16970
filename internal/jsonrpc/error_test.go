package jsonrpc

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrDuplicateMethod, ErrServerStarted, ErrBadRPCAuth, ErrBadAllowIP, ErrBadBind,
		ErrCookie, ErrUnauthorized, ErrHTTPStatus, ErrBadResponse, ErrConnection} {
		err := error(transportError(k, "desc %d", 1))
		var te *TransportError
		if !errors.Is(err, k) || !errors.As(err, &te) || te.Error() != "desc 1" || k.Error() != string(k) {
			t.Errorf("%s: errors.Is/As failed", k)
		}
	}
	var e error = NewError(CodeInvalidParameter, "bad %s", "x")
	var re *Error
	if !errors.As(e, &re) || re.Code != -8 || re.Message != "bad x" || e.Error() != "error code: -8\nerror message:\nbad x" {
		t.Errorf("Error: %v", e)
	}
}
