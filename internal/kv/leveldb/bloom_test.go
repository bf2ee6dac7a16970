package leveldb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/util"
)

// cppHash is C++ LevelDB's util/hash.cc Hash, transcribed independently.
func cppHash(data []byte, seed uint32) uint32 {
	const m, r = uint32(0xc6a4a793), 24
	h := seed ^ uint32(len(data))*m
	for len(data) >= 4 {
		h += binary.LittleEndian.Uint32(data)
		h *= m
		h ^= h >> 16
		data = data[4:]
	}
	switch len(data) {
	case 3:
		h += uint32(data[2]) << 16
		fallthrough
	case 2:
		h += uint32(data[1]) << 8
		fallthrough
	case 1:
		h += uint32(data[0])
		h *= m
		h ^= h >> r
	}
	return h
}

// cppBloom is C++ LevelDB's BloomFilterPolicy::CreateFilter (bloom.cc).
func cppBloom(keys [][]byte, bitsPerKey int) []byte {
	k := int(float64(bitsPerKey) * 0.69)
	k = max(1, min(k, 30))
	bits := len(keys) * bitsPerKey
	if bits < 64 {
		bits = 64
	}
	nbytes := (bits + 7) / 8
	bits = nbytes * 8
	out := make([]byte, nbytes+1)
	out[nbytes] = byte(k)
	for _, key := range keys {
		h := cppHash(key, 0xbc9f1d34)
		delta := h>>17 | h<<15
		for range k {
			pos := h % uint32(bits)
			out[pos/8] |= 1 << (pos % 8)
			h += delta
		}
	}
	return out
}

// TestBloomMatchesCpp checks that the filter we write under C++ LevelDB's
// name computes C++ LevelDB's bits, including keys whose tail bytes are
// >= 0x80 (the difference between the old and the "2" filter).
func TestBloomMatchesCpp(t *testing.T) {
	for _, n := range []int{1, 3, 7, 100, 1000} {
		var keys [][]byte
		for i := range n {
			k := fmt.Appendf(nil, "k%d", i)
			k = append(k, byte(0x80+i), byte(0xff-i%7))
			keys = append(keys, k[:len(k)-i%4])
		}
		f := coreBloom{filter.NewBloomFilter(BloomBitsPerKey)}
		g := f.NewGenerator()
		for _, k := range keys {
			g.Add(k)
		}
		buf := &util.Buffer{}
		g.Generate(buf)
		if want := cppBloom(keys, BloomBitsPerKey); !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("%d keys: filter\n got %x\nwant %x", n, buf.Bytes(), want)
		}
		for _, k := range keys {
			if !f.Contains(buf.Bytes(), k) {
				t.Fatalf("filter misses key %x", k)
			}
		}
	}
	if got := (coreBloom{}).Name(); got != "leveldb.BuiltinBloomFilter2" {
		t.Fatalf("name %q", got)
	}
}
