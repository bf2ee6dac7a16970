package ethwire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

// TestReadFrame covers the framing errors and the stream state after each.
func TestReadFrame(t *testing.T) {
	good := AppendMessage(nil, &Ping{Nonce: 5})
	badMagic := bytes.Clone(good)
	badMagic[0] = 'X'
	badSum := bytes.Clone(good)
	badSum[len(badSum)-1] ^= 1
	oversized := bytes.Clone(good)
	binary.BigEndian.PutUint32(oversized[5:], MaxMessageSize+1)
	huge := bytes.Clone(good[:FrameHeaderSize])
	binary.BigEndian.PutUint32(huge[5:], MaxMessageSize) // announced, not sent
	unknown := AppendFrame(nil, 0x33, []byte{0xc0})
	malformedFrame := AppendFrame(nil, PingCode, []byte{0x01})

	tests := []struct {
		name    string
		data    []byte
		max     uint32
		wantErr error
	}{
		{"good", good, 0, nil},
		{"empty stream", nil, 0, io.EOF},
		{"short header", good[:5], 0, io.ErrUnexpectedEOF},
		{"short payload", good[:len(good)-1], 0, io.ErrUnexpectedEOF},
		{"announced 10 MiB, sent nothing", huge, 0, io.ErrUnexpectedEOF},
		{"bad magic", badMagic, 0, ErrBadMagic},
		{"bad checksum", badSum, 0, ErrBadChecksum},
		{"oversized", oversized, 0, ErrOversized},
		{"over caller limit", good, 1, ErrOversized},
		{"limit clamped", oversized, MaxMessageSize * 2, ErrOversized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, payload, n, err := ReadFrame(bytes.NewReader(tc.data), tc.max)
			if tc.wantErr == nil {
				if err != nil || code != PingCode || n != len(tc.data) || !bytes.Equal(payload, good[FrameHeaderSize:]) {
					t.Fatalf("ReadFrame = %v %x %d %v", code, payload, n, err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}

	// Unknown codes and malformed payloads consume the frame: the next
	// frame reads fine.
	for _, first := range [][]byte{unknown, malformedFrame} {
		r := bytes.NewReader(append(bytes.Clone(first), good...))
		if _, _, err := ReadMessage(r, 0); err == nil {
			t.Fatal("first frame accepted")
		}
		m, _, err := ReadMessage(r, 0)
		if err != nil || m.(*Ping).Nonce != 5 {
			t.Fatalf("next frame: %v %v", m, err)
		}
	}
}

// TestFrameHeader checks the header layout: magic, code, big-endian length,
// keccak checksum.
func TestFrameHeader(t *testing.T) {
	payload := []byte{0xc1, 0x05}
	f := AppendFrame(nil, PongCode, payload)
	if !bytes.Equal(f[:4], []byte("TCE1")) || f[4] != 0x41 || binary.BigEndian.Uint32(f[5:9]) != 2 {
		t.Fatalf("header %x", f[:FrameHeaderSize])
	}
	sum := Checksum(payload)
	if !bytes.Equal(f[9:13], sum[:]) || !bytes.Equal(f[13:], payload) {
		t.Fatalf("frame %x", f)
	}
	// keccak256("") starts with c5d24601.
	if c := Checksum(nil); c != [4]byte{0xc5, 0xd2, 0x46, 0x01} {
		t.Fatalf("checksum of empty payload %x", c)
	}
	if !bytes.Equal(AppendMessage(nil, &Pong{Nonce: 5}), f) {
		t.Fatal("AppendMessage differs from AppendFrame")
	}
	if _, err := DecodeFrameHeader(f[:12]); !errors.Is(err, ErrMalformed) {
		t.Fatalf("short header: %v", err)
	}
	h, err := DecodeFrameHeader(f)
	if err != nil || h.Code != PongCode || h.Length != 2 || h.Checksum != sum {
		t.Fatalf("DecodeFrameHeader = %+v, %v", h, err)
	}
}

// TestReadFrameLarge reads a payload larger than the read-ahead window.
func TestReadFrameLarge(t *testing.T) {
	payload := make([]byte, 3*readAhead+17)
	payload[0] = 0xb9 // not valid RLP, which ReadFrame does not check
	f := AppendFrame(nil, TransactionsCode, payload)
	code, got, n, err := ReadFrame(bytes.NewReader(f), 0)
	if err != nil || code != TransactionsCode || n != len(f) || !bytes.Equal(got, payload) {
		t.Fatalf("ReadFrame: %v %d", err, n)
	}
}
