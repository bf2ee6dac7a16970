package blockfilter

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// seedVectors adds the filters of Core's blockfilters.json as seeds, when
// the shared test data is present.
func seedVectors(f *testing.F, add func(v filterVector)) {
	f.Helper()
	for _, v := range loadVectors(f) {
		add(v)
	}
}

// FuzzDecodeFilter decodes arbitrary bytes as a basic filter. A decoded
// filter re-encodes from its values to the same bytes, except for the unused
// bits of the last byte, and matches each of its own values.
func FuzzDecodeFilter(f *testing.F) {
	seedVectors(f, func(v filterVector) { f.Add(v.blockHash[:], v.filter) })
	f.Add(make([]byte, 32), []byte{0})
	f.Add(make([]byte, 32), []byte{0x01, 0x80})
	f.Fuzz(func(t *testing.T, key, b []byte) {
		var h chainhash.Hash
		copy(h[:], key)
		fl, err := DecodeBlockFilter(Basic, h, b)
		if err != nil {
			return
		}
		vals := fl.values()
		if len(vals) != int(fl.N()) {
			t.Fatalf("%d values, N=%d", len(vals), fl.N())
		}
		w := bitWriter{buf: slices.Clone(b[:fl.hdr])}
		var last uint64
		for _, v := range vals {
			w.golombRice(v-last, fl.params.P)
			last = v
		}
		re := w.flush()
		if len(re) != len(b) {
			t.Fatalf("re-encoded %d bytes, decoded %d", len(re), len(b))
		}
		if len(b) > 0 && !bytes.Equal(re[:len(b)-1], b[:len(b)-1]) {
			t.Fatalf("round trip:\n%x\n%x", b, re)
		}
		dec, err := DecodeBlockFilter(Basic, h, re)
		if err != nil || !slices.Equal(dec.values(), vals) {
			t.Fatalf("re-decode: %v", err)
		}
	})
}

// FuzzMatch builds a filter from elements split out of the input and checks
// that every element matches, that the encoding decodes to the same values,
// and that MatchAny agrees with Match.
func FuzzMatch(f *testing.F) {
	seedVectors(f, func(v filterVector) {
		var b []byte
		for _, e := range BasicFilterElements(v.block, v.prevScripts) {
			b = append(b, byte(len(e)))
			b = append(b, e...)
		}
		f.Add(uint64(1), b)
	})
	f.Add(uint64(0), []byte{})
	f.Add(uint64(7), []byte{0, 1, 'a', 1, 'a', 2, 'b', 'c'})
	f.Fuzz(func(t *testing.T, seed uint64, b []byte) {
		// Elements: length-prefixed chunks (the length byte is cut to the
		// data that remains).
		var elems [][]byte
		for len(b) > 0 {
			n := min(int(b[0]), len(b)-1)
			elems = append(elems, b[1:1+n])
			b = b[1+n:]
		}
		var key [16]byte
		binary.LittleEndian.PutUint64(key[:], seed)
		params := Params{K0: seed, K1: ^seed, P: BasicFilterP, M: BasicFilterM}
		fl, err := NewFilter(params, elems)
		if err != nil {
			t.Fatal(err)
		}
		uniq := map[string]bool{}
		for _, e := range elems {
			uniq[string(e)] = true
		}
		if int(fl.N()) != len(uniq) {
			t.Fatalf("N=%d, %d distinct elements", fl.N(), len(uniq))
		}
		for i, e := range elems {
			if !fl.Match(e) {
				t.Fatalf("element %d (%x) not matched", i, e)
			}
		}
		if len(elems) > 0 && !fl.MatchAny(elems) {
			t.Fatal("MatchAny(all) = false")
		}
		dec, err := DecodeFilter(params, fl.Bytes())
		if err != nil {
			t.Fatalf("decode own encoding: %v", err)
		}
		if !slices.Equal(dec.values(), fl.values()) {
			t.Fatal("decoded values differ")
		}
		probe := [][]byte{key[:], append(slices.Clone(key[:]), 1)}
		if dec.MatchAny(probe) != (dec.Match(probe[0]) || dec.Match(probe[1])) {
			t.Fatal("MatchAny disagrees with Match")
		}
	})
}
