package ethwire

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// FuzzDecodeMessage decodes arbitrary payloads under every code; whatever
// decodes must re-encode to the same bytes.
func FuzzDecodeMessage(f *testing.F) {
	for _, m := range sampleMessages() {
		f.Add(byte(m.Code()), EncodeMessage(m))
	}
	for i, raw := range blockVectors(f, false) {
		if i%8 != 0 { // a sample keeps the seed corpus quick
			continue
		}
		if blk, err := ethtypes.DecodeBlock(raw); err == nil {
			f.Add(byte(NewBlockCode), EncodeMessage(&NewBlock{Block: blk}))
			f.Add(byte(BlockBodiesCode), EncodeMessage(&BlockBodies{Bodies: []*ethtypes.Body{blk.Body()}}))
		}
	}
	f.Fuzz(func(t *testing.T, code byte, payload []byte) {
		m, err := DecodeMessage(Code(code), payload)
		if err != nil {
			return
		}
		if enc := EncodeMessage(m); !bytes.Equal(enc, payload) {
			t.Fatalf("%v: re-encoding %x != input %x", Code(code), enc, payload)
		}
	})
}

// FuzzReadFrame reads arbitrary bytes as a frame; a frame that reads must be
// what AppendFrame writes for its code and payload.
func FuzzReadFrame(f *testing.F) {
	for _, m := range sampleMessages() {
		f.Add(AppendMessage(nil, m))
	}
	f.Add([]byte("TCE1\x00\x00\xa0\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		code, payload, n, err := ReadFrame(bytes.NewReader(data), 0)
		if err != nil {
			return
		}
		if enc := AppendFrame(nil, code, payload); !bytes.Equal(enc, data[:n]) {
			t.Fatalf("re-framing %x != input %x", enc, data[:n])
		}
		_, _ = DecodeMessage(code, payload)
	})
}
