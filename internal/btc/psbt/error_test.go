package psbt

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrDecode, ErrInvalidBase64, ErrNotCompatible, ErrInvalidTx,
		ErrMissingInputs, ErrSighashMismatch, ErrNotFinalized, ErrIndex, ErrSign}
	for _, k := range kinds {
		err := makeError(k, "desc")
		if !errors.Is(err, k) {
			t.Errorf("%v: errors.Is failed", k)
		}
		var e Error
		if !errors.As(err, &e) || e.Description != "desc" || err.Error() != "desc" {
			t.Errorf("%v: errors.As failed", k)
		}
		if k.Error() != string(k) {
			t.Errorf("%v: Error()", k)
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%v matches %v", k, other)
			}
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, b64, want string
	}{
		{"not base64", "cHNidP8B!!!", "invalid base64"},
		{"bad magic", "cHNidA==", "SpanReader::read(): end of data"},
		{"no separator", "cHNidP8=", "Separator is missing at the end of the global map"},
		{"no tx", "cHNidP8A", "No unsigned transaction was provided"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeBase64(tc.b64)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Decode([]byte("psbX\xff\x00")); err == nil || err.Error() != "Invalid PSBT magic bytes" {
		t.Fatalf("magic: %v", err)
	}
	_, err := DecodeBase64("cHNidP8=")
	if got := RPCMessage(err); got != "Separator is missing at the end of the global map: iostream error" {
		t.Fatalf("RPCMessage: %q", got)
	}
	_, err = DecodeBase64("!")
	if got := RPCMessage(err); got != "invalid base64" {
		t.Fatalf("RPCMessage: %q", got)
	}
	v := loadVectors(t)
	p, _ := DecodeBase64(v.Valid[0])
	raw := append(p.Encode(), 0x00)
	if _, err := Decode(raw); err == nil || err.Error() != "extra data after PSBT" {
		t.Fatalf("trailing: %v", err)
	}
	for i := 0; i < len(raw)-1; i++ {
		if _, err := Decode(raw[:i]); err == nil {
			t.Fatalf("truncated at %d decoded", i)
		}
	}
}

func TestCombineIncompatible(t *testing.T) {
	v := loadVectors(t)
	a, _ := DecodeBase64(v.Valid[0])
	b, _ := DecodeBase64(v.Signer[0].PSBT)
	_, err := Combine(a, b)
	if !errors.Is(err, ErrNotCompatible) || err.Error() != "PSBTs not compatible (different transactions)" {
		t.Fatalf("got %v", err)
	}
	if _, err := Combine(); !errors.Is(err, ErrNotCompatible) {
		t.Fatalf("empty: %v", err)
	}
}
