package miningrpc

import (
	"errors"
	"testing"
)

func TestErrors(t *testing.T) {
	_, err := New(Config{})
	if !errors.Is(err, ErrBadConfig) {
		t.Fatalf("got %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Description == "" {
		t.Fatal("not an *Error")
	}
}
