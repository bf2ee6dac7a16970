package txscript

import (
	"errors"
	"testing"
)

func TestErrorCodesDistinct(t *testing.T) {
	names := map[string]ErrorCode{}
	descs := map[string]ErrorCode{}
	for c := ErrOK; c < numErrorCodes; c++ {
		name, desc := c.String(), c.Description()
		if name == "" || desc == "" {
			t.Fatalf("code %d has no name or description", c)
		}
		if prev, dup := names[name]; dup {
			t.Errorf("codes %d and %d share the name %q", prev, c, name)
		}
		if prev, dup := descs[desc]; dup {
			t.Errorf("codes %d and %d share the description %q", prev, c, desc)
		}
		names[name], descs[desc] = c, c
		got, ok := ParseErrorCode(name)
		if !ok || got != c {
			t.Errorf("ParseErrorCode(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := ParseErrorCode("NO_SUCH_ERROR"); ok {
		t.Error("ParseErrorCode accepted an unknown name")
	}
	if ErrorCode(-1).String() != "UNKNOWN_ERROR" || numErrorCodes.Description() != "unknown error" {
		t.Error("out-of-range codes are not reported as unknown")
	}
}

func TestErrorIsAs(t *testing.T) {
	for c := ErrUnknown; c < numErrorCodes; c++ {
		err := toError(c)
		if !errors.Is(err, c) {
			t.Errorf("errors.Is(%v, %s) = false", err, c)
		}
		if c != ErrEvalFalse && errors.Is(err, ErrEvalFalse) {
			t.Errorf("errors.Is(%v, ErrEvalFalse) = true", err)
		}
		var se *Error
		if !errors.As(err, &se) || se.Code != c || se.Description != c.Description() {
			t.Errorf("errors.As(%v) = %+v", err, se)
		}
		var code ErrorCode
		if !errors.As(err, &code) || code != c {
			t.Errorf("errors.As(%v, *ErrorCode) = %v", err, code)
		}
		if !errors.Is(err, &Error{Code: c}) {
			t.Errorf("errors.Is with an *Error target failed for %s", c)
		}
	}
	if toError(ErrOK) != nil {
		t.Error("toError(ErrOK) != nil")
	}
	want := "NULLFAIL: Signature must be zero for failed CHECK(MULTI)SIG operation"
	if got := toError(ErrNullFail).Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		in   string
		want Flags
		str  string
	}{
		{"", 0, "NONE"},
		{"NONE", 0, "NONE"},
		{"P2SH", FlagP2SH, "P2SH"},
		{"P2SH,WITNESS", FlagP2SH | FlagWitness, "P2SH,WITNESS"},
		{"WITNESS,P2SH,NONE", FlagP2SH | FlagWitness, "P2SH,WITNESS"},
		{"DISCOURAGE_UPGRADABLE_PUBKEYTYPE,TAPROOT", FlagDiscourageUpgradablePubKeyType | FlagTaproot, "TAPROOT,DISCOURAGE_UPGRADABLE_PUBKEYTYPE"},
	}
	for _, tc := range tests {
		got, err := ParseFlags(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseFlags(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != tc.str {
			t.Errorf("%v.String() = %q, want %q", got, s, tc.str)
		}
	}
	for _, bad := range []string{"P2SH,", "p2sh", "FOO", ",P2SH"} {
		if _, err := ParseFlags(bad); err == nil {
			t.Errorf("ParseFlags(%q) succeeded", bad)
		}
	}
	// Every flag round-trips through its name.
	all, err := ParseFlags(FlagsAll.String())
	if err != nil || all != FlagsAll {
		t.Errorf("FlagsAll round trip: %v, %v", all, err)
	}
	if numFlags != 21 {
		t.Errorf("%d flags, want Core's 21", numFlags)
	}
	if s := Flags(1 << 30).String(); s != "0x40000000" {
		t.Errorf("unknown bit: %q", s)
	}
}
