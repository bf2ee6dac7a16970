package blockfilter

import (
	"bytes"
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// randomElements returns n random 32-byte elements from a seeded source.
func randomElements(seed uint64, n int) [][]byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([][]byte, n)
	for i := range out {
		e := make([]byte, 32)
		for j := range e {
			e[j] = byte(r.Uint32())
		}
		out[i] = e
	}
	return out
}

// TestGCSRoundTrip builds filters with several parameter sets, decodes them
// and checks membership, like Core's gcsfilter_test.
func TestGCSRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		params Params
		n      int
	}{
		{"basic 100", Params{K0: 1, K1: 2, P: BasicFilterP, M: BasicFilterM}, 100},
		{"core test params", Params{K0: 0, K1: 0, P: 10, M: 1 << 10}, 100},
		{"P=0", Params{K0: 3, K1: 4, P: 0, M: 1}, 50},
		{"P=32", Params{K0: 5, K1: 6, P: 32, M: 0xffffffff}, 50},
		{"large quotients", Params{K0: 7, K1: 8, P: 1, M: 1 << 20}, 20},
		{"one element", Params{P: BasicFilterP, M: BasicFilterM}, 1},
		{"basic 10000", Params{K0: 9, K1: 10, P: BasicFilterP, M: BasicFilterM}, 10000},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			elems := randomElements(uint64(i), tc.n)
			fl, err := NewFilter(tc.params, elems)
			if err != nil {
				t.Fatal(err)
			}
			if fl.N() != uint32(tc.n) || fl.Params() != tc.params {
				t.Fatalf("N=%d params=%+v", fl.N(), fl.Params())
			}
			for j, e := range elems {
				if !fl.Match(e) {
					t.Fatalf("element %d not matched", j)
				}
			}
			dec, err := DecodeFilter(tc.params, fl.Bytes())
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !slices.Equal(dec.values(), fl.values()) {
				t.Fatal("decoded values differ")
			}
			if !slices.IsSorted(fl.values()) {
				t.Fatal("values not sorted")
			}
			// The values are exactly the mapped hashes, sorted.
			want := make([]uint64, len(elems))
			for j, e := range elems {
				want[j] = fl.hashToRange(e)
			}
			slices.Sort(want)
			if !slices.Equal(want, fl.values()) {
				t.Fatal("values are not the sorted hashes")
			}
			if !dec.MatchAny(elems) || !dec.MatchAny(append(randomElements(1000, 200), elems[len(elems)-1])) {
				t.Fatal("MatchAny")
			}
		})
	}
}

func TestFalsePositives(t *testing.T) {
	params := Params{K0: 11, K1: 12, P: BasicFilterP, M: BasicFilterM}
	fl, err := NewFilter(params, randomElements(1, 1000))
	if err != nil {
		t.Fatal(err)
	}
	others := randomElements(2, 20000)
	hits := 0
	for _, e := range others {
		if fl.Match(e) {
			hits++
		}
	}
	// Expected about 20000/784931 = 0.03.
	if hits > 2 {
		t.Fatalf("%d false positives in 20000", hits)
	}
	if fl.MatchAny(others[:5000]) != slices.ContainsFunc(others[:5000], fl.Match) {
		t.Fatal("MatchAny disagrees with Match")
	}
}

