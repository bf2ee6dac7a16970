package kvtest

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
)

// NewBenchStore opens a fresh, empty store for one benchmark.
type NewBenchStore func(b *testing.B) kv.Store

// benchValueSize is about the size of a chainstate coin record.
const benchValueSize = 40

// benchKey writes a 33-byte key shaped like a chainstate outpoint key: a
// prefix byte and a pseudo-random 32-byte body derived from i.
func benchKey(dst []byte, i uint64) []byte {
	dst = append(dst[:0], 'C')
	x := i*0x9e3779b97f4a7c15 + 1
	for range 4 {
		x ^= x >> 31
		x *= 0xbf58476d1ce4e5b9
		dst = binary.BigEndian.AppendUint64(dst, x)
	}
	return dst
}

// BenchmarkStore runs the shared benchmarks: single writes, batched writes
// of 1,000 keys, and random reads from 100,000 keys.
func BenchmarkStore(b *testing.B, newStore NewBenchStore) {
	b.Run("Put", func(b *testing.B) {
		s := newStore(b)
		defer s.Close()
		val := make([]byte, benchValueSize)
		var key []byte
		b.SetBytes(33 + benchValueSize)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			key = benchKey(key, uint64(i))
			if err := s.Put(key, val); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("BatchWrite1000", func(b *testing.B) {
		s := newStore(b)
		defer s.Close()
		val := make([]byte, benchValueSize)
		var key []byte
		batch := s.NewBatch()
		b.SetBytes(1000 * (33 + benchValueSize))
		b.ReportAllocs()
		n := uint64(0)
		for b.Loop() {
			batch.Reset()
			for range 1000 {
				key = benchKey(key, n)
				n++
				if err := batch.Put(key, val); err != nil {
					b.Fatal(err)
				}
			}
			if err := batch.Write(false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RandomRead", func(b *testing.B) {
		s := newStore(b)
		defer s.Close()
		const n = 100_000
		val := make([]byte, benchValueSize)
		var key []byte
		batch := s.NewBatch()
		for i := range uint64(n) {
			key = benchKey(key, i)
			_ = batch.Put(key, val)
			if batch.Len() == 10_000 {
				if err := batch.Write(false); err != nil {
					b.Fatal(err)
				}
				batch.Reset()
			}
		}
		if err := batch.Write(true); err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 4))
		b.ReportAllocs()
		for b.Loop() {
			key = benchKey(key, rng.Uint64N(n))
			if _, err := s.Get(key); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RandomReadMissing", func(b *testing.B) {
		s := newStore(b)
		defer s.Close()
		const n = 100_000
		val := make([]byte, benchValueSize)
		var key []byte
		batch := s.NewBatch()
		for i := range uint64(n) {
			key = benchKey(key, i)
			_ = batch.Put(key, val)
		}
		if err := batch.Write(true); err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(5, 6))
		b.ReportAllocs()
		for b.Loop() {
			key = benchKey(key, n+rng.Uint64N(n))
			if _, err := s.Get(key); !errors.Is(err, kv.ErrNotFound) {
				b.Fatal(err)
			}
		}
	})
}
