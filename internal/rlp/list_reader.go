package rlp

import (
	"math/big"
	"strconv"
)

// ListReader reads the elements of one RLP list in order, for hand-written
// decoders of fixed-shape structures (transactions, headers, receipts). The
// first error sticks: later reads return zero values and Err/Finish report
// the first failure, wrapped in an *Error naming the element index. Slices
// it returns alias the input.
//
// A typical decoder:
//
//	r := rlp.NewListReader(b)
//	nonce := r.Uint64()
//	to := r.Bytes()
//	value := r.BigInt()
//	if err := r.Finish(); err != nil {
//		return err
//	}
//
// A ListReader is a small value meant to live on the stack; it is not safe
// for concurrent use.
type ListReader struct {
	rest  []byte
	index int
	err   error
}

// NewListReader returns a reader over the elements of the list b, which
// must be exactly one RLP list (ErrExpectedList, ErrMoreThanOneValue and the
// header errors otherwise, reported by Err/Finish).
//
// This function is safe for concurrent access.
func NewListReader(b []byte) ListReader {
	k, content, err := Single(b)
	if err == nil && k != KindList {
		err = ErrExpectedList
	}
	return ListReader{rest: content, err: err}
}

// NewContentReader returns a reader over content, the already split content
// of a list (the concatenated encodings of its elements).
//
// This function is safe for concurrent access.
func NewContentReader(content []byte) ListReader {
	return ListReader{rest: content}
}

// Err returns the first error met, or nil.
func (r *ListReader) Err() error { return r.err }

// More reports whether elements remain and no error has occurred.
func (r *ListReader) More() bool { return r.err == nil && len(r.rest) > 0 }

// Index returns the number of elements read so far.
func (r *ListReader) Index() int { return r.index }

// Finish returns the first error met or, if there was none, ErrTooManyElements
// when elements remain unread.
func (r *ListReader) Finish() error {
	if r.err == nil && len(r.rest) > 0 {
		r.err = &Error{Err: ErrTooManyElements, Description: "unread elements after element " + strconv.Itoa(r.index)}
	}
	return r.err
}

// fail records err as the error of the element at r.index.
func (r *ListReader) fail(err error) {
	r.err = elemError(err, r.index)
}

// next splits off the next element.
func (r *ListReader) next() (Kind, []byte, []byte, bool) {
	if r.err != nil {
		return 0, nil, nil, false
	}
	if len(r.rest) == 0 {
		r.fail(ErrTooFewElements)
		return 0, nil, nil, false
	}
	k, content, rest, err := Split(r.rest)
	if err != nil {
		r.fail(err)
		return 0, nil, nil, false
	}
	raw := r.rest[:len(r.rest)-len(rest)]
	r.rest = rest
	r.index++
	return k, content, raw, true
}

// Raw returns the complete encoding of the next element, whatever its kind.
func (r *ListReader) Raw() []byte {
	_, _, raw, _ := r.next()
	return raw
}

// Kind reports the kind of the next element without consuming it. It
// returns KindString when no element remains or an error occurred.
func (r *ListReader) Kind() Kind {
	if !r.More() {
		return KindString
	}
	k, _, _, err := ParseHeader(r.rest)
	if err != nil {
		return KindString
	}
	return k
}

// Bytes returns the content of the next element, which must be a string.
func (r *ListReader) Bytes() []byte {
	k, content, _, ok := r.next()
	if !ok {
		return nil
	}
	if k != KindString {
		r.index--
		r.fail(ErrExpectedString)
		return nil
	}
	return content
}

// UintBytes returns the big-endian bytes (no leading zeros, empty for zero)
// of the next element, which must be a canonical integer.
func (r *ListReader) UintBytes() []byte {
	b := r.Bytes()
	if len(b) > 0 && b[0] == 0 {
		r.index--
		r.fail(ErrCanonInt)
		return nil
	}
	return b
}

// Uint64 returns the next element as a canonical integer of at most 8
// bytes.
func (r *ListReader) Uint64() uint64 {
	b := r.Bytes()
	if r.err != nil {
		return 0
	}
	x, err := ParseUint64(b)
	if err != nil {
		r.index--
		r.fail(err)
	}
	return x
}

// Uint256 returns the next element as a canonical integer of at most 32
// bytes, in the limb layout of SplitUint256.
func (r *ListReader) Uint256() [4]uint64 {
	var x [4]uint64
	if !r.More() {
		r.next() // records the error
		return x
	}
	x, rest, err := SplitUint256(r.rest)
	if err != nil {
		r.fail(err)
		return x
	}
	r.rest = rest
	r.index++
	return x
}

// BigInt returns the next element as a canonical integer in a new big.Int
// (nil after an error).
func (r *ListReader) BigInt() *big.Int {
	b := r.UintBytes()
	if r.err != nil {
		return nil
	}
	return new(big.Int).SetBytes(b)
}

// List returns a reader over the next element, which must be a list. After
// an error the returned reader carries the same error.
func (r *ListReader) List() ListReader {
	k, content, _, ok := r.next()
	if !ok {
		return ListReader{err: r.err}
	}
	if k != KindList {
		r.index--
		r.fail(ErrExpectedList)
		return ListReader{err: r.err}
	}
	return ListReader{rest: content}
}

// ListContent returns the content of the next element, which must be a list.
func (r *ListReader) ListContent() []byte {
	k, content, _, ok := r.next()
	if !ok {
		return nil
	}
	if k != KindList {
		r.index--
		r.fail(ErrExpectedList)
		return nil
	}
	return content
}
