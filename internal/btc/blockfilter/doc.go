// Package blockfilter implements BIP158 compact block filters and the filter
// hashes and headers of BIP157, as Bitcoin Core builds them for
// -blockfilterindex and serves them with cfilter/cfheaders/cfcheckpt.
//
// # Model
//
// A Filter is a Golomb-coded set (GCS). Each element (a byte string) is
// hashed with SipHash-2-4 under a 128-bit key and mapped into [0, N*M) by
// the multiply-shift reduction (the high 64 bits of hash*(N*M)), where N is
// the number of distinct elements and M the inverse false-positive rate. The
// mapped values are sorted and their successive differences written with
// Golomb-Rice coding of parameter P: the quotient d>>P in unary (ones closed
// by a zero), then the low P bits, most significant bit first. The encoding
// is compact-size N followed by that bit stream padded with zeros to a byte.
//
// The basic filter (type Basic) uses P=19, M=784931 and the first 16 bytes
// of the block hash (internal byte order, two little-endian words) as the
// SipHash key. Its elements are every output scriptPubKey of the block that
// is non-empty and does not start with OP_RETURN, plus every non-empty
// scriptPubKey the block's inputs spend; duplicates count once. The spent
// scripts live in the undo data, so callers pass them in (NewBasicFilter).
//
// A filter's hash is SHA256d of its encoding; its header is SHA256d(filter
// hash || previous header), with an all-zero previous header before the
// genesis block (FilterHeader). CheckpointInterval is the BIP157 spacing of
// cfcheckpt headers.
//
// # Use
//
// NewFilter and DecodeFilter work with any Params; NewBasicFilter,
// NewBlockFilter and DecodeBlockFilter derive them from a block. Match and
// MatchAny decode the set on the fly without allocating (MatchAny up to 128
// queries) and decode it once however many queries there are. Decoding
// checks, as Core does, that the data holds exactly N values and no excess
// bytes; it does not check the unused padding bits, so two encodings may
// decode to the same set. Decoded filters alias their input.
//
// # Errors
//
// Errors carry an ErrorKind (ErrBadElementCount, ErrTruncated,
// ErrExcessData, ...), usually inside an Error with a description; test
// them with errors.Is.
//
// # Purity and concurrency
//
// The package is pure (no I/O, clocks or global state) and keeps its own
// small SipHash-2-4. Filters are immutable and safe for concurrent use.
package blockfilter
