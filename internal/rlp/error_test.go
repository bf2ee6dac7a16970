package rlp

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrUnexpectedEnd, ErrValueTooLarge, ErrCanonSize, ErrCanonInt, ErrUintOverflow,
		ErrExpectedString, ErrExpectedList, ErrMoreThanOneValue, ErrTooFewElements,
		ErrTooManyElements, ErrTooDeep,
	}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			if k.Error() != string(k) {
				t.Fatal("Error text")
			}
			var err error = &Error{Err: k, Description: "list element 2"}
			if !errors.Is(err, k) {
				t.Fatal("errors.Is through Error")
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != k {
				t.Fatal("errors.As")
			}
			if err.Error() != string(k)+" (list element 2)" {
				t.Fatalf("Error() = %q", err.Error())
			}
			if (&Error{Err: k}).Error() != string(k) {
				t.Fatal("Error() without description")
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %v", other)
				}
			}
		})
	}
}
