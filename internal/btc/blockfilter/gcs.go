package blockfilter

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// MaxP is the largest Golomb-Rice parameter this package accepts. BIP158's
// basic filter uses 19.
const MaxP = 32

// Params are the parameters of a Golomb-coded set: the SipHash key, the
// Golomb-Rice parameter P and the inverse false-positive rate M. Elements
// hash into [0, N*M). Differences between values average M, so the coding
// is compact (and building quick) only when P is close to log2(M); BIP158
// uses P=19 with M=784931.
type Params struct {
	K0, K1 uint64 // SipHash-2-4 key, the little-endian halves of 16 bytes
	P      uint8  // bits in each remainder
	M      uint32 // inverse false-positive rate
}

func (p Params) check() error {
	if p.P > MaxP || p.M == 0 {
		return makeError(ErrInvalidParams, fmt.Sprintf("invalid GCS parameters P=%d M=%d", p.P, p.M))
	}
	return nil
}

// KeyFromBlockHash returns the SipHash key BIP158 derives from a block hash:
// the first 16 bytes of the hash in internal byte order, read as two
// little-endian 64-bit words.
func KeyFromBlockHash(h chainhash.Hash) (k0, k1 uint64) {
	return binary.LittleEndian.Uint64(h[0:8]), binary.LittleEndian.Uint64(h[8:16])
}

// Filter is a Golomb-coded set: its serialized form (compact-size N, then
// the Golomb-Rice coded deltas of the sorted hashed elements, zero-padded to
// a byte) and the parameters to query it. Queries decode the set on the fly
// and allocate nothing for one element.
//
// A Filter is immutable; its methods are safe for concurrent use.
type Filter struct {
	params  Params
	n       uint32
	f       uint64 // N * M
	hdr     int    // bytes of the compact-size N
	encoded []byte
}

// hashed is the 64-bit SipHash of elements[i], before mapping into range.
// It holds no pointer, so sorting moves no pointers (no write barriers).
type hashed struct {
	h uint64
	i uint32
}

// NewFilter builds the Golomb-coded set of elements under params. Duplicate
// elements (equal bytes) are counted once; the elements need no order. The
// filter does not retain the element slices.
//
// This function is safe for concurrent access.
func NewFilter(params Params, elements [][]byte) (*Filter, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	return build(params, elements)
}

// build hashes, sorts and deduplicates elements, then encodes the filter.
func build(params Params, elements [][]byte) (*Filter, error) {
	if uint64(len(elements)) > 0xffffffff {
		return nil, makeError(ErrTooManyElements, fmt.Sprintf("N must be <2^32, got %d", len(elements)))
	}
	hs := make([]hashed, len(elements))
	for i, e := range elements {
		hs[i] = hashed{h: sipHash24(params.K0, params.K1, e), i: uint32(i)}
	}
	sortHashed(hs)
	hs = dedupe(hs, elements)

	n := uint32(len(hs))
	fl := &Filter{params: params, n: n, f: uint64(n) * uint64(params.M)}
	fl.hdr = primitives.CompactSizeLen(uint64(n))

	// Each delta takes about P+2 bits; reserve a little more. Mapping into
	// [0, F) is monotonic, so the sorted hashes give sorted values.
	est := fl.hdr + (len(hs)*(int(params.P)+3)+7)/8
	w := bitWriter{buf: primitives.AppendCompactSize(make([]byte, 0, est), uint64(n))}
	var last uint64
	for _, x := range hs {
		v, _ := bits.Mul64(x.h, fl.f)
		w.golombRice(v-last, params.P)
		last = v
	}
	fl.encoded = w.flush()
	return fl, nil
}

// dedupe removes from hs, sorted by hash, the entries whose element bytes
// repeat an earlier entry's. Equal elements have equal hashes, so they sit
// in one run of equal hashes; within a run (almost always one element
// repeated, a true collision is a 2^-64 event) it keeps each distinct byte
// string once.
func dedupe(hs []hashed, elements [][]byte) []hashed {
	out := hs[:0]
	for start := 0; start < len(hs); {
		end := start + 1
		for end < len(hs) && hs[end].h == hs[start].h {
			end++
		}
		runStart := len(out)
		for _, x := range hs[start:end] {
			dup := false
			for _, y := range out[runStart:] {
				if bytes.Equal(elements[x.i], elements[y.i]) {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, x)
			}
		}
		start = end
	}
	return out
}