func TestDuplicatesAndEmpty(t *testing.T) {
	params := Params{K0: 1, K1: 2, P: BasicFilterP, M: BasicFilterM}
	a, b := []byte("a"), []byte("b")
	fl, err := NewFilter(params, [][]byte{a, b, []byte("a"), b, a})
	if err != nil {
		t.Fatal(err)
	}
	if fl.N() != 2 {
		t.Fatalf("N=%d, want 2", fl.N())
	}
	ref, _ := NewFilter(params, [][]byte{b, a})
	if !bytes.Equal(fl.Bytes(), ref.Bytes()) {
		t.Fatal("order or duplicates changed the filter")
	}

	empty, err := NewFilter(params, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(empty.Bytes(), []byte{0}) || empty.N() != 0 {
		t.Fatalf("empty filter %x", empty.Bytes())
	}
	if empty.Match(a) || empty.MatchAny([][]byte{a, b}) || fl.MatchAny(nil) {
		t.Fatal("empty match")
	}
	// An empty element is an element like any other for a raw GCS.
	withEmpty, _ := NewFilter(params, [][]byte{{}, a})
	if withEmpty.N() != 2 || !withEmpty.Match(nil) {
		t.Fatal("empty element")
	}
}

func TestMatchAnyLarge(t *testing.T) {
	params := Params{K0: 1, K1: 2, P: BasicFilterP, M: BasicFilterM}
	elems := randomElements(3, 300)
	fl, _ := NewFilter(params, elems)
	q := randomElements(4, 500) // above the stack buffer
	if fl.MatchAny(q) {
		t.Fatal("false positive in 500 (unexpected for this seed)")
	}
	q = append(q, elems[150])
	if !fl.MatchAny(q) {
		t.Fatal("MatchAny missed a member")
	}
}

func TestDecodeErrors(t *testing.T) {
	basic := Params{K0: 1, K1: 2, P: BasicFilterP, M: BasicFilterM}
	good, _ := NewFilter(basic, randomElements(5, 10))
	gb := good.Bytes()
	tests := []struct {
		name   string
		params Params
		b      []byte
		want   ErrorKind
	}{
		{"nil", basic, nil, ErrBadElementCount},
		{"non-canonical N", basic, []byte{0xfd, 0x01, 0x00}, ErrBadElementCount},
		{"N above MAX_SIZE", basic, []byte{0xfe, 0x01, 0x00, 0x00, 0x02}, ErrBadElementCount},
		{"N with no data", basic, []byte{0x05}, ErrTruncated},
		{"N too large for the data", basic, append([]byte{0xfe, 0x00, 0x00, 0x00, 0x02}, make([]byte, 100)...), ErrTruncated},
		{"truncated", basic, gb[:len(gb)-1], ErrTruncated},
		{"unterminated unary", basic, []byte{0x01, 0xff, 0xff, 0xff, 0xff}, ErrTruncated},
		{"excess byte", basic, append(slices.Clone(gb), 0), ErrExcessData},
		{"empty with excess", basic, []byte{0x00, 0x00}, ErrExcessData},
		{"P too large", Params{P: MaxP + 1, M: 1}, []byte{0}, ErrInvalidParams},
		{"M zero", Params{P: 19}, []byte{0}, ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeFilter(tc.params, tc.b)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := NewFilter(Params{P: 40, M: 1}, nil); !errors.Is(err, ErrInvalidParams) {
		t.Fatalf("NewFilter bad params: %v", err)
	}
	// Padding bits of the last byte are not checked, as in Core.
	for seed := uint64(10); ; seed++ {
		fl, _ := NewFilter(basic, randomElements(seed, 10))
		if usedBits(fl)%8 == 0 {
			continue
		}
		padded := slices.Clone(fl.Bytes())
		padded[len(padded)-1] |= 0x01
		dec, err := DecodeFilter(basic, padded)
		if err != nil || !slices.Equal(dec.values(), fl.values()) {
			t.Fatalf("non-zero padding: %v", err)
		}
		break
	}
}

// usedBits returns the number of coded bits after N.
func usedBits(fl *Filter) int {
	n, last := 0, uint64(0)
	for _, v := range fl.values() {
		n += int((v-last)>>fl.params.P) + 1 + int(fl.params.P)
		last = v
	}
	return n
}

func TestFilterHeaderChain(t *testing.T) {
	var zero chainhash.Hash
	fl, _ := NewFilter(Params{P: BasicFilterP, M: BasicFilterM}, nil)
	var buf [64]byte
	h := fl.Hash()
	copy(buf[:32], h[:])
	if got, want := fl.Header(zero), chainhash.DoubleSHA256(buf[:]); got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
	if fl.Hash() != chainhash.DoubleSHA256([]byte{0}) {
		t.Fatal("filter hash")
	}
}

func TestFilterType(t *testing.T) {
	ft, err := ParseFilterType("basic")
	if err != nil || ft != Basic || ft.String() != "basic" {
		t.Fatalf("ParseFilterType: %v %v", ft, err)
	}
	if _, err := ParseFilterType("extended"); !errors.Is(err, ErrUnknownFilterType) {
		t.Fatalf("unknown name: %v", err)
	}
	if FilterType(1).String() != "unknown(1)" {
		t.Fatal("String")
	}
	var h chainhash.Hash
	if _, err := ParamsFor(FilterType(1), h); !errors.Is(err, ErrUnknownFilterType) {
		t.Fatal("ParamsFor")
	}
	if _, err := DecodeBlockFilter(FilterType(1), h, []byte{0}); !errors.Is(err, ErrUnknownFilterType) {
		t.Fatal("DecodeBlockFilter")
	}
	if _, err := NewBlockFilter(FilterType(1), nil, nil); !errors.Is(err, ErrUnknownFilterType) {
		t.Fatal("NewBlockFilter")
	}
	for i := range h {
		h[i] = byte(i)
	}
	k0, k1 := KeyFromBlockHash(h)
	if k0 != 0x0706050403020100 || k1 != 0x0f0e0d0c0b0a0908 {
		t.Fatalf("key %#x %#x", k0, k1)
	}
	if CheckpointInterval != 1000 {
		t.Fatal("CheckpointInterval")
	}
}

func TestSortHashed(t *testing.T) {
	for _, n := range []int{0, 1, 255, 256, 1000, 5000} {
		r := rand.New(rand.NewPCG(uint64(n), 1))
		hs := make([]hashed, n)
		for i := range hs {
			h := r.Uint64()
			if i%3 == 0 {
				h &= 0x00ff00000000ffff // leave some digits constant
			}
			if i%7 == 0 && i > 0 {
				h = hs[i-1].h // duplicates
			}
			hs[i] = hashed{h: h, i: uint32(i)}
		}
		want := slices.Clone(hs)
		slices.SortStableFunc(want, func(a, b hashed) int { return cmp.Compare(a.h, b.h) })
		sortHashed(hs)
		if n >= 256 && !slices.Equal(hs, want) { // radix sort is stable
			t.Fatalf("n=%d: radix sort differs", n)
		}
		if !slices.IsSortedFunc(hs, func(a, b hashed) int { return cmp.Compare(a.h, b.h) }) {
			t.Fatalf("n=%d: not sorted", n)
		}
	}
}

// TestDedupeCollision feeds dedupe hand-made hashes, including a run of
// equal hashes over distinct elements (a SipHash collision).
func TestDedupeCollision(t *testing.T) {
	elems := [][]byte{[]byte("a"), []byte("b"), []byte("a"), []byte("c"), []byte("b"), []byte("d")}
	hs := []hashed{{1, 0}, {1, 1}, {1, 2}, {1, 4}, {2, 3}, {3, 5}}
	got := dedupe(hs, elems)
	want := []hashed{{1, 0}, {1, 1}, {2, 3}, {3, 5}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if len(dedupe(nil, nil)) != 0 {
		t.Fatal("nil")
	}
}
