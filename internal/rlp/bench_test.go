package rlp

import (
	"math/big"
	"testing"
)

var (
	benchTo    = []byte("0123456789abcdefghij")
	benchValue = new(big.Int).Lsh(big.NewInt(1), 70)
	benchData  = make([]byte, 68)
)

// benchTx is the shape of a legacy transaction: nine fields.
func benchTx(dst []byte) []byte {
	to, value := benchTo, benchValue
	dst, mark := StartList(dst)
	dst = AppendUint64(dst, 42)
	dst = AppendUint64(dst, 20_000_000_000)
	dst = AppendUint64(dst, 21000)
	dst = AppendBytes(dst, to)
	dst = AppendBigInt(dst, value)
	dst = AppendBytes(dst, benchData)
	dst = AppendUint64(dst, 37)
	r := [4]uint64{1, 2, 3, 4}
	dst = AppendUint256(dst, &r)
	dst = AppendUint256(dst, &r)
	return EndList(dst, mark)
}

func BenchmarkEncodeTx(b *testing.B) {
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf = benchTx(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeTx(b *testing.B) {
	enc := benchTx(nil)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewListReader(enc)
		r.Uint64()
		r.Uint64()
		r.Uint64()
		r.Bytes()
		r.Uint256()
		r.Bytes()
		r.Uint64()
		r.Uint256()
		r.Uint256()
		if err := r.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitList1000(b *testing.B) {
	var content []byte
	for i := range 1000 {
		content = AppendUint64(content, uint64(i)*1000)
	}
	enc := append(AppendListHeader(nil, len(content)), content...)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		c, _, err := SplitList(enc)
		if err != nil {
			b.Fatal(err)
		}
		for len(c) > 0 {
			_, c, err = SplitUint64(c)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDecodeValue(b *testing.B) {
	enc := benchTx(nil)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}