// DecodeFilter parses an encoded filter under params and checks, as Core
// does, that it holds exactly N Golomb-Rice coded values and no excess whole
// bytes (unused bits of the last byte are not checked). N must be a canonical
// compact size no larger than Core's MAX_SIZE. The filter aliases encoded,
// which must not be modified afterwards.
//
// This function is safe for concurrent access.
func DecodeFilter(params Params, encoded []byte) (*Filter, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	n64, hdr, err := primitives.ReadCompactSize(encoded)
	if err != nil {
		return nil, Error{Err: ErrBadElementCount, Description: "filter element count: " + err.Error()}
	}
	if n64 > 0xffffffff {
		return nil, makeError(ErrTooManyElements, "N must be <2^32")
	}
	// Every value takes at least P+1 bits: reject impossible counts before
	// walking the data.
	body := encoded[hdr:]
	if n64*(uint64(params.P)+1) > 8*uint64(len(body)) {
		return nil, makeError(ErrTruncated, fmt.Sprintf("encoded_filter of %d bytes cannot hold %d elements", len(body), n64))
	}
	fl := &Filter{params: params, n: uint32(n64), f: n64 * uint64(params.M), hdr: hdr, encoded: encoded}
	r := bitReader{b: body}
	for range fl.n {
		if _, ok := r.golombRice(params.P); !ok {
			return nil, makeError(ErrTruncated, fmt.Sprintf("encoded_filter ends before its %d elements", fl.n))
		}
	}
	if r.unreadBytes() != 0 {
		return nil, makeError(ErrExcessData, fmt.Sprintf("encoded_filter contains %d bytes of excess data", r.unreadBytes()))
	}
	return fl, nil
}

// N returns the number of elements in the filter.
func (fl *Filter) N() uint32 { return fl.n }

// Params returns the parameters the filter was built or decoded with.
func (fl *Filter) Params() Params { return fl.params }

// Bytes returns the encoded filter. The caller must not modify it.
func (fl *Filter) Bytes() []byte { return fl.encoded }

// Hash returns the filter hash BIP157 defines: SHA256d of the encoded filter.
func (fl *Filter) Hash() chainhash.Hash { return chainhash.DoubleSHA256(fl.encoded) }

// Header returns the BIP157 filter header that chains this filter to the
// previous block's filter header (all zeros before the genesis block).
func (fl *Filter) Header(prevHeader chainhash.Hash) chainhash.Hash {
	return FilterHeader(fl.Hash(), prevHeader)
}

// hashToRange maps an element into [0, N*M) with SipHash-2-4 and the
// multiply-shift range reduction.
func (fl *Filter) hashToRange(e []byte) uint64 {
	v, _ := bits.Mul64(sipHash24(fl.params.K0, fl.params.K1, e), fl.f)
	return v
}

// Match reports whether element may be in the set: always true for a member,
// true with probability about 1/M for a non-member.
//
// This function is safe for concurrent access.
func (fl *Filter) Match(element []byte) bool {
	q := [1]uint64{fl.hashToRange(element)}
	return fl.matchSorted(q[:])
}

// MatchAny reports whether any of elements may be in the set. It decodes the
// filter once, whatever the number of elements. Up to 128 elements need no
// allocation.
//
// This function is safe for concurrent access.
func (fl *Filter) MatchAny(elements [][]byte) bool {
	if fl.n == 0 || len(elements) == 0 {
		return false
	}
	var buf [128]uint64
	q := buf[:0]
	if len(elements) > len(buf) {
		q = make([]uint64, 0, len(elements))
	}
	for _, e := range elements {
		q = append(q, fl.hashToRange(e))
	}
	slices.Sort(q)
	return fl.matchSorted(q)
}

// matchSorted walks the coded values and the sorted queries together.
func (fl *Filter) matchSorted(q []uint64) bool {
	r := bitReader{b: fl.encoded[fl.hdr:]}
	var value uint64
	i := 0
	for range fl.n {
		d, ok := r.golombRice(fl.params.P)
		if !ok {
			return false // unreachable for a built or decoded filter
		}
		value += d
		for q[i] <= value {
			if q[i] == value {
				return true
			}
			i++
			if i == len(q) {
				return false
			}
		}
	}
	return false
}

// values decodes every value of the filter, for tests.
func (fl *Filter) values() []uint64 {
	out := make([]uint64, 0, fl.n)
	r := bitReader{b: fl.encoded[fl.hdr:]}
	var value uint64
	for range fl.n {
		d, _ := r.golombRice(fl.params.P)
		value += d
		out = append(out, value)
	}
	return out
}

// FilterHeader returns SHA256d(filterHash || prevHeader), the BIP157 filter
// header of a block whose filter hashes to filterHash.
func FilterHeader(filterHash, prevHeader chainhash.Hash) chainhash.Hash {
	var b [2 * chainhash.HashSize]byte
	copy(b[:chainhash.HashSize], filterHash[:])
	copy(b[chainhash.HashSize:], prevHeader[:])
	return chainhash.DoubleSHA256(b[:])
}
