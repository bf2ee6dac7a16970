package trie

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrMissingNode, ErrInvalidNode, ErrInvalidProof, ErrKeyOrder, ErrEmptyValue, ErrStackTrieDone}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			var err error = &Error{Err: k, Description: "detail"}
			if !errors.Is(err, k) || err.Error() != string(k)+": detail" {
				t.Fatalf("Error = %q", err.Error())
			}
			if (&Error{Err: k}).Error() != string(k) {
				t.Fatal("Error without description")
			}
			var e *Error
			if !errors.As(err, &e) || e.Err != k {
				t.Fatal("errors.As")
			}
			for _, o := range kinds {
				if o != k && errors.Is(err, o) {
					t.Fatalf("matches %v", o)
				}
			}
		})
	}
	readerErr := errors.New("not found in db")
	var err error = &MissingNodeError{Hash: Hash{1}, Path: []byte{1, 2}, Err: readerErr}
	if !errors.Is(err, ErrMissingNode) || !errors.Is(err, readerErr) || errors.Is(err, ErrInvalidNode) {
		t.Fatal("MissingNodeError matching")
	}
	var me *MissingNodeError
	if !errors.As(err, &me) || me.Hash != (Hash{1}) {
		t.Fatal("errors.As MissingNodeError")
	}
	if err.Error() == "" {
		t.Fatal("empty message")
	}
}
