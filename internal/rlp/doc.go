// Package rlp implements Recursive Length Prefix encoding, the serialization
// of Ethereum (Yellow Paper, appendix B), with strict canonical decoding.
//
// # Model
//
// An RLP value is either a string (a byte array; integers are strings holding
// their big-endian bytes without leading zeros) or a list of values. The
// encoding is a header followed by content:
//
//	0x00-0x7f            a single byte below 0x80 is its own encoding
//	0x80+n, n <= 55      string of n bytes follows
//	0xb7+ll, size        string; size is ll big-endian bytes, size >= 56
//	0xc0+n, n <= 55      list whose element encodings take n bytes
//	0xf7+ll, size        list; size is ll big-endian bytes, size >= 56
//
// Every value has exactly one encoding. The decoders here accept only that
// one and reject everything else with a distinct error kind: a long header
// for content under 56 bytes, a size with a leading zero byte, or a byte
// below 0x80 wrapped as a one-byte string (ErrCanonSize); an integer with a
// leading zero byte (ErrCanonInt); a size larger than the remaining input
// (ErrValueTooLarge); a header cut short (ErrUnexpectedEnd); trailing bytes
// where exactly one value is expected (ErrMoreThanOneValue); a list where a
// string is expected and the reverse (ErrExpectedString, ErrExpectedList).
// Sizes read from the input are compared with the remaining input before
// they are used, so hostile input can neither panic a decoder nor make it
// allocate more than the input's size.
//
// # API
//
// The core is a low-level, allocation-free API that protocol types use to
// write their own EncodeRLP/DecodeRLP methods without reflection:
//
//   - Decoding splits values off a byte slice: Split returns the kind, the
//     content and the rest; SplitString, SplitList, SplitUint64,
//     SplitUint256, SplitUintBytes and SplitBigInt expect a kind; Single
//     checks that the input is exactly one value; CountValues counts the
//     elements of a list's content; ParseHeader reads only a header, for
//     streaming. Returned slices alias the input.
//   - ListReader walks the elements of a fixed-shape list (a transaction, a
//     header) with a sticky error, so a decoder reads field after field and
//     checks one error at the end (Finish also rejects leftover elements).
//   - Encoding appends to a caller's buffer, like strconv.AppendInt:
//     AppendBytes, AppendString, AppendUint64, AppendUint256, AppendBigInt,
//     AppendUintBytes, AppendBool; lists either with AppendListHeader when
//     the content size is known (the Size functions — BytesSize, Uint64Size,
//     Uint256Size, BigIntSize, ListSize — compute it) or with the
//     StartList/EndList pair, which back-patches the header.
//
// Value is a generic tree (string or list) with Decode and Encode, for tests,
// tools and debugging. There is no reflection-based encoder.
//
// 256-bit integers are passed as *[4]uint64 / [4]uint64 little-endian limbs,
// the layout of github.com/holiman/uint256.Int, so that package converts
// without copying and this one needs no dependency.
//
// # Errors
//
// Errors are ErrorKind constants compared with errors.Is. The split functions
// return the kinds themselves (no allocation); ListReader wraps them in an
// *Error naming the list element, which unwraps to the kind.
//
// # Concurrency
//
// All functions are pure and safe for concurrent use. A ListReader is not.
package rlp
