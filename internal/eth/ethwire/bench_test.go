package ethwire

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

func BenchmarkEncodeBlockHeaders(b *testing.B) {
	hs := make([]*ethtypes.Header, 192)
	for i := range hs {
		hs[i] = sampleHeader(uint64(i))
	}
	m := &BlockHeaders{RequestID: 1, Headers: hs}
	buf := AppendMessage(nil, m)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendMessage(buf[:0], m)
	}
}

func BenchmarkDecodeBlockHeaders(b *testing.B) {
	hs := make([]*ethtypes.Header, 192)
	for i := range hs {
		hs[i] = sampleHeader(uint64(i))
	}
	enc := EncodeMessage(&BlockHeaders{RequestID: 1, Headers: hs})
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		var m BlockHeaders
		if err := m.DecodeRLP(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadFrame(b *testing.B) {
	frame := AppendMessage(nil, &BlockBodies{RequestID: 1, Bodies: []*ethtypes.Body{sampleBlock().Body()}})
	r := bytes.NewReader(frame)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(frame)
		if _, _, _, err := ReadFrame(r, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForkValidate(b *testing.B) {
	s := NewForkSchedule(petersburgMainnet(), mainnetGenesis, 0)
	id := s.ID(4370000, 0)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(id, 7987396, 0); err != nil {
			b.Fatal(err)
		}
	}
}
